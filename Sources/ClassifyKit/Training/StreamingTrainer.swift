import Foundation

/// Trains without holding the corpus: two passes over its files, the first for the vocabulary,
/// document frequencies and labels, the second vectorising each document and handing its TF-IDF
/// row to the classifier's way of training in a stream:
/// - classifiers that learn from counts alone (`CountTrainable`: the naive Bayes models) add the
///   row to their counts, which gives the same model bytes as `ModelTrainer.train`;
/// - classifiers that learn from rows on disk (`CacheTrainable`: the linear models) get a
///   `CachedCorpus`: every row in a `FeatureCache` that is always removed, and a sample of rows in
///   memory for tuning.
/// Memory is the vocabulary, the model being trained, the sample and one cached block (see
/// `MemoryBudget`), plus a fixed-size filter that finds repeated ids (`TwoPassRepeatedIds`).
public enum StreamingTrainer {
    /// What a streamed training read and made.
    public struct Outcome: Sendable {
        public var model: TrainedModel
        /// Documents read.
        public var documents: Int
        /// The format of each path.
        public var formats: [CorpusFormat]
        /// Ids that more than one document carried.
        public var repeatedIds: RepeatedIds
    }

    /// What pass 1 learnt.
    struct FirstPass {
        /// The TF-IDF block and the feature blocks, fitted.
        var stack: FeatureStack
        var targets: LabelTargets
        var documents: Int
        var digest: CorpusDigest
        var formats: [CorpusFormat]
        /// Repeated ids: the candidates of pass 1, complete after pass 2.
        var repeatedIds: TwoPassRepeatedIds
        /// The stored entries of an average TF-IDF row, at most (terms later dropped included).
        var entriesPerDocument: Double
    }

    /// Called for each document read, with the pass (1 or 2) that read it.
    public typealias DocumentHandler = (_ pass: Int) -> Void

    /// Trains `options`' classifier on the documents of `paths` read by `reader`, twice, within
    /// `budget`; `reading` hears of each document read, `progress` of each stage.
    ///
    /// With `statistics` (of a whole corpus, of which `paths` is a shard), the features and labels
    /// are those of the statistics rather than of `paths`, and a count-trained classifier's model
    /// keeps its counts (`TrainedModel.counts`), so that the models of all shards merge into the
    /// model of the whole corpus (`ModelMerger`).
    public static func train(
        _ paths: [String], reader: CorpusReader, options: TrainingOptions, budget: MemoryBudget = .standard,
        statistics: CorpusStatistics? = nil, keepLinearCounts: Bool = false, progress: ProgressHandler? = nil,
        reading: DocumentHandler? = nil
    ) throws -> Outcome {
        let (type, parameters) = try options.resolvedClassifier()
        // Shard models keep every feature so that they merge; the merged model can be compressed.
        switch (statistics, options.compression) {
        case (.some, .given), (.some, .recommendedWith):
            throw ClassifierError("shard models (--vectorizer) keep every weight so that they merge; compress the merged model with `classify compress`")
        default: try options.checkCompression(type)
        }
        if options.initialParameters != nil && !(type is any CacheTrainable.Type) {
            throw ClassifierError("\(type.name) does not start from given weights; --init is for logistic regression and the linear SVM")
        }
        guard type is any CountTrainable.Type || type is any CacheTrainable.Type else {
            throw ClassifierError("\(type.name) trains on the whole feature matrix, so it cannot train in a stream; train it without --stream or --max-memory")
        }
        try checkStreamable(paths, options: options)
        var first = try statistics.map { try shardPass(paths, reader: reader, statistics: $0, options: options, progress: progress, reading: reading) }
            ?? firstPass(paths, reader: reader, options: options, progress: progress, reading: reading)
        let labels = first.targets.labelCount
        let featureCount = first.stack.featureCount
        let classifier: any Classifier
        let documentsPerLabel: [Int]
        var keptCounts: NaiveBayesCounts?
        if let countType = type as? any CountTrainable.Type {
            try budget.check(features: featureCount, labels: labels, bytesPerWeight: MemoryBudget.countBytesPerWeight)
            let counts = try countPass(paths, reader: reader, first: &first, progress: progress, reading: reading)
            classifier = try countType.train(counts: counts, targets: first.targets, parameters: parameters)
            documentsPerLabel = counts.documentsPerLabel
            if statistics != nil { keptCounts = counts }
        } else {
            let cacheType = type as! any CacheTrainable.Type
            try budget.check(features: featureCount, labels: labels, bytesPerWeight: MemoryBudget.linearBytesPerWeight)
            var corpus = try cachePass(
                paths, reader: reader, first: &first, budget: budget, seed: options.foldSeed, progress: progress, reading: reading)
            if let initial = options.initialParameters {
                guard statistics != nil else { throw ClassifierError("starting from given weights (--init) trains a shard of a corpus; give its --vectorizer statistics") }
                guard initial.weights.count == featureCount * labels, initial.bias.count == labels else {
                    throw ClassifierError("the starting weights (--init) are for another shape than \(featureCount) features × \(labels) labels; start from a model merged from these shards")
                }
                corpus.initial = initial
            }
            progress?(
                "cached \(corpus.cache.rowCount) rows in \(corpus.cache.blockCount) blocks (\(String(format: "%.1f", Double(corpus.cache.byteCount) / 1e6)) MB on disk)")
            classifier = try cacheType.train(corpus: corpus, parameters: parameters, progress: progress)
            documentsPerLabel = corpus.targets.documentsPerLabel
            if statistics != nil && keepLinearCounts { keptCounts = corpus.counts }
        }
        var model = TrainedModel(
            vectorizer: first.stack.tfidf, blocks: first.stack.blocks, labels: first.targets.labelNames, isMultiLabel: first.targets.isMultiLabel,
            threshold: options.threshold, classifier: classifier,
            provenance: TrainingProvenance(
                documents: first.documents, corpusDigest: first.digest.hex, documentsPerLabel: documentsPerLabel))
        model.counts = keptCounts
        if statistics == nil, let compression = try options.resolvedCompression(type, multiLabel: first.targets.isMultiLabel) {
            model = try model.compressed(compression, registry: options.registry)
        }
        try options.labelRules.apply(to: &model, knownLabels: options.knownLabels)
        return Outcome(model: model, documents: first.documents, formats: first.formats, repeatedIds: first.repeatedIds.result)
    }

    /// Throws when `options` or `paths` need the corpus in memory or cannot be read twice.
    static func checkStreamable(_ paths: [String], options: TrainingOptions) throws {
        for recipe in try options.resolvedFeatureBlocks() where !(recipe.type is any StreamingFeatureBlock.Type) {
            throw ClassifierError("feature block \(recipe.type.kind) cannot be fitted in a stream; drop it, or train in memory")
        }
        guard options.thresholdTuning == nil else { throw ClassifierError("training in a stream does not tune thresholds; drop --tune-thresholds, or train in memory") }
        guard options.threshold > 0 && options.threshold < 1 else {
            throw ClassifierError("--threshold must be between 0 and 1 (got \(options.threshold))")
        }
        if let stdin = paths.first(where: { $0 == "-" }) {
            throw CorpusError(path: stdin, "training in a stream reads the corpus twice, so it cannot read standard input; give files")
        }
        if let pipe = paths.first(where: { !FileBytes.isDirectory($0) && !FileBytes.isRegularFile($0) && FileManager.default.fileExists(atPath: $0) }) {
            throw CorpusError(path: pipe, "training in a stream reads the corpus twice, so it needs a file or folder, not a pipe or device")
        }
        try options.tfidf.validate()
    }

    /// Pass 1: terms, label names and counts, and the running digest.
    static func firstPass(
        _ paths: [String], reader: CorpusReader, options: TrainingOptions, progress: ProgressHandler?, reading: DocumentHandler?
    ) throws -> FirstPass {
        var statistics = TfidfVectorizer.TermStatistics(options: options.tfidf)
        var accumulators = try options.resolvedFeatureBlocks().map { recipe in
            try (recipe.type as! any StreamingFeatureBlock.Type).accumulator(parameters: recipe.parameters)
        }
        var textBytes = 0
        var labelNames = Set<String>()
        var digest = CorpusDigest()
        var repeated = TwoPassRepeatedIds()
        var documents = 0
        var oddDocument: Int?  // the first document without exactly one label
        let formats = try forEachDocument(paths, reader: reader) { document in
            statistics.add(document)
            for i in accumulators.indices { accumulators[i].add(document) }
            textBytes += (document.title?.utf8.count ?? 0) + document.text.utf8.count
            labelNames.formUnion(document.labels)
            if oddDocument == nil && Set(document.labels).count != 1 { oddDocument = documents }
            digest.add(TrainingProvenance.hash(document))
            repeated.addFirstPass(document.id)
            documents += 1
            reading?(1)
        }
        progress?("pass 1: \(documents) documents")
        var targets = try streamedTargets(labelNames, oddDocument: oddDocument, multiLabel: options.multiLabel)
        try options.checkLabelCount(targets)
        targets.knownLabels = options.knownLabels
        // Exact terms: each stored entry is a term's document; blocks: at most a term per 4 bytes.
        let entries = statistics.documentFrequency.reduce(0) { $0 + Int($1) } + (accumulators.isEmpty ? 0 : textBytes / bytesPerBlockEntry)
        let stack = FeatureStack(
            tfidf: try TfidfVectorizer.learn(statistics, options: options.tfidf), blocks: try accumulators.map { try $0.finish() })
        progress?("vocabulary: \(stack.featureCount) features")
        return FirstPass(
            stack: stack, targets: targets, documents: documents, digest: digest, formats: formats,
            repeatedIds: repeated, entriesPerDocument: Double(entries) / Double(max(documents, 1)))
    }

    /// Pass 1 of a shard trained with the statistics of the whole corpus: the features and labels
    /// come from `statistics`; the shard is read for its documents, digest and repeated ids, and
    /// every label it carries must be one of the statistics'.
    static func shardPass(
        _ paths: [String], reader: CorpusReader, statistics: CorpusStatistics, options: TrainingOptions, progress: ProgressHandler?,
        reading: DocumentHandler?
    ) throws -> FirstPass {
        guard try options.resolvedFeatureBlocks().isEmpty else {
            throw ClassifierError("training with statistics uses their TF-IDF features alone; drop the further feature blocks")
        }
        guard options.tfidf == statistics.options else {
            throw ClassifierError("the feature settings differ from those the statistics were counted with; train with the statistics' settings")
        }
        var targets = try statistics.targets(multiLabel: options.multiLabel)
        try options.checkLabelCount(targets)
        targets.knownLabels = options.knownLabels
        let known = Set(targets.labelNames)
        var digest = CorpusDigest()
        var repeated = TwoPassRepeatedIds()
        var documents = 0
        let formats = try forEachDocument(paths, reader: reader) { document in
            if let unknown = document.labels.first(where: { !known.contains($0) }) {
                throw CorpusError(
                    path: paths.joined(separator: ", "),
                    "document \(document.id.isEmpty ? String(documents + 1) : document.id) carries label \"\(unknown)\", which the statistics do not count; count this shard into them")
            }
            digest.add(TrainingProvenance.hash(document))
            repeated.addFirstPass(document.id)
            documents += 1
            reading?(1)
        }
        progress?("pass 1: \(documents) documents of \(statistics.documents) counted in the statistics")
        let stack = FeatureStack(tfidf: try statistics.vectorizer(), blocks: [])
        progress?("vocabulary: \(stack.featureCount) features, from the statistics")
        let entries = statistics.terms.documentFrequency.reduce(0) { $0 + Int($1) }
        return FirstPass(
            stack: stack, targets: targets, documents: documents, digest: digest, formats: formats,
            repeatedIds: repeated, entriesPerDocument: Double(entries) / Double(max(statistics.documents, 1)))
    }

    /// Bytes of text per stored entry of a feature block, at the least, for sizing the sample.
    static let bytesPerBlockEntry = 4

    /// Pass 2 for counting classifiers: each document's row into the naive Bayes counts.
    static func countPass(
        _ paths: [String], reader: CorpusReader, first: inout FirstPass, progress: ProgressHandler?, reading: DocumentHandler?
    ) throws -> NaiveBayesCounts {
        var counts = NaiveBayesCounts(featureCount: first.stack.featureCount, labelCount: first.targets.labelCount)
        try secondPass(paths, reader: reader, first: &first, reading: reading) { row, labels in
            counts.add(row, row: 0, labels: labels)
        }
        progress?("pass 2: \(counts.documentCount) rows counted")
        try counts.checkInRange()
        return counts
    }

    /// Pass 2 for classifiers that train from the cache: every row to the cache and to the naive
    /// Bayes counts, and the rows drawn for the tuning sample to memory.
    static func cachePass(
        _ paths: [String], reader: CorpusReader, first: inout FirstPass, budget: MemoryBudget, seed: UInt64, progress: ProgressHandler?,
        reading: DocumentHandler?
    ) throws -> CachedCorpus {
        let featureCount = first.stack.featureCount
        let cache = try FeatureCache(columnCount: featureCount, blockBytes: budget.blockBytes)
        var counts = NaiveBayesCounts(featureCount: featureCount, labelCount: first.targets.labelCount)
        let bytesPerDocument = Int(first.entriesPerDocument * Double(MemoryLayout<Int32>.size + MemoryLayout<Float>.size)) + 64
        var sampler = DocumentSampler(size: budget.sampleDocuments(bytesPerDocument: bytesPerDocument), of: first.documents, seed: seed)
        var sample = SparseMatrix(columnCount: featureCount)
        var sampleLabels: [[Int32]] = []
        try secondPass(paths, reader: reader, first: &first, reading: reading) { row, labels in
            try cache.append(row, row: 0, labels: labels)
            counts.add(row, row: 0, labels: labels)
            if sampler.takesNext() {
                sample.appendRows(of: row)
                sampleLabels.append(labels)
            }
        }
        try cache.finish()
        try counts.checkInRange()
        progress?("pass 2: \(cache.rowCount) rows cached, \(sample.rowCount) held in memory for tuning")
        var corpusTargets = LabelTargets(
            labelNames: first.targets.labelNames, isMultiLabel: first.targets.isMultiLabel,
            documentsPerLabel: counts.documentsPerLabel, documentCount: counts.documentCount)
        corpusTargets.knownLabels = first.targets.knownLabels
        return CachedCorpus(
            cache: cache, targets: corpusTargets, sample: sample,
            sampleTargets: LabelTargets(documents: sampleLabels, of: corpusTargets), counts: counts)
    }

    /// Reads the corpus again and hands each document's TF-IDF row (a one-row matrix) and label
    /// ids to `body`, and completes `first.repeatedIds`; throws when the corpus is not what pass 1 read.
    static func secondPass(
        _ paths: [String], reader: CorpusReader, first: inout FirstPass, reading: DocumentHandler?,
        _ body: (SparseMatrix, [Int32]) throws -> Void
    ) throws {
        let index = Dictionary(uniqueKeysWithValues: first.targets.labelNames.enumerated().map { ($1, Int32($0)) })
        var digest = CorpusDigest()
        var documents = 0
        var changed = false
        _ = try forEachDocument(paths, reader: reader) { document in
            digest.add(TrainingProvenance.hash(document))
            first.repeatedIds.addSecondPass(document.id)
            documents += 1
            let row = first.stack.transform([document])
            let labels = Array(Set(document.labels.compactMap { index[$0] })).sorted()
            if labels.count != Set(document.labels).count { changed = true }
            if !changed { try body(row, labels) }
            reading?(2)
        }
        guard !changed, digest == first.digest, documents == first.documents else {
            throw CorpusError(path: paths.joined(separator: ", "), "changed between the two passes of training in a stream; train again")
        }
    }

    /// The targets `LabelTargets(labelSets:multiLabel:)` would make, from the label names and the
    /// first document without exactly one label: the same names, order, mode and errors.
    static func streamedTargets(_ names: Set<String>, oddDocument: Int?, multiLabel: Bool?) throws -> LabelTargets {
        let sorted = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if multiLabel == false, let oddDocument {
            throw ClassifierError("--single-label was given but document \(oddDocument + 1) does not carry exactly one label; drop --single-label")
        }
        if sorted.count < 2 {
            throw ClassifierError(
                "the training corpus has \(sorted.count) label\(sorted.count == 1 ? "" : "s") (\(sorted.joined(separator: ", "))); a classifier needs at least 2")
        }
        return LabelTargets(labelNames: sorted, isMultiLabel: multiLabel ?? (oddDocument != nil))
    }

    /// Reads every document of `paths` into `body`; a path without documents is an error.
    static func forEachDocument(_ paths: [String], reader: CorpusReader, _ body: (Document) throws -> Void) throws -> [CorpusFormat] {
        guard !paths.isEmpty else { throw CorpusError(path: "-", "no corpus given") }
        return try paths.map { path in
            var found = false
            let format = try reader.read(path) { document in
                found = true
                if document.annotatedLabels != nil {
                    throw CorpusError(
                        path: path,
                        "document \"\(document.id)\" is annotated for only some labels (\"annotated_labels\"), which trains in memory only; drop --stream, --max-memory and --vectorizer")
                }
                try body(document)
            }
            if !found { throw CorpusError(path: path, "contains no documents") }
            return format
        }
    }
}
