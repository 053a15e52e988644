import Foundation
import Testing

/// Regression tests for problems found in review: each once crashed, misread input, or wrote
/// somewhere it should not have.
@Suite(.serialized) struct ReviewFindingsTests {
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

    /// A class-weight file naming a label that some threshold folds lack still trains: the fold
    /// models skip it (it is in the corpus), while a label in no document stays an error.
    @Test func classWeightFileWithTunedThresholdsAndARareLabel() throws {
        defer { scratch.remove() }
        var lines: [String] = []
        for i in 0..<12 {
            let labels = i % 2 == 0 ? "__label__war" : "__label__vote"
            lines.append("\(labels)\(i % 4 == 0 ? " __label__vote" : "") story \(i) about \(i % 2 == 0 ? "troops tanks front" : "ballot parliament minister")")
        }
        lines.append("__label__rare __label__war a rare story about a comet and troops")
        let corpus = write("c.ft", lines.joined(separator: "\n") + "\n")
        let weights = write("w.txt", "rare 3\nwar 1\n")
        let result = try CLIRunner.run([
            "train", corpus, "-o", scratch.file("m.classify"), "--min-df", "1", "--class-weight", weights, "--tune-thresholds",
            "--threshold-folds", "3",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        // Cross-validation with tuned thresholds: folds within folds, each may lack the rare label.
        let cv = try CLIRunner.run([
            "eval", "--cv", "3", corpus, "--min-df", "1", "--class-weight", weights, "--tune-thresholds", "--threshold-folds", "2",
        ])
        #expect(cv.status == 0, "\(cv.stderr)")
        #expect(cv.stdout.contains("3-fold cross-validation on 13 documents"))
        let typo = write("typo.txt", "rair 3\n")
        let failed = try CLIRunner.run(["train", corpus, "-o", scratch.file("n.classify"), "--min-df", "1", "--class-weight", typo])
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("unknown label \"rair\" (not in the training data)"))
    }

    /// Documents sharing an id are all used, with one warning line (none with --quiet).
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

    @Test func hugeRegularisationNeverWritesNaN() throws {
        defer { scratch.remove() }
        let refused = try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", scratch.file("m.classify"), "--l2", "1e8"])
        #expect(refused.status == 1 && refused.stderr == "Error: --l2 must be auto or a number above 0 and at most 1000 (got \"1e8\")\n")
        let result = try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", scratch.file("m.classify"), "--l2", "1000", "--nb-weight", "0", "--min-df", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let predict = try CLIRunner.run(["predict", "-m", scratch.file("m.classify"), CLIRunner.fixture("news/test"), "--json"])
        #expect(predict.status == 0)
        #expect(!predict.stdout.contains("nan") && !predict.stdout.contains("{}"))
    }

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

    @Test func outputThatIsAnInputOrADeviceIsRefused() throws {
        defer { scratch.remove() }
        let corpus = scratch.write("c.jsonl", Array("{\"text\": \"a late goal\", \"labels\": [\"sport\"]}\n{\"text\": \"a new chip\", \"labels\": [\"tech\"]}\n".utf8))
        let same = try CLIRunner.run(["train", corpus, "-o", corpus, "--min-df", "1"])
        #expect(same.status == 1)
        #expect(same.stderr == "Error: \(corpus): is also an input; choose another output path\n")
        #expect(FileManager.default.contents(atPath: corpus).map { String(decoding: $0, as: UTF8.self).hasPrefix("{\"text\"") } == true)
        try FileManager.default.createDirectory(atPath: scratch.file("dir.classify"), withIntermediateDirectories: true)
        let folder = try CLIRunner.run(["train", corpus, "-o", scratch.file("dir.classify"), "--min-df", "1"])
        #expect(folder.status == 1)
        #expect(folder.stderr.contains("is not a regular file"))
    }

    @Test func commandsReportRunTimeProblemsOnOneLine() throws {
        defer { scratch.remove() }
        let noModel = try CLIRunner.run(["predict", CLIRunner.fixture("news/test")], environment: ["CLASSIFY_MODEL": ""])
        if noModel.status != 0 {
            #expect(noModel.stderr.split(separator: "\n").count == 1, "\(noModel.stderr)")
        }
        let compare = try CLIRunner.run(["eval", "--cv", "2", "--compare", "multinomial-nb,complement-nb", CLIRunner.fixture("news/train"), "-O", "alpah=5"])
        #expect(compare.status == 1)
        #expect(compare.stderr == "Error: --alpah does not apply to any of multinomial-nb, complement-nb\n")
        let explain = try CLIRunner.run(["explain", "--threshold", "5", CLIRunner.fixture("news/test")])
        #expect(explain.status == 64)
    }
}
