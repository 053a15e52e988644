import Foundation
import Testing
@testable import ClassifyKit

@Suite struct TitleLocatorTests {
    func title(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes in
            TitleLocator.titleRange(in: bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        }
    }

    func terms(_ text: String, titleTerms: Bool, ngramMax: Int = 1) -> [String] {
        var terms: [String] = []
        var text = text
        text.withUTF8 { bytes in
            TermEnumerator(tokenizer: Tokenizer(), ngramMin: 1, ngramMax: ngramMax, titleTerms: titleTerms).forEachTerm(in: bytes) {
                terms.append(String(decoding: $0, as: UTF8.self))
            }
        }
        return terms
    }

    @Test func firstLineIsTheTitleWhenTextFollows() {
        #expect(title("Army moves north\nTroops crossed the river.") == "Army moves north")
        #expect(title("\n  Spaced title \r\nBody") == "Spaced title")
        #expect(title("Update: talks resume\nBody text") == "Update: talks resume")
    }

    @Test func noTitleWithoutFurtherTextOrWhenTheLineIsAParagraph() {
        #expect(title("One line only") == nil)
        #expect(title("One line only\n  \n") == nil)
        #expect(title("") == nil)
        #expect(title(String(repeating: "word ", count: 80) + "\nmore") == nil)
    }

    @Test func subjectHeaderIsTheTitleOfAPost() {
        let post = "From: someone@example.org\nSUBJECT: Re: Clipper chip\nLines: 12\n\nSubject: not this one\nBody."
        #expect(title(post) == "Re: Clipper chip")
        // A header block without a subject falls back to the first line.
        #expect(title("From: someone@example.org\nLines: 3\n\nBody") == "From: someone@example.org")
        // A subject after the blank line is body text, not a header.
        #expect(title("From: a@b.c\n\nSubject: late\nx") == "From: a@b.c")
    }

    @Test func titleTermsFollowTheTextWithAPrefix() {
        #expect(terms("Big cat\nsat down", titleTerms: false) == ["big", "cat", "sat", "down"])
        #expect(terms("Big cat\nsat down", titleTerms: true) == ["big", "cat", "sat", "down", "title:big", "title:cat"])
        #expect(
            terms("Big cat\nsat", titleTerms: true, ngramMax: 2)
                == ["big", "cat", "big cat", "sat", "cat sat", "title:big", "title:cat", "title:big cat"])
        #expect(terms("no title here", titleTerms: true) == ["no", "title", "here"])
    }

    @Test func vectorizerCountsTitleTermsAndOldModelsDecodeWithout() throws {
        let texts = ["Army drill\nsoldiers march", "Budget vote\nparliament debates the army budget"]
        let (vectorizer, _) = try TfidfVectorizer.fit(texts, options: { var o = TfidfOptions(); o.minDF = 1; return o }())
        #expect(vectorizer.options.titleTerms)
        var probe = "title:army"
        #expect(probe.withUTF8 { vectorizer.vocabulary.id(of: $0) } != nil)
        let json = #"{"ngram_min":1,"ngram_max":1,"min_df":2,"max_df":1,"sublinear_tf":true,"use_idf":true,"smooth_idf":true,"norm":"l2","tokenizer":{"lowercase":true,"min_token_length":2}}"#
        let decoded = try JSONDecoder().decode(TfidfOptions.self, from: Data(json.utf8))
        #expect(!decoded.titleTerms)
        let roundTripped = try JSONDecoder().decode(TfidfOptions.self, from: JSONEncoder().encode(vectorizer.options))
        #expect(roundTripped == vectorizer.options)
    }
}
