/// What fitting the features and the label set needs to know of a corpus, and nothing more: each
/// term's document frequency and corpus count, the documents per label, the number of documents,
/// whether any carries other than exactly one label, and the corpus digest. Statistics of shards
/// `merge` into the statistics of the whole corpus exactly (integer sums, terms in byte order), so
/// the vectorizer and labels fitted from merged statistics are those one pass over the whole
/// corpus would fit — the map and reduce steps of training on a cluster (`classify stats`, then
/// `classify merge`, then `classify train --vectorizer`).
public struct CorpusStatistics {
    /// The feature settings the terms were counted with.
    public let options: TfidfOptions
    /// Term counts.
    public private(set) var terms: TfidfVectorizer.TermStatistics
    /// The digest of the documents counted.
    public private(set) var digest = CorpusDigest()
    /// How many documents carry each label.
    public private(set) var documentsPerLabel: [String: Int] = [:]
    /// Documents that carry no label or several (any makes the corpus multi-label).
    public private(set) var documentsWithoutOneLabel = 0

    /// The documents counted.
    public var documents: Int { terms.documents }

    /// Empty statistics, to `add` documents to; throws when `options` are invalid or name
    /// features that have no statistics to merge (hashed terms, character n-grams are fine).
    public init(options: TfidfOptions) throws {
        try options.validate()
        guard options.exactTerms else {
            throw FeatureError("statistics count exact terms; hashed features (--hash-features) need no vocabulary, so train each shard without statistics")
        }
        self.options = options
        terms = TfidfVectorizer.TermStatistics(options: options)
    }

    /// Counts one document.
    public mutating func add(_ document: Document) {
        terms.add(document)
        digest.add(TrainingProvenance.hash(document))
        let labels = Set(document.labels)
        for label in labels { documentsPerLabel[label, default: 0] += 1 }
        if labels.count != 1 { documentsWithoutOneLabel += 1 }
    }

    /// Adds the documents of `other`, counted with the same options (another shard of the corpus).
    public mutating func merge(_ other: CorpusStatistics) throws {
        guard other.options == options else {
            throw FeatureError("statistics counted with different feature settings cannot be merged; count every shard with the same options")
        }
        let overflow = FeatureError("document counts overflow when merged; a statistics file is damaged")
        var labels = documentsPerLabel
        for (label, count) in other.documentsPerLabel {
            let (sum, overflowed) = labels[label, default: 0].addingReportingOverflow(count)
            guard !overflowed else { throw overflow }
            labels[label] = sum
        }
        let (odd, overflowed) = documentsWithoutOneLabel.addingReportingOverflow(other.documentsWithoutOneLabel)
        guard !overflowed else { throw overflow }
        try terms.merge(other.terms)
        digest.merge(other.digest)
        documentsPerLabel = labels
        documentsWithoutOneLabel = odd
    }

    /// The vectorizer one pass over the counted documents fits: terms kept by `--min-df`,
    /// `--max-df` and `--max-features`, with their IDF.
    public func vectorizer() throws -> TfidfVectorizer {
        try TfidfVectorizer.learn(terms, options: options)
    }

    /// The label names (in byte order) and whether the corpus is multi-label, as training on the
    /// counted documents decides them; `multiLabel` forces the mode (`--single-label` /
    /// `--multi-label`).
    public func targets(multiLabel: Bool?) throws -> LabelTargets {
        if multiLabel == false && documentsWithoutOneLabel > 0 {
            throw ClassifierError("--single-label was given but \(documentsWithoutOneLabel) documents do not carry exactly one label; drop --single-label")
        }
        let names = documentsPerLabel.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if names.count < 2 {
            throw ClassifierError(
                "the training corpus has \(names.count) label\(names.count == 1 ? "" : "s") (\(names.joined(separator: ", "))); a classifier needs at least 2")
        }
        return LabelTargets(labelNames: names, isMultiLabel: multiLabel ?? (documentsWithoutOneLabel > 0))
    }

    /// The statistics of every document of `paths`; `reading` hears of each document.
    public static func gather(
        _ paths: [String], reader: CorpusReader, options: TfidfOptions, reading: (() -> Void)? = nil
    ) throws -> CorpusStatistics {
        var statistics = try CorpusStatistics(options: options)
        _ = try StreamingTrainer.forEachDocument(paths, reader: reader) { document in
            statistics.add(document)
            reading?()
        }
        return statistics
    }

    /// Statistics restored from their parts (as `StatisticsFile` stores them).
    init(options: TfidfOptions, terms: TfidfVectorizer.TermStatistics, digest: CorpusDigest, documentsPerLabel: [String: Int], documentsWithoutOneLabel: Int) {
        self.options = options
        self.terms = terms
        self.digest = digest
        self.documentsPerLabel = documentsPerLabel
        self.documentsWithoutOneLabel = documentsWithoutOneLabel
    }
}

extension TfidfVectorizer.TermStatistics {
    /// Adds the terms and documents of `other`; throws when a count would overflow (the merge
    /// is then left partly done: callers discard these statistics).
    mutating func merge(_ other: TfidfVectorizer.TermStatistics) throws {
        for otherId in 0..<other.table.count {
            let id = Int(other.table.withBytes(of: otherId) { table.insert($0) })
            if id == documentFrequency.count {
                documentFrequency.append(0)
                corpusCount.append(0)
                lastSeen.append(-1)
            }
            let (frequency, overflow) = documentFrequency[id].addingReportingOverflow(other.documentFrequency[otherId])
            let (count, countOverflow) = corpusCount[id].addingReportingOverflow(other.corpusCount[otherId])
            guard !overflow, !countOverflow else { throw FeatureError("a term's counts overflow when merged (more than 2^31 documents)") }
            documentFrequency[id] = frequency
            corpusCount[id] = count
        }
        let (total, overflow) = documents.addingReportingOverflow(other.documents)
        guard !overflow, total <= Int(Int32.max) else { throw FeatureError("more than 2^31 documents in merged statistics") }
        documents = total
    }

    /// The terms' ids in byte order.
    func idsInByteOrder() -> [Int] {
        (0..<table.count).sorted { table.precedes($0, $1) }
    }

    /// Statistics of `documents` documents holding `table`'s terms with these counts.
    init(options: TfidfOptions, table: TermTable, documentFrequency: [Int32], corpusCount: [Int64], documents: Int) {
        self.init(options: options)
        self.table = table
        self.documentFrequency = documentFrequency
        self.corpusCount = corpusCount
        self.lastSeen = [Int32](repeating: -1, count: documentFrequency.count)
        self.documents = documents
    }
}
