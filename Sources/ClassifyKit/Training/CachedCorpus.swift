/// A corpus vectorised into a `FeatureCache` in one streamed pass, with what a classifier needs
/// beside the rows to train from it in bounded memory.
public struct CachedCorpus {
    /// Every row and its labels, on disk.
    public var cache: FeatureCache
    /// The names, mode and corpus-wide counts of the labels (`documents` is empty).
    public var targets: LabelTargets
    /// A sample of the rows held in memory, for tuning: every row when the corpus is small enough.
    public var sample: SparseMatrix
    /// The labels of the sampled rows, with the names, mode and counts of `targets`.
    public var sampleTargets: LabelTargets
    /// The naive Bayes counts of every row.
    public var counts: NaiveBayesCounts
    /// Weights to start training from (a round of iterative parameter mixing), nil to start at 0.
    public var initial: LinearParameters?

    public init(
        cache: FeatureCache, targets: LabelTargets, sample: SparseMatrix, sampleTargets: LabelTargets, counts: NaiveBayesCounts
    ) {
        self.cache = cache
        self.targets = targets
        self.sample = sample
        self.sampleTargets = sampleTargets
        self.counts = counts
    }
}
