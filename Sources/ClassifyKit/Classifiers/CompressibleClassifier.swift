/// A classifier whose trained model can be made smaller without training again
/// (`classify train --prune`, `classify compress`): it drops what matters least within the bound
/// `LinearCompression` states, and can then forget the features it no longer reads.
public protocol CompressibleClassifier: Classifier {
    /// This classifier with its weights compressed as `compression` says.
    func compressed(_ compression: LinearCompression) -> Self
    /// The features it reads (those with at least one weight), ascending.
    var featuresInUse: [Int] { get }
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

    public func keepingFeatures(_ kept: [Int]) -> Self {
        var fit = self.fit
        fit.scorer = scorer.keepingFeatures(kept)
        return Self(parameters: parameters, fit: fit)
    }
}

extension LogisticRegression: CompressibleClassifier {}
extension LinearSVM: CompressibleClassifier {}
