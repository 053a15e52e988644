import Testing
@testable import ClassifyKit

@Suite struct SparseLinearWeightsTests {
    /// 4 features × 3 labels with zeros in places.
    static let dense: [Float] = [
        0.5, 0, -1,
        0, 0, 0,
        0, 2, 0,
        -0.25, 0.75, 1.5,
    ]

    static let rows = SparseMatrix(columnCount: 4, rowOffsets: [0, 2, 3, 3], columnIndices: [0, 3, 2], values: [0.6, 0.8, 1])

    @Test func keepsExactlyTheNonZerosFeatureByFeature() {
        let sparse = SparseLinearWeights(dense: Self.dense, featureCount: 4, labelCount: 3)
        #expect(sparse.offsets == [0, 2, 2, 3, 6])
        #expect(sparse.labels == [0, 2, 1, 0, 1, 2])
        #expect(sparse.values == [0.5, -1, 2, -0.25, 0.75, 1.5])
        #expect(sparse.featuresInUse == [0, 2, 3])
        #expect(sparse.dense() == Self.dense)
        #expect(sparse.weights(forLabel: 1) == [0, 0, 2, 0.75])
    }

    @Test func scoresAsTheDenseMatrixDoes() {
        let bias: [Float] = [0.1, -0.2, 0.3]
        let dense = LinearScorer(weights: Self.dense, bias: bias, featureCount: 4, labelCount: 3, activation: .sigmoid)
        let sparse = LinearScorer(sparse: SparseLinearWeights(dense: Self.dense, featureCount: 4, labelCount: 3), bias: bias, activation: .sigmoid)
        let expected = dense.rawScores(for: Self.rows)
        let got = sparse.rawScores(for: Self.rows)
        #expect(zip(expected, got).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(Array(got[6..<9]) == bias, "an empty row scores its bias")
    }

    @Test func keepingFeaturesRenumbersThem() {
        let sparse = SparseLinearWeights(dense: Self.dense, featureCount: 4, labelCount: 3).keepingFeatures([0, 3])
        #expect(sparse.featureCount == 2)
        #expect(sparse.dense() == Array(Self.dense[0..<3]) + Array(Self.dense[9..<12]))
    }

    @Test func inconsistentPartsAreRefused() {
        let cases: [(offsets: [Int], labels: [UInt32], values: [Float], scales: [Float]?)] = [
            ([0, 2], [1, 0], [1, 1], nil),  // labels out of order
            ([0, 1], [3], [1], nil),  // label out of range
            ([0, 2], [0], [1], nil),  // offsets past the entries
            ([0, 1], [0], [.nan], nil),  // not finite
            ([0, 1], [0], [1], [1, 0, 1]),  // a zero scale
        ]
        #expect(throws: ClassifierError.self) {
            try SparseLinearWeights(featureCount: 2, labelCount: 3, offsets: [0, 5, 2], labels: [0, 1], values: [1, 1])
        }
        for bad in cases {
            #expect(throws: ClassifierError.self) {
                try SparseLinearWeights(featureCount: 1, labelCount: 3, offsets: bad.offsets, labels: bad.labels, values: bad.values, scales: bad.scales)
            }
        }
        #expect(throws: ClassifierError.self) {
            try SparseLinearWeights(featureCount: 2, labelCount: 3, lengths: [4, 0], labels: [0, 1, 2, 0], values: [1, 1, 1, 1])
        }
    }
}
