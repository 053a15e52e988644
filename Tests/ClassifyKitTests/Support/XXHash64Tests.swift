import Testing
@testable import ClassifyKit

@Suite struct XXHash64Tests {
    func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { XXHash64.hash($0) } }

    /// Values from the reference implementation (python-xxhash's xxh64).
    @Test func matchesTheReferenceImplementation() {
        #expect(hash([]) == 0xEF46_DB37_51D8_E999)
        #expect(hash(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        #expect(hash(Array("Nobody inspects the spammish repetition".utf8)) == 0xFBCE_A83C_8A37_8BF1)
        #expect(hash(Array((0..<3).flatMap { _ in (0...255).map(UInt8.init) })) == 0x8E03_C838_C596_036F)
    }
}
