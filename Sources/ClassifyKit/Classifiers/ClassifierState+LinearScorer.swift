extension ClassifierState {
    /// The state of a linear model: `weights` (`features × labels`), `bias` and the activation.
    /// With `halfPrecision` the weights are stored in 2 bytes each (the scorer's weights must
    /// already be rounded with `roundedToHalf`).
    public init(scorer: LinearScorer, parameters: ClassifierParameters, extra: [String: String] = [:], halfPrecision: Bool = false) {
        var extra = extra
        extra["activation"] = scorer.activation.rawValue
        self.init(
            parameters: parameters.values,
            arrays: [
                Array(name: "weights", shape: [scorer.featureCount, scorer.labelCount], values: scorer.weights, halfPrecision: halfPrecision),
                Array(name: "bias", shape: [scorer.labelCount], values: scorer.bias),
            ],
            extra: extra)
    }

    /// The linear model saved by `init(scorer:parameters:)`.
    public func linearScorer(featureCount: Int, labelCount: Int) throws -> LinearScorer {
        guard let raw = extra["activation"], let activation = OutputActivation(rawValue: raw) else {
            throw ClassifierError("the model does not say how scores become probabilities (\"activation\"); it is damaged")
        }
        return LinearScorer(
            weights: try array("weights", shape: [featureCount, labelCount]),
            bias: try array("bias", shape: [labelCount]),
            featureCount: featureCount, labelCount: labelCount, activation: activation)
    }
}
