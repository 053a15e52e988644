import CBLAS

/// A linear model's weights with the zeros left out, stored feature-major: for each feature, the
/// labels it moves (ascending) and by how much. Scoring a document walks its features once and
/// touches only their stored weights, so the cost grows with the weights a document reaches, not
/// with labels × features.
public struct SparseLinearWeights: Sendable, Equatable {
    /// The number of features (rows of the dense `features × labels` matrix).
    public let featureCount: Int
    /// The number of labels (columns of the dense matrix).
    public let labelCount: Int
    /// `featureCount + 1` offsets into `labels` and `values`: feature `f`'s weights are at
    /// `offsets[f]..<offsets[f + 1]`.
    public let offsets: [Int]
    /// The label of each stored weight, ascending within a feature.
    public let labels: [UInt32]
    /// Each stored weight.
    public let values: [Float]
    /// With 8-bit quantised weights, each label's scale: every value is `Float(q) * scales[label]`
    /// for a whole number `q` from -127 to 127 (`quantized()`); nil otherwise.
    public let scales: [Float]?

    /// The largest label count a sparse model holds: label ids are stored as exact integers in
    /// single precision in a `ClassifierState`.
    public static let largestLabelCount = 1 << 24

    /// Weights from their parts, checked: offsets that start at 0 and never decrease, labels below
    /// `labelCount` and ascending within each feature, finite values.
    public init(featureCount: Int, labelCount: Int, offsets: [Int], labels: [UInt32], values: [Float], scales: [Float]? = nil) throws {
        guard labelCount >= 1, labelCount <= Self.largestLabelCount else {
            throw ClassifierError("a sparse linear model holds 1 to \(Self.largestLabelCount) labels (got \(labelCount))")
        }
        guard featureCount >= 0, offsets.count == featureCount + 1, offsets.first == 0, offsets.last == labels.count,
            labels.count == values.count
        else {
            throw ClassifierError("the sparse weights' offsets do not match their \(labels.count) entries; the model is damaged")
        }
        for feature in 0..<featureCount where offsets[feature] > offsets[feature + 1] {
            throw ClassifierError("the sparse weights' offsets decrease at feature \(feature); the model is damaged")
        }
        for feature in 0..<featureCount {
            var previous = -1
            for k in offsets[feature]..<offsets[feature + 1] {
                let label = Int(labels[k])
                guard label > previous, label < labelCount else {
                    throw ClassifierError("feature \(feature) has a label out of order or out of range in the sparse weights; the model is damaged")
                }
                previous = label
            }
        }
        guard values.allSatisfy(\.isFinite) else {
            throw ClassifierError("a sparse weight is not a finite number; the model is damaged")
        }
        if let scales {
            guard scales.count == labelCount, scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw ClassifierError("the quantised weights' scales are not one positive number per label; the model is damaged")
            }
        }
        self.init(checkedFeatureCount: featureCount, labelCount: labelCount, offsets: offsets, labels: labels, values: values, scales: scales)
    }

    /// The non-zero weights of a dense `featureCount × labelCount` row-major matrix for which
    /// `keep(feature, label)` holds.
    public init(dense: [Float], featureCount: Int, labelCount: Int, keep: (Int, Int) -> Bool = { _, _ in true }) {
        precondition(dense.count == featureCount * labelCount && labelCount <= Self.largestLabelCount)
        var offsets = [Int](repeating: 0, count: featureCount + 1)
        var labels: [UInt32] = []
        var values: [Float] = []
        for feature in 0..<featureCount {
            let base = feature * labelCount
            for label in 0..<labelCount where dense[base + label] != 0 && keep(feature, label) {
                labels.append(UInt32(label))
                values.append(dense[base + label])
            }
            offsets[feature + 1] = labels.count
        }
        self.init(checkedFeatureCount: featureCount, labelCount: labelCount, offsets: offsets, labels: labels, values: values, scales: nil)
    }

    /// The weights of a model whose labels are those of `blocks` in turn (each block's labels
    /// numbered from 0, all blocks over the same features), renumbered into one model: each
    /// feature's weights are those of every block in order. The blocks carry scales all or none.
    public static func joining(_ blocks: [SparseLinearWeights], featureCount: Int) -> SparseLinearWeights {
        precondition(blocks.allSatisfy { $0.featureCount == featureCount } && Set(blocks.map { $0.scales == nil }).count <= 1)
        let firstLabels = blocks.reduce(into: [0]) { $0.append($0.last! + $1.labelCount) }
        let total = blocks.reduce(0) { $0 + $1.nonZeroCount }
        var offsets = [0]
        offsets.reserveCapacity(featureCount + 1)
        var labels: [UInt32] = []
        labels.reserveCapacity(total)
        var values: [Float] = []
        values.reserveCapacity(total)
        for feature in 0..<featureCount {
            for (b, block) in blocks.enumerated() {
                for k in block.offsets[feature]..<block.offsets[feature + 1] {
                    labels.append(block.labels[k] + UInt32(firstLabels[b]))
                    values.append(block.values[k])
                }
            }
            offsets.append(labels.count)
        }
        let scales = blocks.first?.scales == nil ? nil : blocks.flatMap { $0.scales! }
        return SparseLinearWeights(
            checkedFeatureCount: featureCount, labelCount: firstLabels.last!, offsets: offsets, labels: labels, values: values, scales: scales)
    }

    /// The number of stored weights.
    public var nonZeroCount: Int { values.count }

    /// The number of stored weights of each feature.
    public var lengths: [Int] { (0..<featureCount).map { offsets[$0 + 1] - offsets[$0] } }

    /// The features that have at least one stored weight, ascending.
    public var featuresInUse: [Int] { (0..<featureCount).filter { offsets[$0 + 1] > offsets[$0] } }

    /// Weights from each feature's count of stored weights (`lengths`), as a model file keeps them.
    public init(featureCount: Int, labelCount: Int, lengths: [Int], labels: [UInt32], values: [Float], scales: [Float]? = nil) throws {
        guard lengths.count == featureCount, lengths.allSatisfy({ $0 >= 0 && $0 <= labelCount }) else {
            throw ClassifierError("the sparse weights' per-feature counts are impossible; the model is damaged")
        }
        var offsets = [0]
        offsets.reserveCapacity(featureCount + 1)
        for length in lengths { offsets.append(offsets[offsets.count - 1] + length) }
        try self.init(featureCount: featureCount, labelCount: labelCount, offsets: offsets, labels: labels, values: values, scales: scales)
    }

    /// The dense `featureCount × labelCount` row-major matrix.
    public func dense() -> [Float] {
        var out = [Float](repeating: 0, count: featureCount * labelCount)
        for feature in 0..<featureCount {
            for k in offsets[feature]..<offsets[feature + 1] { out[feature * labelCount + Int(labels[k])] = values[k] }
        }
        return out
    }

    /// One label's weight for every feature (zero where none is stored).
    public func weights(forLabel label: Int) -> [Float] {
        var out = [Float](repeating: 0, count: featureCount)
        for feature in 0..<featureCount {
            for k in offsets[feature]..<offsets[feature + 1] where labels[k] == UInt32(label) { out[feature] = values[k] }
        }
        return out
    }

    /// The weights of the features in `kept` (ascending), renumbered `0..<kept.count`.
    public func keepingFeatures(_ kept: [Int]) -> SparseLinearWeights {
        var offsets = [0]
        var labels: [UInt32] = []
        var values: [Float] = []
        for feature in kept {
            let range = self.offsets[feature]..<self.offsets[feature + 1]
            labels.append(contentsOf: self.labels[range])
            values.append(contentsOf: self.values[range])
            offsets.append(labels.count)
        }
        return SparseLinearWeights(
            checkedFeatureCount: kept.count, labelCount: labelCount, offsets: offsets, labels: labels, values: values, scales: scales)
    }

    /// Parts already known to be consistent (taken from checked weights).
    init(checkedFeatureCount featureCount: Int, labelCount: Int, offsets: [Int], labels: [UInt32], values: [Float], scales: [Float]?) {
        self.featureCount = featureCount
        self.labelCount = labelCount
        self.offsets = offsets
        self.labels = labels
        self.values = values
        self.scales = scales
    }

    /// The quantised whole number of each stored weight (`values[k] / scales[labels[k]]`), or nil
    /// when the weights are not quantised.
    public var quantizedValues: [Float]? {
        guard let scales else { return nil }
        return (0..<values.count).map { (values[$0] / scales[Int(labels[$0])]).rounded() }
    }

    /// How many of a document's features ahead scoring asks for the weight lists (and, twice as
    /// far ahead, the offsets) it will need: the lists of a large model are far apart in memory,
    /// and each one's latency otherwise stalls the loop.
    static let prefetchDistance = 4

    /// Adds `features · W` to `scores` (row-major `rows × labelCount`, already holding the biases).
    func addScores(of features: SparseMatrix, to scores: UnsafeMutableBufferPointer<Float>) {
        let distance = Self.prefetchDistance
        offsets.withUnsafeBufferPointer { offsets in
            labels.withUnsafeBufferPointer { labels in
                values.withUnsafeBufferPointer { weights in
                    features.columnIndices.withUnsafeBufferPointer { columns in
                        features.values.withUnsafeBufferPointer { entries in
                            for row in 0..<features.rowCount {
                                let out = scores.baseAddress! + row * labelCount
                                let range = features.entries(ofRow: row)
                                for k in range {
                                    if k &+ 2 &* distance < range.upperBound {
                                        classify_prefetch(offsets.baseAddress! + Int(columns[k &+ 2 &* distance]))
                                    }
                                    if k &+ distance < range.upperBound {
                                        let first = offsets[Int(columns[k &+ distance])]
                                        classify_prefetch(labels.baseAddress.map { $0 + first })
                                        classify_prefetch(weights.baseAddress.map { $0 + first })
                                    }
                                    let x = entries[k]
                                    let feature = Int(columns[k])
                                    for j in offsets[feature]..<offsets[feature + 1] { out[Int(labels[j])] += x * weights[j] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
