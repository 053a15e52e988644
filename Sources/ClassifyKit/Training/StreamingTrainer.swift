import Foundation

/// Trains without holding the corpus: two passes over its files, the first for the vocabulary,
/// document frequencies and labels, the second accumulating each document's TF-IDF row into the
/// classifier's counts. For classifiers that learn from counts alone (`CountTrainable`: the naive
/// Bayes models), where it gives the same model bytes as `ModelTrainer.train`. Memory is the
/// vocabulary and the counts, plus each document's id, labels and digest, never its text.
public enum StreamingTrainer {
    /// What a streamed training read and made.
    public struct Outcome: Sendable {
        public var model: TrainedModel
        /// Documents read.
        public var documents: Int
        /// The format of each path.
        public var formats: [CorpusFormat]
        /// Ids that more than one document carried, in the order their first repeat came.
        public var repeatedIds: [String]
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

        // Pass 1: terms, labels and digests.
        var statistics = TfidfVectorizer.TermStatistics(options: options.tfidf)
        var labelSets: [[String]] = []
        var hashes: [UInt64] = []
        var seen = Set<String>(), reported = Set<String>()
        var repeated: [String] = []
        let formats = try forEachDocument(paths, reader: reader) { document in
            statistics.add(document)
            labelSets.append(document.labels)
            hashes.append(TrainingProvenance.hash(document))
            if !seen.insert(document.id).inserted && reported.insert(document.id).inserted { repeated.append(document.id) }
        }
        progress?("pass 1: \(labelSets.count) documents, \(statistics.documents) counted")
        var targets = try LabelTargets(labelSets: labelSets, multiLabel: options.multiLabel)
        targets.knownLabels = options.knownLabels
        labelSets = []
        let vectorizer = try TfidfVectorizer.learn(statistics, options: options.tfidf)
        statistics = TfidfVectorizer.TermStatistics(options: options.tfidf)
        progress?("vocabulary: \(vectorizer.featureCount) features")

        // Pass 2: each document's row into the counts.
        var counts = NaiveBayesCounts(featureCount: vectorizer.featureCount, labelCount: targets.labelCount)
        var index = 0
        var row = SparseMatrix(columnCount: vectorizer.featureCount)
        _ = try forEachDocument(paths, reader: reader) { document in
            guard index < targets.documents.count, TrainingProvenance.hash(document) == hashes[index] else {
                throw CorpusError(path: paths.joined(separator: ", "), "changed between the two passes of --stream; train again")
            }
            row = SparseMatrix(columnCount: vectorizer.featureCount)
            vectorizer.transform(document, appendingTo: &row)
            counts.add(row, row: 0, labels: targets.documents[index])
            index += 1
        }
        guard index == targets.documents.count else {
            throw CorpusError(path: paths.joined(separator: ", "), "changed between the two passes of --stream; train again")
        }
        progress?("pass 2: \(index) rows counted")
        let classifier = try countType.train(counts: counts, targets: targets, parameters: parameters)
        let model = TrainedModel(
            vectorizer: vectorizer, labels: targets.labelNames, isMultiLabel: targets.isMultiLabel, threshold: options.threshold,
            classifier: classifier,
            provenance: TrainingProvenance(
                documents: index, corpusDigest: TrainingProvenance.digest(ofHashes: hashes), documentsPerLabel: targets.documentsPerLabel))
        return Outcome(model: model, documents: index, formats: formats, repeatedIds: repeated)
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
