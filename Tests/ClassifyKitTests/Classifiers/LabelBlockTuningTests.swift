import Testing
@testable import ClassifyKit

/// Held-out tuning of one-vs-rest logistic regression in a large taxonomy trains every λ candidate
/// on the label blocks that carry the most documents only; these tests hold the choice of blocks
/// and the scores of a subset of blocks to what tuning every block gives.
@Suite struct LabelBlockTuningTests {
    /// `documents` one-label documents over 160 labels (`L000`…`L159`, ten blocks), document `i`
    /// carrying label `i % 160`, then `extra` more documents of each label in `busier`.
    static func setup(documents: Int = 320, busier: [Int] = [], extra: Int = 0) throws -> AveragedSGD.Setup {
        var labelSets = (0..<documents).map { [name($0 % 160)] }
        for label in busier { labelSets += Array(repeating: [name(label)], count: extra) }
        var features = SparseMatrix(columnCount: 1)
        for _ in labelSets { features.appendRow(columns: [0], values: [1]) }
        let targets = try LabelTargets(labelSets: labelSets, multiLabel: true)
        return AveragedSGD.Setup(features: features, targets: targets, classWeights: try ClassWeights.resolve("none", targets: targets), learnBias: true)
    }

    /// `L` and `label` in three digits.
    static func name(_ label: Int) -> String {
        let digits = String(label)
        return "L" + String(repeating: "0", count: 3 - digits.count) + digits
    }

    @Test func smallTaxonomiesTuneEveryBlock() throws {
        let (features, targets) = try LabelBlockTrainingTests.corpus()
        let setup = AveragedSGD.Setup(features: features, targets: targets, classWeights: try ClassWeights.resolve("none", targets: targets), learnBias: true)
        let blocks = AveragedSGD.labelBlocks(labelCount: targets.labelCount, oneVsRest: true)
        #expect(blocks.count == 3)
        #expect(LinearFit.tunedBlocks(setup: setup, rows: Array(0..<features.rowCount)) == blocks)
    }

    @Test func largeTaxonomiesTuneTheBlocksThatCarryTheMostDocuments() throws {
        #expect(LinearFit.tunedBlockLimit == 8)
        let even = try Self.setup()
        let rows = Array(0..<even.features.rowCount)
        let first8 = (0..<8).map { $0 * 16..<($0 + 1) * 16 }
        #expect(LinearFit.tunedBlocks(setup: even, rows: rows) == first8, "ties go to the earlier block")
        // Labels 150 and 153 (block 9) made busier than any block but the first seven: block 7 drops out.
        let busier = try Self.setup(busier: [150, 153], extra: 20)
        #expect(LinearFit.tunedBlocks(setup: busier, rows: Array(0..<busier.features.rowCount)) == Array(first8.prefix(7)) + [144..<160])
        // Only the rows given count: without the extra documents the blocks are even again.
        #expect(LinearFit.tunedBlocks(setup: busier, rows: rows) == first8)
    }

    @Test func scoresOfSomeBlocksAreThoseBlocksColumnsOfEveryBlocksScores() throws {
        let (features, targets) = try LabelBlockTrainingTests.corpus()
        let setup = AveragedSGD.Setup(features: features, targets: targets, classWeights: try ClassWeights.resolve("none", targets: targets), learnBias: true)
        let rows = Array(0..<180)
        let heldOut = features.rows(180..<240)
        let lambdas = [1e-4, 1e-5]
        let all = AveragedSGD.heldOutScores(setup: setup, rows: rows, heldOut: heldOut, lambdas: lambdas, epochs: 2, tolerance: 0, seed: 4)
        let blocks = [0..<16, 32..<targets.labelCount]
        let some = AveragedSGD.heldOutScores(
            setup: setup, rows: rows, heldOut: heldOut, lambdas: lambdas, epochs: 2, tolerance: 0, seed: 4, blocks: blocks)
        let tuned = LinearFit.TunedLabels(blocks: blocks, labelCount: targets.labelCount)
        #expect(some.count == 2 && some[0].count == heldOut.rowCount * (16 + targets.labelCount - 32))
        for (candidate, scores) in some.enumerated() {
            #expect(scores == tuned.selectingColumns(of: all[candidate], rows: heldOut.rowCount))
        }
    }

    @Test func tunedLabelsNumberTheirBlocksLabelsInOrder() {
        let tuned = LinearFit.TunedLabels(blocks: [2..<4, 6..<7], labelCount: 8)
        #expect(tuned.count == 3 && tuned.labels == [2, 3, 6])
        #expect(tuned.columns(of: [0, 3, 5, 6]) == [1, 2])
        let matrix: [Float] = (0..<16).map(Float.init)  // 2 rows × 8 labels
        let selected = tuned.selectingColumns(of: matrix, rows: 2)
        #expect(selected == [2, 3, 6, 10, 11, 14])
        var back = [Float](repeating: -1, count: 16)
        tuned.scatter(selected, rows: 2, into: &back)
        #expect(back == [-1, -1, 2, 3, -1, -1, 6, -1, -1, -1, 10, 11, -1, -1, 14, -1])
    }
}
