import ArgumentParser
import ClassifyKit
import Foundation

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a model on labelled test corpora.",
        discussion: """
            Prints accuracy (single-label), micro-, macro- and weighted-F1 (and samples-F1 and
            Hamming loss for multi-label models), then precision, recall, F1 and support per label.
            Labels found only in the test data are listed and count as missed.

            Examples:
              classify eval -m 20ng.classify ../shared/corpora/20newsgroups/test.jsonl
              classify eval -m news.classify Corpus/test --json
              classify eval -m news.classify Corpus/test --report report.md
            """)

    @OptionGroup var modelOption: ModelOption

    @Argument(help: "Labelled test corpus files or folders.")
    var corpus: [String]

    @OptionGroup(title: "Corpus") var corpusOptions: CorpusOptionGroup

    @Flag(help: "Print one JSON object instead of the text report.")
    var json = false

    @Option(help: "Also write the report to FILE: .md (Markdown) or .json.")
    var report: String?

    @Option(help: "Multi-label decision threshold (default: the model's).")
    var threshold: Float?

    func validate() throws {
        if let report, !(report.hasSuffix(".md") || report.hasSuffix(".json")) {
            throw ValidationError("--report must end in .md or .json (got \(report))")
        }
        if let threshold, !(threshold > 0 && threshold < 1) { throw ValidationError("--threshold must be between 0 and 1") }
    }

    func run() throws {
        let (path, _) = try modelOption.resolve()
        let model = try ModelFile.read(path)
        let (documents, _) = try corpusOptions.reader(requireLabels: true).readAll(corpus)
        let evaluation = Evaluator.evaluate(model, on: documents, threshold: threshold)
        if let report {
            let text = report.hasSuffix(".json")
                ? try ReportFormatter.json(evaluation, pretty: true) + "\n"
                : ReportFormatter.markdown(evaluation, title: "Evaluation of \(path) on \(corpus.joined(separator: ", "))")
            try FileBytes.writeAtomically(Array(text.utf8), to: report)
        }
        print(json ? try ReportFormatter.json(evaluation) : ReportFormatter.text(evaluation))
    }
}
