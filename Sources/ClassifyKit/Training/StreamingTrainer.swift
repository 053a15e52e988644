import Foundation

/// Trains without holding the corpus: two passes over its files, the first for the vocabulary,
/// document frequencies and labels, the second accumulating each document's TF-IDF row into the
/// classifier's counts. For classifiers that learn from counts alone (`CountTrainable`: the naive
/// Bayes models), where it gives the same model bytes as `ModelTrainer.train`. Memory is the
/// vocabulary and the counts, plus an 8-byte hash of each document's id (to notice repeats).
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

    /// Trains `options`' classifier on the documents of `paths` read by `reader`, twice.
    public static func train(
        _ paths: [String], reader: CorpusReader, options: TrainingOptions, progress: ProgressHandler? = nil
    ) throws -> Outcome {
        let (type, parameters) = try options.resolvedClassifier()
        guard let countType = type as? any CountTrainable.Type else {
            throw ClassifierError("\(type.name) trains on the whole feature matrix, so it cannot train in a stream; use a naive Bayes classifier or train without --stream")
        }
        guard options.featureBlocks.isEmpty else { throw ClassifierError("--stream does not take feature blocks yet; drop --block or --stream") }
        guard options.thresholdTuning == nil else { throw ClassifierError("--stream does not tune thresholds; drop --tune-thresholds or --stream") }
        guard options.threshold > 0 && options.threshold < 1 else {
            throw ClassifierError("--threshold must be between 0 and 1 (got \(options.threshold))")
        }
        if let stdin = paths.first(where: { $0 == "-" }) {
            throw CorpusError(path: stdin, "--stream reads the corpus twice, so it cannot read standard input; give files")
        }
        if let pipe = paths.first(where: { !FileBytes.isDirectory($0) && !FileBytes.isRegularFile($0) && FileManager.default.fileExists(atPath: $0) }) {
            throw CorpusError(path: pipe, "--stream reads the corpus twice, so it needs a file or folder, not a pipe or device")
        }
        try options.tfidf.validate()

        // Pass 1: terms, label names and counts, and the running digest.
        var statistics = TfidfVectorizer.TermStatistics(options: options.tfidf)
        var labelNames = Set<String>()
        var digest = Checksum.Running()
        var repeated = RepeatedIds()
        var documents = 0
        var oddDocument: Int?  // the first document without exactly one label
        let formats = try forEachDocument(paths, reader: reader) { document in
            statistics.add(document)
            labelNames.formUnion(document.labels)
            if oddDocument == nil && Set(document.labels).count != 1 { oddDocument = documents }
            digest.add(TrainingProvenance.hash(document))
            repeated.add(document.id)
            documents += 1
        }
        progress?("pass 1: \(documents) documents")
        var targets = try streamedTargets(labelNames, oddDocument: oddDocument, multiLabel: options.multiLabel)
        targets.knownLabels = options.knownLabels
        let index = Dictionary(uniqueKeysWithValues: targets.labelNames.enumerated().map { ($1, Int32($0)) })
        let vectorizer = try TfidfVectorizer.learn(statistics, options: options.tfidf)
        statistics = TfidfVectorizer.TermStatistics(options: options.tfidf)
        progress?("vocabulary: \(vectorizer.featureCount) features")

        // Pass 2: each document's row into the counts, and the digest again.
        var counts = NaiveBayesCounts(featureCount: vectorizer.featureCount, labelCount: targets.labelCount)
        var again = Checksum.Running()
        var row = SparseMatrix(columnCount: vectorizer.featureCount)
        _ = try forEachDocument(paths, reader: reader) { document in
            again.add(TrainingProvenance.hash(document))
            row = SparseMatrix(columnCount: vectorizer.featureCount)
            vectorizer.transform(document, appendingTo: &row)
            let labels = Array(Set(document.labels.compactMap { index[$0] })).sorted()
            counts.add(row, row: 0, labels: labels)
        }
        guard again.value == digest.value, counts.documentCount == documents else {
            throw CorpusError(path: paths.joined(separator: ", "), "changed between the two passes of --stream; train again")
        }
        progress?("pass 2: \(documents) rows counted")
        let classifier = try countType.train(counts: counts, targets: targets, parameters: parameters)
        let model = TrainedModel(
            vectorizer: vectorizer, labels: targets.labelNames, isMultiLabel: targets.isMultiLabel, threshold: options.threshold,
            classifier: classifier,
            provenance: TrainingProvenance(
                documents: documents, corpusDigest: Checksum.hex(digest.value), documentsPerLabel: counts.documentsPerLabel))
        return Outcome(model: model, documents: documents, formats: formats, repeatedIds: repeated)
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
                try body(document)
            }
            if !found { throw CorpusError(path: path, "contains no documents") }
            return format
        }
    }
}
