/// Precision, recall, F1 and support of one label, with the counts behind them.
public struct LabelMetrics: Codable, Sendable, Equatable {
    public var precision: Double
    public var recall: Double
    public var f1: Double
    /// Test documents that carry the label.
    public var support: Int
    public var truePositives: Int
    public var falsePositives: Int
    public var falseNegatives: Int
    /// The ratios whose denominator is 0, reported as 0: `precision` when the label was never
    /// predicted, `recall` when no test document carries it (`f1` when both).
    public var undefined: [String]?

    enum CodingKeys: String, CodingKey {
        case precision, recall, f1, support, undefined
        case truePositives = "true_positives", falsePositives = "false_positives", falseNegatives = "false_negatives"
    }

    /// Metrics from counts. A ratio whose denominator is 0 is reported as 0 (scikit-learn's
    /// `zero_division=0`); `predicted == 0` or `support == 0` says which.
    public init(truePositives tp: Int, falsePositives fp: Int, falseNegatives fn: Int) {
        truePositives = tp
        falsePositives = fp
        falseNegatives = fn
        support = tp + fn
        precision = tp + fp > 0 ? Double(tp) / Double(tp + fp) : 0
        recall = tp + fn > 0 ? Double(tp) / Double(tp + fn) : 0
        f1 = 2 * tp + fp + fn > 0 ? 2 * Double(tp) / Double(2 * tp + fp + fn) : 0
        var undefined: [String] = []
        if tp + fp == 0 { undefined.append("precision") }
        if tp + fn == 0 { undefined.append("recall") }
        if 2 * tp + fp + fn == 0 { undefined.append("f1") }
        self.undefined = undefined.isEmpty ? nil : undefined
    }

    /// The number of documents predicted to carry the label.
    public var predicted: Int { truePositives + falsePositives }
}
