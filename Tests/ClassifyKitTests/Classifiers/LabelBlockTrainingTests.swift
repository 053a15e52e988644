import Testing
@testable import ClassifyKit

/// One-vs-rest models train, blend and compress a block of labels at a time; these tests hold the
/// blocks to the promise that the result is the model of every label at once.
@Suite struct LabelBlockTrainingTests {
    /// 240 documents over 60 features with 40 one-vs-rest labels (more than two label blocks of
    /// `AveragedSGD.blockSize`): label `l` is carried by documents that use feature `l`.
    static func corpus() throws -> (SparseMatrix, LabelTargets) {
        var generator = SeededGenerator(seed: 3)
        var matrix = SparseMatrix(columnCount: 60)
        var labels: [[String]] = []
        for _ in 0..<240 {
            let columns = Array(Set((0..<5).map { _ in Int32(generator.next(below: 60)) })).sorted()
            var values = columns.map { _ in Float(1 + generator.next(below: 100)) / 100 }
            let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            values = values.map { $0 / norm }
            matrix.appendRow(columns: columns, values: values)
            let carried = columns.filter { $0 < 40 }.prefix(2).map { "label\($0)" }
            labels.append(carried.isEmpty ? ["label0"] : carried)
        }
        return (matrix, try LabelTargets(labelSets: labels, multiLabel: true))
    }

    static func parameters(_ values: [String: String]) throws -> ClassifierParameters {
        try ClassifierParameters.resolve(values, declared: LogisticRegression.parameters, classifier: LogisticRegression.name)
    }

    @Test(arguments: [["nb-weight": "0.1"], ["nb-weight": "auto", "validation-fraction": "0.2"]])
    func compressingBlocksAsTheyFinishGivesTheCompressedWholeModel(options: [String: String]) throws {
        let (features, targets) = try Self.corpus()
        #expect(targets.labelCount > 2 * AveragedSGD.blockSize)
        let parameters = try Self.parameters(options.merging(["epochs": "3"]) { $1 })
        let compression = LinearCompression(pruneFraction: 0.05, quantize: true)
        let inBlocks = try LogisticRegression.train(
            features: features, targets: targets, parameters: parameters, compression: compression, progress: nil)
        let whole = try LogisticRegression.train(features: features, targets: targets, parameters: parameters, progress: nil)
            .compressed(compression)
        #expect(inBlocks.scorer.sparseWeights != nil)
        #expect(inBlocks.scorer.sparseWeights == whole.scorer.sparseWeights)
        #expect(inBlocks.scorer.bias == whole.scorer.bias)
        #expect(inBlocks.lossHistory == whole.lossHistory)
    }

    @Test func joiningBlocksRenumbersTheirLabels() throws {
        let left = try SparseLinearWeights(featureCount: 3, labelCount: 2, offsets: [0, 1, 1, 3], labels: [1, 0, 1], values: [1, 2, 3])
        let right = try SparseLinearWeights(featureCount: 3, labelCount: 1, offsets: [0, 1, 2, 2], labels: [0, 0], values: [4, 5])
        let joined = SparseLinearWeights.joining([left, right], featureCount: 3)
        #expect(joined.labelCount == 3)
        #expect(joined.dense() == [0, 1, 4, 0, 0, 5, 2, 3, 0])
    }

    @Test func countsOfABlockOfLabelsAreThoseLabelsColumns() throws {
        let (features, targets) = try Self.corpus()
        let all = NaiveBayesCounts(features: features, targets: targets)
        let block = 17..<29
        let counted = NaiveBayesCounts(features: features, targets: targets, labels: block)
        #expect(counted == all.restricted(to: block))
        let whole = all.blendComponent(alpha: 0.3, multiLabel: true)
        let part = counted.blendComponent(alpha: 0.3, multiLabel: true)
        for j in 0..<features.columnCount {
            #expect(Array(whole.weights[(j * targets.labelCount + block.lowerBound)..<(j * targets.labelCount + block.upperBound)])
                == Array(part.weights[(j * block.count)..<((j + 1) * block.count)]))
        }
        #expect(Array(whole.bias[block]) == part.bias)
    }

    /// With a loose tolerance blocks stop at epochs of their own; the model is still each block
    /// trained alone, in order, on this thread, and its loss history their padded sum.
    @Test(arguments: [0.0, 0.05])
    func theModelIsItsBlocksTrainedAlone(tolerance: Double) throws {
        let (features, targets) = try Self.corpus()
        let setup = AveragedSGD.Setup(
            features: features, targets: targets, classWeights: try ClassWeights.resolve("none", targets: targets), learnBias: true)
        let rows = Array(0..<features.rowCount)
        let fitted = AveragedSGD.fit(setup: setup, rows: rows, validation: [], lambda: 1e-4, epochs: 12, tolerance: tolerance, seed: 1, progress: nil)
        var weights = [Float](repeating: 0, count: features.columnCount * targets.labelCount)
        var histories: [[Double]] = []
        for block in AveragedSGD.labelBlocks(labelCount: targets.labelCount, oneVsRest: true) {
            let alone = AveragedSGD.fitBlock(
                setup: setup, labels: block, rows: rows, validation: [], lambda: 1e-4, epochs: 12, tolerance: tolerance, seed: 1, progress: nil)
            weights.withUnsafeMutableBufferPointer { alone.writeWeights(into: $0.baseAddress!, stride: targets.labelCount) }
            histories.append(alone.history)
        }
        #expect(fitted.weights == weights)
        #expect(fitted.history == AveragedSGD.summedHistory(histories))
        if tolerance > 0 { #expect(histories.contains { $0.count < 12 }, "a block stops early") }
    }

    @Test func aBlockThatStoppedEarlyKeepsItsLastLossInTheSum() {
        #expect(AveragedSGD.summedHistory([[3, 2, 1], [5, 4], []]) == [8, 6, 5])
    }
}
