import ArgumentParser
import ClassifyKit
import Foundation

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show which terms made a model choose each category.",
        discussion: """
            With documents: for each predicted category, the terms that pushed \
            its score up and down most, with their contributions (TF-IDF value × \
            the label's weight, which each classifier defines: a coefficient, or \
            a log-probability ratio). Without documents: the top terms of every \
            category.

            Examples:
              classify explain seeds/000_e3d5ecafbe7b84a0.txt
              classify explain -m news.classify --top 15
              classify explain -m news.classify Corpus/test/mil-005.md --json

            """)

    @OptionGroup var modelOption: ModelOption

    @Argument(help: "Documents to explain (files, folders, or - for standard input); none lists each category's top terms.")
    var files: [String] = []

    @OptionGroup(title: "Corpus") var corpusOptions: CorpusOptionGroup

    @Option(help: "How many terms to show each way.")
    var top: Int = 10

    @Option(help: "Multi-label decision threshold (default: the model's).")
    var threshold: Float?

    @Option(help: ArgumentHelp("Multi-label: explain at most K labels per document, the most probable (default: the model's cap, if any), as predict --max-labels chooses them.", valueName: "K"))
    var maxLabels: Int?

    @Flag(help: "Print JSON (one line per document, or one object of top terms).")
    var json = false

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if let threshold, !(threshold > 0 && threshold < 1) { throw ValidationError("--threshold must be between 0 and 1") }
        if let maxLabels, maxLabels < 1 { throw ValidationError("--max-labels must be at least 1 (got \(maxLabels))") }
    }

    func run() throws {
        let (path, _) = try modelOption.resolve()
        var model = try ModelFile.read(path, registry: CommandContext.registry)
        if let maxLabels, model.isMultiLabel { model.labelRules.maximumLabels = maxLabels }
        let explainer = Explainer(model: model)
        if files.isEmpty {
            let terms = explainer.topTerms(top)
            if json {
                Console.line(try Console.json(Dictionary(uniqueKeysWithValues: terms.map { ($0.label, $0.terms) })))
            } else {
                for entry in terms {
                    Console.line(entry.label)
                    Console.line("  " + entry.terms.map { "\($0.term) \(String(format: "%.3f", $0.contribution))" }.joined(separator: ", "))
                }
            }
            return
        }
        let reader = corpusOptions.reader(requireLabels: false)
        var output = ""
        for file in files {
            var found = false
            defer { _ = found }
            try reader.read(file) { document in
                found = true
                let explanations = explainer.explain(document, top: top, threshold: threshold)
                if json {
                    output += try Console.json(ExplanationLine(id: document.id, labels: explanations))
                    output += "\n"
                } else {
                    output += document.id + "\n"
                    for explanation in explanations {
                        output += "  \(explanation.label) (\(String(format: "%.3f", explanation.probability)))\n"
                        output += "    + " + Self.list(explanation.up) + "\n"
                        output += "    − " + Self.list(explanation.down) + "\n"
                    }
                }
            }
            if !found { throw CorpusError(path: file, "contains no documents") }
        }
        Console.write(output)
    }

    static func list(_ terms: [TermContribution]) -> String {
        terms.isEmpty ? "(none)" : terms.map { "\($0.term) \(String(format: "%+.3f", $0.contribution))" }.joined(separator: ", ")
    }
}

/// One line of `explain --json`.
struct ExplanationLine: Encodable {
    var id: String
    var labels: [LabelExplanation]
}
