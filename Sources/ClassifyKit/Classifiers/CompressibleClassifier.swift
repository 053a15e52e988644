/// A classifier whose trained model can be made smaller without training again
/// (`classify train --prune`, `classify compress`): it drops what matters least within the bound
/// `LinearCompression` states, and can then forget the features it no longer reads.
public protocol CompressibleClassifier: Classifier {
    /// The compression its models get unless the user says otherwise (nil: none), chosen so that
    /// accuracy stays within measurement noise of the full model; what
    /// `recommendedCompression(multiLabel:)` gives unless the classifier distinguishes the kinds
    /// of labels.
    static var recommendedCompression: LinearCompression? { get }
    /// The compression recommended for a model with one-vs-rest labels (`multiLabel`) or one of
    /// many: what training and `classify compress` apply by default. `recommendedCompression`
    /// unless the classifier says otherwise.
    static func recommendedCompression(multiLabel: Bool) -> LinearCompression?
    /// This classifier with its weights compressed as `compression` says.
    func compressed(_ compression: LinearCompression) -> Self
    /// Trains a classifier with its weights compressed as `compression` says: the same classifier
    /// as `train(...).compressed(compression)`, which is what it does unless the classifier can
    /// compress as it trains and so hold less in memory.
    static func train(
        features: SparseMatrix, targets: LabelTargets, parameters: ClassifierParameters, compression: LinearCompression,
        progress: ProgressHandler?
    ) throws -> Self
    /// The features it reads (those with at least one weight), ascending.
    var featuresInUse: [Int] { get }
    /// How many non-zero weights it stores.
    var storedWeightCount: Int { get }
    /// This classifier reading only the features in `kept` (ascending, including every feature in
    /// use), renumbered `0..<kept.count`.
    func keepingFeatures(_ kept: [Int]) -> Self
}

extension LinearModelClassifier {
    public func compressed(_ compression: LinearCompression) -> Self {
        var fit = self.fit
        fit.scorer = compression.apply(to: scorer)
        return Self(parameters: parameters, fit: fit)
    }

    public var featuresInUse: [Int] { scorer.featuresInUse }

    public var storedWeightCount: Int { scorer.storedWeightCount }

    public func keepingFeatures(_ kept: [Int]) -> Self {
        var fit = self.fit
        fit.scorer = scorer.keepingFeatures(kept)
        return Self(parameters: parameters, fit: fit)
    }
}

extension CompressibleClassifier {
    public static var recommendedCompression: LinearCompression? { nil }

    public static func recommendedCompression(multiLabel: Bool) -> LinearCompression? { recommendedCompression }

    public static func train(
        features: SparseMatrix, targets: LabelTargets, parameters: ClassifierParameters, compression: LinearCompression,
        progress: ProgressHandler?
    ) throws -> Self {
        try train(features: features, targets: targets, parameters: parameters, progress: progress).compressed(compression)
    }
}

extension LinearModelClassifier {
    /// Trains a model compressed as `compression` says; one-vs-rest models trained by averaged
    /// SGD are compressed a block of labels at a time as the blocks finish
    /// (`LinearFit.trainInCompressedBlocks`).
    static func trainCompressed(
        features: SparseMatrix, targets: LabelTargets, parameters: ClassifierParameters, compression: LinearCompression,
        progress: ProgressHandler?
    ) throws -> Self {
        Self(
            parameters: parameters,
            fit: try LinearFit.train(
                features: features, targets: targets, parameters: parameters, loss: loss, compression: compression, progress: progress))
    }
}

extension LogisticRegression: CompressibleClassifier {
    /// Weights below 1% of their label's largest dropped, the rest in 8 bits. Measured against
    /// the full model on the test splits (`classify compress --prune 0.01`): 20 Newsgroups
    /// accuracy 0.8745 (0.8747) at 6.5 MB instead of 20.3; Reuters-21578 micro-F1 0.8802 (0.8791)
    /// at 3.3 MB instead of 23.4; AG News 0.8868 (0.8862); BBC News 0.9910 (the same); the
    /// 119-label union of the four, micro-F1 0.8561 (0.8583) at 9.1 MB instead of 146.6. A deeper
    /// cut costs one-vs-rest models with many labels most: at 3% the union's micro-F1 falls to
    /// 0.8454 (the many small negative weights dropped lift every score).
    public static var recommendedCompression: LinearCompression? { LinearCompression(pruneFraction: 0.01, quantize: true) }

    /// One-vs-rest models: `recommendedCompression`. One-of-many models are centred and their
    /// softmax spreads no lift over the labels, so they take a 3% cut: the same test accuracy as
    /// at 1% on 20 Newsgroups (0.8747 at 4.0 MB instead of 6.5), AG News (0.8868) and BBC News
    /// (0.9910 at 0.54 MB instead of 1.1).
    public static func recommendedCompression(multiLabel: Bool) -> LinearCompression? {
        multiLabel ? recommendedCompression : LinearCompression(pruneFraction: 0.03, quantize: true)
    }

    public static func train(
        features: SparseMatrix, targets: LabelTargets, parameters: ClassifierParameters, compression: LinearCompression,
        progress: ProgressHandler?
    ) throws -> Self {
        try trainCompressed(features: features, targets: targets, parameters: parameters, compression: compression, progress: progress)
    }
}

extension LinearSVM: CompressibleClassifier {
    /// Weights below 1% of their label's largest dropped, the rest in 8 bits: on 20 Newsgroups
    /// accuracy 0.8773 against 0.8780 for the full model, at 4.8 MB instead of 20.3 (2% cost
    /// 0.0020, 3% 0.0044: the SVM's weights are spread more evenly than logistic regression's).
    public static var recommendedCompression: LinearCompression? { LinearCompression(pruneFraction: 0.01, quantize: true) }

    public static func train(
        features: SparseMatrix, targets: LabelTargets, parameters: ClassifierParameters, compression: LinearCompression,
        progress: ProgressHandler?
    ) throws -> Self {
        try trainCompressed(features: features, targets: targets, parameters: parameters, compression: compression, progress: progress)
    }
}
