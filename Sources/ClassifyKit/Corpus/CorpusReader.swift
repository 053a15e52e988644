import Foundation

/// Reads documents from corpus files and folders in any `CorpusFormat`, one document at a time.
///
/// ```swift
/// let reader = CorpusReader(format: .auto)
/// try reader.read("train.jsonl") { document in print(document.id, document.labels) }
/// ```
public struct CorpusReader: Sendable {
    /// The format asked for; `.auto` detects it per file or folder.
    public var format: CorpusFormat
    /// CSV/TSV column choices and the label separator.
    public var options: CorpusOptions
    /// When true, a document without labels is an error (training and evaluation need labels).
    public var requireLabels: Bool

    public init(format: CorpusFormat = .auto, options: CorpusOptions = CorpusOptions(), requireLabels: Bool = false) {
        self.format = format
        self.options = options
        self.requireLabels = requireLabels
    }

    /// Reads every document of `path` (a file, a folder, or `-` for standard input) and returns the
    /// format that was used.
    @discardableResult
    public func read(_ path: String, _ body: (Document) throws -> Void) throws -> CorpusFormat {
        if path != "-" && FileBytes.isDirectory(path) {
            return try readDirectory(path, body)
        }
        let bytes = try FileBytes.read(path)
        let resolved = format == .auto ? Self.detect(path: path, bytes: bytes) : format
        if resolved == .folder {
            throw CorpusError(path: path, "--format folder needs a folder of class folders, not a file")
        }
        try parse(bytes: bytes, path: path, id: path, format: resolved, body)
        return resolved
    }

    /// Reads all documents of several paths. Fails on an empty corpus.
    public func readAll(_ paths: [String]) throws -> (documents: [Document], formats: [CorpusFormat]) {
        var documents: [Document] = []
        var formats: [CorpusFormat] = []
        for path in paths {
            let before = documents.count
            formats.append(try read(path) { documents.append($0) })
            if documents.count == before {
                throw CorpusError(path: path, "contains no documents")
            }
        }
        if documents.isEmpty {
            throw CorpusError(path: paths.first ?? "-", "no corpus given")
        }
        return (documents, formats)
    }

    // MARK: - Detection

    /// Picks a format from the file's extension and, where that is not decisive, its first bytes.
    public static func detect(path: String, bytes: [UInt8]) -> CorpusFormat {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "jsonl", "ndjson", "json": return .jsonl
        case "csv": return .csv
        case "tsv", "tab": return .tsv
        case "md", "markdown": return .article
        case "ft", "fasttext": return .fasttext
        default: break
        }
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x0A || bytes[start] == 0x0D || bytes[start] == 0x09 {
            start += 1
        }
        if start < bytes.count && bytes[start] == UInt8(ascii: "{") {
            // JSON Lines only if the first line looks like an object (`{"key"` … `}`); text that
            // merely starts with "{" is text.
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var last = end
            while last > start, [0x20, 0x09, 0x0D].contains(bytes[last - 1]) { last -= 1 }
            var next = start + 1
            while next < end, bytes[next] == 0x20 || bytes[next] == 0x09 { next += 1 }
            let keyFirst = next < end && (bytes[next] == UInt8(ascii: "\"") || bytes[next] == UInt8(ascii: "}"))
            if keyFirst && last > start && bytes[last - 1] == UInt8(ascii: "}") { return .jsonl }
            return looksLikeArticle(bytes) ? .article : .text
        }
        if bytes[start...].starts(with: Array("__label__".utf8)) { return .fasttext }
        if looksLikeArticle(bytes) { return .article }
        return .text
    }

    static func looksLikeArticle(_ bytes: [UInt8]) -> Bool {
        let limit = min(bytes.count, 1 << 16)
        var lineStart = true
        var i = 0
        while i < limit {
            if lineStart && bytes[i] == UInt8(ascii: "#") && i + 2 < limit && bytes[i + 1] == UInt8(ascii: "#") {
                return true
            }
            lineStart = bytes[i] == 0x0A
            i += 1
        }
        return false
    }

    // MARK: - Folders

    private func readDirectory(_ root: String, _ body: (Document) throws -> Void) throws -> CorpusFormat {
        let files = try Self.listFiles(root)
        if files.isEmpty { throw CorpusError(path: root, "contains no documents (no readable files)") }
        var resolved = format
        if resolved == .auto {
            let topLevel = files.contains { !$0.contains("/") }
            if topLevel {
                resolved = .article
            } else {
                let sample = try FileBytes.read(root + "/" + files[0])
                let text = String(decoding: sample, as: UTF8.self)
                resolved = text.contains("### Category") ? .article : .folder
            }
        }
        switch resolved {
        case .folder:
            for relative in files {
                let parts = relative.split(separator: "/")
                guard parts.count == 2 else {
                    throw CorpusError(path: root + "/" + relative, "a folder-per-class corpus has files only at ROOT/<label>/<file>")
                }
                let bytes = try FileBytes.read(root + "/" + relative)
                let label = String(parts[0])
                try parse(bytes: bytes, path: root + "/" + relative, id: relative, format: .text, label: label, body)
            }
        case .article, .text:
            for relative in files {
                let bytes = try FileBytes.read(root + "/" + relative)
                // Under --format auto each file of a mixed folder is read in its own format.
                var fileFormat = CorpusFormat.article
                if format == .auto {
                    let detected = Self.detect(path: relative, bytes: bytes)
                    if [.jsonl, .csv, .tsv, .fasttext].contains(detected) { fileFormat = detected }
                }
                try parse(bytes: bytes, path: root + "/" + relative, id: relative, format: fileFormat, body)
            }
        default:
            for relative in files {
                let path = root + "/" + relative
                let bytes = try FileBytes.read(path)
                try parse(bytes: bytes, path: path, id: relative, format: resolved, body)
            }
        }
        return resolved
    }

    /// Regular files below `root`, relative to it, sorted; hidden files and READMEs are skipped.
    static func listFiles(_ root: String) throws -> [String] {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: root) else {
            throw FileAccessError(path: root, reason: "cannot list the folder")
        }
        var files: [String] = []
        while let next = enumerator.nextObject() as? String {
            let name = (next as NSString).lastPathComponent
            if name.hasPrefix(".") {
                if FileBytes.isDirectory(root + "/" + next) { enumerator.skipDescendants() }
                continue
            }
            if FileBytes.isDirectory(root + "/" + next) { continue }
            if name.lowercased().hasPrefix("readme") || name.lowercased().hasPrefix("original-readme") { continue }
            files.append(next)
        }
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    // MARK: - Parsing one file

    private func parse(
        bytes: [UInt8], path: String, id: String, format: CorpusFormat, label: String? = nil,
        _ body: (Document) throws -> Void
    ) throws {
        try bytes.withUnsafeBufferPointer { all in
            var buffer = all
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer = UnsafeBufferPointer(rebasing: buffer[3...]) }
            if let bad = UTF8Validation.firstInvalidByte(in: buffer) {
                let line = UTF8Validation.lineNumber(of: bad, in: buffer)
                throw CorpusError(
                    path: path, line: line,
                    "invalid UTF-8 (byte 0x\(String(buffer[bad], radix: 16, uppercase: true)) at offset \(bad)); convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8"
                )
            }
            switch format {
            case .jsonl: try parseJSONLines(buffer, path: path, body)
            case .csv: try parseDelimited(buffer, path: path, delimiter: UInt8(ascii: ","), body)
            case .tsv: try parseDelimited(buffer, path: path, delimiter: 0x09, body)
            case .fasttext: try parseFastText(buffer, path: path, body)
            case .article, .text, .auto, .folder:
                let text = String(decoding: buffer, as: UTF8.self)
                var document: Document
                if format == .article || format == .auto {
                    let article = ArticleParser().parse(text)
                    document = Document(
                        id: id, text: article.fullText, title: article.title, description: article.description,
                        labels: article.categories ?? [], date: article.date)
                    if requireLabels && article.categories == nil {
                        throw CorpusError(path: path, "no ### Category section: a training article needs one, with a numbered list of categories")
                    }
                } else {
                    document = Document(id: id, text: text, labels: label.map { [$0] } ?? [])
                }
                try deliver(document, path: path, line: nil, body)
            }
        }
    }

    private func deliver(_ document: Document, path: String, line: Int?, _ body: (Document) throws -> Void) throws {
        if document.text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw CorpusError(path: path, line: line, "empty document (no text)")
        }
        if requireLabels && document.labels.isEmpty {
            throw CorpusError(path: path, line: line, "document \"\(document.id)\" has no labels")
        }
        if document.labels.contains(where: { $0.trimmingCharacters().isEmpty }) {
            throw CorpusError(path: path, line: line, "document \"\(document.id)\" has an empty label")
        }
        try body(document)
    }

    /// Parses JSON Lines: large files in two line-aligned halves at once (one per core), delivered
    /// in file order, so documents, ids and errors are the same as a serial read.
    private func parseJSONLines(_ buffer: UnsafeBufferPointer<UInt8>, path: String, _ body: (Document) throws -> Void) throws {
        var bounds = [0]
        if buffer.count >= Self.parallelParseBytes, let base = buffer.baseAddress {
            let middle = buffer.count / 2
            if let newline = memchr(base + middle, 0x0A, buffer.count - middle) {
                bounds.append(base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1)
            }
        }
        bounds.append(buffer.count)
        nonisolated(unsafe) let shared = buffer
        let chunks = ParallelMap.map(0..<(bounds.count - 1)) { c in
            parseJSONLineRecords(UnsafeBufferPointer(rebasing: shared[bounds[c]..<bounds[c + 1]]), path: path)
        }
        var lineOffset = 0
        for chunk in chunks {
            for (document, line, named) in chunk.documents {
                var document = document
                if !named { document.id = "\(path):\(lineOffset + line)" }
                try deliver(document, path: path, line: lineOffset + line, body)
            }
            if var error = chunk.error {
                error.line = error.line.map { $0 + lineOffset }
                throw error
            }
            lineOffset += chunk.lines
        }
    }

    /// Files at least this large are parsed in two halves.
    static let parallelParseBytes = 1 << 20

    /// The documents of a run of JSON lines with their 1-based line numbers within the run and
    /// whether they had an id, the number of lines, and the first error (documents after it are
    /// not parsed).
    private func parseJSONLineRecords(
        _ buffer: UnsafeBufferPointer<UInt8>, path: String
    ) -> (documents: [(Document, line: Int, named: Bool)], lines: Int, error: CorpusError?) {
        var documents: [(Document, line: Int, named: Bool)] = []
        var lineNumber = 0
        var start = 0
        let count = buffer.count
        guard let base = buffer.baseAddress else { return ([], 0, nil) }
        while start < count {
            lineNumber += 1
            let end = memchr(base + start, 0x0A, count - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? count
            let line = UnsafeBufferPointer(rebasing: buffer[start..<end])
            start = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let record: JSONLineParser.Record
            do {
                record = try JSONLineParser.parse(line)
            } catch {
                return (documents, lineNumber, CorpusError(path: path, line: lineNumber, "malformed JSON at column \(error.column): \(error.message)"))
            }
            guard let text = record.text else {
                return (documents, lineNumber, CorpusError(path: path, line: lineNumber, "missing \"text\" (each line needs {\"id\": …, \"text\": …, \"labels\": […]})"))
            }
            if requireLabels && !record.hasLabels {
                return (documents, lineNumber, CorpusError(path: path, line: lineNumber, "missing \"labels\" (training and evaluation need labels)"))
            }
            let fullText = record.title.map { $0 + "\n" + text } ?? text
            documents.append(
                (Document(id: record.id ?? "", text: fullText, title: record.title, labels: record.labels), lineNumber, record.id != nil))
        }
        return (documents, lineNumber, nil)
    }

    private func parseFastText(_ buffer: UnsafeBufferPointer<UInt8>, path: String, _ body: (Document) throws -> Void) throws {
        let prefix = "__label__"
        var lineNumber = 0
        for rawLine in buffer.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(String(decoding: UnsafeBufferPointer(rebasing: rawLine), as: UTF8.self))
            if line.utf8.last == 0x0D { line = Substring(line.utf8.dropLast()) }
            var rest = line.trimmingSpaces()
            if rest.isEmpty { continue }
            var labels: [String] = []
            while rest.hasPrefix(prefix) {
                let end = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? rest.endIndex
                labels.append(String(rest[rest.index(rest.startIndex, offsetBy: prefix.count)..<end]))
                rest = rest[end...].trimmingSpaces()
            }
            try deliver(Document(id: "\(path):\(lineNumber)", text: String(rest), labels: labels), path: path, line: lineNumber, body)
        }
    }

    private func parseDelimited(
        _ buffer: UnsafeBufferPointer<UInt8>, path: String, delimiter: UInt8, _ body: (Document) throws -> Void
    ) throws {
        let parser = DelimitedTextParser(delimiter: delimiter)
        var layout: DelimitedLayout?
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
                        path: path, line: record.line,
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
                let id = layout.idColumn.map { record.fields[$0] } ?? "\(path):\(record.line)"
                try deliver(Document(id: id, text: text, labels: labels), path: path, line: record.line, body)
            }
        } catch let error as DelimitedTextParser.SyntaxError {
            throw CorpusError(path: path, line: error.line, error.message)
        }
    }
}

/// Which CSV/TSV columns hold the text, the labels and the id.
struct DelimitedLayout {
    var hasHeader: Bool
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
        let textColumns: [Int]
        if !options.textColumns.isEmpty {
            textColumns = try options.textColumns.map(column)
        } else if hasHeader, let text = Self.textNames.lazy.compactMap({ names.firstIndex(of: $0) }).first {
            // A title column goes first, as every reader puts a title on the first line.
            textColumns = (names.firstIndex(of: "title").map { [$0] } ?? []) + [text]
        } else if hasHeader, names.contains("title") || names.contains("description") {
            textColumns = ["title", "description"].compactMap { names.firstIndex(of: $0) }
        } else {
            textColumns = (0..<firstRow.count).filter { $0 != labelColumn && $0 != idColumn }
        }
        if textColumns.isEmpty {
            throw CorpusError(path: path, "no text column: name one with --text-column")
        }
        self.labelColumn = labelColumn
        self.idColumn = idColumn
        self.textColumns = textColumns
        columnCount = ([labelColumn, idColumn].compactMap { $0 } + textColumns).max()! + 1
        rowWidth = firstRow.count
        if let labelColumn, textColumns.contains(labelColumn) {
            throw CorpusError(path: path, "the label column is also a text column; choose different columns")
        }
    }
}
