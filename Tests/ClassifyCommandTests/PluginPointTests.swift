import ClassifyKit
import Foundation
import Testing
@testable import ClassifyCommand

/// A classifier from outside ClassifyKit, as a plugin package would write it: it predicts each
/// label's training frequency whatever the document.
struct LabelFrequency: Classifier {
    static let name = "label-frequency"
    static let origin = "classify-frequency (a test plugin)"
    static let summary = "Predicts the training label frequencies"
    static let parameters = [ClassifierParameter("smoothing", default: "1", .number(0...100), help: "Added to every label's count.")]
    let parameters: ClassifierParameters
    let frequencies: [Float]

    static func train(features: SparseMatrix, targets: LabelTargets, parameters: ClassifierParameters, progress: ProgressHandler?) throws -> LabelFrequency {
        let smoothing = Float(try parameters.number("smoothing"))
        let counts = targets.documentsPerLabel.map { Float($0) + smoothing }
        let total = counts.reduce(0, +)
        return LabelFrequency(parameters: parameters, frequencies: counts.map { $0 / total })
    }

    static func decode(_ state: ClassifierState, featureCount: Int, labelCount: Int) throws -> LabelFrequency {
        LabelFrequency(
            parameters: try ClassifierParameters.resolve(state.parameters, declared: parameters, classifier: name),
            frequencies: try state.array("frequencies", shape: [labelCount]))
    }

    func probabilities(for features: SparseMatrix) -> [Float] { (0..<features.rowCount).flatMap { _ in frequencies } }
    func featureWeights(forLabel label: Int) -> [Float] { [] }
    func encode() -> ClassifierState {
        ClassifierState(parameters: parameters.values, arrays: [.init(name: "frequencies", shape: [frequencies.count], values: frequencies)])
    }
}

@Suite struct PluginPointTests {
    let scratch = Scratch()

    @Test func aPluginModelInTheStockClassifyIsAOneLineErrorNamingItsBuild() throws {
        defer { scratch.remove() }
        var options = TrainingOptions()
        options.registry = ClassifierRegistry.builtIn.adding(LabelFrequency.self)
        options.classifierName = LabelFrequency.name
        options.tfidf.minDF = 1
        let documents = try CorpusReader(requireLabels: true).readAll([CLIRunner.fixture("news/train")]).documents
        let path = scratch.file("plugin.classify")
        try ModelFile.write(ModelTrainer.train(documents, options: options), to: path)
        for command in [["predict", "-m", path, CLIRunner.fixture("news/train")], ["info", path], ["explain", "-m", path]] {
            let result = try CLIRunner.run(command)
            #expect(result.status == 1)
            #expect(result.stderr == "Error: \(path): the model uses classifier \"label-frequency\", which this build of classify does not have; it comes from classify-frequency (a test plugin): use that build\n")
        }
        // The same file loads where the plugin is registered.
        #expect(try ModelFile.read(path, registry: options.registry).classifierName == "label-frequency")
    }

    @Test func builtInModelsDoNotRecordAnOrigin() throws {
        var options = TrainingOptions()
        options.classifierName = "complement-nb"
        options.tfidf.minDF = 1
        let documents = try CorpusReader(requireLabels: true).readAll([CLIRunner.fixture("news/train")]).documents
        let bytes = try ModelFile.encode(ModelTrainer.train(documents, options: options))
        #expect(!String(decoding: bytes.prefix(4096), as: UTF8.self).contains("origin"))
    }

    @Test func classifierOptionsTakeBothSpellings() throws {
        defer { scratch.remove() }
        let corpus = CLIRunner.fixture("news/train")
        let long = try CLIRunner.run(["train", corpus, "-o", scratch.file("a.classify"), "-c", "complement-nb", "--alpha", "0.7", "--json"])
        let short = try CLIRunner.run(["train", corpus, "-o", scratch.file("b.classify"), "-c", "complement-nb", "-O", "alpha=0.7", "--json"])
        let equals = try CLIRunner.run(["train", corpus, "-o", scratch.file("c.classify"), "-c", "complement-nb", "--alpha=0.7", "--json"])
        #expect(long.status == 0 && short.status == 0 && equals.status == 0, "\(long.stderr)\(short.stderr)\(equals.stderr)")
        let a = try Data(contentsOf: URL(fileURLWithPath: scratch.file("a.classify")))
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: scratch.file("b.classify")))))
        #expect(a == (try Data(contentsOf: URL(fileURLWithPath: scratch.file("c.classify")))))
        let info = try CLIRunner.run(["info", scratch.file("a.classify")])
        #expect(info.stdout.contains("classifier  complement-nb (alpha 0.7, weight-norm false)"))
    }

    @Test func rewritingLeavesTheCommandsOwnOptionsAndWhatFollowsADoubleDash() throws {
        let declared: Set<String> = ["alpha", "l2"]
        #expect(ClassifierOptionSpelling.rewrite(["train", "x", "--alpha", "0.3", "--l2=auto", "--seed", "2"], declared: declared)
            == ["train", "x", "-O", "alpha=0.3", "-O", "l2=auto", "--seed", "2"])
        #expect(ClassifierOptionSpelling.rewrite(["train", "--", "--alpha", "1"], declared: declared) == ["train", "--", "--alpha", "1"])
        #expect(ClassifierOptionSpelling.rewrite(["train", "--alpha"], declared: declared) == ["train", "--alpha"])
        let own = try #require(ClassifierOptionSpelling.subcommandOptionNames(["train", "x"]))
        #expect(own.isSuperset(of: ["seed", "threshold", "output", "classifier", "option", "ngrams"]))
        #expect(own.isDisjoint(with: ["alpha", "l2", "c", "nb-weight", "class-weight", "solver", "top"]))
        #expect(try #require(ClassifierOptionSpelling.subcommandOptionNames(["predict"])).contains("top"))
        #expect(ClassifierOptionSpelling.subcommandOptionNames(["--alpha"]) == nil)
    }

    @Test func aClassifierOptionWhereTheCommandTakesNoneIsTheParsersOwnError() throws {
        let result = try CLIRunner.run(["predict", "--alpha", "1", CLIRunner.fixture("news/train")])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: Unknown option '--alpha'"))
        let train = try CLIRunner.run(["train", CLIRunner.fixture("news/train"), "--alpha", "1"])
        #expect(train.stderr.hasPrefix("Error: Missing expected argument '--output <output>'"))
    }

    @Test func aBadFeatureBlockIsReportedBeforeTheCorpusIsRead() throws {
        defer { scratch.remove() }
        let result = try CLIRunner.run(["train", scratch.file("missing.jsonl"), "-o", scratch.file("m.classify"), "--block", "bm25"])
        #expect(result.status == 1)
        #expect(result.stderr == "Error: unknown feature block \"bm25\"; choose one of: hashed-terms\n")
        #expect(scratch.listing().isEmpty)
    }

    @Test func trainHelpListsEveryClassifierAndItsOptionsFromTheRegistry() throws {
        let help = try CLIRunner.run(["train", "--help"]).stdout
        for type in ClassifierRegistry.builtIn.types {
            #expect(help.contains("  \(type.name)"))
        }
        #expect(help.contains("alpha 0.01"))
        let summary = ClassifierHelp.optionSummary(ClassifierRegistry.builtIn.adding(LabelFrequency.self))
        #expect(summary.hasSuffix("  label-frequency: smoothing 1"))
    }

    @Test func classifiersJSONNamesEachOrigin() throws {
        let result = try CLIRunner.run(["classifiers", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]])
        #expect(list.map { $0["name"] } == ClassifierRegistry.builtIn.names)
        #expect(list.allSatisfy { $0["origin"] == "classify" })
    }
}

@Suite struct TypedParameterTests {
    @Test func missingAndMistypedValuesAreErrorsNotZeroOrNaN() throws {
        let parameters = ClassifierParameters(values: ["alpha": "x", "epochs": "2.5", "bias": "yes", "l2": "auto"])
        #expect(errorText { _ = try parameters.number("alpha") } == "option --alpha is \"x\", not a number")
        #expect(errorText { _ = try parameters.integer("epochs") } == "option --epochs is \"2.5\", not a whole number")
        #expect(errorText { _ = try parameters.boolean("bias") } == "option --bias is \"yes\", not true or false")
        #expect(errorText { _ = try parameters.number("tol") }?.hasPrefix("option --tol has no value") == true)
        #expect(try parameters.text("l2") == "auto")
    }

    func errorText(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return String(describing: error) }
    }
}

@Suite struct RegistryTests {
    @Test func aRegistryIsAValueThatPackagesExtend() throws {
        let extended = ClassifierRegistry.builtIn.adding(LabelFrequency.self)
        #expect(extended.names == ClassifierRegistry.builtIn.names + ["label-frequency"])
        #expect(ClassifierRegistry.builtIn.lookup("label-frequency") == nil)
        #expect(extended.defaultName == "logistic-regression")
        #expect(extended.parameterNames.contains("smoothing"))
        #expect(throws: ClassifierError.self) { try ClassifierRegistry.builtIn.type(named: "label-frequency") }
    }
}

/// `predict` streams: output written batch by batch, the same bytes for any thread count and
/// batch size, and quiet when its reader goes away.
@Suite struct StreamingPredictTests {
    let scratch = Scratch()

    @Test func outputIsTheSameForEveryThreadCountAndBatchSize() throws {
        let corpus = CLIRunner.fixture("news/train")
        for format in [["--json"], ["--top", "2"]] {
            let reference = try CLIRunner.run(["predict", corpus, "--threads", "1", "--batch-size", "256"] + format)
            #expect(reference.status == 0 && reference.stdout.split(separator: "\n").count >= 20)
            for (threads, batch) in [(2, 1), (2, 3), (1, 7), (3, 256)] {
                let other = try CLIRunner.run(["predict", corpus, "--threads", String(threads), "--batch-size", String(batch)] + format)
                #expect(other.stdout == reference.stdout, "threads \(threads), batch \(batch)")
            }
        }
    }

    @Test func aReaderThatStopsEarlyEndsPredictQuietly() throws {
        defer { scratch.remove() }
        let lines = (0..<20000).map { "{\"id\": \"d\($0)\", \"text\": \"parliament votes on the budget and the army moves \($0)\"}" }
        let input = scratch.write("many.jsonl", Array((lines.joined(separator: "\n") + "\n").utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "\"$0\" predict --json \"$1\" 2>\"$2\" | head -1 >/dev/null; echo ${PIPESTATUS[0]}", CLIRunner.executable, input, scratch.file("stderr")]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let status = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        #expect(["0", "141"].contains(status), "exit \(status)")
        #expect(try String(contentsOfFile: scratch.file("stderr"), encoding: .utf8) == "")
    }

    @Test func trainStreamWritesTheSameNaiveBayesModel() throws {
        defer { scratch.remove() }
        let corpus = CLIRunner.fixture("news/train")
        let whole = try CLIRunner.run(["train", corpus, "-c", "complement-nb", "-o", scratch.file("a.classify")])
        let streamed = try CLIRunner.run(["train", corpus, "-c", "complement-nb", "-o", scratch.file("b.classify"), "--stream"])
        #expect(whole.status == 0 && streamed.status == 0, "\(streamed.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.file("a.classify"))) == Data(contentsOf: URL(fileURLWithPath: scratch.file("b.classify"))))
        #expect(streamed.stdout.hasPrefix("read      20 documents from"))
        let refused = try CLIRunner.run(["train", corpus, "-o", scratch.file("c.classify"), "--stream", "--tune-thresholds"])
        #expect(refused.status == 1 && refused.stderr == "Error: training in a stream does not tune thresholds; drop --tune-thresholds, or train in memory\n")
        #expect(!scratch.listing().contains("c.classify"))
    }

    @Test func maxMemoryTrainsALinearModelFromTheCache() throws {
        defer { scratch.remove() }
        let corpus = CLIRunner.fixture("news/train")
        let cacheFolder = scratch.file("tmp")
        try FileManager.default.createDirectory(atPath: cacheFolder, withIntermediateDirectories: true)
        let trained = try CLIRunner.run(
            ["train", corpus, "-o", scratch.file("lr.classify"), "--max-memory", "64M", "--json"], environment: ["TMPDIR": cacheFolder])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stdout.contains("\"classifier\":\"logistic-regression\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cacheFolder).isEmpty)
        let predicted = try CLIRunner.run(["predict", "-m", scratch.file("lr.classify"), corpus, "--json"])
        #expect(predicted.status == 0 && predicted.stdout.split(separator: "\n").count == 20)
        let bad = try CLIRunner.run(["train", corpus, "-o", scratch.file("bad.classify"), "--max-memory", "lots"])
        #expect(bad.status == 1 && bad.stderr == "Error: --max-memory takes a size such as 512M or 2G (got \"lots\")\n")
    }

    @Test func hashFeaturesTrainsWithoutTheExactVocabularyAndExplainsInWords() throws {
        defer { scratch.remove() }
        let corpus = CLIRunner.fixture("news/train")
        let trained = try CLIRunner.run(["train", corpus, "-o", scratch.file("h.classify"), "--hash-features", "12", "-c", "complement-nb"])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stdout.contains("features  4096 (no exact vocabulary, + hashed-terms 4096)"))
        let streamed = try CLIRunner.run(["train", corpus, "-o", scratch.file("s.classify"), "--hash-features", "12", "-c", "complement-nb", "--stream"])
        #expect(streamed.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.file("h.classify"))) == Data(contentsOf: URL(fileURLWithPath: scratch.file("s.classify"))))
        let explained = try CLIRunner.run(["explain", "-m", scratch.file("h.classify"), "--top", "3", "--json"])
        #expect(explained.status == 0 && explained.stdout.contains("hashed-terms:"))
        let bad = try CLIRunner.run(["train", corpus, "-o", scratch.file("b.classify"), "--hash-features", "40"])
        #expect(bad.status == 64 && bad.stderr.hasPrefix("Error: --hash-features must be between 4 and 26 (got 40)"))
    }

    /// Kills `train --max-memory` at points spread over its run: nothing may be left in the cache
    /// folder, and nothing at `-o` or beside it.
    @Test func killingTrainLeavesNoCacheAndNoModel() throws {
        defer { scratch.remove() }
        let words = (0..<3000).map { "w\($0)" }
        var generator = SystemRandomNumberGenerator()
        let lines = (0..<4000).map { i in
            let text = (0..<120).map { _ in words[Int(generator.next() % 3000)] }.joined(separator: " ")
            return "{\"id\": \"d\(i)\", \"text\": \"\(text)\", \"labels\": [\"L\(i % 4)\"]}"
        }
        let corpus = scratch.write("big.jsonl", Array((lines.joined(separator: "\n") + "\n").utf8))
        let cacheFolder = scratch.file("tmp"), outputFolder = scratch.file("out")
        for folder in [cacheFolder, outputFolder] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        var finished = 0
        for delay in [0.05, 0.2, 0.4, 0.7, 1.0, 1.5, 2.5] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLIRunner.executable)
            process.arguments = ["train", corpus, "-o", outputFolder + "/m.classify", "--max-memory", "64M", "-c", "linear-svm", "-q"]
            process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": cacheFolder, "OPENBLAS_NUM_THREADS": "1"]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            let killed = process.isRunning
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(try FileManager.default.contentsOfDirectory(atPath: cacheFolder).isEmpty, "killed after \(delay) s")
            let left = try FileManager.default.contentsOfDirectory(atPath: outputFolder)
            if killed && process.terminationReason == .uncaughtSignal {
                #expect(left.isEmpty, "killed after \(delay) s: \(left)")
            } else {
                finished += 1
                #expect(left == ["m.classify"])
                try FileManager.default.removeItem(atPath: outputFolder + "/m.classify")
            }
        }
        #expect(finished < 7, "train finished before every kill; the corpus is too small to test anything")
    }

    @Test func progressIsALiveLineOnlyWhenAskedOffATerminal() throws {
        let corpus = CLIRunner.fixture("news/train")
        #expect(try CLIRunner.run(["predict", corpus]).stderr == "")
        let shown = try CLIRunner.run(["predict", corpus, "--progress"])
        #expect(shown.stderr.hasPrefix("\rread 20 documents (") && shown.stderr.hasSuffix(" s)\n"))
        #expect(try CLIRunner.run(["predict", corpus, "--progress", "-q"]).stderr == "")
        let eval = try CLIRunner.run(["eval", "-m", CLIRunner.packageRoot + "/Models/default.classify", corpus, "--progress"])
        #expect(eval.stderr.hasPrefix("\rread 20 documents ("))
    }

    /// Thread counts and batch sizes outside their ranges, including ones whose buffers no machine
    /// could hold, are refused before anything is allocated for them.
    @Test func badThreadsAndBatchSizesAreOneLineErrors() throws {
        for (option, value) in [("--threads", "0"), ("--threads", "10000000"), ("--batch-size", "0"), ("--batch-size", "1000000000")] {
            let result = try CLIRunner.run(["predict", option, value, CLIRunner.fixture("news/train")])
            let range = option == "--threads" ? "1 to 1024" : "1 to 1048576"
            #expect(result.status == 64 && result.stderr.hasPrefix("Error: \(option) must be from \(range) (got \(value))"), "\(result.stderr)")
        }
        let serve = try CLIRunner.run(["serve", "--threads", "99999999999"])
        #expect(serve.status == 64 && serve.stderr.hasPrefix("Error: --threads must be from 1 to 1024 (got 99999999999)"), "\(serve.stderr)")
    }

    /// A cut length longer than any document is a document's whole text, not a buffer of that size.
    @Test func tuneLengthsLongerThanAnyDocumentTrain() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let result = try CLIRunner.run([
            "train", CLIRunner.fixture("news/train"), "-o", scratch.file("m.classify"), "--multi-label", "--tune-thresholds",
            "--tune-lengths", "99999999999", "--threshold-folds", "2", "-q",
        ])
        #expect(result.status == 0, "\(result.stderr)")
    }
}
