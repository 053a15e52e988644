/// What a vectorizer makes of one text: its title, its terms with their counts and, for terms in
/// the vocabulary, their weights in the document's TF-IDF vector. For seeing why a document gets
/// the features it gets (`classify tokenize`).
public struct DocumentTerms: Codable, Sendable, Equatable {
    /// One distinct term of the text.
    public struct Term: Codable, Sendable, Equatable {
        /// The term: a word, words joined by a space, or either prefixed `title:`.
        public var term: String
        /// How often the text yields it.
        public var count: Int
        /// Its value in the document's normalised TF-IDF vector; nil when it is not a feature
        /// (not in the vocabulary: unseen in training, or dropped by min-df, max-df or max-features).
        public var weight: Float?

        public init(term: String, count: Int, weight: Float?) {
            self.term = term
            self.count = count
            self.weight = weight
        }

        enum CodingKeys: String, CodingKey { case term, count, weight }

        /// Writes `weight` as null for a term that is not a feature, so every term has the same keys.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(term, forKey: .term)
            try container.encode(count, forKey: .count)
            try container.encode(weight, forKey: .weight)
        }
    }

    /// The title found for title terms, or nil (none found, or title terms off).
    public var title: String?
    /// The number of word tokens in the text (after short tokens are dropped).
    public var tokens: Int
    /// Every distinct term: features first, by weight (largest first), then the rest by count;
    /// ties by term.
    public var terms: [Term]

    enum CodingKeys: String, CodingKey {
        case title, tokens, terms
    }

    /// The terms that are features.
    public var features: [Term] { terms.filter { $0.weight != nil } }
}

extension TfidfVectorizer {
    /// The title, tokens and terms of `text`, with the TF-IDF weight of each term that is a feature.
    public func terms(of text: String) -> DocumentTerms {
        let enumerator = TermEnumerator(options: options)
        var counts: [String: Int] = [:]
        var tokens = 0
        var title: String?
        var bytes = text
        bytes.withUTF8 { buffer in
            enumerator.tokenizer.forEachToken(in: buffer) { _ in tokens += 1 }
            enumerator.forEachTerm(in: buffer) { counts[String(decoding: $0, as: UTF8.self), default: 0] += 1 }
            if options.titleTerms, let range = TitleLocator.titleRange(in: buffer) {
                title = String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
            }
        }
        var row = SparseMatrix(columnCount: featureCount)
        transform(text, appendingTo: &row)
        var weights: [Int32: Float] = [:]
        for k in 0..<row.values.count { weights[row.columnIndices[k]] = row.values[k] }
        let terms = counts.map { term, count -> DocumentTerms.Term in
            var key = term
            let id = key.withUTF8 { vocabulary.id(of: $0) }
            return DocumentTerms.Term(term: term, count: count, weight: id.flatMap { weights[$0] })
        }
        let sorted = terms.sorted { a, b in
            switch (a.weight, b.weight) {
            case let (x?, y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.count != b.count ? a.count > b.count : Array(a.term.utf8).lexicographicallyPrecedes(Array(b.term.utf8))
            }
        }
        return DocumentTerms(title: title, tokens: tokens, terms: sorted)
    }
}
