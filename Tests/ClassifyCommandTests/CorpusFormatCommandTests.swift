import Foundation
import Testing

/// Corpora in the formats and shapes people bring: folder-per-class layouts, CRLF line endings,
/// repeated document ids.
@Suite(.serialized) struct CorpusFormatCommandTests {
    let scratch = Scratch()

    func write(_ name: String, _ text: String) -> String { scratch.write(name, Array(text.utf8)) }

    @Test func folderPerClassCorporaTrainAndEvaluate() throws {
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.file("bbc/sport"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: scratch.file("bbc/tech"), withIntermediateDirectories: true)
        for i in 0..<4 {
            _ = write("bbc/sport/\(i).txt", "The striker scored a goal in the cup final match \(i)")
            _ = write("bbc/tech/\(i).txt", "The new chip makes phones and computers faster \(i)")
        }
        let train = try CLIRunner.run(["train", scratch.file("bbc"), "-o", scratch.file("m.classify"), "-c", "complement-nb", "--min-df", "1"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("(folder)"))
        let eval = try CLIRunner.run(["eval", "-m", scratch.file("m.classify"), scratch.file("bbc"), "--json"])
        #expect(eval.status == 0, "\(eval.stderr)")
    }

    @Test func crlfFastTextAndClassWeightFiles() throws {
        defer { scratch.remove() }
        let corpus = write("c.ft", "__label__sport a late goal wins the cup\r\n__label__tech a faster chip for phones\r\n__label__sport the striker scores again\r\n__label__tech new phones and chips\r\n")
        let weights = write("w.txt", "sport 2\r\ntech 1\r\n")
        let result = try CLIRunner.run(["train", corpus, "-o", scratch.file("m.classify"), "--min-df", "1", "--class-weight", weights])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("read      4 documents"))
        #expect(result.stdout.contains("labels    2 (single-label)"))
    }

    @Test func repeatedIdsAreWarnedAbout() throws {
        defer { scratch.remove() }
        let corpus = write("c.jsonl", """
            {"id": "a", "text": "troops and tanks at the front", "labels": ["war"]}
            {"id": "b", "text": "the parliament votes on the budget", "labels": ["vote"]}
            {"id": "a", "text": "artillery fire near the border", "labels": ["war"]}
            {"id": "c", "text": "a ballot for the new minister", "labels": ["vote"]}
            """)
        let train = try CLIRunner.run(["train", corpus, "-o", scratch.file("m.classify"), "--min-df", "1", "-c", "complement-nb"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("read      4 documents"))
        #expect(train.stderr.contains("warning: 1 document id occurs more than once (first: \"a\"); every document is used"))
        let quiet = try CLIRunner.run(["train", corpus, "-o", scratch.file("n.classify"), "--min-df", "1", "-c", "complement-nb", "--quiet"])
        #expect(!quiet.stderr.contains("warning"))
    }
}
