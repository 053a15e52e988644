/// Everything that decides how a model is trained.
public struct TrainingOptions: Sendable {
    /// Feature extraction settings.
    public var tfidf = TfidfOptions()
    /// The registry name of the classifier.
    public var classifierName = ClassifierRegistry.defaultName
    /// Classifier options by name (for example `["alpha": "0.3"]`); the rest take their defaults.
    public var classifierOptions: [String: String] = [:]
    /// Force multi-label (true) or single-label (false); nil detects from the data.
    public var multiLabel: Bool?
    /// The multi-label decision threshold.
    public var threshold: Float = 0.5
    /// Labels known to exist beyond those of the training documents: the whole corpus's when
    /// training on one fold of it. A class-weight file may name them (they are skipped) without
    /// the error an unknown label gets.
    public var knownLabels: Set<String> = []

    public init() {}
}

/// Trains models from labelled documents.
public enum ModelTrainer {
    /// Vectorises `documents` and trains the chosen classifier on them.
    public static func train(
        _ documents: [Document], options: TrainingOptions, progress: ProgressHandler? = nil
    ) throws -> TrainedModel {
        let classifierType = try ClassifierRegistry.type(named: options.classifierName)
        let parameters = try ClassifierParameters.resolve(
            options.classifierOptions, declared: classifierType.parameters, classifier: classifierType.name)
        guard options.threshold > 0 && options.threshold < 1 else {
            throw ClassifierError("--threshold must be between 0 and 1 (got \(options.threshold))")
        }
        if documents.isEmpty { throw ClassifierError("no training documents") }
        var targets = try LabelTargets(labelSets: documents.map(\.labels), multiLabel: options.multiLabel)
        targets.knownLabels = options.knownLabels
        let (vectorizer, features) = try TfidfVectorizer.fit(documents.map(\.text), options: options.tfidf)
        progress?("vectorised \(documents.count) documents: \(vectorizer.featureCount) features")
        let classifier = try classifierType.train(
            features: features, targets: targets, parameters: parameters, progress: progress)
        return TrainedModel(
            vectorizer: vectorizer, labels: targets.labelNames, isMultiLabel: targets.isMultiLabel,
            threshold: options.threshold, classifier: classifier,
            provenance: TrainingProvenance(
                documents: documents.count, corpusDigest: TrainingProvenance.digest(of: documents),
                documentsPerLabel: targets.documentsPerLabel))
    }
}
