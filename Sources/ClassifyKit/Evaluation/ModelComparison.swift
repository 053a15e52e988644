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
        let probabilities = models.map { $0.probabilities(for: documents.map(\.text)) }
        let reports = models.indices.map { Evaluator.evaluate(models[$0], on: documents, probabilities: probabilities[$0]) }
        let multiLabel = models.contains { $0.isMultiLabel }
        let metrics = multiLabel ? ["micro_f1", "macro_f1", "samples_f1", "subset_accuracy"] : ["accuracy", "macro_f1", "weighted_f1"]
        func value(_ report: EvaluationReport, _ metric: String) -> Double { report.metric(metric) ?? 0 }
        var best: [String: String] = [:]
        for metric in metrics {
            if let top = reports.indices.max(by: { value(reports[$0], metric) < value(reports[$1], metric) }) { best[metric] = names[top] }
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
        let width = max(10, result.models.map(\.count).max() ?? 10)
        var lines = ["model".padding(toLength: width, withPad: " ", startingAt: 0) + result.metrics.map { "  " + $0.padding(toLength: 16, withPad: " ", startingAt: 0) }.joined()]
        for (name, report) in zip(result.models, result.reports) {
            var line = name.padding(toLength: width, withPad: " ", startingAt: 0)
            for metric in result.metrics {
                let value = report.metric(metric) ?? .nan
                let cell = String(format: "%.4f", value) + (result.best[metric] == name ? "*" : " ")
                line += "  " + cell.padding(toLength: 16, withPad: " ", startingAt: 0)
            }
            lines.append(line)
        }
        if let test = result.significance {
            lines.append("")
            lines.append("\(test.test) (exact-match decisions): \(test.detail); χ² = \(String(format: "%.3f", test.statistic)), p = \(String(format: "%.4f", test.pValue))"
                + (test.pValue < 0.05 ? " (significant at 0.05)" : " (not significant at 0.05)"))
        }
        return lines.joined(separator: "\n")
    }
}
