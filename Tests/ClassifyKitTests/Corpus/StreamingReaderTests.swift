import Foundation
import Testing
@testable import ClassifyKit

/// Record files are read in blocks: documents, ids, line numbers and errors must be those of a
/// whole-file read whatever the block size.
@Suite struct StreamingReaderTests {
    let folder = TemporaryDirectory()

    func read(_ path: String, blockSize: Int, format: CorpusFormat = .auto) throws -> [Document] {
        var reader = CorpusReader(format: format)
        reader.blockSize = blockSize
        var documents: [Document] = []
        try reader.read(path) { documents.append($0) }
        return documents
    }

    @Test(arguments: [7, 64, 1000, RecordChunks.defaultBlockSize])
    func jsonLinesAcrossBlocks(blockSize: Int) throws {
        defer { folder.remove() }
        let lines = (0..<50).map { i in i % 7 == 3 ? "" : "{\"text\": \"doc \(i) ünïcode\", \"labels\": [\"l\(i % 3)\"]" + (i % 2 == 0 ? ", \"id\": \"d\(i)\"" : "") + "}" }
        let path = folder.write("a.jsonl", "\u{FEFF}" + lines.joined(separator: "\n") + "\n")
        let documents = try read(path, blockSize: blockSize)
        let whole = try read(path, blockSize: 1 << 20)
        #expect(documents == whole)
        #expect(documents.count == 50 - 7)
        #expect(documents.first?.id == "d0")
        #expect(documents.contains { $0.id == "\(path):2" && $0.text == "doc 1 ünïcode" })
        #expect(documents.last?.id == "\(path):50")
    }

    @Test(arguments: [5, 16, 4096])
    func csvWithQuotedNewlinesAcrossBlocks(blockSize: Int) throws {
        defer { folder.remove() }
        let rows = (0..<30).map { i in "l\(i % 2),\"line one of \(i)\nline two, with comma\",t\(i)" }
        let path = folder.write("a.csv", "label,text,title\n" + rows.joined(separator: "\n") + "\n")
        let documents = try read(path, blockSize: blockSize)
        #expect(documents == (try read(path, blockSize: 1 << 20)))
        #expect(documents.count == 30)
        #expect(documents[29].text == "line one of 29\nline two, with comma" && documents[29].title == "t29")
        #expect(documents[29].id == "\(path):60")
    }

    @Test func errorsInALaterBlockNameTheFilesLineAndOffset() throws {
        defer { folder.remove() }
        let good = (0..<20).map { "{\"text\": \"doc \($0)\", \"labels\": [\"x\"]}" }.joined(separator: "\n")
        let path = folder.write("bad.jsonl", bytes: Array((good + "\n{\"text\": \"caf").utf8) + [0xE9] + Array("\"}\n".utf8))
        let offset = (good + "\n{\"text\": \"caf").utf8.count
        #expect(errorText { _ = try read(path, blockSize: 64) } == "\(path):21: invalid UTF-8 (byte 0xE9 at offset \(offset)); convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8")
        let broken = folder.write("broken.jsonl", good + "\n{\"text\": \"x\", \"labels\": [\"y\"\n")
        #expect(errorText { _ = try read(broken, blockSize: 64) }?.hasPrefix("\(broken):21: malformed JSON") == true)
        let fast = folder.write("f.txt", (0..<40).map { "__label__a word \($0)" }.joined(separator: "\n") + "\n__label__b\n")
        #expect(errorText { _ = try read(fast, blockSize: 32, format: .fasttext) } == "\(fast):41: empty document (no text)")
    }

    @Test func aRecordLongerThanABlockIsReadWhole() throws {
        defer { folder.remove() }
        let long = String(repeating: "word ", count: 2000)
        let path = folder.write("long.jsonl", "{\"text\": \"\(long)\", \"labels\": [\"x\"]}\n{\"text\": \"short\", \"labels\": [\"y\"]}")
        let documents = try read(path, blockSize: 100)
        #expect(documents.map(\.text) == [long, "short"])
    }

    @Test(arguments: [3, 8, 21, 4096])
    func csvQuotesFollowTheParsersRules(blockSize: Int) throws {
        defer { folder.remove() }
        // A quote inside an unquoted field is a character; a quoted field may span lines and hold "".
        let rows = (0..<12).map { i in "l\(i % 2),a 12\" screen \(i),\"said \"\"hi\"\"\nthen \(i)\"" }
        let path = folder.write("q.csv", "label,title,text\r\n" + rows.joined(separator: "\r\n") + "\r\n")
        let documents = try read(path, blockSize: blockSize)
        #expect(documents == (try read(path, blockSize: 1 << 20)))
        #expect(documents.count == 12)
        #expect(documents[11].title == "a 12\" screen 11" && documents[11].text == "said \"hi\"\nthen 11")
    }

    @Test func offsetsCountFromAfterAByteOrderMarkInEveryBlock() throws {
        defer { folder.remove() }
        let good = (0..<20).map { "{\"text\": \"doc \($0)\", \"labels\": [\"x\"]}" }.joined(separator: "\n")
        let path = folder.write("bom.jsonl", bytes: [0xEF, 0xBB, 0xBF] + Array((good + "\n{\"text\": \"caf").utf8) + [0xE9] + Array("\"}\n".utf8))
        let offset = (good + "\n{\"text\": \"caf").utf8.count
        for blockSize in [64, 1 << 20] {
            #expect(errorText { _ = try read(path, blockSize: blockSize) }?.contains("at offset \(offset))") == true)
        }
    }

    @Test func formatIsDetectedFromTheWholeFirstLine() throws {
        defer { folder.remove() }
        let long = String(repeating: "word ", count: 100)
        let path = folder.write("noextension", "{\"text\": \"\(long)\", \"labels\": [\"a\"]}\n{\"text\": \"b\", \"labels\": [\"b\"]}\n")
        var reader = CorpusReader()
        reader.blockSize = 16
        var documents: [Document] = []
        #expect(try reader.read(path) { documents.append($0) } == .jsonl)
        #expect(documents.count == 2)
    }

    @Test func oneThreadReadsWhatTwoDo() throws {
        defer { folder.remove() }
        let lines = (0..<30000).map { "{\"id\": \"d\($0)\", \"text\": \"words of document \($0)\", \"labels\": [\"l\($0 % 3)\"]}" }
        let path = folder.write("big.jsonl", lines.joined(separator: "\n") + "\n")
        var one = CorpusReader(), two = CorpusReader()
        one.threads = 1
        two.threads = 2
        var first: [Document] = [], second: [Document] = []
        try one.read(path) { first.append($0) }
        try two.read(path) { second.append($0) }
        #expect(first.count == 30000 && first == second)
    }
}
