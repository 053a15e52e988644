import Testing
@testable import ClassifyKit

@Suite struct ArticleParserTests {
    @Test func parsesTheSeedArticle() throws {
        let documents = try readDocuments(Fixtures.path("seed-article.txt"))
        #expect(documents.count == 1)
        let article = documents[0]
        #expect(article.title == "CIA Chief Says Russia-Iran Building 'Full-Fledged Defense Partnership'")
        #expect(article.description?.hasPrefix("CIA Director William Burns said in an interview") == true)
        #expect(article.labels == ["Army-Wars-Conflict Zones-Military Tech.", "Main", "Politics-Geopolitics-Gov.-Events"])
        #expect(article.date == "12/20/2022")
        #expect(article.text.contains("by Dave DeCamp"))
        #expect(article.text.hasPrefix("CIA Director William Burns said"))
        #expect(article.featureText.hasPrefix("CIA Chief Says Russia-Iran Building 'Full-Fledged Defense Partnership'\nCIA Director"))
        #expect(article.featureTitleRange == 0..<article.title!.utf8.count)
        #expect(!article.text.contains("### Category"))
        #expect(!article.text.contains("12/20/2022"))
    }

    @Test func acceptsOtherListMarkersAndWindowsLineEnds() {
        let text = "## T\r\n\r\n### Description\r\n\r\nLede.\r\n\r\nBody.\r\n\r\n### Category\r\n\r\n- Sport\r\n2) Main\r\n"
        let article = ArticleParser().parse(text)
        #expect(article.title == "T")
        #expect(article.description == "Lede.")
        #expect(article.body == "Body.")
        #expect(article.categories == ["Sport", "Main"])
    }

    @Test func plainTextHasNoCategories() {
        let article = ArticleParser().parse("Just some words.\nMore words.")
        #expect(article.categories == nil)
        #expect(article.fullText == "Just some words.\nMore words.")
    }

    @Test func trainingArticleWithoutCategoryIsAnError() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.write("a.md", "## Title\n\n### Description\n\nText of the article.\n")
        let message = errorText { _ = try readDocuments(path, requireLabels: true) }
        #expect(message == "\(path): no ### Category section: a training article needs one, with a numbered list of categories")
    }
}
