import Foundation
import Testing

/// `--max-labels`, `--never-alone` and `--tune-lengths` from the command line.
@Suite(.serialized) struct LabelRulesCommandTests {
    let scratch = Scratch()

    @Test func rulesAreStoredShownAndOverridden() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        let train = try CLIRunner.run([
            "train", CLIRunner.fixture("news/train"), "-o", model, "--min-df", "1", "--multi-label", "--tune-thresholds",
            "--threshold-folds", "2", "--tune-lengths", "5,20", "--max-labels", "2", "--never-alone", "Sport",
        ])
        #expect(train.status == 0, "\(train.stderr)")
        let info = try CLIRunner.run(["info", model])
        #expect(info.stdout.contains("label rules at most 2 per document; never alone: Sport"), "\(info.stdout)")
        func labelCounts(_ extra: [String]) throws -> [Int] {
            let predict = try CLIRunner.run(["predict", "-m", model, CLIRunner.fixture("news/test"), "--json", "--threshold", "0.000001"] + extra)
            #expect(predict.status == 0, "\(predict.stderr)")
            return predict.stdout.split(separator: "\n").map {
                ((try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["labels"] as! [String]).count
            }
        }
        #expect(try labelCounts([]) == [2, 2, 2])
        #expect(try labelCounts(["--max-labels", "1"]) == [1, 1, 1])
        // explain explains the labels predict chooses, under the same cap.
        for (extra, count) in [([String](), 2), (["--max-labels", "1"], 1)] {
            let explain = try CLIRunner.run(["explain", "-m", model, CLIRunner.fixture("news/test"), "--json", "--threshold", "0.000001"] + extra)
            #expect(explain.status == 0, "\(explain.stderr)")
            let counts = explain.stdout.split(separator: "\n").map { ((try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["labels"] as! [Any]).count }
            #expect(counts == [count, count, count], "\(extra)")
        }
    }

    @Test func rulesAreKeptWhenTrainingInAStream() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        let train = try CLIRunner.run([
            "train", CLIRunner.fixture("news/train"), "-o", model, "--min-df", "1", "-c", "complement-nb", "--multi-label", "--stream",
            "--max-labels", "2", "--never-alone", "Sport",
        ])
        #expect(train.status == 0, "\(train.stderr)")
        let info = try CLIRunner.run(["info", model])
        #expect(info.stdout.contains("label rules at most 2 per document; never alone: Sport"), "\(info.stdout)")
    }

    @Test func evalRefusesPartiallyAnnotatedDocuments() throws {
        defer { scratch.remove() }
        let corpus = scratch.write("c.jsonl", Array("{\"id\": \"a\", \"text\": \"the match\", \"labels\": [\"Sport\"], \"annotated_labels\": [\"Sport\"]}\n".utf8))
        let eval = try CLIRunner.run(["eval", corpus])
        #expect(eval.status == 1 && eval.stderr.hasPrefix("Error: \(corpus): document \"a\" is annotated for only some labels"), "\(eval.stderr)")
    }

    @Test func badRuleOptionsAreOneLineErrors() throws {
        defer { scratch.remove() }
        let model = scratch.file("m.classify")
        for (flags, message) in [
            (["--max-labels", "0"], "Error: --max-labels must be at least 1 (got 0)"),
            (["--tune-lengths", "30"], "Error: --tune-lengths applies to --tune-thresholds; add it"),
            (["--tune-thresholds", "--tune-lengths", "30,x"], "Error: --tune-lengths takes word counts of at least 1, comma-separated, such as 10,30,100 (got \"30,x\")"),
            (["--multi-label", "--never-alone", "Weather"], "Error: --never-alone \"Weather\" is not a label of the training corpus"),
        ] {
            let result = try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "-o", model, "--min-df", "1"] + flags)
            #expect(result.status != 0 && result.stderr.hasPrefix(message), "\(flags): \(result.stderr)")
            #expect(scratch.listing().isEmpty)
        }
        let predict = try CLIRunner.run(["predict", CLIRunner.fixture("news/test"), "--max-labels", "0"])
        #expect(predict.status == 64 && predict.stderr.hasPrefix("Error: --max-labels must be at least 1 (got 0)"))
    }
}
