extension TrainedModel {
    /// This model with its classifier compressed (`CompressibleClassifier`, within the bound
    /// `LinearCompression` states) and, with `compression.dropUnusedTerms`, every TF-IDF term that no weight
    /// reads removed from the vocabulary. Dropping terms also takes them out of each document's
    /// norm, which scales the kept features' values up a little. The IDF weights are rounded to
    /// half precision (a relative change below 0.05%), which halves their size in the file.
    /// `registry` names the classifiers that can be compressed when this one cannot.
    public func compressed(_ compression: LinearCompression, registry: ClassifierRegistry = .builtIn) throws -> TrainedModel {
        try compression.validate()
        guard let compressible = classifier as? any CompressibleClassifier else {
            throw ClassifierError("\(classifierName) models cannot be compressed; compress a model of a classifier that can (\(registry.compressibleNames))")
        }
        guard counts == nil else {
            throw ClassifierError("a shard model (trained with --vectorizer) keeps counts for merging; merge the shards, then compress the merged model")
        }
        var model = self
        let smaller = compressible.compressed(compression)
        model.classifier = smaller
        let tfidf = features.tfidf
        model.features.tfidf = TfidfVectorizer(options: tfidf.options, vocabulary: tfidf.vocabulary, idf: ClassifierState.roundedToHalf(tfidf.idf))
        guard compression.dropUnusedTerms, features.tfidf.options.exactTerms else { return model }
        let termCount = features.tfidf.featureCount
        let inUse = smaller.featuresInUse
        let usedTerms = inUse.filter { $0 < termCount }
        guard usedTerms.count < termCount else { return model }
        // Further feature blocks keep all their columns: only TF-IDF terms are dropped.
        let kept = usedTerms + Array(termCount..<featureCount)
        model.features.tfidf = model.features.tfidf.keepingFeatures(usedTerms)
        model.classifier = smaller.keepingFeatures(kept)
        return model
    }
}
