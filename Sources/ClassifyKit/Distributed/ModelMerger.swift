/// Merges the models of a corpus's shards, trained with the statistics of the whole corpus
/// (`classify train SHARD --vectorizer merged.stats`), into one model (`classify merge`):
/// - count-trained classifiers (`CountTrainable`: the naive Bayes models) add up their shards'
///   counts and train from the sums, which gives the bytes of the model trained on the whole
///   corpus at once (counts are exact integer sums, the digest a sum over documents);
/// - other classifiers (`AveragingMergeable`: the linear models) average their shards'
///   parameters, weighted by the shards' documents: one round of iterative parameter mixing.
/// The shards must share features, labels, classifier and options; the provenance of the result
/// is that of all their documents.
public enum ModelMerger {
    /// How to finish merged linear models: the naive Bayes weight and temperature to blend in
    /// (from the shards' summed counts), for the last round of parameter mixing.
    public struct LinearFinish: Sendable {
        public var nbWeight: Double
        public var temperature: Double
        public init(nbWeight: Double, temperature: Double) {
            self.nbWeight = nbWeight
            self.temperature = temperature
        }
    }

    /// Merges `shards` (each named, for error messages); `keepCounts` keeps the summed counts in
    /// the result so that it can be merged again (a tree of merges); `finish` blends naive Bayes
    /// scores into merged linear models.
    public static func merge(
        _ shards: [(name: String, model: TrainedModel)], keepCounts: Bool = false, finish: LinearFinish? = nil
    ) throws -> TrainedModel {
        guard let (firstName, first) = shards.first else { throw MergeError("no model to merge") }
        for (name, model) in shards.dropFirst() { try checkCompatible(model, named: name, with: first, named: firstName) }
        let provenance = try mergedProvenance(shards)
        var merged = first
        merged.provenance = provenance
        merged.counts = nil
        let classifierType = type(of: first.classifier)
        if let countType = classifierType as? any CountTrainable.Type {
            guard finish == nil else { throw MergeError("--nb-weight and --temperature finish merged linear models; \(classifierType.name) takes neither") }
            let counts = try summedCounts(shards)
            let targets = LabelTargets(labelNames: first.labels, isMultiLabel: first.isMultiLabel)
            merged.classifier = try countType.train(counts: counts, targets: targets, parameters: first.classifier.parameters)
            if keepCounts { merged.counts = counts }
            return merged
        }
        guard let averaging = first.classifier as? any AveragingMergeable else {
            throw MergeError("\(classifierType.name) models cannot be merged: the classifier neither trains from counts nor averages")
        }
        for (name, model) in shards {
            let shard = model.classifier as! any AveragingMergeable
            guard shard.nbWeight == 0, shard.temperature == 1 else {
                throw MergeError("\(name) carries its own naive Bayes blend or temperature; train linear shards with --l2 VALUE --nb-weight 0 --temperature 1 and blend when merging")
            }
            guard shard.lambda == averaging.lambda else {
                throw MergeError("\(name) was trained with λ \(shard.lambda), \(shards[0].name) with \(averaging.lambda); give every shard the same --l2")
            }
        }
        let parameters = shards.map { ($0.model.classifier as! any AveragingMergeable).linearParameters }
        let averaged = LinearParameters.average(parameters, weights: shards.map { Double($0.model.provenance.documents) })
        let counts = shards.allSatisfy({ $0.model.counts != nil }) ? try summedCounts(shards) : nil
        var blend: NaiveBayesBlend?
        if let finish {
            guard let counts else { throw MergeError("blending naive Bayes scores needs the counts of every shard; train each linear shard with --vectorizer STATS --keep-counts") }
            blend = NaiveBayesBlend(counts: counts, weight: finish.nbWeight, temperature: finish.temperature)
        }
        merged.classifier = try averaging.mixed(averaged, blend: blend, labelCount: first.labels.count, multiLabel: first.isMultiLabel)
        if keepCounts { merged.counts = counts }
        return merged
    }

    /// The counts of every shard, summed; throws when a shard has none.
    static func summedCounts(_ shards: [(name: String, model: TrainedModel)]) throws -> NaiveBayesCounts {
        var counts: NaiveBayesCounts?
        for (name, model) in shards {
            guard let shardCounts = model.counts else {
                throw MergeError("\(name) holds no counts, so it cannot be merged exactly; train each shard with --vectorizer STATS, and merge with --keep-counts what will be merged again")
            }
            do {
                if counts == nil {
                    try shardCounts.checkInRange()
                    counts = shardCounts
                } else {
                    try counts!.merge(shardCounts)
                }
            } catch let error as ClassifierError {
                throw MergeError("\(name): \(error.description)")
            }
        }
        return counts!
    }

    /// Throws unless `model` has `reference`'s features, labels, classifier and options.
    static func checkCompatible(_ model: TrainedModel, named name: String, with reference: TrainedModel, named referenceName: String) throws {
        func differ(_ what: String) -> MergeError {
            MergeError("\(name) and \(referenceName) differ in \(what); train every shard with the same --vectorizer statistics and options")
        }
        guard model.classifierName == reference.classifierName else { throw differ("classifier (\(model.classifierName), \(reference.classifierName))") }
        guard model.classifier.parameters == reference.classifier.parameters else { throw differ("classifier options") }
        guard model.labels == reference.labels, model.isMultiLabel == reference.isMultiLabel else { throw differ("labels") }
        guard model.threshold == reference.threshold, model.thresholds == nil, reference.thresholds == nil else { throw differ("thresholds") }
        guard model.features.blocks.isEmpty, reference.features.blocks.isEmpty else {
            throw MergeError("\(name) or \(referenceName) has feature blocks beyond TF-IDF, which shard training does not make")
        }
        let mine = model.vectorizer, theirs = reference.vectorizer
        guard mine.options == theirs.options, mine.featureCount == theirs.featureCount, mine.idf == theirs.idf,
            mine.vocabulary.joinedBytes() == theirs.vocabulary.joinedBytes()
        else { throw differ("features (vocabulary or IDF)") }
    }

    /// The provenance of all the shards' documents.
    static func mergedProvenance(_ shards: [(name: String, model: TrainedModel)]) throws -> TrainingProvenance {
        var digest = CorpusDigest()
        var shardOfDigest: [String: String] = [:]
        var documents = 0
        var perLabel = [Int](repeating: 0, count: shards[0].model.labels.count)
        for (name, model) in shards {
            let provenance = model.provenance
            guard let shardDigest = CorpusDigest(hex: provenance.corpusDigest), provenance.documentsPerLabel.count == perLabel.count,
                provenance.documents >= 1, provenance.documentsPerLabel.allSatisfy({ $0 >= 0 && $0 <= provenance.documents })
            else {
                throw MergeError("\(name) records no mergeable corpus digest or document counts; train it again with this classify")
            }
            if let other = shardOfDigest[provenance.corpusDigest] {
                throw MergeError("\(name) and \(other) were trained on the same documents (corpus digest \(provenance.corpusDigest)); each shard counts once")
            }
            shardOfDigest[provenance.corpusDigest] = name
            digest.merge(shardDigest)
            var overflow = false
            (documents, overflow) = documents.addingReportingOverflow(provenance.documents)
            for l in perLabel.indices {
                let (sum, labelOverflow) = perLabel[l].addingReportingOverflow(provenance.documentsPerLabel[l])
                perLabel[l] = sum
                overflow = overflow || labelOverflow
            }
            guard !overflow else { throw MergeError("\(name): the document counts overflow when merged; the file is damaged") }
        }
        return TrainingProvenance(documents: documents, corpusDigest: digest.hex, documentsPerLabel: perLabel)
    }
}

/// Models that cannot be merged, and why.
public struct MergeError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
