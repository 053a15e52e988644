import Testing
@testable import ClassifyKit

/// `SparseMatrix.keepingOnly(rows:)`: a few rows over the columns they use, with their row
/// numbers and entry order unchanged.
@Suite struct SparseMatrixTests {
    /// Four rows over six columns.
    static let matrix = SparseMatrix(
        columnCount: 6, rowOffsets: [0, 2, 3, 5, 6], columnIndices: [1, 4, 0, 1, 5, 2], values: [0.5, 1, 2, 3, 4, 5])

    @Test func keptRowsKeepTheirNumbersAndTheirEntriesOverRenumberedColumns() {
        let kept = Self.matrix.keepingOnly(rows: [2, 0])
        #expect(kept.rowCount == 4)
        #expect(kept.columnCount == 3, "rows 0 and 2 use columns 1, 4 and 5")
        #expect(kept.rowOffsets == [0, 2, 2, 4, 4], "rows 1 and 3 are empty")
        #expect(kept.columnIndices == [0, 1, 0, 2], "1 → 0, 4 → 1, 5 → 2, in the original order")
        #expect(kept.values == [0.5, 1, 3, 4])
    }

    @Test func aRowListedTwiceIsKeptOnce() {
        let twice = Self.matrix.keepingOnly(rows: [2, 0, 2])
        let once = Self.matrix.keepingOnly(rows: [0, 2])
        #expect(twice.rowOffsets == once.rowOffsets)
        #expect(twice.columnIndices == once.columnIndices)
        #expect(twice.values == once.values)
        #expect(twice.columnCount == once.columnCount)
    }

    @Test func keepingNoRowsLeavesNoColumns() {
        let kept = Self.matrix.keepingOnly(rows: [])
        #expect(kept.columnCount == 0)
        #expect(kept.rowOffsets == [0, 0, 0, 0, 0])
        #expect(kept.nonZeroCount == 0)
    }

    /// A pass of averaged SGD over some rows touches only their columns: over the kept matrix it
    /// gives those columns the same weights, bit for bit, which is what learning-rate calibration
    /// relies on when it trains its trials on a sample's columns only.
    @Test func sgdOverTheKeptColumnsGivesTheSameWeights() throws {
        let (features, targets) = try LabelBlockTrainingTests.corpus()
        let setup = AveragedSGD.Setup(
            features: features, targets: targets, classWeights: try ClassWeights.resolve("none", targets: targets), learnBias: true)
        var compact = setup
        let sample = Array(stride(from: 3, to: 240, by: 47))
        compact.features = features.keepingOnly(rows: sample)
        #expect(compact.features.columnCount * 2 < features.columnCount, "five rows of five entries leave most of the 60 columns out")
        func pass(_ setup: AveragedSGD.Setup) -> SGDState {
            var state = SGDState(
                featureCount: setup.features.columnCount, labels: 0..<AveragedSGD.blockSize, lambda: 1e-4, oneVsRest: true,
                learnBias: true, eta0: 0.3, averageStart: .infinity)
            _ = state.epoch(rows: sample, setup: setup)
            return state
        }
        let full = pass(setup), kept = pass(compact)
        let used = Set(sample.flatMap { features.entries(ofRow: $0).map { Int(features.columnIndices[$0]) } }).sorted()
        #expect(used.count == compact.features.columnCount)
        let width = AveragedSGD.blockSize
        for (newColumn, column) in used.enumerated() {
            #expect(Array(full.v[(column * width)..<((column + 1) * width)]) == Array(kept.v[(newColumn * width)..<((newColumn + 1) * width)]))
        }
        #expect(full.bias == kept.bias)
        #expect(full.wDivisor == kept.wDivisor)
        let unused = Set(0..<features.columnCount).subtracting(used)
        #expect(unused.allSatisfy { column in full.v[(column * width)..<((column + 1) * width)].allSatisfy { $0 == 0 } })
        // The losses agree up to the rounding of the squared norm's sum (its order follows where
        // the non-zero weights sit).
        let fullObjective = full.objective(rows: sample, setup: setup)
        let keptObjective = kept.objective(rows: sample, setup: compact)
        #expect(fullObjective.isFinite)
        #expect(abs(fullObjective - keptObjective) <= 1e-6 * abs(fullObjective))
    }
}
