import Testing
@testable import ClassifyKit

@Suite struct EvaluatorTests {
    func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-4 } ?? false }

    @Test func singleLabelMetricsMatchScikitLearn() {
        // sklearn: y_true = [a, a, b, c], y_pred = [a, b, b, b].
        let report = Evaluator.evaluate(
            truth: [["a"], ["a"], ["b"], ["c"]], predicted: [[0], [1], [1], [1]], labels: ["a", "b", "c"],
            multiLabel: false, classifier: "test")
        #expect(close(report.accuracy, 0.5))
        #expect(close(report.microF1, 0.5))
        #expect(close(report.macroF1, 0.3889))
        #expect(close(report.weightedF1, 0.4583))
        #expect(close(report.perClass["b"]?.precision, 1.0 / 3))
        #expect(report.perClass["c"]?.support == 1 && report.perClass["c"]?.predicted == 0)
        #expect(report.confusionMatrix?.counts == [[1, 1, 0], [0, 1, 0], [0, 1, 0]])
        #expect(report.confusionMatrix?.topConfusions(1).first?.count == 1)
    }

    @Test func multiLabelMetricsAndUnknownLabels() {
        // Doc 1: {x, y} predicted {x}; doc 2: {y} predicted {x, y}; doc 3: {z-unknown} predicted {x}.
        let report = Evaluator.evaluate(
            truth: [["x", "y"], ["y"], ["new"]], predicted: [[0], [0, 1], [0]], labels: ["x", "y"],
            multiLabel: true, classifier: "test")
        #expect(report.accuracy == nil)
        #expect(close(report.subsetAccuracy, 0))
        // tp: x 1, y 1; fp: x 2; fn: y 1, plus the unknown label → micro P 2/4, R 2/4.
        #expect(close(report.microPrecision, 0.5) && close(report.microRecall, 0.5))
        #expect(close(report.samplesF1, (2.0 / 3 + 2.0 / 3 + 0) / 3))
        // Hamming loss counts wrong decisions over the model's labels: 3 of 3 × 2.
        #expect(close(report.hammingLoss, 3.0 / 6))
        #expect(report.unknownLabels == ["new": 1])
        #expect(ReportFormatter.text(report).contains("labels only in the test data (the model cannot predict them): new (1)"))
    }

    @Test func macroAveragesRunOverLabelsPresentInTestOrPredictions() {
        // The model knows a, b, c; the test data has only a, all predicted right.
        let perfect = Evaluator.evaluate(truth: [["a"], ["a"]], predicted: [[0], [0]], labels: ["a", "b", "c"], multiLabel: false, classifier: "t")
        #expect(perfect.macroF1 == 1)
        #expect(perfect.perClass["b"]?.undefined == ["precision", "recall", "f1"])
        // A label only in the test data counts in the averages as missed.
        let unknown = Evaluator.evaluate(truth: [["a"], ["new"]], predicted: [[0], [0]], labels: ["a", "b"], multiLabel: false, classifier: "t")
        #expect(close(unknown.macroRecall, 0.5))
        #expect(unknown.unknownLabels == ["new": 1])
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let report = Evaluator.evaluate(
            truth: [["a"], ["b"]], predicted: [[0], [0]], labels: ["a", "b"], multiLabel: false, classifier: "test")
        let json = try ReportFormatter.json(report)
        for key in ["\"accuracy\"", "\"micro_f1\"", "\"macro_f1\"", "\"weighted_f1\"", "\"documents\"", "\"per_class\"", "\"precision\"", "\"recall\"", "\"f1\"", "\"support\""] {
            #expect(json.contains(key))
        }
        #expect(try ReportFormatter.json(report) == json)
    }
}
