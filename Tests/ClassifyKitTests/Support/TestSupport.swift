import Foundation
@testable import ClassifyKit

/// A fresh folder under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "classify-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the folder and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let full = path + "/" + name
        try! FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return full
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

enum Fixtures {
    /// A fixture file of this test target.
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/" + name).path
    }

    /// The shared corpora (`../shared/corpora` beside the checkout, or `$CLASSIFY_CORPORA`).
    static let sharedCorporaRoot = ProcessInfo.processInfo.environment["CLASSIFY_CORPORA"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpora").path

    /// Whether every corpus the real-data tests use is there (they are skipped, and shown as
    /// skipped, where it is not).
    static let sharedCorporaPresent = ["20newsgroups", "reuters21578", "bbc", "agnews"].allSatisfy {
        FileManager.default.fileExists(atPath: sharedCorporaRoot + "/" + $0 + "/train.jsonl")
    }

    /// The folder of shared corpus `name`, or nil when it is absent.
    static func sharedCorpora(_ name: String) -> String? {
        let folder = sharedCorporaRoot + "/" + name
        return FileManager.default.fileExists(atPath: folder + "/train.jsonl") ? folder : nil
    }

    /// A headless Chromium for rendering tests, or nil (those tests are then skipped).
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Collects the documents a reader yields.
func readDocuments(_ path: String, format: CorpusFormat = .auto, options: CorpusOptions = CorpusOptions(), requireLabels: Bool = false) throws -> [Document] {
    var documents: [Document] = []
    try CorpusReader(format: format, options: options, requireLabels: requireLabels).read(path) { documents.append($0) }
    return documents
}

/// The text of an error, or nil when `body` does not throw.
func errorText(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return String(describing: error)
    }
}

/// Model-file bytes doctored the way a damaged or crafted file would be, with a valid checksum.
enum CraftedModel {
    /// The JSON header of model-file `bytes`.
    static func header(_ bytes: [UInt8]) -> String {
        String(decoding: bytes[16..<(16 + headerLength(bytes))], as: UTF8.self)
    }

    static func headerLength(_ bytes: [UInt8]) -> Int {
        Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
    }

    /// `bytes` with its header rewritten by `transform` (length and padding adjusted).
    static func rewritingHeader(_ bytes: [UInt8], _ transform: (String) -> String) -> [UInt8] {
        let length = headerLength(bytes)
        let json = Array(transform(header(bytes)).utf8)
        var out = Array(bytes[0..<12])
        withUnsafeBytes(of: UInt32(json.count).littleEndian) { out.append(contentsOf: $0) }
        out += json
        while out.count % 8 != 0 { out.append(0) }
        out += bytes[((16 + length + 7) & ~7)..<(bytes.count - 8)]
        return withChecksum(out)
    }

    /// `body` (every byte but the checksum) with its checksum appended.
    static func withChecksum(_ body: [UInt8]) -> [UInt8] {
        ModelFile.sealed(body)
    }

    /// `bytes` with the format version in its binary layout and in its header set to `version`.
    static func rewritingVersion(_ bytes: [UInt8], to version: Int) -> [UInt8] {
        let old = Int(bytes[8])
        var out = rewritingHeader(bytes) { $0.replacingOccurrences(of: "\"format_version\":\(old)", with: "\"format_version\":\(version)") }
        out[8] = UInt8(version)
        return withChecksum(Array(out.dropLast(8)))
    }
}
