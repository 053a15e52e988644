import Testing
@testable import ClassifyKit

@Suite struct ThresholdTunerTests {
    @Test func bestThresholdMaximisesF1() {
        // Positives at 0.9, 0.6, 0.35; negatives at 0.7, 0.2, 0.1.
        let scores: [Float] = [0.9, 0.7, 0.6, 0.35, 0.2, 0.1]
        let truth = [true, false, true, true, false, false]
        // Cutting below 0.35 keeps all three positives and one negative: F1 = 6/7, the best.
        let threshold = ThresholdTuner.bestThreshold(scores: scores, truth: truth, fallback: 0.5)
        #expect(abs(threshold - 0.275) < 1e-6)
        #expect(ThresholdTuner.bestThreshold(scores: scores, truth: [Bool](repeating: false, count: 6), fallback: 0.5) == 0.5)
        // Clamped to the allowed range.
        // Below the lowest positive, halfway to zero; and never outside the allowed range.
        #expect(ThresholdTuner.bestThreshold(scores: [0.99, 0.98], truth: [true, true], fallback: 0.5) == 0.49)
        #expect(abs(ThresholdTuner.bestThreshold(scores: [0.08, 0.01], truth: [true, false], fallback: 0.5) - 0.045) < 1e-6)
        #expect(ThresholdTuner.bestThreshold(scores: [0.008, 0.001], truth: [true, false], fallback: 0.5) == 0.005)
    }

    @Test func breakEvenThresholdPredictsAsManyAsThereArePositives() {
        let scores: [Float] = [0.9, 0.7, 0.6, 0.35, 0.2, 0.1]
        let truth = [true, false, true, true, false, false]
        // Three positives: the cut sits between the third and fourth highest scores.
        #expect(abs(ThresholdTuner.breakEvenThreshold(scores: scores, truth: truth, fallback: 0.5) - 0.475) < 1e-6)
        #expect(ThresholdTuner.breakEvenThreshold(scores: scores, truth: [Bool](repeating: false, count: 6), fallback: 0.4) == 0.4)
        // All positive: halfway to zero; never outside the range.
        #expect(ThresholdTuner.breakEvenThreshold(scores: [0.9, 0.8], truth: [true, true], fallback: 0.5) == 0.4)
        #expect(ThresholdTuner.breakEvenThreshold(scores: [0.99, 0.98, 0.97], truth: [true, false, false], fallback: 0.5) == 0.95)
        // Low probabilities are kept (no 0.005 floor as for the F1 rule); zero is never a threshold.
        #expect(abs(ThresholdTuner.breakEvenThreshold(scores: [0.002, 0.001], truth: [true, false], fallback: 0.5) - 0.0015) < 1e-9)
        #expect(ThresholdTuner.breakEvenThreshold(scores: [0, 0, 0], truth: [true, false, false], fallback: 0.5) == ThresholdTuner.breakEvenFloor)
    }

    @Test func tunedThresholdsAreStoredAndUsed() throws {
        var documents: [Document] = []
        let topics = [("war", "army troops tanks artillery front"), ("vote", "parliament election ballot minister"), ("money", "bank rates inflation markets")]
        for i in 0..<45 {
            let (label, words) = topics[i % 3]
            let extra = i % 5 == 0 ? " " + topics[(i + 1) % 3].1.split(separator: " ").first! : ""
            var labels = [label]
            if i % 5 == 0 { labels.append(topics[(i + 1) % 3].0) }
            documents.append(Document(id: "\(i)", text: words + extra + " story \(i)", labels: labels))
        }
        var options = TrainingOptions()
        options.classifierName = "multinomial-nb"
        options.tfidf.minDF = 1
        var model = try ModelTrainer.train(documents, options: options)
        let thresholds = try ThresholdTuner.tune(model: model, documents: documents, options: options, folds: 3, seed: 1)
        #expect(thresholds.count == 3)
        let f1Thresholds = try ThresholdTuner.tune(model: model, documents: documents, options: options, folds: 3, seed: 1, rule: .f1)
        #expect(f1Thresholds.count == 3 && f1Thresholds.allSatisfy { ThresholdTuner.range.contains($0) })
        #expect(thresholds.allSatisfy { (ThresholdTuner.breakEvenFloor...ThresholdTuner.range.upperBound).contains($0) })
        #expect(try ThresholdTuner.tune(model: model, documents: documents, options: options, folds: 3, seed: 1) == thresholds)
        model.thresholds = thresholds
        let restored = try ModelFile.decode(try ModelFile.encode(model), path: "m")
        #expect(restored.thresholds == thresholds)
        // A label is chosen at its own threshold; an override replaces all of them.
        let row: [Float] = thresholds.map { $0 + 0.001 }
        #expect(Set(model.decide(row[...])) == [0, 1, 2])
        #expect(model.decide(row[...], threshold: 0.999).count == 1)
        #expect(errorText { _ = try ThresholdTuner.tune(model: model, documents: documents, options: options, folds: 1, seed: 1) }
            == "--threshold-folds must be between 2 and the number of documents (45)")
    }
}
