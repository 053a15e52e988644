/// The labels of the training documents, as indices into a sorted list of label names.
public struct LabelTargets: Sendable, Equatable {
    /// Every label seen in training, sorted by bytes; index = label id.
    public let labelNames: [String]
    /// Label ids of each document, ascending.
    public let documents: [[Int32]]
    /// Whether documents may carry several labels (one-vs-rest) or exactly one (one of many).
    public let isMultiLabel: Bool
    /// Labels that exist elsewhere in the corpus but not in these documents (see
    /// `TrainingOptions.knownLabels`).
    public var knownLabels: Set<String> = []
    /// Per document, the label ids it was judged for (ascending, its own labels included) when it
    /// comes from a source that annotates only part of the labels (`Document.annotatedLabels`), nil
    /// for a document judged for every label; nil altogether when every document was. A label a
    /// document was not judged for is unknown for it: training leaves that pair out of the loss.
    public private(set) var annotated: [[Int32]?]?

    /// The number of distinct labels.
    public var labelCount: Int { labelNames.count }

    /// Builds targets from each document's label names. `multiLabel` nil detects it: multi-label when
    /// any document carries other than exactly one label.
    /// `annotatedSets` gives, per document, the labels it was judged for (nil: all); names that no
    /// document carries are dropped, and a document's own labels always count as judged.
    public init(labelSets: [[String]], annotatedSets: [[String]?]? = nil, multiLabel: Bool? = nil) throws {
        var names = Set<String>()
        for set in labelSets { names.formUnion(set) }
        let sorted = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let index = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
        let documents = labelSets.map { Array(Set($0.map { index[$0]! })).sorted() }
        let partial = annotatedSets?.contains { $0 != nil } ?? false
        let detected = documents.contains { $0.count != 1 } || partial
        if multiLabel == false && partial {
            throw ClassifierError(
                "--single-label was given but some documents are annotated for only some labels (\"annotated_labels\"), which needs one-vs-rest labels; drop --single-label")
        }
        if multiLabel == false && detected {
            let offender = labelSets.firstIndex { Set($0).count != 1 } ?? 0
            throw ClassifierError(
                "--single-label was given but document \(offender + 1) carries \(Set(labelSets[offender]).count) labels; drop --single-label")
        }
        if sorted.count < 2 {
            throw ClassifierError(
                "the training corpus has \(sorted.count) label\(sorted.count == 1 ? "" : "s") (\(sorted.joined(separator: ", "))); a classifier needs at least 2")
        }
        self.labelNames = sorted
        self.documents = documents
        self.isMultiLabel = multiLabel ?? detected
        if partial, let annotatedSets {
            annotated = zip(annotatedSets, documents).map { names, own in
                guard let names else { return nil }
                return Array(Set(names.compactMap { index[$0] }).union(own)).sorted()
            }
        }
    }

    /// The label ids document `row` was judged for, or nil when it was judged for every label.
    @inline(__always)
    public func judgedLabels(ofRow row: Int) -> [Int32]? {
        guard let annotated, row < annotated.count else { return nil }
        return annotated[row]
    }

    /// Whether document `row` was judged for `label` (it is a known positive or negative for it).
    @inline(__always)
    public func isJudged(row: Int, label: Int) -> Bool {
        judgedLabels(ofRow: row)?.contains(Int32(label)) ?? true
    }

    /// Whether some documents were judged for only some labels.
    public var isPartiallyAnnotated: Bool { annotated != nil }

    /// How many documents were judged for each label: `documentCount` for every label unless the
    /// annotation is partial.
    public var documentsJudgedPerLabel: [Int] {
        guard let annotated else { return [Int](repeating: documentCount, count: labelCount) }
        var counts = [Int](repeating: 0, count: labelCount)
        for judged in annotated {
            if let judged { for l in judged { counts[Int(l)] += 1 } } else { for l in 0..<labelCount { counts[l] += 1 } }
        }
        return counts
    }

    /// Targets that name the labels and say whether they are multi-label, without per-document
    /// labels (`documents` is empty): for classifiers trained in a stream, which pass the
    /// corpus-wide counts they know as `documentsPerLabel` and `documentCount`.
    public init(labelNames: [String], isMultiLabel: Bool, documentsPerLabel: [Int]? = nil, documentCount: Int? = nil) {
        self.labelNames = labelNames
        self.documents = []
        self.isMultiLabel = isMultiLabel
        self.streamedDocumentsPerLabel = documentsPerLabel
        self.streamedDocumentCount = documentCount
    }

    /// Targets for `documents` (label ids, ascending) with the names, mode and counts of `corpus`:
    /// a block of a corpus read in parts.
    public init(documents: [[Int32]], of corpus: LabelTargets) {
        self.labelNames = corpus.labelNames
        self.documents = documents
        self.isMultiLabel = corpus.isMultiLabel
        self.knownLabels = corpus.knownLabels
        self.streamedDocumentsPerLabel = corpus.documentsPerLabel
        self.streamedDocumentCount = corpus.documentCount
    }

    private var streamedDocumentsPerLabel: [Int]?
    private var streamedDocumentCount: Int?

    /// How many documents carry each label (in the whole corpus when the targets were made from
    /// counts).
    public var documentsPerLabel: [Int] {
        if let streamedDocumentsPerLabel { return streamedDocumentsPerLabel }
        var counts = [Int](repeating: 0, count: labelCount)
        for labels in documents { for l in labels { counts[Int(l)] += 1 } }
        return counts
    }

    /// How many documents there are (in the whole corpus when the targets were made from counts).
    public var documentCount: Int { streamedDocumentCount ?? documents.count }
}
