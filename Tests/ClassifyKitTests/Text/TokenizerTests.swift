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
}
