/// A small, fast parser for one JSON Lines record of a corpus: an object with `id`, `text`,
/// `labels` (or `label`) and optionally `title` and `annotated_labels` (the labels the document was
/// judged for, see `Document.annotatedLabels`). Other keys are checked for well-formedness and skipped.
///
/// It works on UTF-8 bytes and builds no intermediate JSON tree, which keeps reading 20 Newsgroups
/// (24 MB) well under a second.
struct JSONLineParser {
    struct Record {
        var id: String?
        var text: String?
        var title: String?
        var labels: [String] = []
        var hasLabels = false
        var annotatedLabels: [String]?
    }

    struct SyntaxError: Error {
        var column: Int
        var message: String
    }

    private var bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var scratch: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> Record {
        var parser = JSONLineParser(bytes)
        return try parser.parseRecord()
    }

    private func fail(_ message: String) -> SyntaxError {
        SyntaxError(column: position + 1, message: message)
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            let b = bytes[position]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { position += 1 } else { break }
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(SyntaxError) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else {
            throw fail(position < bytes.count ? "expected \(what)" : "expected \(what), the line ends early")
        }
        position += 1
    }

    /// The bit of `seen` (in `parseRecord`) that `"labels"` and `"label"` share.
    static let labelsKeyBit: UInt8 = 8

    mutating func parseRecord() throws(SyntaxError) -> Record {
        var record = Record()
        // The keys read so far, one bit each: every key a record is read from comes once
        // (`"label"` and `"labels"` together count as one); other keys are skipped.
        var seen: UInt8 = 0
        var keyStart = 0
        func once(_ bit: UInt8, _ key: String) throws(SyntaxError) {
            guard seen & bit == 0 else {
                let message = bit == Self.labelsKeyBit ? "the labels are given twice (\"label\" or \"labels\", once per line)" : "the key \"\(key)\" appears twice"
                throw SyntaxError(column: keyStart + 1, message: message)
            }
            seen |= bit
        }
        try expect(UInt8(ascii: "{"), "'{' (each line must be one JSON object)")
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                    throw fail("expected a quoted key")
                }
                keyStart = position
                let key = try parseString()
                try expect(UInt8(ascii: ":"), "':' after key \"\(key)\"")
                skipWhitespace()
                switch key {
                case "id":
                    try once(1, key)
                    record.id = try parseScalarAsString(key)
                case "text":
                    try once(2, key)
                    record.text = try parseStringValue(key)
                case "title":
                    try once(4, key)
                    record.title = try parseStringValue(key)
                case "labels":
                    try once(Self.labelsKeyBit, key)
                    record.labels = try parseLabelArray("labels")
                    record.hasLabels = true
                case "annotated_labels":
                    try once(16, key)
                    record.annotatedLabels = try parseLabelArray(key)
                case "label":
                    try once(Self.labelsKeyBit, key)
                    record.labels = [try parseScalarAsString(key)]
                    record.hasLabels = true
                default:
                    try skipValue(depth: 0)
                }
                skipWhitespace()
                guard position < bytes.count else { throw fail("expected ',' or '}', the line ends early") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; break }
                throw fail("expected ',' or '}'")
            }
        }
        skipWhitespace()
        if position < bytes.count { throw fail("unexpected text after the JSON object") }
        return record
    }

    private mutating func parseStringValue(_ key: String) throws(SyntaxError) -> String {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw fail("\"\(key)\" must be a string")
        }
        return try parseString()
    }

    private mutating func parseScalarAsString(_ key: String) throws(SyntaxError) -> String {
        guard position < bytes.count else { throw fail("missing value for \"\(key)\"") }
        if bytes[position] == UInt8(ascii: "\"") { return try parseString() }
        let start = position
        while position < bytes.count {
            let b = bytes[position]
            if (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
            {
                position += 1
            } else {
                break
            }
        }
        if position == start { throw fail("\"\(key)\" must be a string or a number") }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private mutating func parseLabelArray(_ key: String) throws(SyntaxError) -> [String] {
        guard position < bytes.count else { throw fail("missing value for \"\(key)\"") }
        if bytes[position] == UInt8(ascii: "\"") { return [try parseString()] }
        guard bytes[position] == UInt8(ascii: "[") else {
            throw fail("\"\(key)\" must be a list of strings")
        }
        position += 1
        var labels: [String] = []
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "]") { position += 1; return labels }
        while true {
            skipWhitespace()
            labels.append(try parseScalarAsString(key))
            skipWhitespace()
            guard position < bytes.count else { throw fail("expected ',' or ']', the line ends early") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return labels }
            throw fail("expected ',' or ']' in \"\(key)\"")
        }
    }

    /// Parses a string starting at the opening quote.
    private mutating func parseString() throws(SyntaxError) -> String {
        position += 1
        let start = position
        // Fast path: no escapes; a pointer scan for the closing quote, a backslash or a control byte.
        if let base = bytes.baseAddress {
            let count = bytes.count
            var i = position
            while i < count {
                let b = base[i]
                if b == 0x22 || b == 0x5C || b < 0x20 { break }
                i &+= 1
            }
            position = i
            if i < count && base[i] == 0x22 {
                let s = String(decoding: UnsafeBufferPointer(start: base + start, count: i - start), as: UTF8.self)
                position += 1
                return s
            }
            if i < count && base[i] < 0x20 { throw fail("control character inside a string (newlines must be written \\n)") }
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if b < 0x20 { throw fail("control character inside a string (newlines must be written \\n)") }
            if b != UInt8(ascii: "\\") {
                // A run of plain bytes up to the next quote, backslash or control byte, in one copy.
                let run = position
                if let base = bytes.baseAddress {
                    while position < bytes.count {
                        let c = base[position]
                        if c == 0x22 || c == 0x5C || c < 0x20 { break }
                        position &+= 1
                    }
                    scratch.append(contentsOf: UnsafeBufferPointer(start: base + run, count: position - run))
                }
                continue
            }
            position += 1
            guard position < bytes.count else { break }
            let e = bytes[position]
            position += 1
            switch e {
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(e)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    // A high surrogate must be followed by \uDC00–\uDFFF.
                    if position + 1 < bytes.count && bytes[position] == UInt8(ascii: "\\")
                        && bytes[position + 1] == UInt8(ascii: "u")
                    {
                        position += 2
                        let low = try parseHex4()
                        if low >= 0xDC00 && low <= 0xDFFF {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            throw fail("invalid surrogate pair in \\u escape")
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                    scalar = 0xFFFD
                }
                appendUTF8(scalar)
            default:
                throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
        throw fail("unterminated string")
    }

    private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw fail("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | (scalar >> 6)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | (scalar >> 12)))
            scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            scratch.append(UInt8(0xF0 | (scalar >> 18)))
            scratch.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Skips any JSON value, checking its syntax.
    private mutating func skipValue(depth: Int) throws(SyntaxError) {
        guard depth < 64 else { throw fail("JSON nested too deeply") }
        skipWhitespace()
        guard position < bytes.count else { throw fail("missing value, the line ends early") }
        let b = bytes[position]
        switch b {
        case UInt8(ascii: "\""):
            _ = try parseString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = b == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            position += 1
            skipWhitespace()
            if position < bytes.count && bytes[position] == close { position += 1; return }
            while true {
                if close == UInt8(ascii: "}") {
                    skipWhitespace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                        throw fail("expected a quoted key")
                    }
                    _ = try parseString()
                    try expect(UInt8(ascii: ":"), "':'")
                }
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard position < bytes.count else { throw fail("unterminated object or array") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == close { position += 1; return }
                throw fail("expected ',' or '\(Character(Unicode.Scalar(close)))'")
            }
        default:
            let start = position
            while position < bytes.count {
                let c = bytes[position]
                if c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c == 0x20
                    || c == 0x09
                {
                    break
                }
                position += 1
            }
            let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            if word == "true" || word == "false" || word == "null" || Double(word) != nil { return }
            position = start
            throw fail("invalid JSON value")
        }
    }
}
