/// Multinomial naive Bayes on TF-IDF features with Laplace/Lidstone smoothing `alpha`.
///
/// Single-label: `score(c) = log P(c) + Σ x_j log P(j | c)`, softmax over classes.
/// Multi-label: one-vs-rest, each label against the documents without it; the log-odds pass
/// through a sigmoid.
public struct MultinomialNaiveBayes: CountTrainable {
    public static let name = "multinomial-nb"
    public static let origin = ClassifierRegistry.builtInOrigin
    public static let summary = "Multinomial naive Bayes: fast, strong on short texts and many classes"
    public static let parameters: [ClassifierParameter] = [
        ClassifierParameter("alpha", default: "0.01", .number(1e-9...1e9), help: "Additive smoothing of feature counts.")
    ]

    public let parameters: ClassifierParameters
    let scorer: LinearScorer

    public static func train(counts: NaiveBayesCounts, targets: LabelTargets, parameters: ClassifierParameters) throws -> MultinomialNaiveBayes {
        let alpha = try parameters.number("alpha")
        let own = counts.logProbabilities(alpha: alpha, complement: false)
        let priors = counts.logPriors()
        let scorer: LinearScorer
        if targets.isMultiLabel {
            let rest = counts.logProbabilities(alpha: alpha, complement: true)
            let weights = zip(own, rest).map { $0 - $1 }
            let bias = zip(priors.label, priors.rest).map { $0 - $1 }
            scorer = LinearScorer(
                weights: weights, bias: bias, featureCount: counts.featureCount, labelCount: counts.labelCount,
                activation: .sigmoid)
        } else {
            scorer = LinearScorer(
                weights: own, bias: priors.label, featureCount: counts.featureCount, labelCount: counts.labelCount,
                activation: .softmax)
        }
        return MultinomialNaiveBayes(parameters: parameters, scorer: scorer)
    }

    public static func decode(_ state: ClassifierState, featureCount: Int, labelCount: Int) throws -> MultinomialNaiveBayes {
        try MultinomialNaiveBayes(
            parameters: ClassifierParameters.resolve(state.parameters, declared: parameters, classifier: name),
            scorer: state.linearScorer(featureCount: featureCount, labelCount: labelCount))
    }

    public func probabilities(for features: SparseMatrix) -> [Float] { scorer.probabilities(for: features) }
    public func featureWeights(forLabel label: Int) -> [Float] { scorer.weights(forLabel: label) }
    public func encode() -> ClassifierState { ClassifierState(scorer: scorer, parameters: parameters) }
}
