import Foundation
import Testing

/// Every bad input gets one line naming the file and the problem, a non-zero exit, and no
/// half-written output.
@Suite(.serialized) struct BadInputTests {
    let scratch = Scratch()

    func expectFailure(_ arguments: [String], stderr expected: String, status: Int32 = 1, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try CLIRunner.run(arguments)
        #expect(result.status == status, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.first.map(String.init) == expected, sourceLocation: sourceLocation)
        #expect(lines.count == 1, "\(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func brokenCorporaNameTheFileAndLine() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        let json = scratch.write("bad.jsonl", Array("{\"text\": \"a b\", \"labels\": [\"x\"]}\n{\"text\": \"c d\", \"labels\": [\"y\"\n".utf8))
        try expectFailure(["train", json, "-o", model], stderr: "Error: \(json):2: malformed JSON at column 31: expected ',' or ']', the line ends early")
        let latin1 = scratch.write("latin1.jsonl", Array("{\"text\": \"caf".utf8) + [0xE9] + Array("\", \"labels\": [\"x\"]}\n".utf8))
        try expectFailure(["train", latin1, "-o", model], stderr: "Error: \(latin1):1: invalid UTF-8 (byte 0xE9 at offset 13); convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8")
        let csv = scratch.write("short.csv", Array("text,label\nhello world,a\nno label here\n".utf8))
        try expectFailure(["train", csv, "-o", model], stderr: "Error: \(csv):3: row has 1 columns, expected 2")
        let article = scratch.write("a.md", Array("## Title\n\n### Description\n\nWords here.\n".utf8))
        try expectFailure(["train", article, "-o", model], stderr: "Error: \(article): no ### Category section: a training article needs one, with a numbered list of categories")
        let empty = scratch.write("empty.jsonl", [])
        try expectFailure(["train", empty, "-o", model], stderr: "Error: \(empty): contains no documents")
        try expectFailure(["train", scratch.file("missing.jsonl"), "-o", model], stderr: "Error: \(scratch.file("missing.jsonl")): no such file or directory")
        #expect(!scratch.listing().contains("m.classify"))
        #expect(!scratch.listing().contains { $0.hasSuffix(".tmp") })
    }

    @Test func unknownClassifierAndBadOptions() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        try expectFailure(["train", CLIRunner.fixture("news/train"), "-o", model, "-c", "svm"], stderr: "Error: unknown classifier \"svm\"; choose one of: multinomial-nb, complement-nb, logistic-regression, linear-svm (see `classify classifiers`)")
        try expectFailure(["train", CLIRunner.fixture("news/train"), "-o", model, "-c", "complement-nb", "--alpha", "zero"], stderr: "Error: --alpha must be a number for complement-nb (got \"zero\")")
        try expectFailure(["train", CLIRunner.fixture("news/train"), "-o", model, "--alpha", "1"], stderr: "Error: --alpha does not apply to logistic-regression (it takes --l2, --c, --epochs, --tol, --seed, --validation-fraction, --class-weight, --bias, --nb-weight, --nb-alpha, --temperature, --solver)")
        try expectFailure(["train", CLIRunner.fixture("news/train"), "-o", model, "--bogus"], stderr: "Error: Unknown option '--bogus' (see classify train --help)", status: 64)
        #expect(!scratch.listing().contains("m.classify"))
    }

    /// The options refuse bad values in one line and leave no model behind.
    @Test func badSolverClassWeightAndThresholdRule() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        let corpus = CLIRunner.fixture("news/train")
        try expectFailure(["train", corpus, "-o", model, "--solver", "newton"], stderr: "Error: --solver must be sgd or dual (got \"newton\")")
        try expectFailure(
            ["train", corpus, "-o", model, "--class-weight", "balanced:x"],
            stderr: "Error: --class-weight balanced:K needs a number K ≥ 1 (got \"balanced:x\")")
        let single = scratch.write("single.ft", Array("__label__a troops at the front\n__label__b a vote in parliament\n".utf8))
        try expectFailure(
            ["train", single, "-o", model, "--min-df", "1", "--solver", "dual"],
            stderr: "Error: --solver dual solves one-vs-rest (multi-label) logistic regression; a softmax over single labels trains with sgd")
        try expectFailure(
            ["train", corpus, "-o", model, "--solver", "dual", "--validation-fraction", "0.2"],
            stderr: "Error: --validation-fraction does not apply to --solver dual, which runs each label to convergence; drop one of them")
        let rule = try CLIRunner.run(["train", corpus, "-o", model, "--tune-thresholds", "--threshold-rule", "best"])
        #expect(rule.status != 0)
        #expect(rule.stderr.contains("--threshold-rule"))
        #expect(scratch.listing() == ["single.ft"])
    }

    @Test func failedTrainingLeavesAnExistingModelUntouched() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        let original = scratch.write("m.classify", Array("previous model".utf8))
        let bad = scratch.write("bad.jsonl", Array("not json\n".utf8))
        try expectFailure(["train", bad, "-o", original], stderr: "Error: \(bad):1: malformed JSON at column 1: expected '{' (each line must be one JSON object)")
        #expect(FileManager.default.contents(atPath: model) == Data("previous model".utf8))
        #expect(scratch.listing() == ["bad.jsonl", "m.classify"])
    }

    @Test func truncatedForeignAndMissingModels() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        #expect(try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "-q"]).status == 0)
        let bytes = try #require(FileManager.default.contents(atPath: model))
        let truncated = scratch.write("truncated.classify", Array(bytes.prefix(bytes.count / 2)))
        let article = CLIRunner.fixture("news/test/article-07.md")
        try expectFailure(["predict", "-m", truncated, article], stderr: "Error: \(truncated): truncated model file: \(bytes.count / 2) bytes, expected \(bytes.count); train or copy it again")
        let foreign = scratch.write("foreign.classify", Array("PK\u{3}\u{4} a zip file".utf8))
        try expectFailure(["eval", "-m", foreign, CLIRunner.fixture("news/test")], stderr: "Error: \(foreign): not a classify model (wrong magic number); train one with `classify train`")
        try expectFailure(["info", scratch.file("none.classify")], stderr: "Error: \(scratch.file("none.classify")): cannot read the model: no such file or directory")
    }

    @Test func emptyOrInvalidDocumentsToPredict() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        #expect(try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "-q"]).status == 0)
        let empty = scratch.write("empty.txt", [])
        try expectFailure(["predict", "-m", model, empty], stderr: "Error: \(empty): empty document (no text)")
        let binary = scratch.write("binary.txt", [0x66, 0x6F, 0xFF, 0xFE, 0x00])
        try expectFailure(["predict", "-m", model, binary], stderr: "Error: \(binary):1: invalid UTF-8 (byte 0xFF at offset 2); convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8")
    }

    @Test func labelOnlyInTestDataIsReportedNotFatal() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        #expect(try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "-q"]).status == 0)
        let test = scratch.write("test.jsonl", Array("{\"id\": \"1\", \"text\": \"The striker scored a late goal in the cup final\", \"labels\": [\"Sport\"]}\n{\"id\": \"2\", \"text\": \"A new telescope found a planet\", \"labels\": [\"Science\"]}\n".utf8))
        let result = try CLIRunner.run(["eval", "-m", model, test])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("labels only in the test data (the model cannot predict them): Science (1)"))
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

    /// A usage error is one line too, saying where to read more instead of printing the usage.
    @Test func usageErrorsAreOneLine() throws {
        let cases: [([String], String)] = [
            (["train"], "Error: Missing expected argument '<corpus> ...' (see classify train --help)"),
            (["predict", "--top", "0", "x"], "Error: --top must be at least 1 (see classify predict --help)"),
            (["serve", "--port", "70000"], "Error: --port must be from 0 to 65535 (got 70000) (see classify serve --help)"),
            (["bogus"], "Error: Unexpected argument 'bogus' (see classify --help)"),
        ]
        for (arguments, message) in cases {
            try expectFailure(arguments, stderr: message, status: 64)
        }
    }
}
