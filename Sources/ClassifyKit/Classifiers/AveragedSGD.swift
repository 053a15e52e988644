import Foundation

/// Averaged stochastic gradient descent for L2-regularised logistic regression over sparse rows.
///
/// Softmax models train all labels together; one-vs-rest models train independent blocks of
/// labels in parallel (the block size is fixed, so results do not depend on
/// the thread count).
public enum AveragedSGD {
    /// What stays the same across fits.
    public struct Setup: Sendable {
        /// The training rows (TF-IDF features, one row per document).
        public var features: SparseMatrix
        /// The labels of each row.
        public var targets: LabelTargets
        /// Per-label weights on the loss.
        public var classWeights: ClassWeights
        /// Learn a bias (intercept) per label.
        public var learnBias: Bool
        /// The loss; `DualCoordinateDescent` solves the squared hinge.
        public var loss: LinearLoss = .logistic
        /// Logistic loss solved per label by dual coordinate descent (one-vs-rest only).
        public var dualLogistic = false

        public init(features: SparseMatrix, targets: LabelTargets, classWeights: ClassWeights, learnBias: Bool, loss: LinearLoss = .logistic) {
            self.features = features
            self.targets = targets
            self.classWeights = classWeights
            self.learnBias = learnBias
            self.loss = loss
        }
    }

    /// A fitted model: `features × labels` weights (row-major), one bias per label, the training
    /// loss after each epoch and the best held-out loss (infinity without held-out rows).
    public struct Result: Sendable {
        public var weights: [Float]
        public var bias: [Float]
        public var history: [Double]
        public var validationLoss: Double
    }

    /// Labels per one-vs-rest block.
    static let blockSize = 16

    /// Trains on `rows` for up to `epochs` passes. With `validation` rows, keeps the epoch with the
    /// lowest validation loss and stops after 3 epochs without improvement; otherwise stops when the
    /// training loss improves by less than `tolerance` (relative) 3 times in a row.
    ///
    /// One-vs-rest labels train in independent blocks of `blockSize` labels, each to its own
    /// stopping epoch (decided on the block's own loss, or held-out loss), at most one block per
    /// core at a time: memory holds the finished weights and
    /// the states of the blocks in training, not a state for every label. Every block sees the same
    /// document order, so the result does not depend on the thread count.
    public static func fit(
        setup: Setup, rows: [Int], validation: [Int], lambda: Double, epochs: Int, tolerance: Double, seed: UInt64,
        progress: ProgressHandler?
    ) -> Result {
        let labels = setup.targets.labelCount
        let featureCount = setup.features.columnCount
        let blocks = labelBlocks(labelCount: labels, oneVsRest: setup.targets.isMultiLabel)
        var weights = [Float](repeating: 0, count: featureCount * labels)
        let outcomes = weights.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer.baseAddress!
            return ParallelMap.map(0..<blocks.count) { b -> (bias: [Float], history: [Double], validationLoss: Double) in
                let fitted = fitBlock(
                    setup: setup, labels: blocks[b], rows: rows, validation: validation, lambda: lambda, epochs: epochs,
                    tolerance: tolerance, seed: seed, progress: blocks.count == 1 ? progress : nil)
                fitted.writeWeights(into: output, stride: labels)
                return (fitted.bias, fitted.history, fitted.validationLoss)
            }
        }
        var bias = [Float](repeating: 0, count: labels)
        for (block, outcome) in zip(blocks, outcomes) {
            for (l, value) in outcome.bias.enumerated() { bias[block.lowerBound + l] = value }
        }
        if blocks.count > 1 {
            for (block, outcome) in zip(blocks, outcomes) {
                progress?(blockSummary(block, of: labels, history: outcome.history))
            }
        }
        let history = summedHistory(outcomes.map(\.history))
        let validationLoss = validation.isEmpty ? Double.infinity : outcomes.reduce(0) { $0 + $1.validationLoss }
        return Result(weights: weights, bias: bias, history: history, validationLoss: validationLoss)
    }

    /// The progress line of a block of labels that finished training.
    static func blockSummary(_ block: Range<Int>, of labels: Int, history: [Double]) -> String {
        "labels \(block.lowerBound + 1)–\(block.upperBound) of \(labels): \(history.count) epochs, loss "
            + history.map(LinearFit.format).joined(separator: " → ")
    }

    /// The loss of a model after each epoch from those of its blocks: a block that stopped early
    /// keeps contributing its last loss to the later epochs.
    static func summedHistory(_ histories: [[Double]]) -> [Double] {
        let epochsRun = histories.map(\.count).max() ?? 0
        return (0..<epochsRun).map { e in histories.reduce(0) { $0 + ($1.isEmpty ? 0 : $1[min(e, $1.count - 1)]) } }
    }

    /// One block of labels trained by averaged SGD: its state after the last epoch, and the epoch
    /// kept on held-out rows when there were any.
    struct FittedBlock {
        var state: SGDState
        /// The averaged weights and biases of the epoch with the lowest held-out loss.
        var best: (weights: [Float], bias: [Float], loss: Double)?
        /// The training loss after each epoch.
        var history: [Double]

        var bias: [Float] { best?.bias ?? state.averageBias }
        var validationLoss: Double { best?.loss ?? .infinity }

        /// The block's weights, `features × labels` of the block.
        var weights: [Float] { best?.weights ?? state.averagedWeights() }

        /// Writes the block's weights into its columns of `output`, a `features × stride` matrix.
        func writeWeights(into output: UnsafeMutablePointer<Float>, stride: Int) {
            guard let best else { return state.writeAveragedWeights(into: output, stride: stride, firstColumn: state.labels.lowerBound) }
            let width = state.labelCount
            for j in 0..<state.featureCount {
                for l in 0..<width { output[j * stride + state.labels.lowerBound + l] = best.weights[j * width + l] }
            }
        }
    }

    /// Trains the labels `block` on `rows` as `fit` describes, with the document order drawn from
    /// `seed` (the same for every block).
    static func fitBlock(
        setup: Setup, labels block: Range<Int>, rows: [Int], validation: [Int], lambda: Double, epochs: Int, tolerance: Double,
        seed: UInt64, progress: ProgressHandler?
    ) -> FittedBlock {
        var fitted = FittedBlock(
            state: SGDState(setup: setup, labels: block, lambda: lambda, calibrationRows: rows, seed: seed), best: nil, history: [])
        var generator = SeededGenerator(seed: seed)
        var order = rows
        var previous = Double.infinity
        var stalls = 0
        for epoch in 1...epochs {
            generator.shuffle(&order)
            let loss = fitted.state.epoch(rows: order, setup: setup)
            fitted.history.append(loss)
            var line = "epoch \(epoch)/\(epochs): loss \(LinearFit.format(loss))"
            if !validation.isEmpty {
                let held = fitted.state.heldOutLoss(rows: validation, setup: setup)
                line += ", held-out loss \(LinearFit.format(held))"
                progress?(line)
                if held < (fitted.best?.loss ?? .infinity) {
                    fitted.best = (fitted.state.averagedWeights(), fitted.state.averageBias, held)
                    stalls = 0
                } else {
                    stalls += 1
                    if stalls >= 3 { break }
                }
            } else {
                progress?(line)
                if previous - loss < tolerance * abs(previous) { stalls += 1 } else { stalls = 0 }
                previous = loss
                if stalls >= 3 { break }
            }
        }
        return fitted
    }

    /// The raw held-out scores (`heldOut` rows × labels) of a model trained on `rows` for each λ in
    /// `lambdas`, as `fit` would train it without held-out rows. Each (λ, block of labels) trains
    /// on its own, at most one per core at a time, and only its scores are kept: tuning holds the
    /// states of the blocks in training, not a model per λ.
    ///
    /// With `blocks` (one-vs-rest label blocks of `labelBlocks`), only those are trained, and the
    /// scores hold their labels' columns, block after block.
    static func heldOutScores(
        setup: Setup, rows: [Int], heldOut: SparseMatrix, lambdas: [Double], epochs: Int, tolerance: Double, seed: UInt64,
        blocks chosenBlocks: [Range<Int>]? = nil
    ) -> [[Float]] {
        let blocks = chosenBlocks ?? labelBlocks(labelCount: setup.targets.labelCount, oneVsRest: setup.targets.isMultiLabel)
        precondition(blocks.allSatisfy { $0.upperBound <= setup.targets.labelCount }, "label blocks beyond the labels")
        let labels = blocks.reduce(0) { $0 + $1.count }
        let parts = ParallelMap.map(0..<(lambdas.count * blocks.count)) { job -> [Float] in
            let (candidate, b) = job.quotientAndRemainder(dividingBy: blocks.count)
            let fitted = fitBlock(
                setup: setup, labels: blocks[b], rows: rows, validation: [], lambda: lambdas[candidate], epochs: epochs,
                tolerance: tolerance, seed: seed, progress: nil)
            return LinearScorer(
                weights: fitted.weights, bias: fitted.bias, featureCount: setup.features.columnCount, labelCount: blocks[b].count,
                activation: .softmax
            ).rawScores(for: heldOut)
        }
        return (0..<lambdas.count).map { candidate in
            interleave(parts[(candidate * blocks.count)..<((candidate + 1) * blocks.count)], blocks: blocks, rows: heldOut.rowCount, labelCount: labels)
        }
    }

    /// The `rows × labelCount` matrix whose columns are those of `parts[0]`, then `parts[1]`, …
    /// (`parts[b]` is `rows × blocks[b].count`; `labelCount` is the blocks' total): for blocks
    /// covering `0..<labelCount` in order, column `blocks[b].lowerBound + l` is `parts[b]`'s column `l`.
    static func interleave(_ parts: ArraySlice<[Float]>, blocks: [Range<Int>], rows: Int, labelCount: Int) -> [Float] {
        precondition(blocks.reduce(0) { $0 + $1.count } == labelCount)
        var matrix = [Float](repeating: 0, count: rows * labelCount)
        var first = 0
        for (block, part) in zip(blocks, parts) {
            let width = block.count
            for i in 0..<rows {
                for l in 0..<width { matrix[i * labelCount + first + l] = part[i * width + l] }
            }
            first += width
        }
        return matrix
    }

    /// The label blocks a model with `labelCount` labels trains in: blocks of `blockSize` labels
    /// one-vs-rest, all labels together for a softmax.
    static func labelBlocks(labelCount: Int, oneVsRest: Bool) -> [Range<Int>] {
        oneVsRest ? stride(from: 0, to: labelCount, by: blockSize).map { $0..<min(labelCount, $0 + blockSize) } : [0..<labelCount]
    }

    /// The `features × labels` weights and the biases of the whole model from those of its label
    /// blocks.
    static func assemble(
        blocks: [Range<Int>], weights blockWeights: [[Float]], bias blockBias: [[Float]], featureCount: Int, labelCount: Int
    ) -> (weights: [Float], bias: [Float]) {
        var weights = [Float](repeating: 0, count: featureCount * labelCount)
        var bias = [Float](repeating: 0, count: labelCount)
        for (b, block) in blocks.enumerated() {
            let width = block.count
            for j in 0..<featureCount {
                for l in 0..<width { weights[j * labelCount + block.lowerBound + l] = blockWeights[b][j * width + l] }
            }
            for l in 0..<width { bias[block.lowerBound + l] = blockBias[b][l] }
        }
        return (weights, bias)
    }
}

/// Lets parallel work mutate one block's state in place (no copy of its arrays).
final class StateBox: @unchecked Sendable {
    var state: SGDState
    init(_ state: SGDState) { self.state = state }
}
