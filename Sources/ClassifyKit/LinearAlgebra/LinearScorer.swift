/// Scores of a linear model over sparse rows: `scores = X · W + b`, then turned into
/// probabilities. `W` is stored feature-major (`featureCount × labelCount`, so one feature's
/// weights for every label are contiguous and a sparse row adds whole weight rows), densely or
/// with its zeros left out (`SparseLinearWeights`, after `LinearCompression`).
public struct LinearScorer: Sendable {
    /// How `W` is held.
    public enum Storage: Sendable, Equatable {
        /// Every weight, `featureCount × labelCount` row-major.
        case dense([Float])
        /// Only the non-zero weights, feature by feature.
        case sparse(SparseLinearWeights)
    }

    /// The weights.
    public private(set) var storage: Storage
    /// One bias per label.
    public var bias: [Float]
    public let featureCount: Int
    public let labelCount: Int
    public var activation: OutputActivation

    public init(weights: [Float], bias: [Float], featureCount: Int, labelCount: Int, activation: OutputActivation) {
        precondition(weights.count == featureCount * labelCount && bias.count == labelCount)
        self.storage = .dense(weights)
        self.bias = bias
        self.featureCount = featureCount
        self.labelCount = labelCount
        self.activation = activation
    }

    /// A scorer with sparse weights.
    public init(sparse: SparseLinearWeights, bias: [Float], activation: OutputActivation) {
        precondition(bias.count == sparse.labelCount)
        self.storage = .sparse(sparse)
        self.bias = bias
        self.featureCount = sparse.featureCount
        self.labelCount = sparse.labelCount
        self.activation = activation
    }

    /// Every weight, `featureCount × labelCount` row-major (zeros filled in for sparse storage).
    public var weights: [Float] {
        switch storage {
        case .dense(let weights): weights
        case .sparse(let sparse): sparse.dense()
        }
    }

    /// The sparse weights, or nil when they are stored densely.
    public var sparseWeights: SparseLinearWeights? {
        if case .sparse(let sparse) = storage { return sparse }
        return nil
    }

    /// The number of non-zero weights.
    public var storedWeightCount: Int {
        switch storage {
        case .dense(let weights): weights.reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        case .sparse(let sparse): sparse.nonZeroCount
        }
    }

    /// The features with at least one non-zero weight, ascending.
    public var featuresInUse: [Int] {
        switch storage {
        case .dense(let weights):
            (0..<featureCount).filter { f in (0..<labelCount).contains { weights[f * labelCount + $0] != 0 } }
        case .sparse(let sparse): sparse.featuresInUse
        }
    }

    /// This scorer over the features in `kept` only (ascending), renumbered `0..<kept.count`,
    /// with sparse weights.
    public func keepingFeatures(_ kept: [Int]) -> LinearScorer {
        let sparse = sparseWeights ?? SparseLinearWeights(dense: weights, featureCount: featureCount, labelCount: labelCount)
        return LinearScorer(sparse: sparse.keepingFeatures(kept), bias: bias, activation: activation)
    }

    /// Raw scores (before the activation), row-major `rows × labelCount`.
    public func rawScores(for features: SparseMatrix) -> [Float] {
        let rows = features.rowCount
        let labels = labelCount
        var out = [Float](repeating: 0, count: rows * labels)
        out.withUnsafeMutableBufferPointer { out in
            for row in 0..<rows {
                for l in 0..<labels { out[row * labels + l] = bias[l] }
            }
            switch storage {
            case .dense(let weights): Self.addDenseScores(of: features, weights: weights, labelCount: labels, to: out)
            case .sparse(let sparse): sparse.addScores(of: features, to: out)
            }
        }
        return out
    }

    /// Adds `features · weights` to `scores` for dense row-major `weights`.
    private static func addDenseScores(of features: SparseMatrix, weights: [Float], labelCount labels: Int, to out: UnsafeMutableBufferPointer<Float>) {
        weights.withUnsafeBufferPointer { w in
            features.columnIndices.withUnsafeBufferPointer { columns in
                features.values.withUnsafeBufferPointer { values in
                    for row in 0..<features.rowCount {
                        let o = out.baseAddress! + row * labels
                        for k in features.entries(ofRow: row) {
                            let v = values[k]
                            let wr = w.baseAddress! + Int(columns[k]) * labels
                            for l in 0..<labels { o[l] += v * wr[l] }
                        }
                    }
                }
            }
        }
    }

    /// Probabilities, row-major `rows × labelCount`.
    public func probabilities(for features: SparseMatrix) -> [Float] {
        var scores = rawScores(for: features)
        Self.activate(&scores, labelCount: labelCount, activation: activation)
        return scores
    }

    /// Applies softmax per row or an element-wise sigmoid in place.
    public static func activate(_ scores: inout [Float], labelCount: Int, activation: OutputActivation) {
        scores.withUnsafeMutableBufferPointer { s in
            switch activation {
            case .sigmoid:
                for i in 0..<s.count { s[i] = sigmoid(s[i]) }
            case .softmax:
                var row = 0
                while row < s.count {
                    var maximum = -Float.infinity
                    for l in row..<(row + labelCount) { maximum = max(maximum, s[l]) }
                    var sum: Float = 0
                    for l in row..<(row + labelCount) {
                        let e = expf(s[l] - maximum)
                        s[l] = e
                        sum += e
                    }
                    let inverse = 1 / sum
                    for l in row..<(row + labelCount) { s[l] *= inverse }
                    row += labelCount
                }
            }
        }
    }

    /// `1 / (1 + e^-x)`, stable for large |x|.
    @inline(__always)
    public static func sigmoid(_ x: Float) -> Float {
        x >= 0 ? 1 / (1 + expf(-x)) : { let e = expf(x); return e / (1 + e) }()
    }

    /// The weights of one label across all features.
    public func weights(forLabel label: Int) -> [Float] {
        switch storage {
        case .dense(let weights): (0..<featureCount).map { weights[$0 * labelCount + label] }
        case .sparse(let sparse): sparse.weights(forLabel: label)
        }
    }

    /// Sums each label's column of `W` (through BLAS: `1ᵀ · W`).
    public static func columnSums(_ matrix: [Float], rows: Int, columns: Int) -> [Float] {
        let ones = [Float](repeating: 1, count: rows)
        var sums = [Float](repeating: 0, count: columns)
        matrix.withUnsafeBufferPointer { m in
            ones.withUnsafeBufferPointer { o in
                sums.withUnsafeMutableBufferPointer { s in
                    BLAS.gemm(
                        m: 1, n: columns, k: rows, a: o.baseAddress!, lda: rows, b: m.baseAddress!, ldb: columns,
                        c: s.baseAddress!, ldc: columns)
                }
            }
        }
        return sums
    }
}

#if canImport(Glibc)
import Glibc
#endif
