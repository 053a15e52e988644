#if canImport(Glibc)
import Glibc
#endif
import Foundation

extension CorpusReader {
    /// Parses a run of JSON lines whose first line follows `firstLine` lines of the file: large
    /// runs in two line-aligned halves at once (one per core), delivered in file order, so
    /// documents, ids and errors are the same as a serial read.
    func parseJSONLines(_ buffer: UnsafeBufferPointer<UInt8>, path: String, firstLine: Int, _ body: (Document) throws -> Void) throws {
        var bounds = [0]
        if threads > 1, buffer.count >= Self.parallelParseBytes, let base = buffer.baseAddress {
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
        var lineOffset = firstLine
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
    func parseJSONLineRecords(
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
            documents.append(
                (Document(
                    id: record.id ?? "", text: text, title: record.title, labels: record.labels,
                    annotatedLabels: record.annotatedLabels), lineNumber, record.id != nil))
        }
        return (documents, lineNumber, nil)
    }
}
