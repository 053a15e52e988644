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

    func terms(_ text: String, titleTerms: Bool, ngramMin: Int = 1, ngramMax: Int = 1) -> [String] {
        var terms: [String] = []
        var text = text
        text.withUTF8 { bytes in
            TermEnumerator(tokenizer: Tokenizer(), ngramMin: ngramMin, ngramMax: ngramMax, titleTerms: titleTerms).forEachTerm(in: bytes) {
                terms.append(String(decoding: $0, as: UTF8.self))
            }
        }
        return terms
    }

    @Test func firstLineIsTheTitleWhenTextFollows() {
        #expect(title("Army moves north\nTroops crossed the river.") == "Army moves north")
        #expect(title("\n  Spaced title \r\nBody") == "Spaced title")
        // One `Word:` line is a headline, not a header block.
        #expect(title("Update: talks resume\nBody text") == "Update: talks resume")
        #expect(title("From: a@b.c\n\nSubject: late\nx") == "From: a@b.c")
        // Headers end in a blank line: two `Word:` lines of running text are not a header block.
        #expect(title("Poll: Bush leads\nPoll: voters split, Subject: taxes") == "Poll: Bush leads")
    }

    @Test func noTitleWithoutFurtherTextOrWhenTheLineIsAParagraph() {
        #expect(title("One line only") == nil)
        #expect(title("One line only\n  \n") == nil)
        #expect(title("") == nil)
        #expect(title(" \n\t") == nil)
        let words = String(repeating: "word ", count: 59) + "word"  // 299 bytes
        #expect(title(words + "x\nmore") == words + "x")
        #expect(title(words + "xy\nmore") == nil)
    }

    @Test func subjectHeaderIsTheTitleOfAPost() {
        let post = "From: someone@example.org\nSUBJECT: Re: Clipper chip\nLines: 12\n\nSubject: not this one\nBody."
        #expect(title(post) == "Re: Clipper chip")
        #expect(title("Subject: first\nFrom: x\n\nbody") == "first")
        #expect(title("From: a\r\nSubject: Hi there\r\n\r\nbody") == "Hi there")
        // An mbox message: the `From sender date` separator comes before the headers.
        #expect(title("From alice@example.org Mon Apr  5 10:00:00 1993\nFrom: Alice <alice@example.org>\nSubject: Launch window\n\nBody") == "Launch window")
        // A headline that starts with "From " is still a headline.
        #expect(title("From Paris to Rome by train\nThe journey takes eleven hours.") == "From Paris to Rome by train")
        // A folded header's continuation line is not part of the title.
        #expect(title("From: a\nSubject: long\n  continued\n\nbody") == "long")
    }

    @Test func headerBlockWithoutAUsableSubjectHasNoTitle() {
        // Never the From: line: it names the sender, not the subject.
        #expect(title("From: someone@example.org\nLines: 3\n\nBody") == nil)
        #expect(title("From: a\nSubject:   \n\nbody") == nil)
        #expect(title("From: a\nSubject: " + String(repeating: "x", count: 301) + "\n\nbody") == nil)
    }

    @Test func titleTermsFollowTheTextWithAPrefix() {
        #expect(terms("Big cat\nsat down", titleTerms: false) == ["big", "cat", "sat", "down"])
        #expect(terms("Big cat\nsat down", titleTerms: true) == ["big", "cat", "sat", "down", "title:big", "title:cat"])
        #expect(
            terms("Big cat\nsat", titleTerms: true, ngramMax: 2)
                == ["big", "cat", "big cat", "sat", "cat sat", "title:big", "title:cat", "title:big cat"])
        #expect(terms("Big cat\nsat", titleTerms: true, ngramMin: 2, ngramMax: 2) == ["big cat", "cat sat", "title:big cat"])
        #expect(terms("Élan à Москва\nbody", titleTerms: true).suffix(2) == ["title:élan", "title:москва"])
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
