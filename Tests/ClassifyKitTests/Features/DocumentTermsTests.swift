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
        #expect(terms.tokens == 7)
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

    @Test func nonFeaturesEncodeANullWeight() throws {
        let term = DocumentTerms.Term(term: "navy", count: 1, weight: nil)
        #expect(String(decoding: try JSONEncoder().encode(term), as: UTF8.self).contains("\"weight\":null"))
    }
}
