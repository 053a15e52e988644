import Foundation
import Testing

/// `classify train` options at their edges: class-weight files with rare labels, the largest
/// regularisation, an output path that is an input or a folder.
@Suite(.serialized) struct TrainOptionCommandTests {
    let scratch = Scratch()

    func write(_ name: String, _ text: String) -> String { scratch.write(name, Array(text.utf8)) }

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

    /// Every option value, weight file and output path is checked before the corpus is read: the
    /// corpus here is broken, so an error about it would mean it was read first.
    @Test func badValuesAreRefusedBeforeTheCorpusIsRead() throws {
        defer { scratch.remove() }
        let corpus = write("broken.jsonl", "{\"text\": \"troops at the front\", \"labels\": [\"war\"]}\n{\"text\": \n")
        let twice = write("twice.txt", "war 2\nwar 3\n")
        let huge = write("huge.txt", "war 1e300\n")
        let model = scratch.file("m.classify")
        let cases: [([String], String)] = [
            (["--l2", "-1"], "Error: --l2 must be auto or a number above 0 and at most 1000 (got \"-1\")"),
            (["-c", "linear-svm", "--l2", "0"], "Error: --l2 must be auto or a number above 0 and at most 1000 (got \"0\")"),
            (["--temperature", "0"], "Error: --temperature must be auto or a number from 0.001 to 1000 (got \"0\")"),
            (["--nb-weight", "500"], "Error: --nb-weight must be auto or a number from 0 to 100 (got \"500\")"),
            (["--class-weight", "balanced:0"], "Error: --class-weight balanced:K needs a number K ≥ 1 (got \"balanced:0\")"),
            (["--class-weight", scratch.file("missing.txt")],
             "Error: --class-weight \(scratch.file("missing.txt")): no such file or directory (give none, balanced, balanced:K, auto, or a file of `label weight` lines)"),
            (["--class-weight", twice], "Error: \(twice):2: label \"war\" was given a weight on line 1 already"),
            (["--class-weight", huge], "Error: \(huge):1: expected `label weight` with a weight above 0 and at most 1000000"),
            (["--seed", "5", "-O", "seed=7"], "Error: --seed 5 and -O seed=7 disagree; give the seed once (--seed seeds the folds and splits too)"),
            (["-O", "epochs=3", "--epochs", "4"], "Error: --epochs is given twice (as --epochs or -O epochs=); give it once"),
            (["--min-token-length", "99999999999"], "Error: --min-token-length must be from 1 to 100 (got 99999999999)"),
        ]
        for (options, message) in cases {
            let result = try CLIRunner.run(["train", corpus, "-o", model] + options)
            #expect(result.status == 1 && result.stderr == message + "\n", "\(options): \(result.stderr)")
        }
        // Cross-validation checks the same before reading, for every classifier compared.
        for (options, message) in [
            (["--l2", "-1"], "Error: --l2 must be auto or a number above 0 and at most 1000 (got \"-1\")"),
            (["--class-weight", scratch.file("missing.txt")],
             "Error: --class-weight \(scratch.file("missing.txt")): no such file or directory (give none, balanced, balanced:K, auto, or a file of `label weight` lines)"),
            (["--compare", "multinomial-nb,multinomial-nb"], "Error: --compare names multinomial-nb twice; name each classifier once"),
        ] {
            let result = try CLIRunner.run(["eval", "--cv", "2", corpus] + options)
            #expect(result.status == 1 && result.stderr == message + "\n", "\(options): \(result.stderr)")
        }
        for output in ["/dev/null", scratch.path] {
            let result = try CLIRunner.run(["train", corpus, "-o", output])
            #expect(result.status == 1 && result.stderr == "Error: \(output): is not a regular file; give the path of a file to write\n", "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: model))
    }

    /// `-O seed=N` seeds the folds and splits as `--seed N` does: the same model, byte for byte.
    @Test func aSeedGivenEitherWayTrainsTheSameModel() throws {
        defer { scratch.remove() }
        var models: [Data?] = []
        for (index, seed) in [["--seed", "3"], ["-O", "seed=3"]].enumerated() {
            let model = scratch.file("m\(index).classify")
            let result = try CLIRunner.run(
                ["train", CLIRunner.fixture("news/train"), "-o", model, "--multi-label", "--tune-thresholds", "--threshold-folds", "2", "--min-df", "1", "-q"] + seed)
            #expect(result.status == 0, "\(result.stderr)")
            models.append(FileManager.default.contents(atPath: model))
        }
        #expect(models[0] != nil && models[0] == models[1])
    }
}
