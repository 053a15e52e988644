import Foundation
import Testing
@testable import ClassifyKit

@Suite struct TfidfVectorizerTests {
    let texts = ["apple banana apple", "banana cherry", "apple cherry cherry durian", "durian"]

    func options(minDF: Double = 1, sublinear: Bool = false) -> TfidfOptions {
        var options = TfidfOptions()
        options.minDF = minDF
        options.sublinearTF = sublinear
        return options
    }

    @Test func vocabularyIsSortedAndIdfIsSmoothed() throws {
        let (vectorizer, matrix) = try TfidfVectorizer.fit(texts, options: options())
        #expect((0..<vectorizer.featureCount).map { vectorizer.vocabulary.term($0) } == ["apple", "banana", "cherry", "durian"])
        // idf = ln((1 + n) / (1 + df)) + 1 with n = 4 and df = 2 for every term.
        let expected = Float(log(5.0 / 3.0) + 1)
        for value in vectorizer.idf { #expect(abs(value - expected) < 1e-6) }
        #expect(matrix.rowCount == 4)
        // Row 0: apple tf 2, banana tf 1, same idf → (2, 1) / √5.
        #expect(Array(matrix.columnIndices[matrix.entries(ofRow: 0)]) == [0, 1])
        let row0 = Array(matrix.values[matrix.entries(ofRow: 0)])
        #expect(abs(row0[0] - 2 / Float(5).squareRoot()) < 1e-6 && abs(row0[1] - 1 / Float(5).squareRoot()) < 1e-6)
        for row in 0..<matrix.rowCount {
            let norm = matrix.values[matrix.entries(ofRow: row)].reduce(0) { $0 + $1 * $1 }
            #expect(abs(norm - 1) < 1e-5)
        }
    }

    @Test func sublinearTermFrequency() throws {
        let (_, matrix) = try TfidfVectorizer.fit(texts, options: options(sublinear: true))
        let row0 = Array(matrix.values[matrix.entries(ofRow: 0)])
        let a = 1 + log(Float(2))
        #expect(abs(row0[0] / row0[1] - a) < 1e-5)
    }

    @Test func documentFrequencyLimitsAndMaxFeatures() throws {
        var limited = options(minDF: 2)
        limited.maxDF = 0.5
        let (vectorizer, _) = try TfidfVectorizer.fit(texts + ["apple"], options: limited)
        // apple is in 3 of 5 documents (> 0.5), the rest in 2.
        #expect((0..<vectorizer.featureCount).map { vectorizer.vocabulary.term($0) } == ["banana", "cherry", "durian"])
        var top = options()
        top.maxFeatures = 2
        let (topVectorizer, _) = try TfidfVectorizer.fit(texts, options: top)
        #expect((0..<topVectorizer.featureCount).map { topVectorizer.vocabulary.term($0) } == ["apple", "cherry"])
    }

    @Test func transformMatchesTheTrainingMatrix() throws {
        var bigrams = options()
        bigrams.ngramMax = 2
        let (vectorizer, matrix) = try TfidfVectorizer.fit(texts, options: bigrams)
        let again = vectorizer.transform(texts)
        #expect(again == matrix)
        #expect(vectorizer.vocabulary.term(1) == "apple banana")
        // Unknown words are ignored; a text with none gives an empty row.
        var unseen = SparseMatrix(columnCount: vectorizer.featureCount)
        vectorizer.transform("zebra", appendingTo: &unseen)
        #expect(unseen.rowCount == 1 && unseen.nonZeroCount == 0)
    }

    @Test func parallelTransformEqualsSequential() throws {
        // Every other text has a title line, so title terms go through every transform path.
        let many = (0..<4500).map { "\($0 % 2 == 0 ? "head \($0 % 11)\n" : "")doc \($0 % 97) word\($0 % 13) apple banana \($0 % 7 == 0 ? "cherry" : "durian")" }
        let (vectorizer, matrix) = try TfidfVectorizer.fit(many, options: options())
        #expect(vectorizer.hasTitleTerms)
        #expect(vectorizer.transform(many) == matrix)
        #expect(vectorizer.transform(Array(many.prefix(100))) == matrix.rows(Array(0..<100)))
        #expect(vectorizer.transform(Array(many.prefix(10))) == matrix.rows(Array(0..<10)))
    }

    @Test func fittingInChunksGivesTheSameResult() throws {
        let many = (0..<300).map { Document(id: "", text: "doc \($0 % 17) word\($0 % 13) apple \($0 % 5 == 0 ? "cherry durian" : "banana") w\($0)", title: "Title \($0 % 3)") }
        var bigrams = options(minDF: 2)
        bigrams.ngramMax = 2
        let (one, matrixOne) = try TfidfVectorizer.fit(many, options: bigrams, chunks: 1)
        #expect(one.hasTitleTerms)
        for chunks in [2, 3, 7] {
            let (other, matrix) = try TfidfVectorizer.fit(many, options: bigrams, chunks: chunks)
            #expect(matrix == matrixOne)
            #expect(other.idf == one.idf)
            #expect(other.vocabulary.joinedBytes() == one.vocabulary.joinedBytes())
        }
    }

    @Test func noSurvivingTermIsAClearError() {
        #expect(throws: FeatureError.self) { _ = try TfidfVectorizer.fit(["a unique", "other words"], options: options(minDF: 5)) }
        var bad = options()
        bad.ngramMax = 4
        #expect(errorText { _ = try TfidfVectorizer.fit(texts, options: bad) } == "--ngrams must be 1, 2 or 3 (got 4)")
        bad = options()
        bad.tokenizer.minTokenLength = 99_999_999_999
        #expect(errorText { _ = try TfidfVectorizer.fit(texts, options: bad) } == "--min-token-length must be from 1 to 100 (got 99999999999)")
    }
}
