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
        extra["activation"] = scorer.activation.rawValue
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
        guard let raw = extra["activation"], let activation = OutputActivation(rawValue: raw) else {
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

    /// The sparse weights saved by `init(scorer:parameters:)`, checked.
    private func sparseWeights(featureCount: Int, labelCount: Int, quantized: Bool) throws -> SparseLinearWeights {
        guard labelCount <= SparseLinearWeights.largestLabelCount else {
            throw ClassifierError("a sparse linear model holds at most \(SparseLinearWeights.largestLabelCount) labels; the model is damaged")
        }
        let lengths = try wholeNumbers(SparseArray.lengths, shape: [featureCount], below: labelCount + 1)
        let count = lengths.reduce(0, +)
        let labels = try wholeNumbers(SparseArray.labels, shape: [count], below: labelCount).map { UInt32($0) }
        var values = try array(SparseArray.values, shape: [count])
        var scales: [Float]?
        if quantized {
            let perLabel = try array(SparseArray.scales, shape: [labelCount])
            for k in 0..<count where Int(labels[k]) < labelCount { values[k] *= perLabel[Int(labels[k])] }
            scales = perLabel
        }
        return try SparseLinearWeights(
            featureCount: featureCount, labelCount: labelCount, lengths: lengths, labels: labels, values: values,
            scales: scales)
    }

    /// The array called `name` with exactly `shape`, as whole numbers from 0 to `limit - 1`.
    private func wholeNumbers(_ name: String, shape: [Int], below limit: Int) throws -> [Int] {
        let values = try array(name, shape: shape)
        let ceiling = Float(limit)
        var valid = true
        let numbers = [Int](unsafeUninitializedCapacity: values.count) { numbers, initialized in
            values.withUnsafeBufferPointer { values in
                for i in 0..<values.count {
                    let value = values[i]
                    // In range first, so that the conversion cannot trap.
                    let number = value >= 0 && value < ceiling ? Int(value) : -1
                    valid = valid && number >= 0 && Float(number) == value
                    numbers[i] = number
                }
            }
            initialized = values.count
        }
        guard valid else {
            throw ClassifierError("the model's \"\(name)\" array holds a value that is not a whole number below \(limit); it is damaged")
        }
        return numbers
    }
}
