/// Enumerates the terms of a text: word unigrams and, when asked, word n-grams (words joined by one
/// space, formed from the token stream after short tokens are dropped). With `titleTerms`, the
/// terms of the title (see `TitleLocator`) follow once more, each prefixed with `title:`.
struct TermEnumerator {
    let tokenizer: Tokenizer
    let ngramMin: Int
    let ngramMax: Int
    let titleTerms: Bool

    /// What title terms start with. No token contains a colon, so they never meet body terms.
    static let titlePrefix: [UInt8] = Array("title:".utf8)

    init(tokenizer: Tokenizer, ngramMin: Int, ngramMax: Int, titleTerms: Bool = false) {
        self.tokenizer = tokenizer
        self.ngramMin = ngramMin
        self.ngramMax = ngramMax
        self.titleTerms = titleTerms
    }

    init(options: TfidfOptions) {
        self.init(
            tokenizer: Tokenizer(options: options.tokenizer), ngramMin: options.ngramMin, ngramMax: options.ngramMax,
            titleTerms: options.titleTerms)
    }

    func forEachTerm(in text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        forEachPlainTerm(in: text, body)
        guard titleTerms, let range = TitleLocator.titleRange(in: text) else { return }
        var key = Self.titlePrefix
        key.reserveCapacity(192)
        let prefixLength = key.count
        forEachPlainTerm(in: UnsafeBufferPointer(rebasing: text[range])) { term in
            key.removeSubrange(prefixLength...)
            key.append(contentsOf: term)
            key.withUnsafeBufferPointer(body)
        }
    }

    /// The terms of `text` without title terms.
    func forEachPlainTerm(in text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if ngramMax == 1 {
            tokenizer.forEachToken(in: text, body)
            return
        }
        var previous: [UInt8] = []
        var beforePrevious: [UInt8] = []
        var key: [UInt8] = []
        previous.reserveCapacity(64)
        beforePrevious.reserveCapacity(64)
        key.reserveCapacity(192)
        var seen = 0
        tokenizer.forEachToken(in: text) { token in
            if ngramMin <= 1 { body(token) }
            if ngramMax >= 2 && seen >= 1 && ngramMin <= 2 {
                key.removeAll(keepingCapacity: true)
                key.append(contentsOf: previous)
                key.append(0x20)
                key.append(contentsOf: token)
                key.withUnsafeBufferPointer(body)
            }
            if ngramMax >= 3 && seen >= 2 {
                key.removeAll(keepingCapacity: true)
                key.append(contentsOf: beforePrevious)
                key.append(0x20)
                key.append(contentsOf: previous)
                key.append(0x20)
                key.append(contentsOf: token)
                key.withUnsafeBufferPointer(body)
            }
            swap(&previous, &beforePrevious)
            previous.removeAll(keepingCapacity: true)
            previous.append(contentsOf: token)
            seen += 1
        }
    }
}
