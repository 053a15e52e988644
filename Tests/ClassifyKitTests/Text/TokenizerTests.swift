import Testing
@testable import ClassifyKit

@Suite struct TokenizerTests {
    @Test func splitsOnNonAlphanumericsAndLowercasesASCII() {
        #expect(Tokenizer().tokens("Hello, WORLD! It's 2024: e-mail_x a b") == ["hello", "world", "it", "2024", "mail"])
    }

    @Test func lowercasesNonASCIICorrectlyAndKeepsMarks() {
        #expect(Tokenizer().tokens("Élan ÇA Straße ΑΘΗΝΑ Москва") == ["élan", "ça", "straße", "αθηνα", "москва"])
        // "e" followed by a combining acute accent stays one token.
        #expect(Tokenizer().tokens("cafe\u{301} noir") == ["cafe\u{301}", "noir"])
        #expect(Tokenizer().tokens("東京 2024") == ["東京", "2024"])
    }

    @Test func minimumLengthCountsCharactersNotBytes() {
        let tokenizer = Tokenizer(options: TokenizerOptions(lowercase: true, minTokenLength: 2))
        #expect(tokenizer.tokens("é a ab éé") == ["ab", "éé"])
        let keepAll = Tokenizer(options: TokenizerOptions(lowercase: false, minTokenLength: 1))
        #expect(keepAll.tokens("A b") == ["A", "b"])
    }

    @Test func malformedBytesSeparateTokens() {
        let bytes: [UInt8] = Array("abc".utf8) + [0xFF] + Array("def".utf8)
        var tokens: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            Tokenizer().forEachToken(in: buffer) { tokens.append(String(decoding: $0, as: UTF8.self)) }
        }
        #expect(tokens == ["abc", "def"])
    }

    @Test func enumeratesWordNGrams() {
        var terms: [String] = []
        var text = "the Big cat sat"
        text.withUTF8 { bytes in
            TermEnumerator(tokenizer: Tokenizer(), ngramMin: 1, ngramMax: 3, titleTerms: false).forEachTerm(in: bytes) {
                terms.append(String(decoding: $0, as: UTF8.self))
            }
        }
        #expect(terms == ["the", "big", "the big", "cat", "big cat", "the big cat", "sat", "cat sat", "big cat sat"])
    }

    @Test func termTableFindsInsertsAndRoundTrips() {
        var table = TermTable(minimumCapacity: 2)
        var ids: [Int32] = []
        for word in (0..<5000).map({ "w\($0)" }) + ["w1", "w4999"] {
            var word = word
            word.withUTF8 { ids.append(table.insert($0)) }
        }
        #expect(table.count == 5000)
        #expect(ids[5000] == 1 && ids[5001] == 4999)
        #expect(table.term(42) == "w42")
        let joined = table.joinedBytes()
        let restored = joined.withUnsafeBufferPointer { TermTable(joinedBytes: $0, expectedCount: 5000) }
        #expect(restored.count == 5000)
        var probe = "w4321"
        #expect(probe.withUTF8 { restored.id(of: $0) } == 4321)
        var missing = "nope"
        #expect(missing.withUTF8 { restored.id(of: $0) } == nil)
    }

    @Test func nGramsJoinKeptTokensAcrossDroppedOnesAndLongWords() {
        var terms: [String] = []
        let long = String(repeating: "Ä", count: 40)
        var text = "New a York, \(long) é city"
        let tokenizer = Tokenizer(options: TokenizerOptions(lowercase: true, minTokenLength: 2))
        text.withUTF8 { bytes in
            TermEnumerator(tokenizer: tokenizer, ngramMin: 2, ngramMax: 3, titleTerms: false).forEachTerm(in: bytes) {
                terms.append(String(decoding: $0, as: UTF8.self))
            }
        }
        let lower = long.lowercased()
        #expect(terms == ["new york", "york \(lower)", "new york \(lower)", "\(lower) city", "york \(lower) city"])
    }

    @Test func titleTermsArePrefixedNGrams() {
        var terms: [String] = []
        var text = "Rain Falls\n\nIn Spain."
        text.withUTF8 { bytes in
            TermEnumerator(tokenizer: Tokenizer(), ngramMin: 1, ngramMax: 2, titleTerms: true).forEachTerm(in: bytes, knownTitle: 0..<10) {
                terms.append(String(decoding: $0, as: UTF8.self))
            }
        }
        #expect(terms == ["rain", "falls", "rain falls", "in", "falls in", "spain", "in spain", "title:rain", "title:falls", "title:rain falls"])
    }

    /// The hash as first defined: 8-byte words, then the remaining bytes one at a time. Hashed
    /// feature blocks store columns by it, so it must never change.
    static func referenceHash(_ key: [UInt8]) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var i = 0
        while i + 8 <= key.count {
            var word: UInt64 = 0
            for k in 0..<8 { word |= UInt64(key[i + k]) << UInt64(8 * k) }
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < key.count {
            var word: UInt64 = 0
            for (k, byte) in key[i...].enumerated() { word |= UInt64(byte) << UInt64(8 * k) }
            h = (h ^ word) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 29
        }
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }

    @Test func termHashIsTheByteByByteDefinition() {
        var generator = SeededGenerator(seed: 7)
        for length in 0...40 {
            for _ in 0..<5 {
                let key = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                #expect(key.withUnsafeBufferPointer { TermTable.hash($0) } == Self.referenceHash(key), "length \(length)")
            }
        }
        #expect(TermTable.hash(UnsafeBufferPointer(start: nil, count: 0)) == Self.referenceHash([]), "an empty key without an address")
    }

    @Test func termTableFromAnArenaRefusesBadStartsAndRepeats() {
        let arena = Array("onetwothree".utf8)
        let table = TermTable(arena: arena, starts: [0, 3, 6, 11])
        #expect(table?.count == 3 && table?.term(2) == "three")
        var two = "two"
        #expect(two.withUTF8 { table?.id(of: $0) } == 1)
        #expect(TermTable(arena: arena, starts: [0, 20, 6, 11]) == nil, "a term past the arena's end")
        #expect(TermTable(arena: arena, starts: [0, 6, 3, 11]) == nil, "a term ending before it starts")
        #expect(TermTable(arena: Array("abab".utf8), starts: [0, 2, 4]) == nil, "a repeated term")
    }
}
