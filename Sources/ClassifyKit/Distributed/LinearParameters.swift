/// The weights a linear classifier scores with: `features × labels` weights (row-major) and one
/// bias per label.
public struct LinearParameters: Sendable, Equatable {
    public var weights: [Float]
    public var bias: [Float]

    public init(weights: [Float], bias: [Float]) {
        self.weights = weights
        self.bias = bias
    }

    /// The average of `parameters` (all of one shape) weighted by `weights`.
    public static func average(_ parameters: [LinearParameters], weights: [Double]) -> LinearParameters {
        let total = weights.reduce(0, +)
        var averaged = LinearParameters(
            weights: [Float](repeating: 0, count: parameters[0].weights.count), bias: [Float](repeating: 0, count: parameters[0].bias.count))
        for (part, weight) in zip(parameters, weights) {
            let share = Float(weight / total)
            averaged.weights.withUnsafeMutableBufferPointer { sum in
                part.weights.withUnsafeBufferPointer { BLAS.axpy(count: sum.count, alpha: share, x: $0.baseAddress!, y: sum.baseAddress!) }
            }
            for l in averaged.bias.indices { averaged.bias[l] += share * part.bias[l] }
        }
        return averaged
    }
}

/// Naive Bayes scores to blend into averaged linear weights when merging the last round of
/// parameter mixing (`classify merge --nb-weight W --temperature T`): the linear models train
/// the plain weights on each shard, and the blend comes from the exact counts of every shard.
public struct NaiveBayesBlend: Sendable {
    /// The counts of every shard, summed.
    public var counts: NaiveBayesCounts
    /// The weight of the naive Bayes component.
    public var weight: Double
    /// The temperature the blended scores are divided by.
    public var temperature: Double

    public init(counts: NaiveBayesCounts, weight: Double, temperature: Double) {
        self.counts = counts
        self.weight = weight
        self.temperature = temperature
    }
}

/// A classifier whose shard models merge by averaging their weights (iterative parameter mixing:
/// each round, every shard trains from the average of the previous round's shard models,
/// `classify train --init`).
public protocol AveragingMergeable: Classifier {
    /// The weights it scores with.
    var linearParameters: LinearParameters { get }
    /// The L2 regularisation (λ) it was trained with.
    var lambda: Double { get }
    /// The weight of the naive Bayes scores blended into `linearParameters` (0: plain weights).
    var nbWeight: Double { get }
    /// The temperature `linearParameters` were divided by (1: plain weights).
    var temperature: Double { get }
    /// This classifier, with its options, scoring with `parameters` (with `blend` added, when
    /// given) for a model of `labelCount` labels, multi-label or not.
    func mixed(_ parameters: LinearParameters, blend: NaiveBayesBlend?, labelCount: Int, multiLabel: Bool) throws -> Self
}

extension LinearModelClassifier {
    public var linearParameters: LinearParameters {
        LinearParameters(weights: scorer.weights, bias: scorer.bias)
    }

    public func mixed(_ parameters: LinearParameters, blend: NaiveBayesBlend?, labelCount: Int, multiLabel: Bool) throws -> Self {
        let alpha = try self.parameters.number("nb-alpha")
        let tuning = LinearFit.Tuning(lambda: lambda, nbWeight: blend?.weight ?? 0, temperature: blend?.temperature ?? 1)
        let scorer = try LinearFit.finish(
            AveragedSGD.Result(weights: parameters.weights, bias: parameters.bias, history: [], validationLoss: .infinity),
            tuning: tuning, naiveBayes: blend.flatMap { $0.weight > 0 ? NaiveBayesComponent(counts: $0.counts, alpha: alpha, multiLabel: multiLabel) : nil },
            featureCount: self.scorer.featureCount,
            targets: LabelTargets(labelNames: (0..<labelCount).map(String.init), isMultiLabel: multiLabel))
        return Self(parameters: self.parameters, fit: LinearFit(scorer: scorer, lambda: lambda, nbWeight: tuning.nbWeight, temperature: tuning.temperature))
    }
}

extension LogisticRegression: AveragingMergeable {}
extension LinearSVM: AveragingMergeable {}
