import ArgumentParser
import ClassifyKit
import Foundation

struct Tokenize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the terms and TF-IDF features a model makes of documents.",
        discussion: """
            For each document: the title found for title terms, the number of \
            tokens, then the terms that are features of the model with their \
            counts and TF-IDF weights (largest first), and how many terms are \
            not in its vocabulary. It shows exactly what the classifier sees: \
            the model's tokenizer, n-grams, title terms, min-df/max-df choices \
            and idf.

            Examples:
              classify tokenize seeds/000_e3d5ecafbe7b84a0.txt
              classify tokenize -m news.classify article.md --top 40
              echo "Tanks cross the border" | classify tokenize -m news.classify - --json

            """)

    @OptionGroup var modelOption: ModelOption

    @Argument(help: "Documents (files, folders, or - for standard input).")
    var files: [String]

    @OptionGroup(title: "Corpus") var corpusOptions: CorpusOptionGroup

    @Option(help: "How many features to list per document (0 lists all).")
    var top: Int = 20

    @Flag(help: "Also list the terms that are not features of the model.")
    var unknown = false

    @Flag(help: "Print one JSON line per document: id, title, tokens and every term with its count and weight (null when not a feature).")
    var json = false

    func validate() throws {
        if top < 0 { throw ValidationError("--top must be 0 (all) or more") }
    }

    func run() throws {
        let (path, _) = try modelOption.resolve()
        let vectorizer = try ModelFile.read(path).vectorizer
        let reader = corpusOptions.reader(requireLabels: false)
        var output = ""
        for file in files {
            var found = false
            try reader.read(file) { document in
                found = true
                let terms = vectorizer.terms(of: document.text)
                if json {
                    output += try Console.json(TokenizeLine(id: document.id, terms: terms)) + "\n"
                } else {
                    output += Self.render(id: document.id, terms, top: top, unknown: unknown)
                }
            }
            if !found { throw CorpusError(path: file, "contains no documents") }
        }
        print(output, terminator: "")
    }

    static func render(id: String, _ terms: DocumentTerms, top: Int, unknown: Bool) -> String {
        let features = terms.features
        let others = terms.terms.filter { $0.weight == nil }
        var out = id + "\n"
        if let title = terms.title { out += "  title     \(title)\n" }
        out += "  tokens    \(terms.tokens); \(terms.terms.count) distinct terms, \(features.count) of them features, \(others.count) not in the vocabulary\n"
        let shown = top == 0 ? features[...] : features.prefix(top)
        if !shown.isEmpty {
            let width = max(7, shown.map { $0.term.count }.max() ?? 0)
            out += "  " + "feature".padding(toLength: width, withPad: " ", startingAt: 0) + "  count  tf-idf\n"
            for term in shown {
                out += "  " + term.term.padding(toLength: width, withPad: " ", startingAt: 0)
                    + String(format: "  %5d  %.4f\n", term.count, term.weight ?? 0)
            }
            if shown.count < features.count { out += "  … \(features.count - shown.count) more (--top 0 lists all)\n" }
        }
        if unknown && !others.isEmpty {
            out += "  not features: " + others.map { $0.count > 1 ? "\($0.term) ×\($0.count)" : $0.term }.joined(separator: ", ") + "\n"
        }
        return out
    }
}

/// One line of `tokenize --json`.
struct TokenizeLine: Encodable {
    var id: String
    var title: String?
    var tokens: Int
    var terms: [DocumentTerms.Term]

    init(id: String, terms: DocumentTerms) {
        self.id = id
        title = terms.title
        tokens = terms.tokens
        self.terms = terms.terms
    }

    enum CodingKeys: String, CodingKey { case id, title, tokens, terms }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(tokens, forKey: .tokens)
        try container.encode(terms, forKey: .terms)
    }
}
