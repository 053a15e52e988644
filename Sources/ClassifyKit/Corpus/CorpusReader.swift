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
    /// Bytes of a record file read at a time: memory is about this plus the longest record.
    public var blockSize = RecordChunks.defaultBlockSize
    /// Threads that may parse at once (large JSON Lines blocks are parsed in two halves when more
    /// than one).
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// The most labels a document may carry; a document with more is an error.
    public var maximumLabelsPerDocument = CorpusReader.defaultMaximumLabelsPerDocument
    /// The default `maximumLabelsPerDocument` (`--max-labels-per-document`): 1,000.
    public static let defaultMaximumLabelsPerDocument = 1_000

    public init(format: CorpusFormat = .auto, options: CorpusOptions = CorpusOptions(), requireLabels: Bool = false) {
        self.format = format
        self.options = options
        self.requireLabels = requireLabels
    }

    /// Reads every document of `path` (a file, a folder, or `-` for standard input), handing each
    /// to `body` as soon as it is parsed, and returns the format that was used. Files of records
    /// (JSON Lines, fastText, CSV/TSV) are read in blocks, so memory does not grow with their size.
    @discardableResult
    public func read(_ path: String, _ body: (Document) throws -> Void) throws -> CorpusFormat {
        if path != "-" && FileBytes.isDirectory(path) {
            return try readDirectory(path, body)
        }
        let input = try RecordChunks(path: path, blockSize: blockSize)
        let resolved = format == .auto ? Self.detect(path: path, bytes: try input.peek()) : format
        if resolved == .folder {
            throw CorpusError(path: path, "--format folder needs a folder of class folders, not a file")
        }
        try readRecords(input, id: path, format: resolved, body)
        return resolved
    }

    /// Parses `input` in `format`: record formats chunk by chunk, carrying line numbers, byte
    /// offsets and the CSV column layout across chunks; whole-file formats at once.
    private func readRecords(_ input: RecordChunks, id: String, format: CorpusFormat, label: String? = nil, _ body: (Document) throws -> Void) throws {
        var position = ParsePosition()
        switch format {
        case .jsonl, .fasttext:
            var cutter = LineCutter()
            while let chunk = try input.next(cutter: &cutter) {
                try parse(bytes: chunk, path: input.path, id: id, format: format, position: &position, body)
            }
        case .csv, .tsv:
            var cutter = DelimitedCutter(delimiter: format == .csv ? UInt8(ascii: ",") : 0x09)
            while let chunk = try input.next(cutter: &cutter) {
                try parse(bytes: chunk, path: input.path, id: id, format: format, position: &position, body)
            }
        default:
            try parse(bytes: try input.rest(), path: input.path, id: id, format: format, label: label, position: &position, body)
        }
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
                try readRecords(try RecordChunks(path: root + "/" + relative, blockSize: blockSize), id: relative, format: .text, label: String(parts[0]), body)
            }
        case .article, .text:
            for relative in files {
                let input = try RecordChunks(path: root + "/" + relative, blockSize: blockSize)
                // Under --format auto each file of a mixed folder is read in its own format.
                var fileFormat = CorpusFormat.article
                if format == .auto {
                    let detected = Self.detect(path: relative, bytes: try input.peek())
                    if [.jsonl, .csv, .tsv, .fasttext].contains(detected) { fileFormat = detected }
                }
                try readRecords(input, id: relative, format: fileFormat, body)
            }
        default:
            for relative in files {
                try readRecords(try RecordChunks(path: root + "/" + relative, blockSize: blockSize), id: relative, format: resolved, body)
            }
        }
        return resolved
    }

    /// Regular files below `root`, relative to it, sorted; hidden files and folders and READMEs
    /// are skipped. Symbolic links are followed (a corpus or a class folder may be one), each
    /// folder entered once, so a link back up the tree ends the walk there instead of looping.
    static func listFiles(_ root: String) throws -> [String] {
        var files: [String] = []
        var entered = Set<FolderIdentity>()
        try collectFiles(in: root, relative: "", into: &files, entered: &entered)
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// A folder's device and inode: the same folder reached by two paths has the same.
    private struct FolderIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// Adds the files below `folder` (named `relative` below the root) to `files`.
    private static func collectFiles(in folder: String, relative: String, into files: inout [String], entered: inout Set<FolderIdentity>) throws {
        var info = stat()
        guard stat(folder, &info) == 0 else { throw FileAccessError(path: folder, reason: "cannot list the folder") }
        guard entered.insert(FolderIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else { return }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw FileAccessError(path: folder, reason: "cannot list the folder")
        }
        for name in names where !name.hasPrefix(".") {
            let path = folder + "/" + name
            let entry = relative.isEmpty ? name : relative + "/" + name
            if FileBytes.isDirectory(path) {
                try collectFiles(in: path, relative: entry, into: &files, entered: &entered)
                continue
            }
            if name.lowercased().hasPrefix("readme") || name.lowercased().hasPrefix("original-readme") { continue }
            if !FileBytes.isRegularFile(path) {
                throw FileAccessError(path: path, reason: FileBytes.notRegularReason)
            }
            files.append(entry)
        }
    }

    // MARK: - Parsing one file

    /// Where a chunk starts in its file: the lines and bytes before it, and the CSV/TSV column
    /// layout its first chunk set.
    struct ParsePosition {
        var lines = 0
        var bytes = 0
        var layout: DelimitedLayout?
    }

    /// Parses one chunk of whole records (`bytes`) of `path` in `format`, continuing from `position`.
    func parse(
        bytes: [UInt8], path: String, id: String, format: CorpusFormat, label: String? = nil,
        position: inout ParsePosition, _ body: (Document) throws -> Void
    ) throws {
        try bytes.withUnsafeBufferPointer { all in
            var buffer = all
            if position.bytes == 0 && buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer = UnsafeBufferPointer(rebasing: buffer[3...]) }
            if let bad = UTF8Validation.firstInvalidByte(in: buffer) {
                let line = position.lines + UTF8Validation.lineNumber(of: bad, in: buffer)
                throw CorpusError(
                    path: path, line: line,
                    "invalid UTF-8 (byte 0x\(String(buffer[bad], radix: 16, uppercase: true)) at offset \(position.bytes + bad)); convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8"
                )
            }
            // Offsets count from after a byte-order mark, as the whole-file read did.
            defer {
                position.bytes += buffer.count
                position.lines += UTF8Validation.newlineCount(in: all)
            }
            switch format {
            case .jsonl: try parseJSONLines(buffer, path: path, firstLine: position.lines, body)
            case .csv: try parseDelimited(buffer, path: path, delimiter: UInt8(ascii: ","), firstLine: position.lines, layout: &position.layout, body)
            case .tsv: try parseDelimited(buffer, path: path, delimiter: 0x09, firstLine: position.lines, layout: &position.layout, body)
            case .fasttext: try parseFastText(buffer, path: path, firstLine: position.lines, body)
            case .article, .text, .auto, .folder:
                let text = String(decoding: buffer, as: UTF8.self)
                var document: Document
                if format == .article || format == .auto {
                    let article = ArticleParser().parse(text)
                    document = Document(
                        id: id, text: article.textWithoutTitle, title: article.title, description: article.description,
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

    /// Hands `document` to `body` after the checks every format shares: some text, labels when
    /// required, no empty label.
    func deliver(_ document: Document, path: String, line: Int?, _ body: (Document) throws -> Void) throws {
        if document.isBlank {
            throw CorpusError(path: path, line: line, "empty document (no text)")
        }
        // A document judged for some labels may carry none of them: it is a known negative.
        if requireLabels && document.labels.isEmpty && document.annotatedLabels == nil {
            throw CorpusError(path: path, line: line, "document \"\(document.id)\" has no labels")
        }
        if document.labels.count > maximumLabelsPerDocument {
            throw CorpusError(
                path: path, line: line,
                "document \"\(document.id)\" carries \(document.labels.count) labels, more than --max-labels-per-document \(maximumLabelsPerDocument)")
        }
        if let annotated = document.annotatedLabels, annotated.count > maximumLabelsPerDocument {
            throw CorpusError(
                path: path, line: line,
                "document \"\(document.id)\" lists \(annotated.count) annotated labels, more than --max-labels-per-document \(maximumLabelsPerDocument)")
        }
        if document.labels.contains(where: { $0.trimmingCharacters().isEmpty }) {
            throw CorpusError(path: path, line: line, "document \"\(document.id)\" has an empty label")
        }
        try body(document)
    }
}
