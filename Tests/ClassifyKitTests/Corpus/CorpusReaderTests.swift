import Foundation
import Testing
@testable import ClassifyKit

@Suite struct CorpusReaderTests {
    let folder = TemporaryDirectory()

    @Test func readsJSONLinesWithEscapesAndSingleLabels() throws {
        let path = folder.write("c.jsonl", """
            {"id": "a", "text": "caf\\u00e9 \\"quoted\\"\\nline \\ud83d\\ude00", "labels": ["x", "y"]}

            {"text": "second", "label": "z", "extra": {"nested": [1, 2.5e3, true, null]}, "id": 7}
            """)
        let documents = try readDocuments(path)
        #expect(documents.count == 2)
        #expect(documents[0].text == "café \"quoted\"\nline 😀")
        #expect(documents[0].labels == ["x", "y"])
        #expect(documents[1].id == "7")
        #expect(documents[1].labels == ["z"])
        folder.remove()
    }

    @Test func malformedJSONNamesFileLineAndColumn() {
        let path = folder.write("bad.jsonl", "{\"id\": \"a\", \"text\": \"ok\", \"labels\": [\"x\"]}\n{\"id\": \"b\", \"text\": \"ok\" \"labels\": []}\n")
        let message = errorText { _ = try readDocuments(path) }
        #expect(message == "\(path):2: malformed JSON at column 26: expected ',' or '}'")
        folder.remove()
    }

    /// A corpus folder, or a class folder inside one, may be a symbolic link; a link back up the
    /// tree is entered once, not forever.
    @Test func symbolicLinksToFoldersAreFollowed() throws {
        let manager = FileManager.default
        let real = folder.path + "/real"
        for label in ["sport", "tech", "war"] {
            try manager.createDirectory(atPath: real + "/" + label, withIntermediateDirectories: true)
            for i in 0..<2 { _ = folder.write("real/\(label)/\(i).txt", "\(label) story \(i)") }
        }
        let corpus = folder.path + "/corpus"
        try manager.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        for label in ["sport", "tech"] { try manager.copyItem(atPath: real + "/" + label, toPath: corpus + "/" + label) }
        try manager.createSymbolicLink(atPath: corpus + "/war", withDestinationPath: real + "/war")
        try manager.createSymbolicLink(atPath: folder.path + "/linked", withDestinationPath: corpus)
        for path in [corpus, folder.path + "/linked"] {
            let documents = try readDocuments(path)
            #expect(documents.count == 6 && Set(documents.flatMap(\.labels)) == ["sport", "tech", "war"], "\(path)")
        }
        try manager.createSymbolicLink(atPath: real + "/war/loop", withDestinationPath: real)
        #expect((try? CorpusReader.listFiles(real))?.count == 6)
        folder.remove()
    }

    /// A key the record is read from, given twice, is ambiguous: an error, not the last one winning.
    @Test func repeatedKeysAreErrors() {
        let cases = [
            ("{\"text\": \"a\", \"text\": \"b\", \"labels\": [\"x\"]}", "malformed JSON at column 15: the key \"text\" appears twice"),
            ("{\"text\": \"a\", \"label\": \"x\", \"labels\": [\"y\"]}", "malformed JSON at column 29: the labels are given twice (\"label\" or \"labels\", once per line)"),
            ("{\"id\": 1, \"id\": 2, \"text\": \"a\", \"labels\": [\"x\"]}", "malformed JSON at column 11: the key \"id\" appears twice"),
        ]
        for (line, expected) in cases {
            let path = folder.write("twice.jsonl", line + "\n")
            #expect(errorText { _ = try readDocuments(path) } == "\(path):1: \(expected)")
        }
        let other = folder.write("other.jsonl", "{\"text\": \"a\", \"source\": 1, \"source\": 2, \"labels\": [\"x\"]}\n")
        #expect((try? readDocuments(other))?.map(\.text) == ["a"])
        folder.remove()
    }

    /// Large files are parsed in two halves at once: the documents, their default ids (file:line)
    /// and the line of an error in the second half are those of a serial read.
    @Test func largeFilesParsedInHalvesKeepOrderIdsAndLineNumbers() throws {
        let filler = String(repeating: "word ", count: 100)
        var lines = (1...3000).map { i in
            i % 7 == 0 ? "{\"text\": \"\(filler)\(i)\", \"labels\": [\"l\(i % 3)\"]}"
                : "{\"id\": \"d\(i)\", \"text\": \"\(filler)\(i)\", \"labels\": [\"l\(i % 3)\"]}"
        }
        let good = folder.write("big.jsonl", lines.joined(separator: "\n") + "\n")
        #expect(try FileBytes.read(good).count > CorpusReader.parallelParseBytes)
        let documents = try readDocuments(good)
        #expect(documents.count == 3000)
        #expect(documents.map(\.id) == (1...3000).map { $0 % 7 == 0 ? "\(good):\($0)" : "d\($0)" })
        #expect(documents[2999].text.hasSuffix("3000"))
        lines[2499] = "{\"id\": \"x\", \"text\": \"broken\" \"labels\": []}"
        let bad = folder.write("bad-big.jsonl", lines.joined(separator: "\n") + "\n")
        #expect(errorText { _ = try readDocuments(bad) } == "\(bad):2500: malformed JSON at column 30: expected ',' or '}'")
        folder.remove()
    }

    @Test func missingLabelsIsAnErrorOnlyWhenLabelsAreRequired() throws {
        let path = folder.write("nolabels.jsonl", "{\"id\": \"a\", \"text\": \"some text\"}\n")
        #expect(try readDocuments(path).count == 1)
        let message = errorText { _ = try readDocuments(path, requireLabels: true) }
        #expect(message == "\(path):1: missing \"labels\" (training and evaluation need labels)")
        folder.remove()
    }

    @Test func invalidUTF8NamesTheLine() {
        let path = folder.write("latin1.jsonl", bytes: Array("{\"text\": \"ok\", \"labels\": [\"a\"]}\n{\"text\": \"caf".utf8) + [0xE9] + Array("\", \"labels\": [\"a\"]}\n".utf8))
        let message = errorText { _ = try readDocuments(path) }
        #expect(message?.hasPrefix("\(path):2: invalid UTF-8 (byte 0xE9 at offset") == true)
        folder.remove()
    }

    @Test func emptyDocumentAndEmptyCorpusAreErrors() {
        let emptyText = folder.write("empty-text.jsonl", "{\"id\": \"a\", \"text\": \"  \\n \", \"labels\": [\"x\"]}\n")
        #expect(errorText { _ = try readDocuments(emptyText) } == "\(emptyText):1: empty document (no text)")
        let emptyCorpus = folder.write("empty.jsonl", "\n\n")
        #expect(errorText { _ = try CorpusReader().readAll([emptyCorpus]) } == "\(emptyCorpus): contains no documents")
        let emptyArticle = folder.write("empty.md", "")
        #expect(errorText { _ = try readDocuments(emptyArticle) } == "\(emptyArticle): empty document (no text)")
        folder.remove()
    }

    @Test func unreadablePathIsAnError() {
        let message = errorText { _ = try readDocuments(folder.path + "/missing.jsonl") }
        #expect(message == "\(folder.path)/missing.jsonl: no such file or directory")
        folder.remove()
    }

    @Test func readsCSVWithHeaderQuotesAndMultiLabels() throws {
        let path = folder.write("c.csv", "id,title,body,topics\n1,\"Rates, again\",\"The bank said \"\"no\"\"\nthen yes\",econ;politics\n2,Goal,Late winner,sport\n")
        var options = CorpusOptions()
        options.textColumns = ["title", "body"]
        options.labelColumn = "topics"
        options.labelSeparator = ";"
        let documents = try readDocuments(path, options: options)
        #expect(documents.count == 2)
        #expect(documents[0].id == "1")
        #expect(documents[0].text == "Rates, again\nThe bank said \"no\"\nthen yes")
        #expect(documents[0].labels == ["econ", "politics"])
        #expect(documents[1].labels == ["sport"])
    }

    /// Without --text-column, a `title` column is the document's title, apart from the text; its
    /// words are counted before the text's.
    @Test func csvTitleColumnIsTheTitle() throws {
        let path = folder.write("t.csv", "label,text,title\nsport,Late winner at home,Cup final\n")
        let documents = try readDocuments(path, options: CorpusOptions())
        #expect(documents.map(\.text) == ["Late winner at home"])
        #expect(documents.map(\.title) == ["Cup final"])
        #expect(documents.map(\.featureText) == ["Cup final\nLate winner at home"])
        let described = try readDocuments(folder.write("d.csv", "label,title,description\nsport,Cup final,Late winner\n"))
        #expect(described.map(\.title) == ["Cup final"] && described.map(\.text) == ["Late winner"])
    }

    /// A JSON `title` is the document's title, and a title with an empty text is a document.
    @Test func jsonTitleIsTheTitle() throws {
        let path = folder.write("t.jsonl", "{\"id\": \"a\", \"title\": \"Update: talks resume\", \"text\": \"Markets: calm\\nTrade: up\\n\\nBody.\", \"labels\": [\"x\"]}\n{\"id\": \"b\", \"title\": \"Only a title\", \"text\": \"\", \"labels\": [\"y\"]}\n")
        let documents = try readDocuments(path)
        #expect(documents.map(\.title) == ["Update: talks resume", "Only a title"])
        #expect(documents[0].text == "Markets: calm\nTrade: up\n\nBody.")
        // The known title gives the title terms: the text's header-like lines are not taken for a header block.
        let (vectorizer, _) = try TfidfVectorizer.fit(documents, options: { var o = TfidfOptions(); o.minDF = 1; return o }())
        #expect(vectorizer.terms(of: documents[0]).title == "Update: talks resume")
        #expect(vectorizer.terms(of: documents[1]).title == "Only a title")
        #expect(vectorizer.terms(of: documents[1].featureText).title == nil)
    }

    @Test func readsHeaderlessCSVLikeAGNews() throws {
        let path = folder.write("test.csv", "\"3\",\"Wall St. Bears Claw Back\",\"Reuters - Short-sellers...\"\n\"4\",\"Space probe\",\"Launch today\"\n")
        let documents = try readDocuments(path)
        #expect(documents.map(\.labels) == [["3"], ["4"]])
        #expect(documents[0].text == "Wall St. Bears Claw Back\nReuters - Short-sellers...")
    }

    @Test func csvRowWithMissingColumnsIsAnError() {
        let path = folder.write("short.csv", "text,label\nhello there,a\nonly text\n")
        #expect(errorText { _ = try readDocuments(path) } == "\(path):3: row has 1 columns, expected 2")
        let unclosed = folder.write("unclosed.csv", "text,label\n\"never closed,a\n")
        #expect(errorText { _ = try readDocuments(unclosed) } == "\(unclosed):2: a quoted field is never closed")
        folder.remove()
    }

    @Test func readsTSVAndFastText() throws {
        let tsv = folder.write("c.tsv", "label\ttext\nsport\tA late goal\n")
        #expect(try readDocuments(tsv).first?.labels == ["sport"])
        let fasttext = folder.write("c.txt", "__label__sport __label__main A late goal wins it\n\n__label__econ Rates rise\n")
        let documents = try readDocuments(fasttext)
        #expect(documents.count == 2)
        #expect(documents[0].labels == ["sport", "main"])
        #expect(documents[0].text == "A late goal wins it")
        folder.remove()
    }

    @Test func readsFolderPerClassAndArticleFolders() throws {
        folder.write("bbc/sport/001.txt", "Goal!\n\nA late winner.")
        folder.write("bbc/tech/001.txt", "Chips\n\nFaster chips.")
        folder.write("bbc/tech/002.txt", "Phones\n\nNew phones.")
        var format = CorpusFormat.auto
        var documents: [Document] = []
        format = try CorpusReader().read(folder.path + "/bbc") { documents.append($0) }
        #expect(format == .folder)
        #expect(documents.map(\.id) == ["sport/001.txt", "tech/001.txt", "tech/002.txt"])
        #expect(documents.map(\.labels) == [["sport"], ["tech"], ["tech"]])

        folder.write("articles/README.md", "# not an article")
        folder.write("articles/a.md", "## A\n\n### Description\n\nText.\n\n### Category\n\n1. Sport\n")
        folder.write("articles/sub/b.md", "## B\n\n### Description\n\nMore.\n\n### Category\n\n1. Main\n2. Sport\n")
        documents = []
        format = try CorpusReader().read(folder.path + "/articles") { documents.append($0) }
        #expect(format == .article)
        #expect(documents.map(\.id) == ["a.md", "sub/b.md"])
        #expect(documents[1].labels == ["Main", "Sport"])
        folder.remove()
    }

    @Test func autoDetectionUsesExtensionThenContent() {
        #expect(CorpusReader.detect(path: "x.jsonl", bytes: []) == .jsonl)
        #expect(CorpusReader.detect(path: "x.csv", bytes: []) == .csv)
        #expect(CorpusReader.detect(path: "x.tsv", bytes: []) == .tsv)
        #expect(CorpusReader.detect(path: "-", bytes: Array(" {\"text\": 1}".utf8)) == .jsonl)
        #expect(CorpusReader.detect(path: "x.txt", bytes: Array("__label__a text".utf8)) == .fasttext)
        #expect(CorpusReader.detect(path: "x.txt", bytes: Array("\n\n## Title\n".utf8)) == .article)
        #expect(CorpusReader.detect(path: "x.txt", bytes: Array("plain words".utf8)) == .text)
    }
}

/// Corpus files at the edges of their formats: ragged CSV rows, named columns, blank labels.
@Suite struct CorpusReaderEdgeCaseTests {
    let folder = TemporaryDirectory()

    @Test func csvRowsMustHaveTheFirstRowsWidth() {
        let path = folder.write("wide.csv", "text,label\nhello,a\nhello, there,b\n")
        #expect(errorText { _ = try readDocuments(path) } == "\(path):3: row has 3 columns, expected 2 (an unquoted delimiter inside a field?)")
        folder.remove()
    }

    @Test func namedColumnsImplyAHeader() throws {
        let path = folder.write("reviews.csv", "Sentiment,Review\npos,great film\nneg,dull film\n")
        var options = CorpusOptions()
        options.labelColumn = "Sentiment"
        options.textColumns = ["Review"]
        let documents = try readDocuments(path, options: options)
        #expect(documents.map(\.labels) == [["pos"], ["neg"]])
        options.textColumns = ["Sentiment"]
        #expect(errorText { _ = try readDocuments(path, options: options) } == "\(path): the label column is also a text column; choose different columns")
        folder.remove()
    }

    @Test func whitespaceLabelsAndBraceTextOnStandardInputShapes() {
        let path = folder.write("blank.jsonl", "{\"id\": \"a\", \"text\": \"words\", \"labels\": [\"  \"]}\n")
        #expect(errorText { _ = try readDocuments(path) } == "\(path):1: document \"a\" has an empty label")
        #expect(CorpusReader.detect(path: "-", bytes: Array("{Breaking} Parliament votes".utf8)) == .text)
        #expect(CorpusReader.detect(path: "-", bytes: Array("{\"text\": \"x\"}\n".utf8)) == .jsonl)
        folder.remove()
    }
}

@Suite struct MixedFolderTests {
    @Test func eachFileOfAMixedFolderIsReadInItsOwnFormat() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("mixed/a.md", "## A\n\n### Description\n\nText.\n\n### Category\n\n1. Sport\n")
        folder.write("mixed/b.jsonl", "{\"id\": \"j1\", \"text\": \"one\", \"labels\": [\"x\"]}\n{\"id\": \"j2\", \"text\": \"two\", \"labels\": [\"y\"]}\n")
        folder.write("mixed/c.csv", "text,label\nthree,z\n")
        let documents = try readDocuments(folder.path + "/mixed")
        #expect(documents.map(\.id) == ["a.md", "j1", "j2", folder.path + "/mixed/c.csv:2"])
        #expect(documents.map(\.labels) == [["Sport"], ["x"], ["y"], ["z"]])
    }
}
