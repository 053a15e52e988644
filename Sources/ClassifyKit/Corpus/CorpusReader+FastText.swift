extension CorpusReader {
    /// Parses fastText lines: `__label__NAME` prefixes, then the text.
    func parseFastText(_ buffer: UnsafeBufferPointer<UInt8>, path: String, firstLine: Int, _ body: (Document) throws -> Void) throws {
        let prefix = "__label__"
        var lineNumber = firstLine
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
}
