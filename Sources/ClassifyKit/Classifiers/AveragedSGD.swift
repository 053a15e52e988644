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
    public static func fit(
        setup: Setup, rows: [Int], validation: [Int], lambda: Double, epochs: Int, tolerance: Double, seed: UInt64,
        progress: ProgressHandler?
    ) -> Result {
        let labels = setup.targets.labelCount
        let blocks = labelBlocks(labelCount: labels, oneVsRest: setup.targets.isMultiLabel)
        // Each block runs the same schedule: the same document order and the same stopping epoch
        // (decided on the summed losses), so the blocks together equal one model.
        let states = ParallelMap.map(0..<blocks.count) { b in
            StateBox(SGDState(setup: setup, labels: blocks[b], lambda: lambda, calibrationRows: rows, seed: seed))
        }
        var generator = SeededGenerator(seed: seed)
        var order = rows
        var history: [Double] = []
        var best: (loss: Double, weights: [[Float]], bias: [[Float]])?
        var previous = Double.infinity
        var stalls = 0
        for epoch in 1...epochs {
            generator.shuffle(&order)
            let shuffled = order
            let outcomes = ParallelMap.map(0..<states.count) { b -> (Double, Double) in
                let loss = states[b].state.epoch(rows: shuffled, setup: setup)
                let held = validation.isEmpty ? 0 : states[b].state.heldOutLoss(rows: validation, setup: setup)
                return (loss, held)
            }
            let loss = outcomes.reduce(0) { $0 + $1.0 }
            history.append(loss)
            var line = "epoch \(epoch)/\(epochs): loss \(LinearFit.format(loss))"
            if !validation.isEmpty {
                let held = outcomes.reduce(0) { $0 + $1.1 }
                line += ", held-out loss \(LinearFit.format(held))"
                progress?(line)
                if held < (best?.loss ?? .infinity) {
                    best = (held, states.map { $0.state.averagedWeights() }, states.map(\.state.averageBias))
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
        let (weights, bias) = assemble(
            blocks: blocks, weights: best?.weights ?? states.map { $0.state.averagedWeights() },
            bias: best?.bias ?? states.map(\.state.averageBias), featureCount: setup.features.columnCount, labelCount: labels)
        return Result(weights: weights, bias: bias, history: history, validationLoss: best?.loss ?? .infinity)
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
