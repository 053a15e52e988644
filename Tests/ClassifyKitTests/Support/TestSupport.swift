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

    /// The shared corpora folder (`../shared/corpora` beside the checkout, or `$CLASSIFY_CORPORA`), or
    /// nil with the reason it is missing printed.
    static func sharedCorpora(_ name: String) -> String? {
        let root = ProcessInfo.processInfo.environment["CLASSIFY_CORPORA"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("shared/corpora").path
        let folder = root + "/" + name
        if FileManager.default.fileExists(atPath: folder + "/train.jsonl") { return folder }
        print("skipping real-data test on \(name): \(folder)/train.jsonl not found (../shared is absent; set CLASSIFY_CORPORA)")
        return nil
    }
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
