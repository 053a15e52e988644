import Foundation
import Testing
@testable import ClassifyKit

@Suite struct CharNgramTests {
    /// Complement naive Bayes with character 2-4 grams, every term kept.
    static var charNgramModelOptions: TrainingOptions {
        var options = TrainingOptions()
        options.classifierName = "complement-nb"
        options.tfidf.minDF = 1
        options.tfidf.charNgramMin = 2
        options.tfidf.charNgramMax = 4
        return options
    }

    func terms(_ text: String, _ lengths: ClosedRange<Int>) -> [String] {
        var terms: [String] = []
        var text = text
        text.withUTF8 { bytes in
            TermEnumerator(tokenizer: Tokenizer(options: TokenizerOptions(lowercase: true, minTokenLength: 1)), ngramMin: 1, ngramMax: 1, titleTerms: false, charNgrams: lengths).forEachTerm(in: bytes) {
                terms.append(String(decoding: $0, as: UTF8.self))
            }
        }
        return terms
    }

    /// Each token padded with a space on either side, n-grams counted in Unicode scalars, `#` first.
    @Test func charNgramsWithinWords() {
        #expect(terms("Big", 3...3) == ["# bi", "#big", "#ig ", "big"])
        #expect(terms("été", 2...2) == ["# é", "#ét", "#té", "#é ", "été"])
        #expect(terms("a", 1...2) == ["# ", "#a", "# ", "# a", "#a ", "a"])
        // Lengths beyond the padded token give nothing.
        #expect(terms("ab", 5...6) == ["ab"])
    }

    /// Character n-grams are the first features and a block of their own: each block of a row has
    /// norm 1/√2 when both are present, and training and prediction agree.
    @Test func blocksAreNormalisedApart() throws {
        var options = TfidfOptions()
        options.minDF = 1
        options.charNgramMin = 3
        options.charNgramMax = 4
        let texts = ["Army drill\nthe troops march north", "Budget vote\nparliament debates the army budget", "troops"]
        let (vectorizer, matrix) = try TfidfVectorizer.fit(texts, options: options)
        #expect(vectorizer.charBlockEnd > 0)
        #expect((0..<vectorizer.featureCount).allSatisfy { id in
            vectorizer.vocabulary.term(id).hasPrefix("#") == (id < vectorizer.charBlockEnd)
        })
        #expect(vectorizer.transform(texts) == matrix)
        for row in 0..<matrix.rowCount {
            var squares: (Float, Float) = (0, 0)
            for k in matrix.rowOffsets[row]..<matrix.rowOffsets[row + 1] {
                let v = matrix.values[k]
                if Int(matrix.columnIndices[k]) < vectorizer.charBlockEnd { squares.0 += v * v } else { squares.1 += v * v }
            }
            #expect(abs(squares.0 - 0.5) < 1e-5 && abs(squares.1 - 0.5) < 1e-5, "row \(row): \(squares)")
        }
        #expect(vectorizer.options.summary.hasSuffix("char 3-4 grams"))
        var bad = options
        bad.charNgramMin = 5
        #expect(errorText { _ = try TfidfVectorizer.fit(texts, options: bad) } == "--char-ngrams must be 0 (off) or MIN-MAX with 1 ≤ MIN ≤ MAX ≤ 8 (got 5-4)")
    }

    /// Their settings are written only when on: a model without them keeps the bytes it had
    /// before they existed (the default model's recipe reproduces its committed SHA-256).
    @Test func settingsAreWrittenOnlyWhenOn() throws {
        let off = String(decoding: try JSONEncoder().encode(TfidfOptions()), as: UTF8.self)
        #expect(!off.contains("char_ngram"))
        var on = TfidfOptions()
        on.charNgramMin = 3
        on.charNgramMax = 5
        let encoded = try JSONEncoder().encode(on)
        #expect(String(decoding: encoded, as: UTF8.self).contains("\"char_ngram_max\":5"))
        #expect(try JSONDecoder().decode(TfidfOptions.self, from: encoded) == on)
    }

    /// Only min-df selects character n-grams: max-df and max-features apply to the words.
    @Test func maxDFAndMaxFeaturesSelectWordsOnly() throws {
        var options = TfidfOptions()
        options.minDF = 1
        options.maxDF = 0.5
        options.charNgramMin = 3
        options.charNgramMax = 3
        let texts = ["the army", "the navy", "the budget"]
        let (vectorizer, _) = try TfidfVectorizer.fit(texts, options: options)
        let terms = Set((0..<vectorizer.featureCount).map { vectorizer.vocabulary.term($0) })
        #expect(!terms.contains("the") && terms.contains("#the") && terms.contains("army"))
        options.maxFeatures = 1
        let (limited, _) = try TfidfVectorizer.fit(texts, options: options)
        let limitedTerms = (0..<limited.featureCount).map { limited.vocabulary.term($0) }
        #expect(limitedTerms.filter { !$0.hasPrefix("#") }.count == 1)
        #expect(limitedTerms.contains("#the"))
    }

    /// Feature settings no training run writes are refused at load, never a crash.
    @Test func impossibleSettingsInAModelAreRefused() throws {
        let options = Self.charNgramModelOptions
        let bytes = try ModelFile.encode(ModelTrainer.train(ModelFileTests.documents, options: options))
        #expect(CraftedModel.header(bytes).contains("\"char_ngram_min\":2"))
        let crafted = CraftedModel.rewritingHeader(bytes) { $0.replacingOccurrences(of: "\"char_ngram_min\":2", with: "\"char_ngram_min\":5") }
        #expect(errorText { _ = try ModelFile.decode(crafted, path: "m") }
            == "m: invalid feature settings (--char-ngrams must be 0 (off) or MIN-MAX with 1 ≤ MIN ≤ MAX ≤ 8 (got 5-4)); the file is damaged")
    }

    /// A model with character n-grams round-trips and predicts the same.
    @Test func modelsWithCharNgramsRoundTrip() throws {
        let options = Self.charNgramModelOptions
        let model = try ModelTrainer.train(ModelFileTests.documents, options: options)
        let bytes = try ModelFile.encode(model)
        #expect(bytes[8] == UInt8(ModelFile.formatVersion))
        let restored = try ModelFile.decode(bytes, path: "m")
        #expect(restored.vectorizer.charBlockEnd == model.vectorizer.charBlockEnd)
        let texts = ModelFileTests.documents.map(\.text) + ["armies and parliaments"]
        #expect(restored.predict(texts) == model.predict(texts))
    }
}
