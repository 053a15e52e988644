/// Per-label sums of TF-IDF feature values, shared by both naive Bayes classifiers: all they
/// learn from, so they can be accumulated one document at a time (`add`) as well as from a matrix.
public struct NaiveBayesCounts: Sendable {
    /// `featureCount × labelCount`: the summed feature values of the documents carrying each label.
    public private(set) var perLabel: [Double]
    /// `featureCount`: the summed feature values of all documents.
    public private(set) var total: [Double]
    /// How many documents carry each label.
    public private(set) var documentsPerLabel: [Int]
    public let featureCount: Int
    public let labelCount: Int
    /// The documents added.
    public private(set) var documentCount = 0

    /// Empty counts, to `add` documents to.
    public init(featureCount: Int, labelCount: Int) {
        self.featureCount = featureCount
        self.labelCount = labelCount
        perLabel = [Double](repeating: 0, count: featureCount * labelCount)
        total = [Double](repeating: 0, count: featureCount)
        documentsPerLabel = [Int](repeating: 0, count: labelCount)
    }

    /// Counts over `rows` of `features` (all rows when nil).
    public init(features: SparseMatrix, targets: LabelTargets, rows: [Int]? = nil) {
        self.init(featureCount: features.columnCount, labelCount: targets.labelCount)
        for row in rows ?? Array(0..<features.rowCount) {
            add(features, row: row, labels: targets.documents[row])
        }
    }

    /// Adds row `row` of `features`, a document carrying `labels` (label ids).
    public mutating func add(_ features: SparseMatrix, row: Int, labels: [Int32]) {
        documentCount += 1
        for l in labels { documentsPerLabel[Int(l)] += 1 }
        let labelCount = self.labelCount
        perLabel.withUnsafeMutableBufferPointer { counts in
            total.withUnsafeMutableBufferPointer { total in
                for k in features.entries(ofRow: row) {
                    let column = Int(features.columnIndices[k])
                    let value = Double(features.values[k])
                    total[column] += value
                    for l in labels { counts[column * labelCount + Int(l)] += value }
                }
            }
        }
    }

    /// `log((count + alpha) / (sum + alpha · features))` per feature and label, for the label's
    /// own documents (`complement: false`) or for all other documents (`complement: true`).
    public func logProbabilities(alpha: Double, complement: Bool) -> [Float] {
        var counts = [Float](repeating: 0, count: featureCount * labelCount)
        for j in 0..<featureCount {
            for l in 0..<labelCount {
                let own = perLabel[j * labelCount + l]
                counts[j * labelCount + l] = Float((complement ? total[j] - own : own) + alpha)
            }
        }
        let sums = LinearScorer.columnSums(counts, rows: featureCount, columns: labelCount)
        for j in 0..<featureCount {
            for l in 0..<labelCount {
                counts[j * labelCount + l] = logf(counts[j * labelCount + l] / sums[l])
            }
        }
        return counts
    }

    /// The naive Bayes scores another classifier can be blended with: complement naive Bayes
    /// weights (`-log P(j | not c)`, no bias) for one-of-many labels; per-label log-odds
    /// (`log P(j | c) - log P(j | not c)`, prior log-odds as bias) for one-vs-rest labels.
    public func blendComponent(alpha: Double, multiLabel: Bool) -> (weights: [Float], bias: [Float]) {
        let complement = logProbabilities(alpha: alpha, complement: true)
        if multiLabel {
            let priors = logPriors()
            return (
                zip(logProbabilities(alpha: alpha, complement: false), complement).map { $0 - $1 },
                zip(priors.label, priors.rest).map { $0 - $1 })
        }
        return (complement.map { -$0 }, [Float](repeating: 0, count: labelCount))
    }

    /// `log(P(label))` and `log(P(not label))` from document counts.
    public func logPriors() -> (label: [Float], rest: [Float]) {
        let n = Double(documentCount)
        let label = documentsPerLabel.map { Float(log(max(Double($0), 1e-9) / n)) }
        let rest = documentsPerLabel.map { Float(log(max(n - Double($0), 1e-9) / n)) }
        return (label, rest)
    }
}

#if canImport(Glibc)
import Glibc
#endif
