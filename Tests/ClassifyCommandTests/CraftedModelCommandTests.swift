import Foundation
import Testing

/// Model files whose header claims sizes no file could hold are refused on one line, before
/// anything is allocated for them.
@Suite struct CraftedModelCommandTests {
    let scratch = Scratch()

    @Test func craftedModelSizesAreRejectedWithoutCrashing() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        #expect(try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "-c", "multinomial-nb", "-q"]).status == 0)
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: model)))
        let length = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        let header = String(decoding: bytes[16..<(16 + length)], as: UTF8.self)
        let body = Array(bytes[((16 + length + 7) & ~7)...])
        for (pattern, replacement) in [("\"bytes\":", "\"bytes\":9999999999999"), ("\"terms\":", "\"terms\":4611686018427387904"), ("\"shape\":[", "\"shape\":[4611686018427387904,")] {
            guard let range = header.range(of: pattern) else { continue }
            var crafted = header
            let end = crafted[range.upperBound...].firstIndex(where: { !$0.isNumber }) ?? range.upperBound
            crafted.replaceSubrange(range.lowerBound..<(pattern.hasSuffix("[") ? range.upperBound : end), with: replacement)
            let json = Array(crafted.utf8)
            var file = Array(bytes[0..<12])
            withUnsafeBytes(of: UInt32(json.count).littleEndian) { file.append(contentsOf: $0) }
            file += json
            while file.count % 8 != 0 { file.append(0) }
            file += body
            let path = scratch.write("crafted.classify", file)
            let result = try CLIRunner.run(["info", path])
            #expect(result.status == 1, "\(pattern): exit \(result.status)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(pattern): \(result.stderr)")
        }
    }
}
