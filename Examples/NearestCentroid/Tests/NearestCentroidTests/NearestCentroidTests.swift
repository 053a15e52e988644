import ClassifyKit
import Foundation
import Testing
@testable import NearestCentroid

/// The shared BBC News corpus beside the checkout (`../shared/corpora/bbc`), or nil.
let bbcFolder: String? = {
    let root = ProcessInfo.processInfo.environment["CLASSIFY_CORPORA"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpora").path
    let folder = root + "/bbc"
    return FileManager.default.fileExists(atPath: folder + "/train.jsonl") ? folder : nil
}()

@Suite struct NearestCentroidTests {
    @Test func keepsTheClassifierPromises() throws {
        try ClassifierConformance.check(NearestCentroid.self)
    }

    @Test func centroidsHaveUnitLengthAndScoreByCosine() throws {
        var features = SparseMatrix(columnCount: 2)
        features.appendRow(columns: [0], values: [1])
        features.appendRow(columns: [0, 1], values: [0.6, 0.8])
        features.appendRow(columns: [1], values: [1])
        let targets = try LabelTargets(labelSets: [["a"], ["a"], ["b"]])
        let centroids = NearestCentroid.unitCentroids(features: features, targets: targets)
        // Label a: (1.6, 0.8) / |(1.6, 0.8)|; label b: (0, 1).
        let norm = Float((1.6 * 1.6 + 0.8 * 0.8).squareRoot())
        #expect(abs(centroids[0] - 1.6 / norm) < 1e-6 && abs(centroids[2] - 0.8 / norm) < 1e-6)
        #expect(centroids[1] == 0 && centroids[3] == 1)
    }

    @Test func aFixedTemperatureIsUsedAndABadOneRefused() throws {
        var options = TrainingOptions()
        options.registry = ClassifierRegistry.builtIn.adding(NearestCentroid.self)
        options.classifierName = NearestCentroid.name
        options.classifierOptions = ["temperature": "0.5"]
        let documents = ConformanceCorpus.singleLabel(perLabel: 5, seed: 3)
        let model = try ModelTrainer.train(documents, options: options)
        #expect((model.classifier as? NearestCentroid)?.temperature == 0.5)
        options.classifierOptions = ["temperature": "-1"]
        #expect(throws: ClassifierError.self) { try ModelTrainer.train(documents, options: options) }
    }
}

/// The plugin's own `classify-centroid` executable, end to end on BBC News.
@Suite(.serialized, .enabled(if: bbcFolder != nil, "needs ../shared/corpora/bbc"))
struct PluginExecutableTests {
    let scratch = NSTemporaryDirectory() + "classify-centroid-" + UUID().uuidString

    init() throws { try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true) }

    @Test func trainsPredictsEvaluatesAndExplainsOnBBC() throws {
        let bbc = try #require(bbcFolder)
        let model = scratch + "/bbc.classify"
        let train = try Executable.run("classify-centroid", ["train", bbc + "/train.jsonl", "-c", "nearest-centroid", "-o", model, "--json"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("\"classifier\":\"nearest-centroid\""))

        let eval = try Executable.run("classify-centroid", ["eval", "-m", model, bbc + "/test.jsonl", "--json"])
        #expect(eval.status == 0, "\(eval.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any]
        let accuracy = try #require(report?["accuracy"] as? Double)
        print("nearest-centroid on BBC News: accuracy \(accuracy)")
        #expect(accuracy >= 0.95)

        let predict = try Executable.run("classify-centroid", ["predict", "-m", model, bbc + "/test.jsonl", "--json", "--top", "1"])
        #expect(predict.status == 0)
        #expect(predict.stdout.split(separator: "\n").count == 444)

        let explain = try Executable.run("classify-centroid", ["explain", "-m", model, "--top", "3"])
        #expect(explain.status == 0)
        #expect(explain.stdout.hasPrefix("business\n"))

        let info = try Executable.run("classify-centroid", ["info", model])
        #expect(info.stdout.contains("nearest-centroid"))
    }

    @Test func stacksThePluginsFeatureBlockOnBBC() throws {
        let bbc = try #require(bbcFolder)
        let model = scratch + "/bbc-block.classify"
        let train = try Executable.run("classify-centroid", ["train", bbc + "/train.jsonl", "-c", "nearest-centroid", "--block", "text-statistics", "-o", model])
        #expect(train.status == 0, "\(train.stderr)")
        let eval = try Executable.run("classify-centroid", ["eval", "-m", model, bbc + "/test.jsonl", "--json"])
        let report = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any]
        let accuracy = try #require(report?["accuracy"] as? Double)
        print("nearest-centroid with text-statistics on BBC News: accuracy \(accuracy)")
        #expect(accuracy >= 0.95)
        #expect(try Executable.run("classify-centroid", ["info", model]).stdout.contains("+ text-statistics: 4 (weight 0.03)"))
        let stock = try Executable.run("classify", ["predict", "-m", model, bbc + "/test.jsonl"])
        #expect(stock.status != 0)
        #expect(stock.stderr.hasSuffix("the model uses feature block \"text-statistics\", which this build of classify does not have; it comes from classify-centroid (Examples/NearestCentroid): use that build\n"))
    }

}

/// The plugin's executable beside the stock one, on data the tests make.
@Suite struct PluginCommandTests {
    let scratch = NSTemporaryDirectory() + "classify-centroid-" + UUID().uuidString

    init() throws { try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true) }

    @Test func listsTheBuiltInsAndThePlugin() throws {
        let list = try Executable.run("classify-centroid", ["classifiers"])
        #expect(list.status == 0)
        for name in ClassifierRegistry.builtIn.names + [NearestCentroid.name] {
            #expect(list.stdout.contains("\n\(name)") || list.stdout.hasPrefix(name), "\(name) missing")
        }
        #expect(list.stdout.contains("[from classify-centroid (Examples/NearestCentroid)]"))
    }

    @Test func stockClassifySaysWhichBuildHasTheClassifier() throws {
        let model = scratch + "/tiny.classify"
        let folder = scratch + "/corpus.jsonl"
        let lines = ConformanceCorpus.singleLabel(perLabel: 4, seed: 1).map {
            "{\"id\":\"\($0.id)\",\"text\":\"\($0.text)\",\"label\":\"\($0.labels[0])\"}"
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder, atomically: true, encoding: .utf8)
        #expect(try Executable.run("classify-centroid", ["train", folder, "-c", "nearest-centroid", "-o", model, "--min-df", "1"]).status == 0)
        let stock = try Executable.run("classify", ["predict", "-m", model, folder])
        #expect(stock.status != 0)
        #expect(stock.stderr == "Error: \(model): the model uses classifier \"nearest-centroid\", which this build of classify does not have; it comes from classify-centroid (Examples/NearestCentroid): use that build\n")
    }
}

/// Runs an executable built beside the tests.
enum Executable {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `name` in the build folder of these tests (`swift build --product classify` builds the stock one there).
    static func path(_ name: String) throws -> String {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        let build = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build")
        for configuration in ["release", "debug"] {
            let candidate = build.appendingPathComponent(configuration).appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ExecutableMissing(name: name)
    }

    struct ExecutableMissing: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) is not built; run `swift build --product \(name)` in Examples/NearestCentroid" }
    }

    static func run(_ name: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(name))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite struct TextStatisticsTests {
    @Test func keepsTheFeatureBlockPromises() throws {
        try FeatureBlockConformance.check(TextStatistics.self)
    }

    @Test func statisticsOfAText() {
        let values = TextStatistics.statistics("Paris 2024 games open")
        #expect(values == [log(5), 0.25, 0.25, 4.5])
    }

    @Test func standardisedScaledAndRoundTripped() throws {
        let documents = ["a b c", "Alpha Beta 12 gamma delta", "one two three four five six seven"].map { Document(id: "", text: $0) }
        let parameters = try ClassifierParameters.resolve(["weight": "0.5"], declared: TextStatistics.parameters, classifier: TextStatistics.kind)
        let block = try TextStatistics.fit(documents, parameters: parameters)
        let restored = try TextStatistics.decode(block.encode())
        for document in documents + [Document(id: "", text: ""), Document(id: "", text: "Unseen 99 words", title: "A Title")] {
            #expect(restored.features(of: document).map(\.value) == block.features(of: document).map(\.value))
            #expect(block.features(of: document).allSatisfy { $0.value.isFinite && (0..<4).contains($0.column) })
        }
        var damaged = block.encode()
        damaged.arrays.removeLast()
        #expect(throws: FeatureError.self) { try TextStatistics.decode(damaged) }
    }
}
