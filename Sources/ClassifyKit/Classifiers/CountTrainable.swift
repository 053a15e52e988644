/// A classifier that learns from per-label sums of feature values alone (naive Bayes), so that
/// `StreamingTrainer` can train it from a stream of TF-IDF rows without the feature matrix. Its
/// `train(features:…)` must equal `train(counts: NaiveBayesCounts(features:targets:), …)`.
public protocol CountTrainable: Classifier {
    /// Trains from `counts` of the training documents. `targets` names the labels and says whether
    /// they are multi-label; when training streams its `documents` is empty (everything per
    /// document is in `counts`).
    static func train(counts: NaiveBayesCounts, targets: LabelTargets, parameters: ClassifierParameters) throws -> Self
}

extension CountTrainable {
    public static func train(
        features: SparseMatrix, targets: LabelTargets, parameters: ClassifierParameters, progress: ProgressHandler?
    ) throws -> Self {
        let counts = NaiveBayesCounts(features: features, targets: targets)
        try counts.checkInRange()
        return try train(counts: counts, targets: targets, parameters: parameters)
    }
}
