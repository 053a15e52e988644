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
    public var tokenCount: Int
    /// Every distinct term (distinct as bytes, as the vocabulary tells terms apart): features
    /// first, by weight (largest first), then the terms that are not features; ties by count
    /// (largest first), then by the term's UTF-8 bytes.
    public var terms: [Term]

    enum CodingKeys: String, CodingKey {
        case title, tokenCount = "tokens", terms
    }

    /// Writes `title` as null when there is none, so every document has the same keys.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(tokenCount, forKey: .tokenCount)
        try container.encode(terms, forKey: .terms)
    }

    /// The terms that are features.
    public var features: [Term] { terms.filter { $0.weight != nil } }

    /// The terms that are not features.
    public var nonFeatures: [Term] { terms.filter { $0.weight == nil } }
}

extension TfidfVectorizer {
    /// The title, tokens and terms of untitled `text`, with the TF-IDF weight of each term that is a feature.
    public func terms(of text: String) -> DocumentTerms {
        terms(of: Document(id: "", text: text))
    }

    /// The title, tokens and terms of `document`, with the TF-IDF weight of each term that is a feature.
    public func terms(of document: Document) -> DocumentTerms {
        let enumerator = TermEnumerator(options: options)
        var counts: [[UInt8]: Int] = [:]
        var tokenCount = 0
        var title: String?
        var utf8Text = document.featureText
        let knownTitle = document.featureTitleRange
        utf8Text.withUTF8 { buffer in
            enumerator.tokenizer.forEachToken(in: buffer) { _ in tokenCount += 1 }
            enumerator.forEachTerm(in: buffer, knownTitle: knownTitle) { counts[Array($0), default: 0] += 1 }
            if options.titleTerms, let range = knownTitle.map({ TitleLocator.trimmed($0, in: buffer) }) ?? TitleLocator.titleRange(in: buffer) {
                title = String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
            }
        }
        var row = SparseMatrix(columnCount: featureCount)
        transform(document, appendingTo: &row)
        var weights: [Int32: Float] = [:]
        for k in 0..<row.values.count { weights[row.columnIndices[k]] = row.values[k] }
        let entries = counts.map { bytes, count -> (bytes: [UInt8], term: DocumentTerms.Term) in
            let id = bytes.withUnsafeBufferPointer { terms.id(of: $0) }
            return (bytes, DocumentTerms.Term(term: String(decoding: bytes, as: UTF8.self), count: count, weight: id.flatMap { weights[$0] }))
        }
        let sorted = entries.sorted { a, b in
            switch (a.term.weight, b.term.weight) {
            case let (x?, y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.term.count != b.term.count ? a.term.count > b.term.count : a.bytes.lexicographicallyPrecedes(b.bytes)
            }
        }
        return DocumentTerms(title: title, tokenCount: tokenCount, terms: sorted.map(\.term))
    }
}
