import Foundation
import Testing
@testable import ClassifyKit

/// Documents judged for only some labels (`Document.annotatedLabels`): a label they were not judged
/// for is unknown for them, not a negative.
@Suite struct PartialAnnotationTests {
    /// Sport and finance documents from a source that judges only `sport` and `finance`, all of
    /// them about harbours, and a fully judged source whose `harbour` documents also talk about
    /// harbours. Taken as negatives for `harbour`, the partial source would teach that harbour
    /// words mean "not harbour"; left unknown, they teach nothing about it.
    static func corpus(partial: Bool) -> [Document] {
        var documents: [Document] = []
        for i in 0..<24 {
            documents.append(Document(
                id: "full-\(i)", text: "harbour quay ships docked at the harbour pier \(i)", labels: ["harbour"]))
            documents.append(Document(id: "full-s\(i)", text: "match goal league striker \(i)", labels: ["sport"]))
            documents.append(Document(id: "full-f\(i)", text: "shares bank profit market \(i)", labels: ["finance"]))
        }
        for i in 0..<240 {
            let sport = i % 2 == 0
            documents.append(Document(
                id: "part-\(i)", text: (sport ? "match league goal" : "shares bank profit") + " harbour quay pier \(i)",
                labels: [sport ? "sport" : "finance"], annotatedLabels: partial ? ["finance", "sport"] : nil))
        }
        return documents
    }

    static func options(_ classifier: String) -> TrainingOptions {
        var options = TrainingOptions()
        options.classifierName = classifier
        options.seed = 0
        options.classifierOptions = ["l2": "1e-4", "epochs": "20"].filter { classifier == "logistic-regression" || $0.key == "l2" }
        return options
    }

    @Test(arguments: ["logistic-regression", "linear-svm"])
    func unjudgedLabelsAreNotTakenAsNegatives(classifier: String) throws {
        let probe = [Document(id: "probe", text: "harbour quay pier")]
        func harbourProbability(partial: Bool) throws -> Float {
            let model = try ModelTrainer.train(Self.corpus(partial: partial), options: Self.options(classifier))
            return model.probabilities(for: probe)[try #require(model.labels.firstIndex(of: "harbour"))]
        }
        let judgedForAll = try harbourProbability(partial: false)
        let judgedForSome = try harbourProbability(partial: true)
        #expect(judgedForSome > judgedForAll + 0.1, "harbour: \(judgedForSome) with partial annotation, \(judgedForAll) without")
        #expect(judgedForSome > 0.5)
    }

    @Test func targetsKnowWhichPairsWereJudged() throws {
        let targets = try LabelTargets(
            labelSets: [["a"], ["b"], [], ["a", "c"]], annotatedSets: [nil, ["a", "b", "zz"], ["c"], ["b"]])
        #expect(targets.labelNames == ["a", "b", "c"] && targets.isMultiLabel && targets.isPartiallyAnnotated)
        #expect(targets.judgedLabels(ofRow: 0) == nil)
        // Unknown names are dropped; a document's own labels are always judged.
        #expect(targets.judgedLabels(ofRow: 1) == [0, 1])
        #expect(targets.judgedLabels(ofRow: 2) == [2])
        #expect(targets.judgedLabels(ofRow: 3) == [0, 1, 2])
        #expect(!targets.isJudged(row: 2, label: 0) && targets.isJudged(row: 2, label: 2))
        #expect(targets.documentsJudgedPerLabel == [3, 3, 3])
        let full = try LabelTargets(labelSets: [["a"], ["b"]])
        #expect(!full.isPartiallyAnnotated && full.documentsJudgedPerLabel == [2, 2])
        #expect(errorText { _ = try LabelTargets(labelSets: [["a"], ["b"]], annotatedSets: [["a"], nil], multiLabel: false) }?
            .hasPrefix("--single-label was given but some documents are annotated for only some labels") == true)
    }

    @Test func classWeightsCountOnlyTheJudgedDocuments() throws {
        // Label a: 1 positive among 2 judged documents; b: 1 of 4.
        let targets = try LabelTargets(labelSets: [["a"], ["b"], [], []], annotatedSets: [nil, ["b"], ["b"], ["b"]])
        let weights = try ClassWeights.resolve("balanced:5", targets: targets)
        #expect(weights.positive == [1, 3])
    }

    @Test func classifiersThatCannotLeaveLabelsOutRefuseSuchCorpora() {
        var options = TrainingOptions()
        options.classifierName = "complement-nb"
        #expect(errorText { _ = try ModelTrainer.train(Self.corpus(partial: true), options: options) }?
            .contains("complement-nb would take the rest as negatives") == true)
        var blended = Self.options("logistic-regression")
        blended.classifierOptions["nb-weight"] = "0.1"
        #expect(errorText { _ = try ModelTrainer.train(Self.corpus(partial: true), options: blended) }?
            .hasPrefix("--nb-weight blends naive Bayes counts") == true)
    }

    @Test func thresholdsAreCutOverTheJudgedDocumentsOnly() throws {
        var options = Self.options("logistic-regression")
        options.thresholdTuning = ThresholdTuning(folds: 3)
        let model = try ModelTrainer.train(Self.corpus(partial: true), options: options)
        let harbour = try #require(model.labels.firstIndex(of: "harbour"))
        // Break-even over the 72 fully judged documents: 24 harbour positives; the 240 partial
        // ones, which score high for harbour, are not counted as its false positives.
        let probabilities = model.probabilities(for: Self.corpus(partial: true).filter { $0.annotatedLabels == nil })
        let predicted = (0..<72).filter { probabilities[$0 * model.labels.count + harbour] >= model.threshold(forLabel: harbour) }
        #expect(predicted.count == 24)
    }

    @Test func theDigestIncludesTheAnnotation() {
        let judged = Document(id: "a", text: "t", labels: ["x"])
        var partial = judged
        partial.annotatedLabels = ["x", "y"]
        var reordered = judged
        reordered.annotatedLabels = ["y", "x"]
        #expect(TrainingProvenance.hash(judged) != TrainingProvenance.hash(partial))
        #expect(TrainingProvenance.hash(partial) == TrainingProvenance.hash(reordered))
    }

    @Test func jsonLinesCarryTheAnnotation() throws {
        let scratch = TemporaryDirectory()
        defer { scratch.remove() }
        let path = scratch.write("c.jsonl", """
            {"id": "a", "text": "one", "labels": ["x"], "annotated_labels": ["x", "y"]}
            {"id": "b", "text": "two", "labels": [], "annotated_labels": ["x"]}
            {"id": "c", "text": "three", "labels": ["y"]}

            """)
        let documents = try readDocuments(path, requireLabels: true)
        #expect(documents.map { $0.annotatedLabels } == [["x", "y"], ["x"], nil])
        let bad = scratch.write("bad.jsonl", "{\"id\": \"a\", \"text\": \"one\", \"labels\": [\"x\"], \"annotated_labels\": 3}\n")
        #expect(errorText { _ = try readDocuments(bad, requireLabels: true) } == "\(bad):1: malformed JSON at column 65: \"annotated_labels\" must be a list of strings")
        let unlabelled = scratch.write("none.jsonl", "{\"id\": \"a\", \"text\": \"one\", \"labels\": []}\n")
        #expect(errorText { _ = try readDocuments(unlabelled, requireLabels: true) } == "\(unlabelled):1: document \"a\" has no labels")
    }

    @Test func streamingTrainingRefusesPartialAnnotation() throws {
        let scratch = TemporaryDirectory()
        defer { scratch.remove() }
        let path = scratch.write("c.jsonl", "{\"id\": \"a\", \"text\": \"one\", \"labels\": [\"x\"], \"annotated_labels\": [\"x\"]}\n")
        var options = TrainingOptions()
        options.classifierName = "complement-nb"
        #expect(errorText { _ = try StreamingTrainer.train([path], reader: CorpusReader(requireLabels: true), options: options) }?
            .contains("which trains in memory only") == true)
    }

    @Test func documentsCutToTheirFirstWords() {
        let document = Document(id: "a", text: "one two\nthree\tfour  five", title: "Big  news", labels: ["x"], annotatedLabels: ["x"])
        let cut = document.truncated(toWords: 4)
        #expect(cut.text == "Big news one two" && cut.title == nil && cut.labels == ["x"] && cut.annotatedLabels == ["x"])
        #expect(document.truncated(toWords: 100).text == "Big news one two three four five")
    }
}
