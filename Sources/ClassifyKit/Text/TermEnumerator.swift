/// Enumerates the terms of a text: word unigrams and, when asked, word n-grams (words joined by one
/// space, formed from the token stream after short tokens are dropped). With `titleTerms`, the
/// terms of the title (see `TitleLocator`) follow once more, each prefixed with `title:`. With
/// `charNgrams`, the character n-grams of every token (padded with a space on either side,
/// counted in Unicode scalars) come first, each prefixed with `#`.
struct TermEnumerator {
    let tokenizer: Tokenizer
    let ngramMin: Int
    let ngramMax: Int
    let titleTerms: Bool
    let charNgrams: ClosedRange<Int>?

    /// What title terms start with. No token contains a colon, so they never meet body terms.
    static let titlePrefix: [UInt8] = Array("title:".utf8)
    /// What character n-grams start with: no token contains it, and it sorts before every token's
    /// first byte, so character n-grams are the first features of a vocabulary.
    static let charPrefix: UInt8 = 0x23  // "#"

    init(tokenizer: Tokenizer, ngramMin: Int, ngramMax: Int, titleTerms: Bool, charNgrams: ClosedRange<Int>? = nil) {
        self.tokenizer = tokenizer
        self.ngramMin = ngramMin
        self.ngramMax = ngramMax
        self.titleTerms = titleTerms
        self.charNgrams = charNgrams
    }

    /// The enumerator of a vectorizer's settings: the one way training and prediction build it.
    init(options: TfidfOptions) {
        self.init(
            tokenizer: Tokenizer(options: options.tokenizer), ngramMin: options.ngramMin, ngramMax: options.ngramMax,
            titleTerms: options.titleTerms,
            charNgrams: options.charNgrams && 1 <= options.charNgramMin && options.charNgramMin <= options.charNgramMax
                ? options.charNgramMin...min(options.charNgramMax, 64) : nil)
    }

    /// Calls `body` with every term of `text`. Title terms come from `knownTitle` (a byte range of
    /// `text`: the document's own title) when given, otherwise from the title `TitleLocator` finds.
    func forEachTerm(in text: UnsafeBufferPointer<UInt8>, knownTitle: Range<Int>? = nil, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if ngramMax == 1 && !titleTerms && charNgrams == nil {
            tokenizer.forEachToken(in: text, body)
            return
        }
        if let charNgrams { forEachCharNgram(in: text, lengths: charNgrams, body) }
        forEachPlainTerm(in: text, body)
        guard titleTerms, let range = knownTitle.map({ TitleLocator.trimmed($0, in: text) }) ?? TitleLocator.titleRange(in: text) else { return }
        let prefixLength = Self.titlePrefix.count
        // A title term is at most the whole title's line of tokens.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: prefixLength + Tokenizer.lineCapacity(forTextBytes: range.count)) { prefixed in
            let base = prefixed.baseAddress!
            _ = prefixed.initialize(from: Self.titlePrefix)
            forEachPlainTerm(in: UnsafeBufferPointer(rebasing: text[range])) { term in
                (base + prefixLength).initialize(from: term.baseAddress!, count: term.count)
                body(UnsafeBufferPointer(start: base, count: prefixLength + term.count))
            }
        }
    }

    /// The `#`-prefixed character n-grams of every token of `text`.
    func forEachCharNgram(
        in text: UnsafeBufferPointer<UInt8>, lengths: ClosedRange<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var padded: [UInt8] = []
        var boundaries: [Int] = []
        var key: [UInt8] = []
        padded.reserveCapacity(64)
        boundaries.reserveCapacity(64)
        key.reserveCapacity(64)
        tokenizer.forEachToken(in: text) { token in
            padded.removeAll(keepingCapacity: true)
            padded.append(0x20)
            padded.append(contentsOf: token)
            padded.append(0x20)
            // Where each Unicode scalar starts (not at UTF-8 continuation bytes), and the end.
            boundaries.removeAll(keepingCapacity: true)
            for (i, byte) in padded.enumerated() where byte & 0xC0 != 0x80 { boundaries.append(i) }
            boundaries.append(padded.count)
            let scalars = boundaries.count - 1
            for n in lengths where n <= scalars {
                for start in 0...(scalars - n) {
                    key.removeAll(keepingCapacity: true)
                    key.append(Self.charPrefix)
                    key.append(contentsOf: padded[boundaries[start]..<boundaries[start + n]])
                    key.withUnsafeBufferPointer(body)
                }
            }
        }
    }

    /// The terms of `text` without title terms: for each token, the n-grams from `ngramMin` to
    /// `ngramMax` words that it ends (itself, then the bigram, then the trigram), read in place
    /// from the tokenizer's line of tokens.
    func forEachPlainTerm(in text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if ngramMax == 1 {
            tokenizer.forEachToken(in: text, body)
            return
        }
        let unigrams = ngramMin <= 1
        let bigrams = ngramMin <= 2
        let trigrams = ngramMax >= 3
        // Where the previous two kept tokens start in the line (-1 before there are any).
        var previousStart = -1
        var beforePreviousStart = -1
        tokenizer.forEachTokenInLine(in: text) { line, token in
            let base = line.baseAddress!
            if unigrams { body(UnsafeBufferPointer(start: base + token.lowerBound, count: token.count)) }
            if bigrams && previousStart >= 0 {
                body(UnsafeBufferPointer(start: base + previousStart, count: token.upperBound - previousStart))
            }
            if trigrams && beforePreviousStart >= 0 {
                body(UnsafeBufferPointer(start: base + beforePreviousStart, count: token.upperBound - beforePreviousStart))
            }
            beforePreviousStart = previousStart
            previousStart = token.lowerBound
        }
    }
}
