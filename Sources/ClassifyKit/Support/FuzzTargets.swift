/// What the fuzzer (`Scripts/fuzz`) feeds: each target takes arbitrary bytes the way `classify`
/// takes a file of that kind, and must return (an error is a fine outcome) without a crash, a
/// hang or a large allocation. The regression tests replay the inputs kept in `Tests/Fuzz`.
enum FuzzTargets {
    /// The targets, by name.
    static let names = ["jsonl", "csv", "tsv", "fasttext", "article", "model", "options"]

    /// Runs target `name` on `bytes`; false for an unknown name.
    @discardableResult
    static func run(_ name: String, _ bytes: [UInt8]) -> Bool {
        switch name {
        case "jsonl": readRecords(bytes, format: .jsonl)
        case "csv": readRecords(bytes, format: .csv)
        case "tsv": readRecords(bytes, format: .tsv)
        case "fasttext": readRecords(bytes, format: .fasttext)
        case "article": readRecords(bytes, format: .article)
        case "model": loadModel(bytes)
        case "options": parseOptions(bytes)
        default: return false
        }
        return true
    }

    /// Parses `bytes` as one chunk of a corpus file in `format`, with and without labels required,
    /// and vectorises the documents it yields.
    static func readRecords(_ bytes: [UInt8], format: CorpusFormat) {
        for requireLabels in [false, true] {
            var documents: [Document] = []
            var position = CorpusReader.ParsePosition()
            var reader = CorpusReader(format: format, requireLabels: requireLabels)
            reader.threads = 1
            try? reader.parse(bytes: bytes, path: "fuzz", id: "fuzz", format: format, position: &position) { documents.append($0) }
            guard !documents.isEmpty, requireLabels else { continue }
            var options = TfidfOptions()
            options.minDF = 1
            options.ngramMax = 2
            if let (vectorizer, _) = try? TfidfVectorizer.fit(documents, options: options) {
                _ = vectorizer.transform(documents)
            }
        }
    }

    /// Loads `bytes` as a model file, sealed with a correct checksum first so that every check
    /// behind it is reached, and scores a document with what loads. A vocabulary read as a sorted
    /// index must give the document the same features once its table is built.
    static func loadModel(_ bytes: [UInt8]) {
        guard let model = try? ModelFile.decode(ModelFile.sealed(bytes), path: "fuzz") else { return }
        let document = Document(id: "fuzz", text: "the army and the parliament voted on the budget\nnew york new zealand")
        _ = model.predict([document])
        var features = [SparseMatrix(columnCount: model.vectorizer.featureCount), SparseMatrix(columnCount: model.vectorizer.featureCount)]
        model.vectorizer.transform(document, appendingTo: &features[0])
        _ = model.vectorizer.vocabulary
        model.vectorizer.transform(document, appendingTo: &features[1])
        precondition(features[0].columnIndices == features[1].columnIndices, "the sorted index and the table disagree")
        _ = try? ModelFile.encode(model)
    }

    /// Reads `bytes` as lines of option text: the first as a feature block choice and a memory
    /// budget, the rest as `NAME=VALUE` classifier and TF-IDF options, resolved for every
    /// built-in classifier as `classify train` resolves them.
    static func parseOptions(_ bytes: [UInt8]) {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first else { return }
        _ = try? FeatureBlockChoice(parsing: first)
        _ = try? MemoryBudget(parsing: first)
        var given: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let equals = line.firstIndex(of: "=") else { continue }
            given[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        var tfidf = TfidfOptions()
        if let value = given["min-df"].flatMap(Double.init) { tfidf.minDF = value }
        if let value = given["max-df"].flatMap(Double.init) { tfidf.maxDF = value }
        if let value = given["max-features"].flatMap(Int.init) { tfidf.maxFeatures = value }
        if let value = given["ngrams"].flatMap(Int.init) { tfidf.ngramMax = value }
        if (try? tfidf.validate()) != nil { _ = tfidf.summary }
        for type in ClassifierRegistry.builtIn.types {
            guard let parameters = try? ClassifierParameters.resolve(given, declared: type.parameters, classifier: type.name) else { continue }
            for loss in [LinearLoss.logistic, .squaredHinge] where type.parameters.contains(where: { $0.name == "l2" }) {
                _ = try? LinearFit.Settings(parameters, loss: loss, documents: 100, multiLabel: true)
            }
        }
        for block in ClassifierRegistry.builtIn.featureBlockTypes {
            _ = try? ClassifierParameters.resolve(given, declared: block.parameters, classifier: block.kind)
        }
    }
}
