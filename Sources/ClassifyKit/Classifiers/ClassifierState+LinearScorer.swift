#if canImport(Glibc)
import Glibc
#endif
extension ClassifierState {
    /// The names of a sparse linear model's arrays.
    enum SparseArray {
        /// How many weights each feature stores.
        static let lengths = "weights.lengths"
        /// The label of each stored weight.
        static let labels = "weights.labels"
        /// Each stored weight (half precision, or 8-bit whole numbers times `scales`).
        static let values = "weights.values"
        /// One scale per label for 8-bit weights.
        static let scales = "weights.scales"
        /// The `extra` entry that says how the weights are stored: absent for dense weights.
        static let layoutKey = "weights"
        /// `layoutKey`'s value for sparse half-precision weights.
        static let sparse = "sparse"
        /// `layoutKey`'s value for sparse 8-bit weights with a scale per label.
        static let sparseQuantized = "sparse-8bit"
    }

    /// The state of a linear model: its weights (`features × labels`, dense, or sparse as
    /// `weights.lengths`, `weights.labels` and `weights.values`, with `weights.scales` when they are
    /// quantised, as `extra["weights"]` says), `bias` and the activation. With `halfPrecision` dense and unquantised sparse
    /// weights are stored in 2 bytes each (the scorer's weights must already be rounded with
    /// `roundedToHalf`).
    public init(scorer: LinearScorer, parameters: ClassifierParameters, extra: [String: String] = [:], halfPrecision: Bool = false) {
        var extra = extra
        extra[OutputActivation.key] = scorer.activation.rawValue
        let bias = Array(name: "bias", shape: [scorer.labelCount], values: scorer.bias)
        switch scorer.storage {
        case .dense(let weights):
            self.init(
                parameters: parameters.values,
                arrays: [Array(name: "weights", shape: [scorer.featureCount, scorer.labelCount], values: weights, halfPrecision: halfPrecision), bias],
                extra: extra)
        case .sparse(let sparse):
            var arrays = [
                Array(name: SparseArray.lengths, shape: [sparse.featureCount], values: sparse.lengths.map { Float($0) }, encoding: .unsigned),
                Array(name: SparseArray.labels, shape: [sparse.nonZeroCount], values: sparse.labels.map { Float($0) }, encoding: .unsigned),
            ]
            if let quantized = sparse.quantizedValues, let scales = sparse.scales {
                arrays.append(Array(name: SparseArray.values, shape: [sparse.nonZeroCount], values: quantized, encoding: .int8))
                arrays.append(Array(name: SparseArray.scales, shape: [sparse.labelCount], values: scales))
                extra[SparseArray.layoutKey] = SparseArray.sparseQuantized
            } else {
                arrays.append(Array(name: SparseArray.values, shape: [sparse.nonZeroCount], values: sparse.values, halfPrecision: halfPrecision))
                extra[SparseArray.layoutKey] = SparseArray.sparse
            }
            arrays.append(bias)
            self.init(parameters: parameters.values, arrays: arrays, extra: extra)
        }
    }

    /// The linear model saved by `init(scorer:parameters:)`.
    public func linearScorer(featureCount: Int, labelCount: Int) throws -> LinearScorer {
        guard let raw = extra[OutputActivation.key], let activation = OutputActivation(rawValue: raw) else {
            throw ClassifierError("the model does not say how scores become probabilities (\"activation\"); it is damaged")
        }
        let bias = try array("bias", shape: [labelCount])
        switch extra[SparseArray.layoutKey] {
        case nil:
            return LinearScorer(
                weights: try array("weights", shape: [featureCount, labelCount]), bias: bias,
                featureCount: featureCount, labelCount: labelCount, activation: activation)
        case SparseArray.sparse?, SparseArray.sparseQuantized?:
            let quantized = extra[SparseArray.layoutKey] == SparseArray.sparseQuantized
            let sparse = try sparseWeights(featureCount: featureCount, labelCount: labelCount, quantized: quantized)
            return LinearScorer(sparse: sparse, bias: bias, activation: activation)
        case let layout?:
            throw ClassifierError("the model's weights are stored as \"\(layout)\", which this build does not read; it is damaged or from a newer classify")
        }
    }

    /// The sparse weights saved by `init(scorer:parameters:)`, checked as `SparseLinearWeights`'
    /// initialiser checks them, in one pass over the features: every length a whole number of labels,
    /// every label a whole number below `labelCount` and ascending within its feature, every weight
    /// (times its label's scale when quantised) finite.
    private func sparseWeights(featureCount: Int, labelCount: Int, quantized: Bool) throws -> SparseLinearWeights {
        guard labelCount >= 1, labelCount <= SparseLinearWeights.largestLabelCount else {
            throw ClassifierError("a sparse linear model holds 1 to \(SparseLinearWeights.largestLabelCount) labels; the model is damaged")
        }
        let offsets = try sparseOffsets(featureCount: featureCount, labelCount: labelCount)
        let count = offsets[featureCount]
        let storedLabels = try array(SparseArray.labels, shape: [count])
        var values = try array(SparseArray.values, shape: [count])
        let scales = quantized ? try array(SparseArray.scales, shape: [labelCount]) : nil
        if let scales, !scales.allSatisfy({ $0.isFinite && $0 > 0 }) {
            throw ClassifierError("the quantised weights' scales are not one positive number per label; the model is damaged")
        }
        let ceiling = Float(labelCount)
        var whole = true
        var ascending = true
        var finite = true
        // One pass per feature: each label converted and checked, each weight scaled and checked.
        let labels = [UInt32](unsafeUninitializedCapacity: count) { labels, initialized in
            storedLabels.withUnsafeBufferPointer { stored in
                values.withUnsafeMutableBufferPointer { values in
                    offsets.withUnsafeBufferPointer { offsets in
                        (scales ?? []).withUnsafeBufferPointer { scales in
                            for feature in 0..<featureCount {
                                var previous: Int32 = -1
                                for k in offsets[feature]..<offsets[feature &+ 1] {
                                    let label = stored[k]
                                    // In range first, so that the conversion cannot trap.
                                    let id = label >= 0 && label < ceiling ? Int32(label) : -1
                                    whole = whole && id >= 0 && Float(id) == label
                                    ascending = ascending && id > previous
                                    previous = id
                                    let clamped = max(id, 0)
                                    labels[k] = UInt32(truncatingIfNeeded: clamped)
                                    var value = values[k]
                                    if quantized { value *= scales[Int(clamped)] }
                                    values[k] = value
                                    finite = finite && value.isFinite
                                }
                            }
                        }
                    }
                }
            }
            initialized = count
        }
        guard whole else {
            throw ClassifierError("the model's \"\(SparseArray.labels)\" array holds a value that is not a whole number below \(labelCount); it is damaged")
        }
        guard ascending else {
            throw ClassifierError("a feature has a label out of order or out of range in the sparse weights; the model is damaged")
        }
        guard finite else {
            throw ClassifierError("a sparse weight is not a finite number; the model is damaged")
        }
        return SparseLinearWeights(
            checkedFeatureCount: featureCount, labelCount: labelCount, offsets: offsets, labels: labels, values: values, scales: scales)
    }

    /// The `featureCount + 1` offsets of the stored per-feature weight counts, each checked to be a
    /// whole number from 0 to `labelCount`.
    private func sparseOffsets(featureCount: Int, labelCount: Int) throws -> [Int] {
        let lengths = try array(SparseArray.lengths, shape: [featureCount])
        let ceiling = Float(labelCount)
        var valid = true
        let offsets = [Int](unsafeUninitializedCapacity: featureCount + 1) { offsets, initialized in
            lengths.withUnsafeBufferPointer { lengths in
                var total = 0
                offsets[0] = 0
                for feature in 0..<featureCount {
                    let length = lengths[feature]
                    // In range first, so that the conversion cannot trap.
                    let number = length >= 0 && length <= ceiling ? Int(length) : -1
                    valid = valid && number >= 0 && Float(number) == length
                    total &+= max(number, 0)
                    offsets[feature + 1] = total
                }
            }
            initialized = featureCount + 1
        }
        guard valid else {
            throw ClassifierError("the model's \"\(SparseArray.lengths)\" array holds a value that is not a whole number below \(labelCount + 1); it is damaged")
        }
        return offsets
    }
}
