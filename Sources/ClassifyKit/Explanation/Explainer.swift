/// One term's part in a label's score.
public struct TermContribution: Codable, Sendable, Equatable {
    /// The vocabulary term: a word, words joined by a space for n-grams, or either prefixed
    /// `title:` for a title term.
    public var term: String
    /// How much it moved the score: TF-IDF value × the label's weight for it (per document), or
    /// the weight alone (for a label's top terms).
    public var contribution: Float
}

/// Why a document got a label: the terms that pushed its score up and down most.
public struct LabelExplanation: Codable, Sendable, Equatable {
    public var label: String
    public var probability: Float
    public var up: [TermContribution]
    public var down: [TermContribution]
}

/// Explains linear scores term by term, for every registered classifier.
///
/// A label's weights come from `Classifier.featureWeights(forLabel:)`: coefficients for logistic
/// regression, log-probabilities (multinomial) or negated complement log-probabilities (complement)
/// for naive Bayes. For one-of-many models only differences between labels matter, so each label's
/// weights are taken relative to the mean of the other labels' (for naive Bayes this is the
/// log-probability ratio of the label against the rest); one-vs-rest weights are log-odds already.
public struct Explainer: Sendable {
    public let model: TrainedModel
    private let relativeWeights: [[Float]]

    public init(model: TrainedModel) {
        self.model = model
        let labels = model.labels.count
        let raw = (0..<labels).map { model.classifier.featureWeights(forLabel: $0) }
        if model.isMultiLabel || labels < 2 {
            relativeWeights = raw
        } else {
            let features = model.featureCount
            var total = [Float](repeating: 0, count: features)
            for weights in raw { for j in 0..<features { total[j] += weights[j] } }
            relativeWeights = raw.map { weights in
                (0..<features).map { weights[$0] - (total[$0] - weights[$0]) / Float(labels - 1) }
            }
        }
    }

    /// The `top` terms pushing each of untitled `text`'s predicted labels (or `labels`, when
    /// given) up and down.
    public func explain(_ text: String, top: Int, labels chosen: [Int]? = nil, threshold: Float? = nil) -> [LabelExplanation] {
        explain(Document(id: "", text: text), top: top, labels: chosen, threshold: threshold)
    }

    /// The `top` terms pushing each of `document`'s predicted labels (or `labels`, when given) up
    /// and down.
    public func explain(_ document: Document, top: Int, labels chosen: [Int]? = nil, threshold: Float? = nil) -> [LabelExplanation] {
        let row = model.features.transform([document])
        let probabilities = model.classifier.probabilities(for: row)
        let labels = chosen ?? model.decide(probabilities[0..<model.labels.count], threshold: threshold)
        return labels.map { label in
            let weights = relativeWeights[label]
            var contributions: [(Int, Float)] = []
            for k in row.entries(ofRow: 0) {
                let j = Int(row.columnIndices[k])
                contributions.append((j, row.values[k] * weights[j]))
            }
            let up = contributions.filter { $0.1 > 0 }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(top)
            let down = contributions.filter { $0.1 < 0 }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(top)
            return LabelExplanation(
                label: model.labels[label], probability: probabilities[label],
                up: up.map { TermContribution(term: model.features.featureName($0.0), contribution: $0.1) },
                down: down.map { TermContribution(term: model.features.featureName($0.0), contribution: $0.1) })
        }
    }

    /// The `top` terms with the largest weight for each label, in label order.
    public func topTerms(_ top: Int) -> [(label: String, terms: [TermContribution])] {
        model.labels.indices.map { label in
            let weights = relativeWeights[label]
            let best = weights.indices.sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }.prefix(top)
            return (model.labels[label], best.map { TermContribution(term: model.features.featureName($0), contribution: weights[$0]) })
        }
    }
}
