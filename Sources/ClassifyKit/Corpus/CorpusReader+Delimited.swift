import Foundation

extension CorpusReader {
    /// Parses CSV or TSV rows into documents by the columns `DelimitedLayout` finds.
    /// `layout` is that of the file's first row (set by the first run, carried to the next);
    /// `firstLine` lines of the file come before `buffer`.
    func parseDelimited(
        _ buffer: UnsafeBufferPointer<UInt8>, path: String, delimiter: UInt8, firstLine: Int, layout: inout DelimitedLayout?,
        _ body: (Document) throws -> Void
    ) throws {
        let parser = DelimitedTextParser(delimiter: delimiter)
        do {
            try parser.forEachRecord(in: buffer) { record in
                if layout == nil {
                    let resolved = try DelimitedLayout(firstRow: record.fields, options: options, path: path)
                    layout = resolved
                    if resolved.hasHeader { return }
                }
                guard let layout else { return }
                guard record.fields.count == layout.rowWidth else {
                    throw CorpusError(
                        path: path, line: firstLine + record.line,
                        "row has \(record.fields.count) columns, expected \(layout.rowWidth)\(record.fields.count > layout.rowWidth ? " (an unquoted delimiter inside a field?)" : "")")
                }
                let text = layout.textColumns.map { record.fields[$0] }.filter { !$0.isEmpty }.joined(separator: "\n")
                var labels: [String] = []
                if let labelColumn = layout.labelColumn {
                    let field = record.fields[labelColumn]
                    if let separator = options.labelSeparator, !separator.isEmpty {
                        labels = field.components(separatedBy: separator).map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
                    } else if !field.isEmpty {
                        labels = [field]
                    }
                }
                let id = layout.idColumn.map { record.fields[$0] } ?? "\(path):\(firstLine + record.line)"
                let title = layout.titleColumn.map { record.fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
                try deliver(Document(id: id, text: text, title: title, labels: labels), path: path, line: firstLine + record.line, body)
            }
        } catch let error as DelimitedTextParser.SyntaxError {
            throw CorpusError(path: path, line: firstLine + error.line, error.message)
        }
    }
}
