/// Every classifier `classify` knows, by name. Adding a classifier is one line here.
public enum ClassifierRegistry {
    /// The registered classifier types, in the order `classify classifiers` lists them.
    public static let all: [any Classifier.Type] = [
        MultinomialNaiveBayes.self,
        ComplementNaiveBayes.self,
        LogisticRegression.self,
        LinearSVM.self,
    ]

    /// The name used when none is given.
    public static let defaultName = LogisticRegression.name

    /// The classifier type called `name`, or an error listing the known names.
    public static func type(named name: String) throws -> any Classifier.Type {
        if let type = all.first(where: { $0.name == name }) { return type }
        throw ClassifierError(
            "unknown classifier \"\(name)\"; choose one of: \(all.map { $0.name }.joined(separator: ", ")) (see `classify classifiers`)")
    }
}
