import ArgumentParser
import ClassifyKit

extension CorpusFormat: ExpressibleByArgument {}
extension ThresholdRule: ExpressibleByArgument {}

/// Options saying how corpus files are laid out.
struct CorpusOptionGroup: ParsableArguments {
    @Option(help: "Corpus format: \(CorpusFormat.allCases.map(\.rawValue).joined(separator: ", ")). auto picks by extension and content.")
    var format: CorpusFormat = .auto

    @Option(name: .customLong("text-column"), help: "CSV/TSV: a column (name or 1-based index) holding text; repeat to join several.")
    var textColumns: [String] = []

    @Option(help: "CSV/TSV: the label column (name or 1-based index).")
    var labelColumn: String?

    @Option(help: "CSV/TSV: the id column (name or 1-based index).")
    var idColumn: String?

    @Flag(inversion: .prefixedNo, help: "CSV/TSV: whether the first row is a header (default: guessed).")
    var header: Bool?

    @Option(help: "Split label fields on this separator to give several labels (e.g. ';').")
    var labelSeparator: String?

    @Option(help: ArgumentHelp("The most labels one document may carry (a document with more is an error).", valueName: "n"))
    var maxLabelsPerDocument: Int = CorpusReader.defaultMaximumLabelsPerDocument

    func validate() throws {
        guard maxLabelsPerDocument >= 1 else {
            throw ValidationError("--max-labels-per-document must be at least 1 (got \(maxLabelsPerDocument))")
        }
    }

    func reader(requireLabels: Bool) -> CorpusReader {
        var options = CorpusOptions()
        options.header = header
        options.textColumns = textColumns.flatMap { $0.split(separator: ",").map(String.init) }
        options.labelColumn = labelColumn
        options.idColumn = idColumn
        options.labelSeparator = labelSeparator
        var reader = CorpusReader(format: format, options: options, requireLabels: requireLabels)
        reader.maximumLabelsPerDocument = maxLabelsPerDocument
        return reader
    }
}
