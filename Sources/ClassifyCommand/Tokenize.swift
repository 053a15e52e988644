import ArgumentParser
import ClassifyKit
import Foundation

struct Tokenize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Show the terms and TF-IDF features a model makes of documents.",
        discussion: """
            For each document: the title found for title terms, the number of \
            tokens, then the terms that are features of the model with their \
            counts and TF-IDF weights (largest first), and how many terms are \
            not features (not in its vocabulary). It shows exactly what the \
            classifier sees: the model's tokenizer, n-grams, title terms, \
            min-df/max-df choices and idf. Reads standard input when no file \
            is given.

            Examples:
              classify tokenize seeds/000_e3d5ecafbe7b84a0.txt
              classify tokenize -m news.classify Corpus/test/mil-005.md --top 40
              echo "Tanks cross the border" | classify tokenize -m news.classify - --json

            """)

    @OptionGroup var modelOption: ModelOption

    @Argument(help: "Documents (files, folders, or - for standard input; default: standard input).")
    var files: [String] = []

    @OptionGroup(title: "Corpus") var corpusOptions: CorpusOptionGroup

    @Option(help: "Text output: how many features to list per document (0 lists all).")
    var top: Int = 20

    @Flag(help: "Text output: also list the terms that are not features of the model.")
    var nonFeatures = false

    @Flag(help: "Print one JSON line per document: id, title, tokens and every term (features and not) with its count and weight (null when not a feature).")
    var json = false

    @Flag(name: [.customShort("v"), .long], help: "Say which model is used (on standard error).")
    var verbose = false

    func validate() throws {
        if top < 0 { throw ValidationError("--top must be 0 (all) or more") }
    }

    func run() throws {
        let (path, source) = try modelOption.resolve()
        let model = try ModelFile.read(path, registry: CommandContext.registry)
        if verbose { Console.note("model: \(path) (\(source)): \(model.classifierName), \(model.vectorizer.options.summary)") }
        let vectorizer = model.vectorizer
        let reader = corpusOptions.reader(requireLabels: false)
        var output = ""
        for file in files.isEmpty ? ["-"] : files {
            var found = false
            try reader.read(file) { document in
                found = true
                let terms = vectorizer.terms(of: document)
                if json {
                    output += try Console.json(TokenizeLine(id: document.id, terms: terms)) + "\n"
                } else {
                    output += Self.render(id: document.id, terms, top: top, nonFeatures: nonFeatures)
                }
            }
            if !found { throw CorpusError(path: file, "contains no documents") }
        }
        Console.write(output)
    }

    static func render(id: String, _ terms: DocumentTerms, top: Int, nonFeatures listNonFeatures: Bool) -> String {
        let features = terms.features
        let nonFeatures = terms.nonFeatures
        var out = id + "\n"
        if let title = terms.title { out += "  title     \(title)\n" }
        out += "  tokens    \(terms.tokenCount); \(terms.terms.count) distinct terms, \(features.count) of them features, \(nonFeatures.count) not features (not in the vocabulary)\n"
        let shown = top == 0 ? features[...] : features.prefix(top)
        if !shown.isEmpty {
            let width = max(7, shown.map { $0.term.count }.max() ?? 0)
            out += "  " + "feature".padded(to: width) + "  count  tf-idf\n"
            for term in shown {
                out += "  " + term.term.padded(to: width)
                    + String(format: "  %5d  %.4f\n", term.count, term.weight ?? 0)
            }
            if shown.count < features.count { out += "  … \(features.count - shown.count) more (--top 0 lists all)\n" }
        }
        if listNonFeatures && !nonFeatures.isEmpty {
            out += "  not features: " + nonFeatures.map { $0.count > 1 ? "\($0.term) ×\($0.count)" : $0.term }.joined(separator: ", ") + "\n"
        }
        return out
    }
}

/// One line of `tokenize --json`: the document's id, then `DocumentTerms`' keys.
struct TokenizeLine: Encodable {
    var id: String
    var terms: DocumentTerms

    enum CodingKeys: String, CodingKey { case id }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try terms.encode(to: encoder)
    }
}
