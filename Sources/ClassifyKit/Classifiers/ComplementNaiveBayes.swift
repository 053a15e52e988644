/// Complement naive Bayes (Rennie, Shih, Teevan & Karger, 2003): each class is scored by how unlike
/// the *other* classes' documents a text is, `score(c) = -Σ x_j log P(j | not c)`, which corrects
/// multinomial naive Bayes' bias towards large classes. With `--weight-norm true` the weights of each class
/// are normalised by their sum (Rennie's weight normalisation).
///
/// Multi-label: one-vs-rest, where a label's complement is the documents without it; the log-odds
/// with the label's prior pass through a sigmoid.
public struct ComplementNaiveBayes: CountTrainable {
    public static let name = "complement-nb"
    public static let origin = ClassifierRegistry.builtInOrigin
    public static let summary = "Complement naive Bayes (Rennie et al. 2003): the most accurate naive Bayes on uneven classes"
    public static let parameters: [ClassifierParameter] = [
        ClassifierParameter("alpha", default: "0.3", .number(1e-9...1e9), help: "Additive smoothing of feature counts."),
        ClassifierParameter("weight-norm", default: "false", .boolean, help: "Normalise each class's weights (Rennie's step 8)."),
    ]

    public let parameters: ClassifierParameters
    let scorer: LinearScorer

    public static func train(counts: NaiveBayesCounts, targets: LabelTargets, parameters: ClassifierParameters) throws -> ComplementNaiveBayes {
        let alpha = try parameters.number("alpha")
        let complement = counts.logProbabilities(alpha: alpha, complement: true)
        let scorer: LinearScorer
        if targets.isMultiLabel {
            let own = counts.logProbabilities(alpha: alpha, complement: false)
            let priors = counts.logPriors()
            scorer = LinearScorer(
                weights: zip(own, complement).map { $0 - $1 }, bias: zip(priors.label, priors.rest).map { $0 - $1 },
                featureCount: counts.featureCount, labelCount: counts.labelCount, activation: .sigmoid)
        } else {
            var weights = complement.map { -$0 }
            if try parameters.boolean("weight-norm") {
                // Rennie's normalisation: w_cj = log θ_cj / Σ_k |log θ_ck|, negated complement weights.
                let sums = LinearScorer.columnSums(weights, rows: counts.featureCount, columns: counts.labelCount)
                for j in 0..<counts.featureCount {
                    for l in 0..<counts.labelCount { weights[j * counts.labelCount + l] /= sums[l] }
                }
            }
            scorer = LinearScorer(
                weights: weights, bias: [Float](repeating: 0, count: counts.labelCount),
                featureCount: counts.featureCount, labelCount: counts.labelCount, activation: .softmax)
        }
        return ComplementNaiveBayes(parameters: parameters, scorer: scorer)
    }

    public static func decode(_ state: ClassifierState, featureCount: Int, labelCount: Int) throws -> ComplementNaiveBayes {
        try ComplementNaiveBayes(
            parameters: ClassifierParameters.resolve(state.parameters, declared: parameters, classifier: name),
            scorer: state.linearScorer(featureCount: featureCount, labelCount: labelCount))
    }

    public func probabilities(for features: SparseMatrix) -> [Float] { scorer.probabilities(for: features) }
    public func featureWeights(forLabel label: Int) -> [Float] { scorer.weights(forLabel: label) }
    public func encode() -> ClassifierState { ClassifierState(scorer: scorer, parameters: parameters) }
}
