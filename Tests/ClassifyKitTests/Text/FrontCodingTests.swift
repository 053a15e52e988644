import Testing
@testable import ClassifyKit

@Suite struct FrontCodingTests {
    static let terms = ["", "new", "new york", "new zealand", "newer", "title:new", String(repeating: "x", count: 300), "ü"]

    @Test func termsComeBackInOrder() throws {
        let table = TermTable(terms: Self.terms)
        let coded = FrontCoding.encode(table)
        let decoded = try #require(coded.withUnsafeBufferPointer { FrontCoding.decode($0, expectedCount: Self.terms.count) })
        #expect((0..<decoded.count).map { decoded.term($0) } == Self.terms)
        let sorted = TermTable(terms: ["new", "new york", "new york city", "new zealand", "newer", "newest"])
        #expect(FrontCoding.encode(sorted).count < sorted.joinedBytes().count * 3 / 4, "sorted terms share their prefixes")
    }

    @Test func damagedBytesAreRefused() {
        let coded = FrontCoding.encode(TermTable(terms: Self.terms))
        var sharesTooMuch = coded
        sharesTooMuch[0] = 5  // the first term shares 5 bytes with nothing
        for (bytes, count) in [(Array(coded.dropLast()), Self.terms.count), (coded, Self.terms.count + 1), (coded + [0], Self.terms.count), (sharesTooMuch, Self.terms.count), ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 1)] {
            #expect(bytes.withUnsafeBufferPointer { FrontCoding.decode($0, expectedCount: count) } == nil)
        }
    }

    /// `count` front-coded terms, each the one before it and one more "a": they decode to about
    /// `count²/2` bytes. Terms below 128 take 3 bytes each.
    static func quadraticallyGrowingVocabulary(count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for i in 0..<count {
            var shared = i
            while shared >= 0x80 { bytes.append(UInt8(shared & 0x7F) | 0x80); shared >>= 7 }
            bytes.append(UInt8(shared))
            bytes += [1, UInt8(ascii: "a")]
        }
        return bytes
    }

    /// Every term repeating the one before it and adding a byte would decode to the square of the
    /// section's size: refused once the terms outgrow `largestDecodedLength`.
    @Test func aVocabularyThatGrowsQuadraticallyIsRefused() {
        let count = 4000
        let bytes = Self.quadraticallyGrowingVocabulary(count: count)
        #expect(count * count / 2 > FrontCoding.largestDecodedLength(coded: bytes.count))
        #expect(bytes.withUnsafeBufferPointer { FrontCoding.decode($0, expectedCount: count) } == nil)
        // The same shape at a size within the bound decodes.
        let small = Array(bytes.prefix(3 * 100))
        #expect(small.withUnsafeBufferPointer { FrontCoding.decode($0, expectedCount: 100) }?.count == 100)
    }
}
