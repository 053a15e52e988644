/// Several trained models on one test set: one row each, the best per metric marked, and
/// McNemar's test between the two best.
public enum ModelComparison {
    public struct Result: Codable, Sendable {
        public var models: [String]
        public var reports: [EvaluationReport]
        public var metrics: [String]
        public var best: [String: String]
        public var significance: Statistics.TestResult?
    }

    /// Evaluates every model on `documents`. `names` label the rows (model paths, say).
    public static func compare(_ models: [TrainedModel], names: [String], on documents: [Document]) -> Result {
        let probabilities = models.map { $0.probabilities(for: documents) }
        let reports = models.indices.map { Evaluator.evaluate(models[$0], on: documents, probabilities: probabilities[$0]) }
        let multiLabel = models.contains { $0.isMultiLabel }
        let metrics = multiLabel
            ? ["micro_f1", "macro_f1", "samples_f1", "subset_accuracy", "log_loss"] : ["accuracy", "macro_f1", "weighted_f1", "log_loss"]
        func value(_ report: EvaluationReport, _ metric: String) -> Double { report.metric(metric) ?? 0 }
        var best: [String: String] = [:]
        for metric in metrics {
            // Higher is better, but for losses; a model without the figure never wins.
            let lower = CrossValidation.lowerIsBetter.contains(metric)
            let candidates = reports.indices.filter { reports[$0].metric(metric) != nil }
            let top = lower
                ? candidates.min { value(reports[$0], metric) < value(reports[$1], metric) }
                : candidates.max { value(reports[$0], metric) < value(reports[$1], metric) }
            if let top { best[metric] = names[top] }
        }
        var significance: Statistics.TestResult?
        if models.count >= 2 {
            let ranked = reports.indices.sorted { value(reports[$0], metrics[0]) > value(reports[$1], metrics[0]) }
            let (a, b) = (ranked[0], ranked[1])
            let correct = { (m: Int) -> [Bool] in
                let model = models[m], count = model.labels.count
                return documents.indices.map { i in
                    let ids = model.decide(probabilities[m][(i * count)..<((i + 1) * count)])
                    return Set(ids.map { model.labels[$0] }) == Set(documents[i].labels)
                }
            }
            var test = Statistics.mcNemar(correctA: correct(a), correctB: correct(b))
            test.detail = "\(names[a]) vs \(names[b]): " + test.detail
            significance = test
        }
        return Result(models: names, reports: reports, metrics: metrics, best: best, significance: significance)
    }

    /// The comparison as a table.
    public static func table(_ result: Result) -> String {
        var lines = ComparisonTable.rows(
            nameHeader: "model", names: result.models, metrics: result.metrics, cellWidth: 16, best: result.best, markBest: true,
            cell: { cell(result, $0, $1) })
        if let note = significance(result) {
            lines.append("")
            lines.append(note)
        }
        return lines.joined(separator: "\n")
    }

    /// The same as `table`, as a self-contained HTML page titled `title`.
    public static func html(_ result: Result, title: String) -> String {
        HTMLReport.comparison(
            title: title, lede: "\(result.models.count) models on the same test documents", header: ["model"] + result.metrics,
            rows: ComparisonTable.cells(names: result.models, metrics: result.metrics, best: result.best, markBest: true, cell: { cell(result, $0, $1) }),
            note: significance(result))
    }

    /// Model `row`'s value of `metric`.
    static func cell(_ result: Result, _ row: Int, _ metric: String) -> String {
        String(format: "%.4f", result.reports[row].metric(metric) ?? .nan)
    }

    /// The significance test between the two best models, when there are two or more.
    static func significance(_ result: Result) -> String? {
        result.significance.map { ComparisonTable.significance($0, name: "\($0.test) (exact-match decisions)", symbol: "χ²") }
    }
}
