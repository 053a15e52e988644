import Foundation

/// Word n-grams hashed into `2^bits` columns with TF-IDF weights (`1 + ln tf` times an IDF learnt
/// from each column's document frequency, then unit length): for vocabularies too large to count
/// exactly. Memory is fixed by `bits`, whatever the corpus: one document frequency per column while
/// fitting and one IDF per column in the model. Terms that share a column share a weight.
///
/// So that `classify explain` still prints words, fitting keeps for each column the term that
/// fell into it most often (a majority vote per column, exact when one term holds most of a
/// column's documents), and the model stores those of the `names` most frequent columns; other
/// columns are named `#COLUMN`.
///
/// `classify train --hash-features BITS` stacks it in place of the exact vocabulary.
public struct HashedTerms: StreamingFeatureBlock {
    public static let kind = "hashed-terms"
    public static let origin = ClassifierRegistry.builtInOrigin
    public static let summary = "word n-grams hashed into 2^bits columns with TF-IDF weights, for vocabularies too large to count"
    public static let parameters: [ClassifierParameter] = [
        ClassifierParameter("bits", default: "20", .integer(minimumBits...maximumBits), help: "The block has 2^bits columns."),
        ClassifierParameter("ngrams", default: "1", .integer(1...3), help: "Word n-grams up to this length."),
        ClassifierParameter("min-token-length", default: "2", .integer(1...64), help: "Drop tokens shorter than this many characters."),
        ClassifierParameter("title-terms", default: "true", .boolean, help: "Count the title's words again as title:word terms."),
        ClassifierParameter("names", default: "65536", .integer(0...(1 << maximumBits)), help: "How many of the most frequent columns keep a term's name for explain."),
    ]
    /// The block `classify train --hash-features BITS` stacks: `bits` columns, with the n-grams,
    /// token length and title terms of `words` (the TF-IDF options it stands in for).
    public static func choice(bits: Int, matching words: TfidfOptions) -> FeatureBlockChoice {
        FeatureBlockChoice(kind: kind, options: [
            "bits": String(bits), "ngrams": String(words.ngramMax), "min-token-length": String(words.tokenizer.minTokenLength),
            "title-terms": String(words.titleTerms),
        ])
    }

    /// The fewest and most bits a block may have.
    public static let minimumBits = 4
    public static let maximumBits = 26

    public let parameters: ClassifierParameters
    /// `2^bits`.
    public let featureCount: Int
    /// The IDF of each column (0 for columns no training document used).
    let idf: [Float]
    /// The name of each named column.
    let names: [Int32: String]
    let enumerator: TermEnumerator

    init(parameters: ClassifierParameters, idf: [Float], names: [Int32: String]) throws {
        self.parameters = parameters
        self.idf = idf
        self.names = names
        featureCount = idf.count
        enumerator = try Self.enumerator(parameters)
    }

    /// The term enumerator `parameters` describe.
    static func enumerator(_ parameters: ClassifierParameters) throws -> TermEnumerator {
        var options = TfidfOptions()
        options.ngramMax = try parameters.integer("ngrams")
        options.tokenizer.minTokenLength = try parameters.integer("min-token-length")
        options.titleTerms = try parameters.boolean("title-terms")
        return TermEnumerator(options: options)
    }

    /// The column of a term.
    @inline(__always)
    static func column(of term: UnsafeBufferPointer<UInt8>, mask: UInt64) -> Int32 {
        Int32(truncatingIfNeeded: TermTable.hash(term) & mask)
    }

    public static func fit(_ documents: [Document], parameters: ClassifierParameters) throws -> HashedTerms {
        var accumulator = try Accumulator(parameters: parameters)
        for document in documents { accumulator.add(document) }
        return try accumulator.finish() as! HashedTerms
    }

    public static func accumulator(parameters: ClassifierParameters) throws -> any FeatureBlockAccumulator {
        try Accumulator(parameters: parameters)
    }

    public func features(of document: Document) -> [(column: Int32, value: Float)] {
        var counts: [Int32: Int] = [:]
        var text = document.featureText
        let mask = UInt64(featureCount - 1)
        text.withUTF8 { bytes in
            enumerator.forEachTerm(in: bytes, knownTitle: document.featureTitleRange) { term in
                counts[Self.column(of: term, mask: mask), default: 0] += 1
            }
        }
        var features: [(column: Int32, value: Float)] = counts.compactMap { column, count in
            let weight = idf[Int(column)]
            return weight > 0 ? (column, (1 + logf(Float(count))) * weight) : nil
        }
        features.sort { $0.column < $1.column }
        let norm = features.reduce(Float(0)) { $0 + $1.value * $1.value }.squareRoot()
        if norm > 0 { for i in features.indices { features[i].value /= norm } }
        return features
    }

    public func featureName(_ column: Int) -> String {
        names[Int32(column)] ?? "#\(column)"
    }

    public func encode() -> FeatureBlockState {
        let named = names.keys.sorted()
        return FeatureBlockState(
            parameters: parameters.values,
            arrays: [
                ClassifierState.Array(name: "idf", shape: [featureCount], values: idf),
                ClassifierState.Array(name: "named_columns", shape: [named.count], values: named.map { Float($0) }),
            ],
            names: named.map { names[$0]! })
    }

    public static func decode(_ state: FeatureBlockState) throws -> HashedTerms {
        let parameters: ClassifierParameters
        do {
            parameters = try ClassifierParameters.resolve(state.parameters, declared: Self.parameters, classifier: kind)
        } catch let error as ClassifierError {
            throw FeatureError("feature block \(kind): \(error.description)")
        }
        let bits = try parameters.integer("bits")
        let idf = try state.array("idf", shape: [1 << bits])
        guard idf.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= TfidfVectorizer.largestIDF }) else {
            throw FeatureError("feature block \(kind): an IDF weight is negative, too large or not a number")
        }
        let columns = try state.array("named_columns", shape: [state.names.count])
        var names: [Int32: String] = [:]
        for (column, name) in zip(columns, state.names) {
            guard column >= 0, column < Float(1 << bits), column == column.rounded(), names[Int32(column)] == nil else {
                throw FeatureError("feature block \(kind): a named column is out of range or named twice")
            }
            names[Int32(column)] = name
        }
        return try HashedTerms(parameters: parameters, idf: idf, names: names)
    }

    /// Document frequencies and the majority term of each column, one document at a time.
    struct Accumulator: FeatureBlockAccumulator {
        let parameters: ClassifierParameters
        let enumerator: TermEnumerator
        let mask: UInt64
        let nameCount: Int
        var documents = 0
        var documentFrequency: [Int32]
        var lastSeen: [Int32]
        /// Per column: the leading term of the majority vote and its lead.
        var leader: [String?]
        var lead: [Int32]

        init(parameters: ClassifierParameters) throws {
            self.parameters = parameters
            enumerator = try HashedTerms.enumerator(parameters)
            let columns = 1 << (try parameters.integer("bits"))
            mask = UInt64(columns - 1)
            nameCount = try parameters.integer("names")
            documentFrequency = [Int32](repeating: 0, count: columns)
            lastSeen = [Int32](repeating: -1, count: columns)
            leader = [String?](repeating: nil, count: nameCount > 0 ? columns : 0)
            lead = [Int32](repeating: 0, count: nameCount > 0 ? columns : 0)
        }

        mutating func add(_ document: Document) {
            let current = Int32(truncatingIfNeeded: documents)
            documents += 1
            var text = document.featureText
            let naming = nameCount > 0
            text.withUTF8 { bytes in
                enumerator.forEachTerm(in: bytes, knownTitle: document.featureTitleRange) { term in
                    let column = Int(HashedTerms.column(of: term, mask: mask))
                    guard lastSeen[column] != current else { return }
                    lastSeen[column] = current
                    documentFrequency[column] += 1
                    guard naming else { return }
                    vote(column: column, term: term)
                }
            }
        }

        /// One step of the Boyer–Moore majority vote of `column`.
        private mutating func vote(column: Int, term: UnsafeBufferPointer<UInt8>) {
            if lead[column] == 0 {
                leader[column] = String(decoding: term, as: UTF8.self)
                lead[column] = 1
            } else if leader[column]!.utf8.elementsEqual(term) {
                lead[column] += 1
            } else {
                lead[column] -= 1
            }
        }

        func finish() throws -> any FeatureBlock {
            let n = Float(documents)
            let idf = documentFrequency.map { df in df > 0 ? logf((1 + n) / (1 + Float(df))) + 1 : 0 }
            var names: [Int32: String] = [:]
            if nameCount > 0 {
                let ranked = documentFrequency.indices.filter { documentFrequency[$0] > 0 && leader[$0] != nil }
                    .sorted { documentFrequency[$0] != documentFrequency[$1] ? documentFrequency[$0] > documentFrequency[$1] : $0 < $1 }
                for column in ranked.prefix(nameCount) { names[Int32(column)] = leader[column]! }
            }
            return try HashedTerms(parameters: parameters, idf: idf, names: names)
        }
    }
}
