import Foundation

/// How far a model's probabilities can be taken at their word: log-loss, Brier score, expected
/// calibration error and a reliability table (predicted probability against observed frequency).
///
/// Single-label models: the reliability table and the expected calibration error judge the
/// chosen label's probability against whether it was right (a document whose true label the model
/// does not know counts as wrong, as in accuracy); log-loss and the Brier score judge the whole
/// distribution against the true label, so they leave such documents out. Multi-label models give
/// one independent probability per label, so every (document, label) pair is one yes/no
/// prediction, and a label the model does not know is left out of its document.
public struct Calibration: Codable, Sendable, Equatable {
    /// What one prediction of the reliability table is.
    public enum Unit: String, Codable, Sendable {
        /// Single-label: the chosen label's probability against whether it was right.
        case chosenLabel = "chosen_label"
        /// Multi-label: each label's probability against whether the document carries it.
        case documentLabelPair = "document_label_pair"
    }

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

    /// The number of equal-width probability bins of the reliability table.
    public static let binCount = 10

    /// What each prediction in the reliability table is.
    public var unit: Unit
    /// The mean negative log-likelihood of the truth: of the true label (single-label; with
    /// several true labels, the most probable of them) or of each yes/no outcome (multi-label),
    /// probabilities clipped to at least 1e-15 (and at most 1 − 1e-15 for yes/no outcomes).
    public var logLoss: Double
    /// The mean squared difference between probabilities and outcomes: summed over the labels of
    /// a document (single-label, 0–2) or per document-label pair (multi-label, 0–1).
    public var brierScore: Double
    /// Σ over bins of (bin share) × |observed frequency − mean probability|: 0 is perfectly calibrated.
    public var expectedCalibrationError: Double
    /// The reliability table, bins of width 0.1; empty bins are left out.
    public var bins: [Bin]
    /// The documents whose log-loss and Brier score were measured.
    public var documents: Int
    /// Documents left out of log-loss and the Brier score: true labels the model does not know
    /// (single-label), or probabilities that are not finite numbers (a damaged model).
    public var excluded: Int

    enum CodingKeys: String, CodingKey {
        case unit, logLoss = "log_loss", brierScore = "brier_score", expectedCalibrationError = "expected_calibration_error"
        case bins, documents, excluded
    }

    /// The calibration of `probabilities` (documents × labels, row-major) against `truth`, or nil
    /// when no document can be measured.
    public init?(probabilities: [Float], truth: [[String]], labels: [String], multiLabel: Bool) {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let count = labels.count
        guard count > 0, probabilities.count >= truth.count * count else { return nil }
        let epsilon = 1e-15
        var totals = [(count: Int, probability: Double, hits: Double)](repeating: (0, 0, 0), count: Self.binCount)
        var recorded = 0
        func record(_ p: Float, _ hit: Bool) {
            // In single precision, so that a probability printed as 0.7 falls in the 0.7–0.8 bin.
            let b = min(Self.binCount - 1, max(0, Int(p * Float(Self.binCount))))
            totals[b].count += 1
            totals[b].probability += Double(p)
            totals[b].hits += hit ? 1 : 0
            recorded += 1
        }
        var logLoss = 0.0
        var brier = 0.0
        var pairs = 0
        var documents = 0
        var excluded = 0
        for (d, names) in truth.enumerated() {
            let row = probabilities[(d * count)..<((d + 1) * count)]
            guard row.allSatisfy(\.isFinite) else {
                excluded += 1
                continue
            }
            let ids = Set(names.compactMap { index[$0] })
            if multiLabel {
                for (l, p) in zip(0..<count, row) {
                    let y = ids.contains(l)
                    let clipped = min(max(Double(p), epsilon), 1 - epsilon)
                    logLoss -= y ? log(clipped) : log(1 - clipped)
                    brier += (Double(p) - (y ? 1 : 0)) * (Double(p) - (y ? 1 : 0))
                    record(p, y)
                    pairs += 1
                }
                documents += 1
            } else {
                var chosen = 0
                for l in 1..<count where row[row.startIndex + l] > row[row.startIndex + chosen] { chosen = l }
                record(row[row.startIndex + chosen], ids.contains(chosen))
                guard let truthId = ids.max(by: { row[row.startIndex + $0] < row[row.startIndex + $1] }) else {
                    excluded += 1
                    continue
                }
                logLoss -= log(max(Double(row[row.startIndex + truthId]), epsilon))
                for (l, p) in zip(0..<count, row) { brier += (Double(p) - (l == truthId ? 1 : 0)) * (Double(p) - (l == truthId ? 1 : 0)) }
                documents += 1
            }
        }
        guard documents > 0, recorded > 0 else { return nil }
        let measured = Double(multiLabel ? pairs : documents)
        self.logLoss = logLoss / measured
        brierScore = brier / measured
        var ece = 0.0
        var bins: [Bin] = []
        for (b, entry) in totals.enumerated() where entry.count > 0 {
            let mean = entry.probability / Double(entry.count)
            let observed = entry.hits / Double(entry.count)
            ece += Double(entry.count) / Double(recorded) * abs(observed - mean)
            bins.append(Bin(
                lower: Double(b) / Double(Self.binCount), upper: Double(b + 1) / Double(Self.binCount), count: entry.count,
                meanProbability: mean, observedFrequency: observed))
        }
        expectedCalibrationError = ece
        self.bins = bins
        unit = multiLabel ? .documentLabelPair : .chosenLabel
        self.documents = documents
        self.excluded = excluded
    }
}
