import Foundation

/// k-fold cross-validation of one or more classifiers on the same stratified folds, with mean and
/// standard deviation of every headline metric and a paired t-test between the two best.
public enum CrossValidation {
    /// One classifier's results.
    public struct ClassifierResult: Codable, Sendable {
        public var classifier: String
        /// Metric name → value, one entry per fold.
        public var folds: [[String: Double]]
        public var mean: [String: Double]
        public var standardDeviation: [String: Double]

        enum CodingKeys: String, CodingKey { case classifier, folds, mean, standardDeviation = "sd" }
    }

    /// The whole comparison.
    public struct Result: Codable, Sendable {
        public var folds: Int
        public var documents: Int
        public var multiLabel: Bool
        public var metrics: [String]
        public var classifiers: [ClassifierResult]
        /// Metric → the classifier with the best mean.
        public var best: [String: String]
        /// Between the two best on the primary metric (the first of `metrics`).
        public var significance: Statistics.TestResult?
        public var seed: UInt64

        enum CodingKeys: String, CodingKey { case folds, documents, multiLabel = "multi_label", metrics, classifiers, best, significance, seed }
    }

    /// Metrics where lower is better.
    static let lowerIsBetter: Set<String> = ["hamming_loss", "log_loss"]

    /// Runs `folds`-fold cross-validation of every classifier in `options` (one `TrainingOptions`
    /// each, trained by `ModelTrainer` on every fold; their `thresholdTuning` applies where the
    /// corpus is multi-label) on `documents`, with folds assigned by `seed`.
    public static func run(
        _ documents: [Document], options: [TrainingOptions], folds: Int, seed: UInt64, progress: ProgressHandler? = nil
    ) throws -> Result {
        guard folds >= 2, folds <= documents.count else {
            throw ClassifierError("--cv must be between 2 and the number of documents (\(documents.count))")
        }
        let assignment = StratifiedFolds.assign(labelSets: documents.map(\.labels), folds: folds, seed: seed)
        let multiLabel = documents.contains { $0.labels.count != 1 } || options.contains { $0.multiLabel == true }
        let metrics = multiLabel
            ? ["micro_f1", "macro_f1", "samples_f1", "subset_accuracy", "hamming_loss", "log_loss"]
            : ["accuracy", "macro_f1", "weighted_f1", "log_loss"]
        var results: [ClassifierResult] = []
        let allLabels = Set(documents.flatMap(\.labels))
        for var option in options {
            option.knownLabels.formUnion(allLabels)
            // Tuning applies to multi-label corpora only; there every fold trains one-vs-rest, even
            // a fold whose training documents happen to carry one label each.
            if !multiLabel { option.thresholdTuning = nil } else if option.thresholdTuning != nil { option.multiLabel = option.multiLabel ?? true }
            var perFold: [[String: Double]] = []
            for f in 0..<folds {
                let train = documents.indices.filter { assignment[$0] != f }.map { documents[$0] }
                let test = documents.indices.filter { assignment[$0] == f }.map { documents[$0] }
                let model = try ModelTrainer.train(train, options: option)
                let report = Evaluator.evaluate(model, on: test)
                var values: [String: Double] = [:]
                for metric in metrics { values[metric] = report.metric(metric) }
                perFold.append(values)
                progress?("\(option.chosenClassifierName): fold \(f + 1)/\(folds) \(metrics[0]) \(String(format: "%.4f", values[metrics[0]] ?? .nan))")
            }
            var mean: [String: Double] = [:], sd: [String: Double] = [:]
            for metric in metrics {
                let values = perFold.compactMap { $0[metric] }
                let m = values.reduce(0, +) / Double(max(values.count, 1))
                mean[metric] = m
                sd[metric] = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(values.count - 1, 1))).squareRoot()
            }
            results.append(ClassifierResult(classifier: option.chosenClassifierName, folds: perFold, mean: mean, standardDeviation: sd))
        }
        var best: [String: String] = [:]
        for metric in metrics {
            let sorted = results.sorted {
                lowerIsBetter.contains(metric) ? ($0.mean[metric] ?? .infinity) < ($1.mean[metric] ?? .infinity) : ($0.mean[metric] ?? -1) > ($1.mean[metric] ?? -1)
            }
            best[metric] = sorted.first?.classifier
        }
        var significance: Statistics.TestResult?
        if results.count >= 2 {
            let primary = metrics[0]
            let ranked = results.sorted { ($0.mean[primary] ?? 0) > ($1.mean[primary] ?? 0) }
            var test = Statistics.pairedT(ranked[0].folds.map { $0[primary] ?? 0 }, ranked[1].folds.map { $0[primary] ?? 0 })
            test.detail = "\(ranked[0].classifier) vs \(ranked[1].classifier) on \(primary): " + test.detail
            significance = test
        }
        return Result(
            folds: folds, documents: documents.count, multiLabel: multiLabel, metrics: metrics, classifiers: results,
            best: best, significance: significance, seed: seed)
    }

    /// The result as a table: one row per classifier, `mean ± sd` per metric, `*` on the best.
    public static func table(_ result: Result) -> String {
        var lines = [caption(result)]
        lines += ComparisonTable.rows(
            nameHeader: "classifier", names: result.classifiers.map(\.classifier), metrics: result.metrics, cellWidth: 18,
            best: result.best, markBest: result.classifiers.count > 1, cell: { cell(result, $0, $1) })
        if let note = significance(result) {
            lines.append("")
            lines.append(note)
        }
        return lines.joined(separator: "\n")
    }

    /// The same as `table`, as a self-contained HTML page titled `title`.
    public static func html(_ result: Result, title: String) -> String {
        HTMLReport.comparison(
            title: title, lede: caption(result), header: ["classifier"] + result.metrics,
            rows: ComparisonTable.cells(
                names: result.classifiers.map(\.classifier), metrics: result.metrics, best: result.best,
                markBest: result.classifiers.count > 1, cell: { cell(result, $0, $1) }),
            note: significance(result))
    }

    /// What was cross-validated, and how.
    static func caption(_ result: Result) -> String {
        "\(result.folds)-fold cross-validation on \(result.documents) documents (\(result.multiLabel ? "multi-label, iterative stratification" : "single-label, stratified"), seed \(result.seed))"
    }

    /// Classifier `row`'s mean and standard deviation of `metric` over the folds.
    static func cell(_ result: Result, _ row: Int, _ metric: String) -> String {
        let entry = result.classifiers[row]
        return String(format: "%.4f ± %.4f", entry.mean[metric] ?? .nan, entry.standardDeviation[metric] ?? .nan)
    }

    /// The significance test between the two best classifiers, when there are two or more.
    static func significance(_ result: Result) -> String? {
        result.significance.map { ComparisonTable.significance($0, name: $0.test, symbol: "t") }
    }
}
