/// A classifier that can train from rows on disk (`CachedCorpus`), reading them a block at a
/// time, so that `classify train --max-memory` can train it on a corpus larger than memory.
///
/// Conforming types promise a model of the same kind and quality as `train(features:…)` gives;
/// they may differ from it in the last digits (values stored in half precision, rows visited a
/// block at a time) and tune on the in-memory sample rather than on every row.
public protocol CacheTrainable: Classifier {
    /// Trains on the rows of `corpus`.
    static func train(corpus: CachedCorpus, parameters: ClassifierParameters, progress: ProgressHandler?) throws -> Self
}

extension LinearModelClassifier {
    public static func train(corpus: CachedCorpus, parameters: ClassifierParameters, progress: ProgressHandler?) throws -> Self {
        Self(parameters: parameters, fit: try LinearFit.train(corpus: corpus, parameters: parameters, loss: loss, progress: progress))
    }
}

extension LogisticRegression: CacheTrainable {}
extension LinearSVM: CacheTrainable {}
