import Foundation
import Testing
@testable import ClassifyKit

/// A block as a package would write one: how many times each of a few fitted marker words occurs,
/// scaled by `scale`.
struct MarkerCounts: FeatureBlock {
    static let kind = "marker-counts"
    static let origin = "ClassifyKitTests"
    static let summary = "counts of the most frequent words"
    static let parameters = [ClassifierParameter("scale", default: "0.5", .number(0...10), help: "Multiplies every count.")]
    let parameters: ClassifierParameters
    let markers: [String]
    let scale: Float

    var featureCount: Int { markers.count }

    static func fit(_ documents: [Document], parameters: ClassifierParameters) throws -> MarkerCounts {
        var counts: [String: Int] = [:]
        for document in documents { for word in document.text.split(separator: " ") { counts[String(word), default: 0] += 1 } }
        let markers = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(3).map(\.key).sorted()
        return MarkerCounts(parameters: parameters, markers: markers, scale: Float(try parameters.number("scale")))
    }

    static func decode(_ state: FeatureBlockState) throws -> MarkerCounts {
        let scale = try state.array("scale", shape: [1])[0]
        guard !state.names.isEmpty else { throw FeatureError("no markers") }
        return MarkerCounts(parameters: ClassifierParameters(values: state.parameters), markers: state.names, scale: scale)
    }

    func features(of document: Document) -> [(column: Int32, value: Float)] {
        let words = document.text.split(separator: " ").map(String.init)
        return markers.enumerated().compactMap { column, marker in
            let count = words.filter { $0 == marker }.count
            return count == 0 ? nil : (Int32(column), scale * Float(count))
        }
    }

    func featureName(_ column: Int) -> String { markers[column] }
    func encode() -> FeatureBlockState {
        FeatureBlockState(parameters: parameters.values, arrays: [.init(name: "scale", shape: [1], values: [scale])], names: markers)
    }
}

@Suite struct FeatureBlockTests {
    static let registry = ClassifierRegistry.builtIn.adding(featureBlock: MarkerCounts.self)

    func options(_ classifier: String = "logistic-regression", blocks: [FeatureBlockChoice]) -> TrainingOptions {
        var options = TrainingOptions()
        options.registry = Self.registry
        options.classifierName = classifier
        options.tfidf.minDF = 1
        options.featureBlocks = blocks
        options.seed = 0
        return options
    }

    @Test func blockColumnsFollowTheTfidfColumnsAndRoundTrip() throws {
        let model = try ModelTrainer.train(ModelFileTests.documents, options: options(blocks: [FeatureBlockChoice(kind: "marker-counts", options: ["scale": "2"])]))
        let block = try #require(model.features.blocks.first as? MarkerCounts)
        #expect(block.markers == ["front", "parliament", "the"])
        #expect(model.featureCount == model.vectorizer.featureCount + 3)
        let row = model.features.transform(["the front and the front"])
        let tail = row.entries(ofRow: 0).filter { Int(row.columnIndices[$0]) >= model.vectorizer.featureCount }
        #expect(tail.map { row.columnIndices[$0] } == [Int32(model.vectorizer.featureCount), Int32(model.vectorizer.featureCount + 2)])
        #expect(tail.map { row.values[$0] } == [4, 4])
        #expect(model.features.featureName(model.vectorizer.featureCount + 1) == "marker-counts:parliament")

        let bytes = try ModelFile.encode(model)
        #expect(bytes[8] == UInt8(ModelFile.formatVersion))
        let restored = try ModelFile.decode(bytes, path: "m", registry: Self.registry)
        let texts = ModelFileTests.documents.map(\.text) + ["the front and the front"]
        #expect(restored.probabilities(for: texts) == model.probabilities(for: texts))
        #expect(try ModelFile.encode(restored) == bytes)
        #expect(errorText { _ = try ModelFile.decode(bytes, path: "m") }
            == "m: the model uses feature block \"marker-counts\", which this build of classify does not have; it comes from ClassifyKitTests: use that build")
        let header = CraftedModel.header(bytes)
        #expect(header.contains("\"name\":\"block0.array.scale\"") && header.contains("\"name\":\"block0.names\""))
        let older = CraftedModel.rewritingVersion(bytes, to: 4)
        #expect(errorText { _ = try ModelFile.decode(older, path: "m", registry: Self.registry) } == "m: a format 4 model cannot hold a front-coded vocabulary; the file is damaged")
    }

    @Test func thresholdFoldsAndExplanationsSeeTheBlock() throws {
        var training = options(blocks: [FeatureBlockChoice(kind: "marker-counts")])
        training.thresholdTuning = ThresholdTuning(folds: 2)
        training.multiLabel = true
        let model = try ModelTrainer.train(ModelFileTests.documents, options: training)
        #expect(model.thresholds?.count == 2)
        let names = Explainer(model: model).topTerms(50).flatMap { $0.terms.map(\.term) }
        #expect(names.contains { $0.hasPrefix("marker-counts:") })
    }

    @Test func theConformanceKitPassesAGoodBlockAndNamesABadOnesProblems() throws {
        let passed = try FeatureBlockConformance.check(MarkerCounts.self, options: ["scale": "1"])
        #expect(passed.contains("save and load compute the same features"))
        let failure = try #require(throws: ClassifierConformance.Failure.self) { try FeatureBlockConformance.check(OutOfRange.self) }
        #expect(failure.problems == [
            "features are inside the block, ascending and finite: document \"d0\": column 1 outside 0..<1",
            "a damaged state is refused: decoded a state without its \"unused\" array",
        ])
    }

    /// A block that breaks promises: a column past its end, and a decoder that accepts anything.
    struct OutOfRange: FeatureBlock {
        static let kind = "out-of-range"
        static let origin = "ClassifyKitTests"
        static let summary = "breaks promises on purpose"
        static let parameters: [ClassifierParameter] = []
        var parameters: ClassifierParameters { ClassifierParameters(values: [:]) }
        var featureCount: Int { 1 }
        static func fit(_ documents: [Document], parameters: ClassifierParameters) throws -> OutOfRange { OutOfRange() }
        static func decode(_ state: FeatureBlockState) throws -> OutOfRange { OutOfRange() }
        func features(of document: Document) -> [(column: Int32, value: Float)] { [(1, 1)] }
        func featureName(_ column: Int) -> String { "x" }
        func encode() -> FeatureBlockState { FeatureBlockState(parameters: [:], arrays: [.init(name: "unused", shape: [1], values: [0])]) }
    }

    @Test func badChoicesAreOneLineErrors() throws {
        #expect(errorText { _ = try ModelTrainer.train(ModelFileTests.documents, options: options(blocks: [FeatureBlockChoice(kind: "bm25")])) }
            == "unknown feature block \"bm25\"; choose one of: hashed-terms, marker-counts")
        #expect(errorText { _ = try ClassifierRegistry.builtIn.featureBlockType(named: "bm25") }
            == "unknown feature block \"bm25\"; choose one of: hashed-terms")
        #expect(errorText { _ = try ModelTrainer.train(ModelFileTests.documents, options: options(blocks: [FeatureBlockChoice(kind: "marker-counts", options: ["scale": "-1"])])) }
            == "--scale must be between 0.0 and 10.0 for --block marker-counts (got \"-1\")")
        #expect(try FeatureBlockChoice(parsing: "marker-counts:scale=2,x=y") == FeatureBlockChoice(kind: "marker-counts", options: ["scale": "2", "x": "y"]))
        #expect(errorText { _ = try FeatureBlockChoice(parsing: "marker-counts:scale") } == "--block marker-counts: options are NAME=VALUE separated by commas; got \"scale\"")
        #expect(errorText { _ = try FeatureBlockChoice(parsing: ":a=1") } == "--block takes KIND or KIND:NAME=VALUE,…; got \":a=1\"")
    }
}
