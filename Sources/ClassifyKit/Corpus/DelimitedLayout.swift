/// Which CSV/TSV columns hold the title, the text, the labels and the id.
struct DelimitedLayout {
    var hasHeader: Bool
    /// A header's `title` column, when the text columns are found by name (not given).
    var titleColumn: Int?
    var textColumns: [Int]
    var labelColumn: Int?
    var idColumn: Int?
    var columnCount: Int
    /// The number of fields every row must have: that of the first row.
    var rowWidth: Int

    static let labelNames = ["labels", "label", "category", "categories", "class", "topic", "target"]
    static let textNames = ["text", "body", "content", "document"]

    init(firstRow: [String], options: CorpusOptions, path: String) throws {
        let names = firstRow.map { $0.lowercased().trimmingCharacters() }
        let known = Set(Self.labelNames + Self.textNames + ["id", "title", "description"])
        let named = ([options.labelColumn, options.idColumn].compactMap { $0 } + options.textColumns).filter { Int($0) == nil }
        let hasHeader = options.header ?? (names.contains(where: { known.contains($0) }) || named.contains { names.contains($0.lowercased()) })
        self.hasHeader = hasHeader
        func column(_ spec: String) throws -> Int {
            if let index = Int(spec) {
                guard index >= 1 && index <= firstRow.count else {
                    throw CorpusError(path: path, "column \(index) does not exist (rows have \(firstRow.count) columns)")
                }
                return index - 1
            }
            guard hasHeader, let index = names.firstIndex(of: spec.lowercased()) else {
                throw CorpusError(
                    path: path,
                    hasHeader ? "no column named \"\(spec)\" (columns: \(firstRow.joined(separator: ", ")))"
                        : "the file has no header row, so name columns by 1-based index")
            }
            return index
        }
        let labelColumn: Int?
        if let spec = options.labelColumn {
            labelColumn = try column(spec)
        } else if hasHeader {
            labelColumn = Self.labelNames.lazy.compactMap { names.firstIndex(of: $0) }.first
        } else {
            labelColumn = 0
        }
        let idColumn = try options.idColumn.map(column) ?? (hasHeader ? names.firstIndex(of: "id") : nil)
        var textColumns: [Int]
        var titleColumn: Int?
        if !options.textColumns.isEmpty {
            textColumns = try options.textColumns.map(column)
        } else if hasHeader, let text = Self.textNames.lazy.compactMap({ names.firstIndex(of: $0) }).first {
            titleColumn = names.firstIndex(of: "title")
            textColumns = [text]
        } else if hasHeader, let description = names.firstIndex(of: "description") {
            titleColumn = names.firstIndex(of: "title")
            textColumns = [description]
        } else if hasHeader, let title = names.firstIndex(of: "title") {
            textColumns = [title]
        } else {
            textColumns = (0..<firstRow.count).filter { $0 != labelColumn && $0 != idColumn }
        }
        if textColumns.isEmpty {
            throw CorpusError(path: path, "no text column: name one with --text-column")
        }
        self.labelColumn = labelColumn
        self.idColumn = idColumn
        self.textColumns = textColumns
        self.titleColumn = titleColumn
        columnCount = ([labelColumn, idColumn, titleColumn].compactMap { $0 } + textColumns).max()! + 1
        rowWidth = firstRow.count
        if let labelColumn, textColumns.contains(labelColumn) {
            throw CorpusError(path: path, "the label column is also a text column; choose different columns")
        }
    }
}
