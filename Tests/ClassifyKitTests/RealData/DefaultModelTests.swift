import Foundation
import Testing
@testable import ClassifyKit

/// The bundled default model (`Models/default.classify`) on real news: the figures
/// `Models/README.md` promises, checked against the committed file.
@Suite(.serialized) struct DefaultModelTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let modelPath = root.appendingPathComponent("Models/default.classify").path
    static let neverAlone = "Main"

    static func model() throws -> TrainedModel { try ModelFile.read(modelPath) }

    /// BBC News and AG News categories in the default taxonomy (as `Scripts/default-model/corpora.py`).
    static let mapping: [String: String] = [
        "business": "Economy-Business-Finance", "entertainment": "Society-Culture-Education",
        "politics": "Politics-Geopolitics-Gov.-Events", "sport": "Sport", "tech": "Science-Technology-Space",
        "World": "Politics-Geopolitics-Gov.-Events", "Sports": "Sport", "Business": "Economy-Business-Finance",
        "Sci/Tech": "Science-Technology-Space",
    ]

    /// The share of `documents` whose expected label is predicted, the share where it scores
    /// highest, and the mean number of labels.
    static func figures(_ model: TrainedModel, _ documents: [Document], expected: (Document) -> String) -> (carried: Double, top: Double, meanLabels: Double) {
        let predictions = model.predict(documents)
        var carried = 0, top = 0, labels = 0
        for (document, prediction) in zip(documents, predictions) {
            let label = expected(document)
            carried += prediction.labels.contains(label) ? 1 : 0
            top += prediction.scores.first?.label == label ? 1 : 0
            labels += prediction.labels.count
        }
        let n = Double(documents.count)
        return (Double(carried) / n, Double(top) / n, Double(labels) / n)
    }

    static func testSplit(_ corpus: String) throws -> [Document] {
        let folder = try #require(Fixtures.sharedCorpora(corpus))
        return try CorpusReader(requireLabels: true).readAll([folder + "/test.jsonl"]).documents
    }

    @Test func headlinesGetTheirLabelAndFewOthers() throws {
        let headlines = try readDocuments(Fixtures.path("headlines.jsonl"), requireLabels: true)
        #expect(headlines.count >= 50)
        #expect(Set(headlines.map { $0.labels[0] }).count == 9)
        let figures = Self.figures(try Self.model(), headlines) { $0.labels[0] }
        #expect(figures.carried >= 0.90, "\(figures)")
        #expect(figures.meanLabels <= 1.6, "\(figures)")
    }

    @Test func theSeedArticleKeepsItsCategories() throws {
        let seed = try readDocuments(Self.root.appendingPathComponent("seeds").path)
        let labels = try Self.model().predict(seed)[0].labels
        #expect(Set(labels).isSuperset(of: ["Army-Wars-Conflict Zones-Military Tech.", "Politics-Geopolitics-Gov.-Events"]))
    }

    @Test func theModelStaysSmallAndCarriesItsRules() throws {
        #expect(FileBytes.size(of: Self.modelPath) <= 5_000_000)
        let model = try Self.model()
        #expect(model.labelRules == LabelRules(maximumLabels: 3, neverAlone: [Self.neverAlone]))
    }

    /// No prediction on any corpus is the never-alone label by itself.
    @Test func mainIsNeverAlone() throws {
        let model = try Self.model()
        var corpora = [
            try readDocuments(Fixtures.path("headlines.jsonl")),
            try readDocuments(Self.root.appendingPathComponent("Corpus/test").path),
            try readDocuments(Self.root.appendingPathComponent("Corpus/train").path),
        ]
        if Fixtures.sharedCorporaPresent {
            corpora += try ["bbc", "agnews", "20newsgroups", "reuters21578"].map(Self.testSplit)
        }
        for documents in corpora {
            let alone = model.predict(documents).filter { $0.labels == [Self.neverAlone] }
            #expect(alone.isEmpty)
            // Cut to a headline's length too.
            #expect(model.predict(documents.map { $0.truncated(toWords: 10) }).allSatisfy { $0.labels != [Self.neverAlone] })
        }
    }

    @Test(.tags(.realData), .enabled(if: Fixtures.sharedCorporaPresent, "needs ../shared/corpora"))
    func bbcNewsTestCarriesItsMappedLabels() throws {
        let model = try Self.model()
        let bbc = try Self.testSplit("bbc")
        let whole = Self.figures(model, bbc) { Self.mapping[$0.labels[0]]! }
        #expect(whole.carried >= 0.95 && whole.top >= 0.90 && whole.meanLabels <= 1.5, "\(whole)")
        // Label counts follow content, not length: the first 30 words get as many labels.
        let lede = Self.figures(model, bbc.map { $0.truncated(toWords: 30) }) { Self.mapping[$0.labels[0]]! }
        #expect(abs(lede.meanLabels - whole.meanLabels) <= 0.3, "\(lede) against \(whole)")
    }

    /// AG News test: few labels per article; the shares are floors at the measured figures
    /// (Models/README.md explains why they stay below those of BBC News).
    @Test(.tags(.realData), .enabled(if: Fixtures.sharedCorporaPresent, "needs ../shared/corpora"))
    func agNewsTestCarriesItsMappedLabels() throws {
        let figures = Self.figures(try Self.model(), try Self.testSplit("agnews")) { Self.mapping[$0.labels[0]]! }
        #expect(figures.meanLabels <= 1.5, "\(figures)")
        #expect(figures.carried >= 0.87 && figures.top >= 0.80, "\(figures)")
    }

    /// AG News World test items judged by reading as about war, the military, terrorism or security
    /// (`Scripts/default-model/agnews-world-military.jsonl`) carry the military label; nearly all
    /// World items carry politics.
    @Test(.tags(.realData), .enabled(if: Fixtures.sharedCorporaPresent, "needs ../shared/corpora"))
    func militaryWorldNewsCarriesTheMilitaryLabel() throws {
        let judgements = try String(
            contentsOfFile: Self.root.appendingPathComponent("Scripts/default-model/agnews-world-military.jsonl").path, encoding: .utf8)
        var military: [String: Bool] = [:]
        for line in judgements.split(separator: "\n") {
            let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            military[try #require(object["id"] as? String)] = try #require(object["military"] as? Bool)
        }
        let world = try Self.testSplit("agnews").filter { military[$0.id] != nil }
        #expect(world.count == 380)
        let predictions = try Self.model().predict(world)
        let tagged = zip(world, predictions).filter { military[$0.0.id]! }.map { $0.1.labels.contains("Army-Wars-Conflict Zones-Military Tech.") }
        #expect(tagged.count == 138)
        #expect(Double(tagged.filter { $0 }.count) / Double(tagged.count) >= 0.70)
        #expect(Double(predictions.filter { $0.labels.contains("Politics-Geopolitics-Gov.-Events") }.count) / Double(world.count) >= 0.85)
    }
}
