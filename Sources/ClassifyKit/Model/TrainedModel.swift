/// Where a model came from: what it was trained on, recorded in the model file.
public struct TrainingProvenance: Codable, Sendable, Equatable {
    /// The number of training documents.
    public var documents: Int
    /// A digest of the training documents (ids, texts and labels) as a set: the same for any
    /// order or split of the corpus (`CorpusDigest`).
    public var corpusDigest: String
    /// How many training documents carried each label, in label order.
    public var documentsPerLabel: [Int]

    public init(documents: Int, corpusDigest: String, documentsPerLabel: [Int]) {
        self.documents = documents
        self.corpusDigest = corpusDigest
        self.documentsPerLabel = documentsPerLabel
    }

    enum CodingKeys: String, CodingKey {
        case documents, corpusDigest = "corpus_digest", documentsPerLabel = "documents_per_label"
    }

    /// The digest of `documents`: a checksum over each document's id, title and text (as
    /// `featureText`) and labels.
    public static func digest(of documents: [Document]) -> String {
        digest(ofHashes: documents.map(hash))
    }

    /// One document's part of the digest: a checksum of its id, title and text, labels, and the
    /// labels it was judged for when its annotation is partial.
    public static func hash(_ document: Document) -> UInt64 {
        var bytes = Array(document.id.utf8)
        bytes.append(0)
        bytes.append(contentsOf: document.featureText.utf8)
        for label in document.labels {
            bytes.append(0)
            bytes.append(contentsOf: label.utf8)
        }
        if let annotated = document.annotatedLabels {
            bytes.append(1)
            for label in annotated.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                bytes.append(0)
                bytes.append(contentsOf: label.utf8)
            }
        }
        return bytes.withUnsafeBytes { Checksum.fnv1a64($0) }
    }

    /// The digest of documents whose `hash`es are `hashes`.
    public static func digest(ofHashes hashes: [UInt64]) -> String {
        var digest = CorpusDigest()
        for hash in hashes { digest.add(hash) }
        return digest.hex
    }
}

/// A label decision for one document.
public struct Prediction: Sendable, Equatable {
    /// The predicted labels, most probable first.
    public var labels: [String]
    /// Every label with its probability, most probable first.
    public var scores: [(label: String, probability: Float)]

    public static func == (a: Prediction, b: Prediction) -> Bool {
        a.labels == b.labels && a.scores.map(\.label) == b.scores.map(\.label)
            && a.scores.map(\.probability) == b.scores.map(\.probability)
    }
}

/// A trained model: the vectorizer, the label names, the classifier, and how probabilities become
/// label decisions.
public struct TrainedModel: Sendable {
    /// Text → features: TF-IDF, then any further feature blocks.
    public var features: FeatureStack
    /// Text → TF-IDF features (the first block of `features`).
    public var vectorizer: TfidfVectorizer {
        get { features.tfidf }
        set { features.tfidf = newValue }
    }
    /// The number of columns the classifier sees.
    public var featureCount: Int { features.featureCount }
    /// Label names, index = label id.
    public var labels: [String]
    /// One-vs-rest labels (several per document) or one of many.
    public var isMultiLabel: Bool
    /// Multi-label: a label is predicted when its probability is at least this (unless `thresholds`).
    public var threshold: Float
    /// Multi-label: per-label thresholds tuned on held-out folds (`--tune-thresholds`), in label order.
    public var thresholds: [Float]?
    /// Multi-label: rules on each document's set of labels (`--max-labels`, `--never-alone`).
    public var labelRules = LabelRules.none {
        didSet { neverAloneIds = Set(labelRules.neverAlone.compactMap { labels.firstIndex(of: $0) }) }
    }
    /// The ids of `labelRules.neverAlone`.
    private(set) var neverAloneIds: Set<Int> = []
    /// The trained classifier.
    public var classifier: any Classifier
    /// What it was trained on.
    public var provenance: TrainingProvenance
    /// The per-label feature sums a count-trained classifier (`CountTrainable`) learnt from, kept
    /// in the models of corpus shards (`classify train --vectorizer`) so that `ModelMerger` can
    /// add them up into the model of the whole corpus; nil in ordinary models.
    public var counts: NaiveBayesCounts?

    /// The registry name of the classifier.
    public var classifierName: String { type(of: classifier).name }

    public init(
        vectorizer: TfidfVectorizer, blocks: [any FeatureBlock] = [], labels: [String], isMultiLabel: Bool, threshold: Float,
        classifier: any Classifier, provenance: TrainingProvenance
    ) {
        self.features = FeatureStack(tfidf: vectorizer, blocks: blocks)
        self.labels = labels
        self.isMultiLabel = isMultiLabel
        self.threshold = threshold
        self.classifier = classifier
        self.provenance = provenance
    }

    /// The threshold label `l` is decided with: the override, the tuned one, or the global one.
    @inline(__always)
    public func threshold(forLabel l: Int, override: Float? = nil) -> Float {
        override ?? thresholds?[l] ?? threshold
    }

    /// Label probabilities of `documents`, row-major `documents × labels`.
    public func probabilities(for documents: [Document]) -> [Float] {
        classifier.probabilities(for: features.transform(documents))
    }

    /// Label probabilities of untitled `texts`, row-major `texts × labels`.
    public func probabilities(for texts: [String]) -> [Float] {
        classifier.probabilities(for: features.transform(texts))
    }

    /// The label ids chosen from one row of probabilities: the most probable label for single-label
    /// models; for multi-label models every label at or above its threshold (`threshold` overrides
    /// all of them), and the most probable one when none reaches it, so that each document gets a
    /// label, then `rules` (the model's `labelRules` unless given).
    public func decide(_ row: ArraySlice<Float>, threshold: Float? = nil, rules: LabelRules? = nil) -> [Int] {
        let base = row.startIndex
        var best = 0
        for l in 1..<labels.count where row[base + l] > row[base + best] { best = l }
        guard isMultiLabel else { return [best] }
        var chosen = (0..<labels.count).filter { row[base + $0] >= self.threshold(forLabel: $0, override: threshold) }
        if chosen.isEmpty { chosen = [best] }
        let byProbability = { (a: Int, b: Int) in row[base + a] != row[base + b] ? row[base + a] > row[base + b] : a < b }
        chosen.sort(by: byProbability)
        // The model's own rules come with their label ids resolved once; given ones are resolved here.
        let neverAlone = rules.map { given in Set(given.neverAlone.compactMap { labels.firstIndex(of: $0) }) } ?? neverAloneIds
        let rules = rules ?? labelRules
        guard !rules.isEmpty else { return chosen }
        return rules.apply(
            chosen: chosen, ranked: { (0..<labels.count).sorted(by: byProbability) }, isNeverAlone: { neverAlone.contains($0) })
    }

    /// Predictions for untitled `texts`.
    public func predict(_ texts: [String], threshold: Float? = nil, rules: LabelRules? = nil, top: Int? = nil) -> [Prediction] {
        predict(texts.map { Document(id: "", text: $0) }, threshold: threshold, rules: rules, top: top)
    }

    /// Predictions for `documents`. Each prediction's `scores` lists every label, or with `top`
    /// only the predicted labels and the `top` most probable: the same entries, in the same order,
    /// as the full list filtered to those labels, found without sorting every label (which
    /// dominates predicting with a taxonomy of hundreds of labels).
    public func predict(_ documents: [Document], threshold: Float? = nil, rules: LabelRules? = nil, top: Int? = nil) -> [Prediction] {
        let probabilities = probabilities(for: documents)
        let count = labels.count
        return (0..<documents.count).map { i in
            let row = probabilities[(i * count)..<((i + 1) * count)]
            let chosen = decide(row, threshold: threshold, rules: rules)
            return Prediction(
                labels: chosen.map { labels[$0] },
                scores: Self.mostProbable(row, top: top, besides: chosen).map { (labels[$0], row[i * count + $0]) })
        }
    }

    /// The label ids of `row` (one document's probabilities) from the most probable down, ties by
    /// id: every label, or the `top` most probable together with `besides`.
    static func mostProbable(_ row: ArraySlice<Float>, top: Int?, besides: [Int]) -> [Int] {
        let base = row.startIndex
        let before = { (a: Int, b: Int) in row[base + a] != row[base + b] ? row[base + a] > row[base + b] : a < b }
        guard let top, top < row.count else { return (0..<row.count).sorted(by: before) }
        guard top > 0 else { return besides.sorted(by: before) }
        // The `top` best so far, in order; a label enters by binary search when it beats the last.
        var best: [Int] = []
        best.reserveCapacity(top + 1)
        for l in 0..<row.count where best.count < top || before(l, best[best.count - 1]) {
            var low = 0, high = best.count
            while low < high {
                let middle = (low + high) / 2
                if before(best[middle], l) { low = middle + 1 } else { high = middle }
            }
            best.insert(l, at: low)
            if best.count > top { best.removeLast() }
        }
        let others = besides.filter { !best.contains($0) }
        return others.isEmpty ? best : (best + others).sorted(by: before)
    }
}
