import Testing
@testable import ClassifyKit

@Suite struct LinearCompressionTests {
    /// A scorer with `features × labels` pseudo-random weights (magnitudes spread over 0...2) and a
    /// common part per feature.
    static func scorer(features: Int = 50, labels: Int = 4, activation: OutputActivation) -> LinearScorer {
        var generator = SeededGenerator(seed: 7)
        var weights: [Float] = []
        for _ in 0..<features {
            let common = Float.random(in: -3...3, using: &generator)
            for _ in 0..<labels { weights.append(Float.random(in: -2...2, using: &generator) * Float.random(in: 0...1, using: &generator) + common) }
        }
        return LinearScorer(
            weights: ClassifierState.roundedToHalf(weights), bias: (0..<labels).map { Float($0) / 10 }, featureCount: features,
            labelCount: labels, activation: activation)
    }

    /// Rows with a few features each, of unit L2 norm.
    static func rows(features: Int = 50) -> SparseMatrix {
        var generator = SeededGenerator(seed: 11)
        var matrix = SparseMatrix(columnCount: features)
        for _ in 0..<40 {
            let columns = Array(Set((0..<6).map { _ in Int32.random(in: 0..<Int32(features), using: &generator) })).sorted()
            var values = columns.map { _ in Float.random(in: 0.1...1, using: &generator) }
            let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            values = values.map { $0 / norm }
            matrix.appendRow(columns: columns, values: values)
        }
        return matrix
    }

    @Test func centringLeavesSoftmaxProbabilitiesAsTheyWere() {
        let scorer = Self.scorer(activation: .softmax)
        let centred = LinearCompression(pruneFraction: 0).apply(to: scorer)
        let before = scorer.probabilities(for: Self.rows())
        let after = centred.probabilities(for: Self.rows())
        // Only the rounding of the centred weights to half precision moves them.
        #expect(zip(before, after).allSatisfy { abs($0 - $1) < 2e-3 })
    }

    @Test func sigmoidWeightsAreNotCentred() {
        let scorer = Self.scorer(activation: .sigmoid)
        let kept = LinearCompression(pruneFraction: 0).apply(to: scorer)
        #expect(kept.weights == scorer.weights)
    }

    @Test func noScoreMovesBeyondTheBound() {
        for activation in [OutputActivation.sigmoid, .softmax] {
            let scorer = Self.scorer(activation: activation)
            let rows = Self.rows()
            // The centred weights (softmax) are the reference the bound is stated against.
            let reference = activation == .softmax ? LinearCompression(pruneFraction: 0).apply(to: scorer) : scorer
            let largest = (0..<scorer.labelCount).map { l in reference.weights(forLabel: l).map(abs).max()! }
            for fraction: Float in [0.05, 0.2, 0.5] {
                for quantize in [false, true] {
                    let pruned = LinearCompression(pruneFraction: fraction, quantize: quantize).apply(to: scorer)
                    let kept = pruned.sparseWeights!
                    for k in 0..<kept.nonZeroCount where !quantize {
                        #expect(abs(kept.values[k]) >= fraction * largest[Int(kept.labels[k])], "weights below the cut are gone")
                    }
                    #expect(kept.nonZeroCount < scorer.featureCount * scorer.labelCount)
                    let before = reference.rawScores(for: rows)
                    let after = pruned.rawScores(for: rows)
                    for row in 0..<rows.rowCount {
                        let l1 = rows.entries(ofRow: row).reduce(Float(0)) { $0 + abs(rows.values[$1]) }
                        for label in 0..<scorer.labelCount {
                            // The cut times ‖x‖₁, and half a quantisation step (m / 127) per unit of ‖x‖₁.
                            let step = quantize ? largest[label] / LinearCompression.quantizedLimit : 0
                            let bound = (fraction * largest[label] + step / 2) * l1 + 1e-3
                            let moved = abs(before[row * scorer.labelCount + label] - after[row * scorer.labelCount + label])
                            #expect(moved <= bound, "\(activation) \(fraction) \(quantize) row \(row) label \(label)")
                        }
                    }
                }
            }
        }
    }

    @Test func quantisedWeightsAreWholeMultiplesOfTheirLabelsScale() throws {
        let pruned = LinearCompression(pruneFraction: 0.2, quantize: true).apply(to: Self.scorer(activation: .sigmoid))
        let sparse = try #require(pruned.sparseWeights)
        let scales = try #require(sparse.scales)
        let levels = try #require(sparse.quantizedValues)
        for k in 0..<sparse.nonZeroCount {
            #expect(levels[k] != 0 && abs(levels[k]) <= 127 && levels[k] == levels[k].rounded())
            #expect(sparse.values[k] == levels[k] * scales[Int(sparse.labels[k])])
        }
    }

    @Test func settingsOutOfRangeAreRefused() {
        for bad: Float in [-1, .nan, .infinity, 1] {
            #expect(throws: ClassifierError.self) { try LinearCompression(pruneFraction: bad).validate() }
        }
    }
}
