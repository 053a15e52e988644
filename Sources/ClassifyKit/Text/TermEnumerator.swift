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

    /// Buffers for the previous tokens and the n-gram being built, shared by the body and title passes.
    struct Buffers {
        var previous: [UInt8] = []
        var beforePrevious: [UInt8] = []
        var key: [UInt8] = []
    }

    /// Calls `body` with every term of `text`. Title terms come from `knownTitle` (a byte range of
    /// `text`: the document's own title) when given, otherwise from the title `TitleLocator` finds.
    func forEachTerm(in text: UnsafeBufferPointer<UInt8>, knownTitle: Range<Int>? = nil, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if ngramMax == 1 && !titleTerms && charNgrams == nil {
            tokenizer.forEachToken(in: text, body)
            return
        }
        if let charNgrams { forEachCharNgram(in: text, lengths: charNgrams, body) }
        var buffers = Buffers()
        buffers.key.reserveCapacity(192)
        if ngramMax > 1 {
            buffers.previous.reserveCapacity(64)
            buffers.beforePrevious.reserveCapacity(64)
        }
        forEachPlainTerm(in: text, buffers: &buffers, body)
        guard titleTerms, let range = knownTitle.map({ TitleLocator.trimmed($0, in: text) }) ?? TitleLocator.titleRange(in: text) else { return }
        var prefixed = Self.titlePrefix
        prefixed.reserveCapacity(192)
        let prefixLength = prefixed.count
        forEachPlainTerm(in: UnsafeBufferPointer(rebasing: text[range]), buffers: &buffers) { term in
            prefixed.removeSubrange(prefixLength...)
            prefixed.append(contentsOf: term)
            prefixed.withUnsafeBufferPointer(body)
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

    /// The terms of `text` without title terms.
    func forEachPlainTerm(
        in text: UnsafeBufferPointer<UInt8>, buffers: inout Buffers, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        if ngramMax == 1 {
            tokenizer.forEachToken(in: text, body)
            return
        }
        buffers.previous.removeAll(keepingCapacity: true)
        buffers.beforePrevious.removeAll(keepingCapacity: true)
        var seen = 0
        tokenizer.forEachToken(in: text) { token in
            if ngramMin <= 1 { body(token) }
            if ngramMax >= 2 && seen >= 1 && ngramMin <= 2 {
                buffers.key.removeAll(keepingCapacity: true)
                buffers.key.append(contentsOf: buffers.previous)
                buffers.key.append(0x20)
                buffers.key.append(contentsOf: token)
                buffers.key.withUnsafeBufferPointer(body)
            }
            if ngramMax >= 3 && seen >= 2 {
                buffers.key.removeAll(keepingCapacity: true)
                buffers.key.append(contentsOf: buffers.beforePrevious)
                buffers.key.append(0x20)
                buffers.key.append(contentsOf: buffers.previous)
                buffers.key.append(0x20)
                buffers.key.append(contentsOf: token)
                buffers.key.withUnsafeBufferPointer(body)
            }
            swap(&buffers.previous, &buffers.beforePrevious)
            buffers.previous.removeAll(keepingCapacity: true)
            buffers.previous.append(contentsOf: token)
            seen += 1
        }
    }
}
