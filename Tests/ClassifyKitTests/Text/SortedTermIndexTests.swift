import Foundation
import Testing
@testable import ClassifyKit

@Suite struct SortedTermIndexTests {
    /// Sorted by bytes: prefixes of one another, an empty term, a term longer than a one-byte
    /// varint, character n-grams first, multi-byte UTF-8 last; several blocks.
    static let terms: [String] = {
        var terms = ["", "#ab", "#b", "a", "ab", "abc", "abd", "b", "new", "new york", "new york city", "new zealand", "newer", "title:new"]
        terms += (0..<150).map { String(format: "w%04d", $0 * 7) }
        terms += [String(repeating: "x", count: 300), String(repeating: "x", count: 301), "ü", "üb"]
        return terms.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }()

    static func index(_ terms: [String], leadingByte: UInt8? = nil) -> SortedTermIndex? {
        FrontCoding.encode(TermTable(terms: terms)).withUnsafeBufferPointer {
            SortedTermIndex(coded: $0, expectedCount: terms.count, leadingByte: leadingByte)
        }
    }

    static func id(_ index: SortedTermIndex, _ term: String) -> Int32? {
        var term = term
        return term.withUTF8 { index.id(of: $0) }
    }

    @Test func everyTermIsFoundAtItsIdAndReadBack() throws {
        let index = try #require(Self.index(Self.terms))
        #expect(index.count == Self.terms.count)
        for (id, term) in Self.terms.enumerated() {
            #expect(Self.id(index, term) == Int32(id), "\(term)")
            #expect(String(decoding: index.term(id), as: UTF8.self) == term)
        }
        let table = index.table()
        #expect((0..<table.count).map { table.term($0) } == Self.terms)
    }

    @Test func termsNotInTheVocabularyAreNotFound() throws {
        let index = try #require(Self.index(Self.terms))
        let absent = [
            "!", "#", "#a", "#abc", "aa", "abe", "ac", "ne", "new yor", "new york cit", "new york cityx", "new zealandx", "newest", "w0001",
            "w0006", "w1044", "w9999", String(repeating: "x", count: 299), String(repeating: "x", count: 302), "y", "u", "üc", "ü b", "\u{FFFF}",
        ]
        for term in absent { #expect(Self.id(index, term) == nil, "\(term)") }
        // Without the empty term, the empty key is below every head.
        let withoutEmpty = try #require(Self.index(Array(Self.terms.dropFirst())))
        #expect(Self.id(withoutEmpty, "") == nil)
        #expect(Self.id(withoutEmpty, "a") == 2)
    }

    @Test func theLeadingRunOfAByteIsCounted() throws {
        #expect(try #require(Self.index(Self.terms, leadingByte: UInt8(ascii: "#"))).leadingRun == 0, "the empty term comes first")
        let ngrams = Array(Self.terms.dropFirst())
        #expect(try #require(Self.index(ngrams, leadingByte: UInt8(ascii: "#"))).leadingRun == 2)
        #expect(try #require(Self.index(ngrams)).leadingRun == 0)
    }

    @Test func anEmptyVocabularyHasNoTerms() throws {
        let index = try #require([UInt8]().withUnsafeBufferPointer { SortedTermIndex(coded: $0, expectedCount: 0) })
        #expect(Self.id(index, "a") == nil && Self.id(index, "") == nil)
        #expect(index.table().count == 0)
    }

    /// Terms out of order or coded without sharing all they can still decode into a table, but
    /// cannot be searched: the index refuses them, as it refuses damaged bytes.
    @Test func unsortedOrDamagedTermsGiveNoIndex() {
        for terms in [["b", "a"], ["a", "a"], ["ab", "a"], ["a", "b", "b"]] {
            let coded = FrontCoding.encode(TermTable(terms: terms))
            #expect(coded.withUnsafeBufferPointer { SortedTermIndex(coded: $0, expectedCount: terms.count) } == nil, "\(terms)")
        }
        #expect(Self.index(["b", "a"]) == nil)
        #expect(FrontCoding.encode(TermTable(terms: ["b", "a"])).withUnsafeBufferPointer { FrontCoding.decode($0, expectedCount: 2) } != nil)
        // A length in more bytes than it needs (0x81 0x00 is 1): decodes, but is not what the
        // encoder writes, so writing the model again would change its bytes.
        let overlong: [UInt8] = [0, 0x81, 0x00, 0x61]
        #expect(overlong.withUnsafeBufferPointer { FrontCoding.decode($0, expectedCount: 1) }?.term(0) == "a")
        #expect(overlong.withUnsafeBufferPointer { SortedTermIndex(coded: $0, expectedCount: 1) } == nil)
        #expect(FrontCoding.varintByteCount(0) == 1 && FrontCoding.varintByteCount(127) == 1 && FrontCoding.varintByteCount(128) == 2)
        // "ab" then "ac" coded as sharing nothing: in order, but not as the encoder writes it.
        let unshared: [UInt8] = [0, 2, 0x61, 0x62, 0, 2, 0x61, 0x63]
        #expect(unshared.withUnsafeBufferPointer { FrontCoding.decode($0, expectedCount: 2) } != nil)
        #expect(unshared.withUnsafeBufferPointer { SortedTermIndex(coded: $0, expectedCount: 2) } == nil)
        let coded = FrontCoding.encode(TermTable(terms: Self.terms))
        var sharesTooMuch = coded
        sharesTooMuch[0] = 5
        for (bytes, count) in [
            (Array(coded.dropLast()), Self.terms.count), (coded, Self.terms.count + 1), (coded, Self.terms.count - 1), (coded + [0], Self.terms.count),
            (sharesTooMuch, Self.terms.count), ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 1), (coded, Int.max), (coded, -1), ([], 1),
        ] {
            #expect(bytes.withUnsafeBufferPointer { SortedTermIndex(coded: $0, expectedCount: count) } == nil)
        }
    }

    @Test func aVocabularyThatGrowsQuadraticallyIsRefused() {
        let count = 4000
        let bytes = FrontCodingTests.quadraticallyGrowingVocabulary(count: count)
        #expect(bytes.withUnsafeBufferPointer { SortedTermIndex(coded: $0, expectedCount: count) } == nil)
        let small = Array(bytes.prefix(3 * 100))
        #expect(small.withUnsafeBufferPointer { SortedTermIndex(coded: $0, expectedCount: 100) }?.count == 100)
    }

    @Test func aLazyTableAnswersFromTheIndexForAFewDocumentsThenBuildsOnce() throws {
        let lazy = LazyTermTable(try #require(Self.index(Self.terms)))
        #expect(!lazy.isBuilt && lazy.count == Self.terms.count)
        #expect(lazy.indexForLookups(documents: LazyTermTable.indexedDocumentLimit) == nil, "a batch uses the table")
        for _ in 0..<LazyTermTable.indexedDocumentLimit { #expect(lazy.indexForLookups(documents: 1) != nil) }
        #expect(lazy.term(9) == Self.terms[9])
        #expect(!lazy.isBuilt)
        #expect(lazy.indexForLookups(documents: 1) == nil)
        #expect(lazy.table.count == Self.terms.count && lazy.isBuilt)
        #expect(lazy.term(9) == Self.terms[9])
        let given = LazyTermTable(TermTable(terms: ["b", "a"]))
        #expect(given.isBuilt && given.indexForLookups(documents: 1) == nil && given.term(1) == "a")
    }
}

@Suite struct LazyVocabularyModelTests {
    /// A model read from a file looks its first documents up in the sorted index and later ones in
    /// the table: the same vectors, the same predictions, the same file bytes when written again.
    @Test(arguments: [LogisticRegression.name, MultinomialNaiveBayes.name])
    func theIndexAndTheTableGiveTheSameVectors(classifier: String) throws {
        let model = try ModelFileTests.model(classifier)
        let bytes = try ModelFile.encode(model)
        let restored = try ModelFile.decode(bytes, path: "m.classify")
        #expect(!restored.vectorizer.terms.isBuilt, "training writes sorted terms")
        let documents = ModelFileTests.documents + [
            Document(id: "x", text: "tanks in parliament"), Document(id: "y", text: "nothing known here"),
            Document(id: "z", text: "Army budget\ntanks in parliament"),
        ]
        var fromIndex = SparseMatrix(columnCount: restored.vectorizer.featureCount)
        for document in documents { restored.vectorizer.transform(document, appendingTo: &fromIndex) }
        let fromIndexPredictions = documents.map { restored.predict([$0]) }
        #expect(!restored.vectorizer.terms.isBuilt)
        #expect(try ModelFile.encode(restored) == bytes, "written from the index's bytes")
        let fromTable = model.vectorizer.transform(documents)
        #expect(fromIndex.rowOffsets == fromTable.rowOffsets && fromIndex.columnIndices == fromTable.columnIndices && fromIndex.values == fromTable.values)
        _ = restored.vectorizer.vocabulary
        #expect(restored.vectorizer.terms.isBuilt)
        #expect(documents.map { restored.predict([$0]) } == fromIndexPredictions)
        #expect(restored.predict(documents) == model.predict(documents))
        #expect((0..<restored.vectorizer.featureCount).map { restored.features.featureName($0) }
            == (0..<model.vectorizer.featureCount).map { model.features.featureName($0) })
    }
}
