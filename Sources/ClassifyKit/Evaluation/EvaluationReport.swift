/// The quality of a model on a labelled test corpus.
public struct EvaluationReport: Codable, Sendable {
    /// The number of test documents.
    public var documents: Int
    /// Whether the model is multi-label.
    public var multiLabel: Bool
    /// Single-label: the fraction of documents whose label was predicted (nil for multi-label).
    public var accuracy: Double?
    /// Multi-label: the fraction of documents whose whole label set was predicted exactly.
    public var subsetAccuracy: Double?
    public var microPrecision: Double
    public var microRecall: Double
    public var microF1: Double
    public var macroPrecision: Double
    public var macroRecall: Double
    public var macroF1: Double
    public var weightedF1: Double
    /// Multi-label: the mean over documents of the F1 between true and predicted label sets.
    public var samplesF1: Double?
    /// Multi-label: the fraction of (document, label) decisions that are wrong.
    public var hammingLoss: Double?
    /// Every model label, with its metrics.
    public var perClass: [String: LabelMetrics]
    /// Labels found in the test data that the model never saw, with how many documents carry each.
    public var unknownLabels: [String: Int]
    /// Single-label: true × predicted counts.
    public var confusionMatrix: ConfusionMatrix?
    /// The classifier and model evaluated.
    public var classifier: String
    /// The label order of the model.
    public var labels: [String]
    /// Single-label: the fraction of documents whose true label is among the k most probable, by k.
    public var topKAccuracy: [String: Double]?
    /// Multi-label: mean precision of the k most probable labels, by k.
    public var precisionAtK: [String: Double]?
    /// Multi-label: mean recall of the k most probable labels, by k.
    public var recallAtK: [String: Double]?
    /// How multi-label decisions were made: `tuned` (per-label thresholds), `global`, or `override`.
    public var thresholds: String?
    /// With tuned thresholds: the micro- and macro-F1 the same model gets with one global threshold.
    public var globalThresholdMicroF1: Double?
    public var globalThresholdMacroF1: Double?
    /// Multi-label: the micro-averaged precision-recall curve as the global threshold sweeps.
    public var precisionRecallCurve: [PrecisionRecallPoint]?
    /// What the model is (for reports): classifier options and feature settings.
    public var model: ModelSummary?
    /// How well the model's probabilities match what happened (reports from a model only).
    public var calibration: Calibration?

    enum CodingKeys: String, CodingKey {
        case documents, multiLabel = "multi_label", accuracy, subsetAccuracy = "subset_accuracy"
        case microPrecision = "micro_precision", microRecall = "micro_recall", microF1 = "micro_f1"
        case macroPrecision = "macro_precision", macroRecall = "macro_recall", macroF1 = "macro_f1"
        case weightedF1 = "weighted_f1", samplesF1 = "samples_f1", hammingLoss = "hamming_loss"
        case perClass = "per_class", unknownLabels = "unknown_labels", confusionMatrix = "confusion_matrix"
        case classifier, labels, topKAccuracy = "top_k_accuracy", precisionAtK = "precision_at_k"
        case recallAtK = "recall_at_k", thresholds, globalThresholdMicroF1 = "global_threshold_micro_f1"
        case globalThresholdMacroF1 = "global_threshold_macro_f1", precisionRecallCurve = "precision_recall_curve", model
        case calibration
    }
}

extension EvaluationReport {
    /// A headline metric by its JSON name (`accuracy`, `micro_f1`, `macro_f1`, `weighted_f1`,
    /// `samples_f1`, `subset_accuracy`, `hamming_loss`, `log_loss` from the calibration), or nil
    /// where it does not apply.
    public func metric(_ name: String) -> Double? {
        switch name {
        case "accuracy": accuracy
        case "micro_f1": microF1
        case "macro_f1": macroF1
        case "weighted_f1": weightedF1
        case "samples_f1": samplesF1
        case "subset_accuracy": subsetAccuracy
        case "hamming_loss": hammingLoss
        case "log_loss": calibration?.logLoss
        default: nil
        }
    }
}

/// One point of a precision-recall curve.
public struct PrecisionRecallPoint: Codable, Sendable, Equatable {
    public var threshold: Float
    public var precision: Double
    public var recall: Double
}

/// What was evaluated, as reports show it.
public struct ModelSummary: Codable, Sendable, Equatable {
    public var path: String?
    public var classifier: String
    public var options: [String: String]
    public var features: String
    public var trainingDocuments: Int

    enum CodingKeys: String, CodingKey {
        case path, classifier, options, features, trainingDocuments = "training_documents"
    }
}

/// Computes evaluation reports.
public enum Evaluator {
    /// Compares predicted label ids with the documents' true labels.
    ///
    /// - Parameters:
    ///   - truth: each document's true label names (names the model does not know are reported in
    ///     `unknownLabels` and count as missed).
    ///   - predicted: each document's predicted label ids.
    public static func evaluate(
        truth: [[String]], predicted: [[Int]], labels: [String], multiLabel: Bool, classifier: String
    ) -> EvaluationReport {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let labelCount = labels.count
        var tp = [Int](repeating: 0, count: labelCount)
        var fp = tp, fn = tp
        var unknown: [String: Int] = [:]
        var unknownMisses = 0
        var correct = 0
        var samplesF1Sum = 0.0
        var hammingErrors = 0
        var confusion = multiLabel ? nil : ConfusionMatrix(labels: labels)
        for (names, chosen) in zip(truth, predicted) {
            var trueIds = Set<Int>()
            var missing = 0
            for name in Set(names) {
                if let id = index[name] { trueIds.insert(id) } else { unknown[name, default: 0] += 1; missing += 1 }
            }
            unknownMisses += missing
            let predictedIds = Set(chosen)
            for id in predictedIds { if trueIds.contains(id) { tp[id] += 1 } else { fp[id] += 1 } }
            for id in trueIds where !predictedIds.contains(id) { fn[id] += 1 }
            if trueIds == predictedIds && missing == 0 { correct += 1 }
            let hits = trueIds.intersection(predictedIds).count
            let denominator = trueIds.count + missing + predictedIds.count
            samplesF1Sum += denominator > 0 ? 2 * Double(hits) / Double(denominator) : 1
            hammingErrors += trueIds.symmetricDifference(predictedIds).count
            if var matrix = confusion, let t = trueIds.first, let p = chosen.first, trueIds.count == 1 {
                matrix.add(truth: t, predicted: p)
                confusion = matrix
            }
        }
        var perClass: [String: LabelMetrics] = [:]
        var metrics: [LabelMetrics] = []
        for l in 0..<labelCount {
            let m = LabelMetrics(truePositives: tp[l], falsePositives: fp[l], falseNegatives: fn[l])
            perClass[labels[l]] = m
            // Averages run over the labels present in the test data or the predictions (as
            // scikit-learn's), plus the labels only the test data has (never predicted: F1 0).
            if m.support > 0 || m.predicted > 0 { metrics.append(m) }
        }
        for (_, count) in unknown.sorted(by: { $0.key < $1.key }) {
            metrics.append(LabelMetrics(truePositives: 0, falsePositives: 0, falseNegatives: count))
        }
        let micro = LabelMetrics(
            truePositives: tp.reduce(0, +), falsePositives: fp.reduce(0, +),
            falseNegatives: fn.reduce(0, +) + unknownMisses)
        let count = Double(max(metrics.count, 1))
        let totalSupport = metrics.reduce(0) { $0 + $1.support }
        let documents = truth.count
        return EvaluationReport(
            documents: documents,
            multiLabel: multiLabel,
            accuracy: multiLabel ? nil : Double(correct) / Double(max(documents, 1)),
            subsetAccuracy: multiLabel ? Double(correct) / Double(max(documents, 1)) : nil,
            microPrecision: micro.precision, microRecall: micro.recall, microF1: micro.f1,
            macroPrecision: metrics.reduce(0) { $0 + $1.precision } / count,
            macroRecall: metrics.reduce(0) { $0 + $1.recall } / count,
            macroF1: metrics.reduce(0) { $0 + $1.f1 } / count,
            weightedF1: totalSupport > 0 ? metrics.reduce(0) { $0 + $1.f1 * Double($1.support) } / Double(totalSupport) : 0,
            samplesF1: multiLabel ? samplesF1Sum / Double(max(documents, 1)) : nil,
            hammingLoss: multiLabel ? Double(hammingErrors) / Double(max(documents * labelCount, 1)) : nil,
            perClass: perClass, unknownLabels: unknown, confusionMatrix: confusion,
            classifier: classifier, labels: labels)
    }

    /// Predicts `documents` with `model` and evaluates the predictions, with ranking metrics, the
    /// precision-recall curve (multi-label), and, for tuned thresholds, the global-threshold figures.
    public static func evaluate(_ model: TrainedModel, on documents: [Document], threshold: Float? = nil, modelPath: String? = nil) -> EvaluationReport {
        evaluate(model, on: documents, probabilities: model.probabilities(for: documents), threshold: threshold, modelPath: modelPath)
    }

    /// `evaluate` with the model's probabilities for `documents` already computed.
    static func evaluate(
        _ model: TrainedModel, on documents: [Document], probabilities: [Float], threshold: Float? = nil, modelPath: String? = nil
    ) -> EvaluationReport {
        evaluate(model, truth: documents.map(\.labels), probabilities: probabilities, threshold: threshold, modelPath: modelPath)
    }

    /// The report of `model` on documents whose true labels are `truth` and whose probabilities
    /// (row-major, documents × the model's labels) are `probabilities`.
    public static func evaluate(
        _ model: TrainedModel, truth: [[String]], probabilities: [Float], threshold: Float? = nil, modelPath: String? = nil
    ) -> EvaluationReport {
        let count = model.labels.count
        func decisions(_ override: Float?) -> [[Int]] {
            (0..<truth.count).map { model.decide(probabilities[($0 * count)..<(($0 + 1) * count)], threshold: override) }
        }
        var report = evaluate(
            truth: truth, predicted: decisions(threshold), labels: model.labels, multiLabel: model.isMultiLabel,
            classifier: model.classifierName)
        let ranking = RankingMetrics(probabilities: probabilities, truth: truth, labels: model.labels)
        if model.isMultiLabel {
            report.precisionAtK = ranking.precisionAtK([1, 3, 5])
            report.recallAtK = ranking.recallAtK([1, 3, 5])
            report.precisionRecallCurve = ranking.microPrecisionRecallCurve(points: 50)
            report.thresholds = threshold != nil ? "override" : (model.thresholds != nil ? "tuned" : "global")
            if threshold == nil && model.thresholds != nil {
                let global = evaluate(
                    truth: truth, predicted: decisions(model.threshold), labels: model.labels, multiLabel: true,
                    classifier: model.classifierName)
                report.globalThresholdMicroF1 = global.microF1
                report.globalThresholdMacroF1 = global.macroF1
            }
        } else {
            report.topKAccuracy = ranking.topKAccuracy([1, 3, 5].filter { $0 < count || $0 == 1 })
        }
        report.calibration = Calibration(
            probabilities: probabilities, truth: truth, labels: model.labels, multiLabel: model.isMultiLabel)
        report.model = ModelSummary(
            path: modelPath, classifier: model.classifierName, options: model.classifier.chosenParameters.values,
            features: model.vectorizer.options.summary, trainingDocuments: model.provenance.documents)
        return report
    }
}

extension TrainedModel {
    /// The chosen label ids of each text.
    public func predictionIds(for texts: [String], threshold: Float? = nil) -> [[Int]] {
        let probabilities = probabilities(for: texts)
        let count = labels.count
        return (0..<texts.count).map { decide(probabilities[($0 * count)..<(($0 + 1) * count)], threshold: threshold) }
    }
}
