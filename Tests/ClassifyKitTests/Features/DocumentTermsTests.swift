import Foundation
import Testing
@testable import ClassifyKit

@Suite struct DocumentTermsTests {
    @Test func termsCarryCountsAndTheVectorsWeights() throws {
        var options = TfidfOptions()
        options.minDF = 1
        options.ngramMax = 2
        let texts = ["Army drill\nthe troops march", "Budget vote\nparliament debates the army budget"]
        let (vectorizer, _) = try TfidfVectorizer.fit(texts, options: options)
        let text = "Army budget\nthe army and the navy"
        let terms = vectorizer.terms(of: text)
        #expect(terms.title == "Army budget")
        #expect(terms.tokenCount == 7)
        let byTerm = Dictionary(uniqueKeysWithValues: terms.terms.map { ($0.term, $0) })
        #expect(byTerm["army"]?.count == 2)
        #expect(byTerm["title:army"]?.count == 1)
        #expect(byTerm["navy"]?.weight == nil)
        #expect(byTerm["navy"]?.count == 1)
        // The weights are the document's TF-IDF vector, feature by feature.
        let row = vectorizer.transform([text])
        #expect(terms.features.count == row.nonZeroCount)
        for k in 0..<row.values.count {
            #expect(byTerm[vectorizer.vocabulary.term(Int(row.columnIndices[k]))]?.weight == row.values[k])
        }
        // Features first, by weight; then the rest by count.
        let weights = terms.features.map { $0.weight! }
        #expect(weights == weights.sorted(by: >))
        #expect(terms.terms.prefix(terms.features.count).allSatisfy { $0.weight != nil })
        // Unknown terms all occur once here, so they come in byte order.
        #expect(terms.terms.filter { $0.weight == nil }.map(\.term) == ["and", "and the", "army and", "budget the", "navy", "the navy", "title:army budget"])
    }

    /// Terms are told apart by their bytes, as the vocabulary does: a precomposed and a
    /// decomposed "café" are two terms, each with its own weight.
    @Test func canonicallyEquivalentSpellingsStayApart() throws {
        var options = TfidfOptions()
        options.minDF = 1
        let texts = ["caf\u{E9} noir", "cafe\u{301} au lait"]
        let (vectorizer, _) = try TfidfVectorizer.fit(texts, options: options)
        let terms = vectorizer.terms(of: "caf\u{E9} cafe\u{301} caf\u{E9}")
        #expect(terms.features.count == 2)
        #expect(terms.features.count == vectorizer.transform(["caf\u{E9} cafe\u{301} caf\u{E9}"]).nonZeroCount)
        #expect(Set(terms.features.map(\.count)) == [1, 2])
    }

    @Test func withoutTitleTermsThereIsNoTitle() throws {
        var options = TfidfOptions()
        options.minDF = 1
        options.titleTerms = false
        let (vectorizer, _) = try TfidfVectorizer.fit(["Army drill\nthe troops march"], options: options)
        let terms = vectorizer.terms(of: "Army drill\nthe troops march")
        #expect(terms.title == nil)
        #expect(!terms.terms.contains { $0.term.hasPrefix("title:") })
    }

    @Test func nonFeaturesEncodeANullWeight() throws {
        let term = DocumentTerms.Term(term: "navy", count: 1, weight: nil)
        #expect(String(decoding: try JSONEncoder().encode(term), as: UTF8.self).contains("\"weight\":null"))
    }
}
