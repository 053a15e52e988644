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

    /// The number of distinct labels.
    public var labelCount: Int { labelNames.count }

    /// Builds targets from each document's label names. `multiLabel` nil detects it: multi-label when
    /// any document carries other than exactly one label.
    public init(labelSets: [[String]], multiLabel: Bool? = nil) throws {
        var names = Set<String>()
        for set in labelSets { names.formUnion(set) }
        let sorted = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let index = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
        let documents = labelSets.map { Array(Set($0.map { index[$0]! })).sorted() }
        let detected = documents.contains { $0.count != 1 }
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
