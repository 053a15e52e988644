import Foundation

/// How far a model's probabilities can be taken at their word: log-loss, Brier score, expected
/// calibration error and a reliability table (predicted probability against observed frequency).
///
/// Single-label models are judged on their confidence, the probability of the label they choose,
/// against whether that label is right. Multi-label models give one independent probability per
/// label, so every (document, label) pair is one prediction of a yes/no outcome.
public struct Calibration: Codable, Sendable, Equatable {
    /// One bin of the reliability table: the predictions whose probability fell in it.
    public struct Bin: Codable, Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
        /// The mean predicted probability in the bin.
        public var meanProbability: Double
        /// How often the predicted outcome actually happened in the bin.
        public var observedFrequency: Double

        enum CodingKeys: String, CodingKey {
            case lower, upper, count, meanProbability = "mean_probability", observedFrequency = "observed_frequency"
        }
    }

    /// The mean negative log-likelihood of the truth (per document, or per document-label pair
    /// for multi-label), probabilities clipped to [1e-15, 1 − 1e-15].
    public var logLoss: Double
    /// The mean squared difference between probabilities and outcomes, summed over labels
    /// (single-label) or per document-label pair (multi-label).
    public var brierScore: Double
    /// Σ over bins of (bin share) × |observed frequency − mean probability|: 0 is perfectly calibrated.
    public var expectedCalibrationError: Double
    /// The reliability table: equal-width bins of probability; empty bins are left out.
    public var bins: [Bin]
    /// What each prediction is: `confidence` (single-label) or `label` (multi-label pairs).
    public var unit: String

    enum CodingKeys: String, CodingKey {
        case logLoss = "log_loss", brierScore = "brier_score", expectedCalibrationError = "expected_calibration_error", bins, unit
    }

    /// The calibration of `probabilities` (documents × labels, row-major) against `truth`.
    /// Documents whose true labels the model does not know are left out.
    public init(probabilities: [Float], truth: [[String]], labels: [String], multiLabel: Bool, binCount: Int = 10) {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let count = labels.count
        let epsilon = 1e-15
        var binTotals = [(count: Int, probability: Double, hits: Double)](repeating: (0, 0, 0), count: binCount)
        func record(_ p: Double, _ hit: Bool) {
            let b = min(binCount - 1, max(0, Int(p * Double(binCount))))
            binTotals[b].count += 1
            binTotals[b].probability += p
            binTotals[b].hits += hit ? 1 : 0
        }
        var logLoss = 0.0
        var brier = 0.0
        var units = 0
        var documents = 0
        for (d, names) in truth.enumerated() {
            let ids = names.compactMap { index[$0] }
            guard ids.count == names.count, !ids.isEmpty, (d + 1) * count <= probabilities.count else { continue }
            let row = probabilities[(d * count)..<((d + 1) * count)].map(Double.init)
            documents += 1
            if multiLabel {
                for l in 0..<count {
                    let y = ids.contains(l)
                    let p = min(max(row[l], epsilon), 1 - epsilon)
                    logLoss -= y ? log(p) : log(1 - p)
                    brier += (row[l] - (y ? 1 : 0)) * (row[l] - (y ? 1 : 0))
                    record(row[l], y)
                    units += 1
                }
            } else {
                let truthId = ids[0]
                logLoss -= log(min(max(row[truthId], epsilon), 1))
                for l in 0..<count { brier += (row[l] - (l == truthId ? 1 : 0)) * (row[l] - (l == truthId ? 1 : 0)) }
                var chosen = 0
                for l in 1..<count where row[l] > row[chosen] { chosen = l }
                record(row[chosen], chosen == truthId)
                units += 1
            }
        }
        let total = Double(max(units, 1))
        self.logLoss = logLoss / total
        brierScore = brier / Double(max(multiLabel ? units : documents, 1))
        var ece = 0.0
        var bins: [Bin] = []
        for (b, entry) in binTotals.enumerated() where entry.count > 0 {
            let mean = entry.probability / Double(entry.count)
            let observed = entry.hits / Double(entry.count)
            ece += Double(entry.count) / total * abs(observed - mean)
            bins.append(Bin(lower: Double(b) / Double(binCount), upper: Double(b + 1) / Double(binCount), count: entry.count, meanProbability: mean, observedFrequency: observed))
        }
        expectedCalibrationError = ece
        self.bins = bins
        unit = multiLabel ? "label" : "confidence"
    }
}
