/// Per-label sums of TF-IDF feature values, shared by both naive Bayes classifiers: all they
/// learn from, so they can be accumulated one document at a time (`add`) as well as from a matrix,
/// and summed across shards of a corpus (`merge`).
///
/// Sums are kept in fixed point (``fractionBits`` bits after the point, in `Int64`): integer sums
/// are exact, so they do not depend on the order documents are added in or on how a corpus is
/// split, and counts merged from shards equal the counts of the whole corpus bit for bit. A
/// feature value is rounded to the nearest 2⁻³² (a relative change below 10⁻⁷ for the TF-IDF
/// values of real documents, under single precision's own rounding). A sum holds up to 2³¹ in
/// feature value (2³¹ documents of unit-length rows); past that the counts record that they
/// overflowed and training refuses them (`checkInRange`).
public struct NaiveBayesCounts: Sendable, Equatable {
    /// Bits after the fixed point.
    public static let fractionBits = 32
    /// 2^fractionBits: one unit of a feature value.
    static let scale = Double(1 << fractionBits)

    /// `featureCount × labelCount`, in fixed point: the summed feature values of the documents
    /// carrying each label.
    public private(set) var perLabel: [Int64]
    /// `featureCount`, in fixed point: the summed feature values of all documents.
    public private(set) var total: [Int64]
    /// How many documents carry each label.
    public private(set) var documentsPerLabel: [Int]
    public let featureCount: Int
    public let labelCount: Int
    /// The documents added.
    public private(set) var documentCount = 0
    /// Whether a sum went past what fixed point holds (the counts are then unusable).
    public private(set) var overflowed = false

    /// Empty counts, to `add` documents to.
    public init(featureCount: Int, labelCount: Int) {
        self.featureCount = featureCount
        self.labelCount = labelCount
        perLabel = [Int64](repeating: 0, count: featureCount * labelCount)
        total = [Int64](repeating: 0, count: featureCount)
        documentsPerLabel = [Int](repeating: 0, count: labelCount)
    }

    /// Counts as stored (in a shard model): throws when the shapes disagree or a sum is negative.
    public init(featureCount: Int, labelCount: Int, perLabel: [Int64], total: [Int64], documentsPerLabel: [Int], documentCount: Int) throws {
        guard perLabel.count == featureCount * labelCount, total.count == featureCount, documentsPerLabel.count == labelCount else {
            throw ClassifierError("naive Bayes counts of the wrong shape (\(perLabel.count) per-label sums for \(featureCount) features × \(labelCount) labels)")
        }
        guard perLabel.allSatisfy({ $0 >= 0 }), total.allSatisfy({ $0 >= 0 }), documentsPerLabel.allSatisfy({ $0 >= 0 && $0 <= documentCount }) else {
            throw ClassifierError("naive Bayes counts hold a negative sum or more labelled documents than documents")
        }
        for j in 0..<featureCount where perLabel[(j * labelCount)..<((j + 1) * labelCount)].contains(where: { $0 > total[j] }) {
            throw ClassifierError("naive Bayes counts hold a label's sum above the total of feature \(j)")
        }
        self.featureCount = featureCount
        self.labelCount = labelCount
        self.perLabel = perLabel
        self.total = total
        self.documentsPerLabel = documentsPerLabel
        self.documentCount = documentCount
    }

    /// Counts over `rows` of `features` (all rows when nil).
    public init(features: SparseMatrix, targets: LabelTargets, rows: [Int]? = nil) {
        self.init(featureCount: features.columnCount, labelCount: targets.labelCount)
        for row in rows ?? Array(0..<features.rowCount) {
            add(features, row: row, labels: targets.documents[row])
        }
    }

    /// Counts over `rows` of `features` (all rows when nil) for the labels in `labels` only,
    /// renumbered from 0: the same sums as those labels' columns of the counts of every label.
    public init(features: SparseMatrix, targets: LabelTargets, rows: [Int]? = nil, labels: Range<Int>) {
        self.init(featureCount: features.columnCount, labelCount: labels.count)
        let first = Int32(labels.lowerBound)
        for row in rows ?? Array(0..<features.rowCount) {
            add(features, row: row, labels: targets.documents[row].filter { labels.contains(Int($0)) }.map { $0 - first })
        }
    }

    /// These counts for the labels in `labels` only, renumbered from 0.
    public func restricted(to labels: Range<Int>) -> NaiveBayesCounts {
        let width = labels.count
        var part = NaiveBayesCounts(featureCount: featureCount, labelCount: width, total: total)
        part.perLabel.withUnsafeMutableBufferPointer { buffer in
            for j in 0..<featureCount {
                for l in 0..<width { buffer[j * width + l] = perLabel[j * labelCount + labels.lowerBound + l] }
            }
        }
        part.documentsPerLabel = Array(documentsPerLabel[labels])
        part.documentCount = documentCount
        part.overflowed = overflowed
        return part
    }

    /// Zero per-label sums beside the given totals.
    private init(featureCount: Int, labelCount: Int, total: [Int64]) {
        self.featureCount = featureCount
        self.labelCount = labelCount
        perLabel = [Int64](repeating: 0, count: featureCount * labelCount)
        self.total = total
        documentsPerLabel = [Int](repeating: 0, count: labelCount)
    }

    /// The largest feature value added: one whose fixed-point form fits in a sum many times.
    static let largestValue: Float = 0x1p24

    /// `value` in fixed point (non-finite or huge values are clamped; TF-IDF values are finite and
    /// at most a few thousand).
    @inline(__always)
    static func fixed(_ value: Float) -> Int64 {
        Int64((Double(min(max(value.isNaN ? 0 : value, -largestValue), largestValue)) * scale).rounded())
    }

    /// Throws when a sum overflowed: the corpus is too large for exact counts.
    public func checkInRange() throws {
        if overflowed {
            throw ClassifierError("naive Bayes counts overflowed (feature values summing past 2^31); use --norm l2, or train on fewer documents")
        }
    }

    /// A fixed-point sum as a number.
    @inline(__always)
    static func number(_ sum: Int64) -> Double {
        Double(sum) / scale
    }

    /// Adds `other`'s documents to these counts (another shard of the same corpus, counted with
    /// the same features and labels); throws when the shapes differ or a sum would overflow.
    public mutating func merge(_ other: NaiveBayesCounts) throws {
        guard other.featureCount == featureCount, other.labelCount == labelCount else {
            throw ClassifierError("cannot merge naive Bayes counts of \(other.featureCount) features × \(other.labelCount) labels into \(featureCount) × \(labelCount)")
        }
        let overflow = ClassifierError("naive Bayes counts overflow when merged (feature values summing past 2^31)")
        func add(_ values: inout [Int64], _ more: [Int64]) throws {
            for i in values.indices {
                let (sum, overflowed) = values[i].addingReportingOverflow(more[i])
                guard !overflowed else { throw overflow }
                values[i] = sum
            }
        }
        try other.checkInRange()
        try add(&perLabel, other.perLabel)
        try add(&total, other.total)
        for l in 0..<labelCount {
            let (sum, overflowed) = documentsPerLabel[l].addingReportingOverflow(other.documentsPerLabel[l])
            guard !overflowed else { throw overflow }
            documentsPerLabel[l] = sum
        }
        let (documents, overflowed) = documentCount.addingReportingOverflow(other.documentCount)
        guard !overflowed else { throw overflow }
        documentCount = documents
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
                    let value = Self.fixed(features.values[k])
                    let (sum, overflow) = total[column].addingReportingOverflow(value)
                    total[column] = sum
                    overflowed = overflowed || overflow
                    for l in labels {
                        let (labelSum, labelOverflow) = counts[column * labelCount + Int(l)].addingReportingOverflow(value)
                        counts[column * labelCount + Int(l)] = labelSum
                        overflowed = overflowed || labelOverflow
                    }
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
                counts[j * labelCount + l] = Float(Self.number(complement ? total[j] - own : own) + alpha)
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
