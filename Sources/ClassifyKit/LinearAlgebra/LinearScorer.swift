/// Scores of a linear model over sparse rows: `scores = X · W + b`, with `W` stored
/// feature-major (`featureCount × labelCount`, so one feature's weights for every label are
/// contiguous and a sparse row adds whole weight rows), then turned into probabilities.
public struct LinearScorer: Sendable {
    /// `featureCount × labelCount`, row-major.
    public var weights: [Float]
    /// One bias per label.
    public var bias: [Float]
    public let featureCount: Int
    public let labelCount: Int
    public var activation: OutputActivation

    public init(weights: [Float], bias: [Float], featureCount: Int, labelCount: Int, activation: OutputActivation) {
        precondition(weights.count == featureCount * labelCount && bias.count == labelCount)
        self.weights = weights
        self.bias = bias
        self.featureCount = featureCount
        self.labelCount = labelCount
        self.activation = activation
    }

    /// Raw scores (before the activation), row-major `rows × labelCount`.
    public func rawScores(for features: SparseMatrix) -> [Float] {
        let rows = features.rowCount
        let labels = labelCount
        var out = [Float](repeating: 0, count: rows * labels)
        weights.withUnsafeBufferPointer { w in
            features.columnIndices.withUnsafeBufferPointer { columns in
                features.values.withUnsafeBufferPointer { values in
                    out.withUnsafeMutableBufferPointer { out in
                        for row in 0..<rows {
                            let o = out.baseAddress! + row * labels
                            for l in 0..<labels { o[l] = bias[l] }
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
        return out
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
        (0..<featureCount).map { weights[$0 * labelCount + label] }
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
