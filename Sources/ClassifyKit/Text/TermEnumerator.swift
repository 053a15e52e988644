/// Enumerates the terms of a text: word unigrams and, when asked, word n-grams (words joined by one
/// space, formed from the token stream after short tokens are dropped).
struct TermEnumerator {
    let tokenizer: Tokenizer
    let ngramMin: Int
    let ngramMax: Int

    init(tokenizer: Tokenizer, ngramMin: Int, ngramMax: Int) {
        self.tokenizer = tokenizer
        self.ngramMin = ngramMin
        self.ngramMax = ngramMax
    }

    func forEachTerm(in text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
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
