import Foundation
import Testing
@testable import ClassifyKit

@Suite struct LabelRulesTests {
    /// Labels 0…3 ranked by probability 3, 1, 0, 2; label 3 is never alone.
    let ranked = [3, 1, 0, 2]
    let neverAlone = { (l: Int) in l == 3 }

    @Test func aNeverAloneLabelGetsTheMostProbableOtherLabelBesideIt() {
        let rules = LabelRules(neverAlone: ["flag"])
        #expect(rules.apply(chosen: [3], ranked: { ranked }, isNeverAlone: neverAlone) == [3, 1])
        #expect(rules.apply(chosen: [3, 0], ranked: { ranked }, isNeverAlone: neverAlone) == [3, 0])
        #expect(rules.apply(chosen: [1], ranked: { ranked }, isNeverAlone: neverAlone) == [1])
    }

    @Test func theCapKeepsTheMostProbableLabelsAndNeverLeavesANeverAloneLabelAlone() {
        let capped = LabelRules(maximumLabels: 2)
        #expect(capped.apply(chosen: [3, 1, 0], ranked: { ranked }, isNeverAlone: neverAlone) == [3, 1])
        let cappedAtOne = LabelRules(maximumLabels: 1, neverAlone: ["flag"])
        #expect(cappedAtOne.apply(chosen: [3, 1, 0], ranked: { ranked }, isNeverAlone: neverAlone) == [1])
        #expect(cappedAtOne.apply(chosen: [3], ranked: { ranked }, isNeverAlone: neverAlone) == [1])
        #expect(LabelRules.none.apply(chosen: [3], ranked: { ranked }, isNeverAlone: neverAlone) == [3])
        // Rules that never passed `check` do not trap.
        #expect(LabelRules(maximumLabels: 0, neverAlone: ["flag"]).apply(chosen: [3], ranked: { ranked }, isNeverAlone: neverAlone) == [3, 1])
    }

    @Test func aSingleLabelModelCannotBeSavedWithRules() throws {
        var options = TrainingOptions()
        options.classifierName = "complement-nb"
        var model = try ModelTrainer.train(ModelFileTests.documents.filter { $0.labels.count == 1 }, options: options)
        #expect(!model.isMultiLabel)
        model.labelRules = LabelRules(maximumLabels: 2)
        #expect(errorText { _ = try ModelFile.encode(model) } == "a single-label model cannot have label rules (--max-labels, --never-alone)")
    }

    /// A fold of a corpus may lack a never-alone label of the whole corpus: it trains, without it.
    @Test func aFoldWithoutANeverAloneLabelKeepsTheOthers() throws {
        var options = TrainingOptions()
        options.classifierName = "logistic-regression"
        options.multiLabel = true
        options.labelRules = LabelRules(maximumLabels: 2, neverAlone: ["harbour", "lighthouse"])
        #expect(errorText { _ = try ModelTrainer.train(PartialAnnotationTests.corpus(partial: false), options: options) }
            == "--never-alone \"lighthouse\" is not a label of the training corpus")
        options.knownLabels = ["lighthouse"]
        let model = try ModelTrainer.train(PartialAnnotationTests.corpus(partial: false), options: options)
        #expect(model.labelRules == LabelRules(maximumLabels: 2, neverAlone: ["harbour"]))
    }

    @Test func rulesAreCheckedAgainstTheLabels() {
        #expect(errorText { try LabelRules(maximumLabels: 0).check(labels: ["a", "b"]) } == "--max-labels must be at least 1 (got 0)")
        #expect(errorText { try LabelRules(neverAlone: ["c"]).check(labels: ["a", "b"]) } == "--never-alone \"c\" is not a label of the training corpus")
        #expect(errorText { try LabelRules(neverAlone: ["a", "b"]).check(labels: ["a", "b"]) } == "--never-alone names every label, so no prediction could satisfy it")
    }

    /// A multi-label model whose rules are stored in the file and applied by `predict`.
    @Test func rulesTravelInTheModelFileAndDecidePredictions() throws {
        var options = TrainingOptions()
        options.classifierName = "logistic-regression"
        options.seed = 0
        options.multiLabel = true
        options.labelRules = LabelRules(maximumLabels: 2, neverAlone: ["harbour"])
        let documents = PartialAnnotationTests.corpus(partial: false) + (0..<6).map {
            Document(id: "all-\($0)", text: "harbour quay match goal shares bank", labels: ["finance", "harbour", "sport"])
        }
        let model = try ModelTrainer.train(documents, options: options)
        let predictions = model.predict(documents, threshold: 1e-9)
        #expect(predictions.allSatisfy { $0.labels.count <= 2 && $0.labels != ["harbour"] })
        let unruled = model.predict(documents, threshold: 1e-9, rules: LabelRules.none)
        #expect(unruled.contains { $0.labels.count > 2 })
        options.threshold = 0.99
        let strict = try ModelTrainer.train(documents, options: options)
        #expect(strict.predict(documents, rules: LabelRules.none).contains { $0.labels == ["harbour"] })
        #expect(strict.predict(documents).allSatisfy { $0.labels != ["harbour"] })
        let loaded = try ModelFile.decode(try ModelFile.encode(model), path: "m")
        #expect(loaded.labelRules == options.labelRules)
        #expect(loaded.predict(documents, threshold: 1e-9) == predictions)
        // A file whose rules name a label it does not have is damaged.
        let bytes = try ModelFile.encode(model)
        let damaged = CraftedModel.rewritingHeader(bytes) { $0.replacingOccurrences(of: "\"never_alone\":[\"harbour\"]", with: "\"never_alone\":[\"peace\"]") }
        #expect(errorText { _ = try ModelFile.decode(damaged, path: "m") }
            == "m: the model's label rules are invalid (--never-alone \"peace\" is not a label of the training corpus); the file is damaged")
    }

    @Test func singleLabelModelsTakeNoRules() {
        var options = TrainingOptions()
        options.classifierName = "complement-nb"
        options.labelRules = LabelRules(maximumLabels: 2)
        #expect(errorText { _ = try ModelTrainer.train(ModelFileTests.documents.filter { $0.labels.count == 1 }, options: options) }?
            .hasPrefix("--max-labels and --never-alone apply to multi-label models only") == true)
    }

    /// Thresholds cut over whole documents and their first words hold for short texts too: with
    /// the cuts, a label is not predicted for more one-word texts than whole documents carry it.
    @Test func thresholdsTunedOnCutDocumentsStillPredictEachLabel() throws {
        var options = TrainingOptions()
        options.classifierName = "logistic-regression"
        options.seed = 0
        options.multiLabel = true
        let documents = PartialAnnotationTests.corpus(partial: false)
        options.thresholdTuning = ThresholdTuning(folds: 3)
        let whole = try ModelTrainer.train(documents, options: options)
        options.thresholdTuning = ThresholdTuning(folds: 3, lengths: [2])
        let cut = try ModelTrainer.train(documents, options: options)
        #expect(whole.thresholds != cut.thresholds)
        let shortTexts = documents.map { $0.truncated(toWords: 2) }
        for model in [whole, cut] {
            let predicted = model.predict(shortTexts).map(\.labels)
            #expect(zip(predicted, documents).filter { $0.0.contains($0.1.labels[0]) }.count > documents.count / 2)
        }
        #expect(errorText { _ = try ThresholdTuner.tune(model: whole, documents: documents, options: options, folds: 3, seed: 0, lengths: [0]) }
            == "--tune-lengths takes word counts of at least 1")
    }
}
