/// Splits CSV or TSV bytes into records of fields (RFC 4180 quoting: `"a ""quoted"" field"`, and line
/// breaks inside quotes). Reports the line each record starts on.
struct DelimitedTextParser {
    struct Record {
        var fields: [String]
        var line: Int
    }

    struct SyntaxError: Error {
        var line: Int
        var message: String
    }

    let delimiter: UInt8

    /// Calls `body` with each record in order. Blank lines are skipped.
    func forEachRecord(
        in bytes: UnsafeBufferPointer<UInt8>, _ body: (Record) throws -> Void
    ) throws {
        var position = 0
        var line = 1
        let count = bytes.count
        var field: [UInt8] = []
        while position < count {
            let recordLine = line
            var fields: [String] = []
            var endOfRecord = false
            // Skip a blank line.
            if bytes[position] == 0x0A || (bytes[position] == 0x0D && position + 1 < count && bytes[position + 1] == 0x0A) {
                position += bytes[position] == 0x0D ? 2 : 1
                line += 1
                continue
            }
            while !endOfRecord {
                field.removeAll(keepingCapacity: true)
                if position < count && bytes[position] == UInt8(ascii: "\"") {
                    position += 1
                    var closed = false
                    while position < count {
                        let b = bytes[position]
                        if b == UInt8(ascii: "\"") {
                            if position + 1 < count && bytes[position + 1] == UInt8(ascii: "\"") {
                                field.append(b)
                                position += 2
                                continue
                            }
                            position += 1
                            closed = true
                            break
                        }
                        if b == 0x0A { line += 1 }
                        field.append(b)
                        position += 1
                    }
                    if !closed {
                        throw SyntaxError(line: recordLine, message: "a quoted field is never closed")
                    }
                    // After the closing quote: a delimiter, the end of the line, or the end of the file.
                    if position < count {
                        let b = bytes[position]
                        if b != delimiter && b != 0x0A && b != 0x0D {
                            throw SyntaxError(line: line, message: "unexpected character after a closing quote")
                        }
                    }
                } else {
                    while position < count {
                        let b = bytes[position]
                        if b == delimiter || b == 0x0A || b == 0x0D { break }
                        field.append(b)
                        position += 1
                    }
                }
                fields.append(String(decoding: field, as: UTF8.self))
                if position >= count {
                    endOfRecord = true
                } else if bytes[position] == delimiter {
                    position += 1
                } else {
                    if bytes[position] == 0x0D { position += 1 }
                    if position < count && bytes[position] == 0x0A { position += 1 }
                    line += 1
                    endOfRecord = true
                }
            }
            try body(Record(fields: fields, line: recordLine))
        }
    }
}
