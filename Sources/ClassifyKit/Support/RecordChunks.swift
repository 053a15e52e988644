#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file, or standard input for `-`, in blocks of whole records: each chunk ends just after
/// a newline where a record ends (as a `RecordCutter` finds it; or at the end of the input), so
/// that a parser can take it alone. Memory is a block plus the longest record, whatever the size
/// of the input.
public final class RecordChunks {
    /// Bytes read at a time by default.
    public static let defaultBlockSize = 4 << 20
    /// Bytes read at a time.
    let blockSize: Int
    /// The longest record (a line, a CSV row, or a whole-file document) read: 64 MiB. A longer
    /// one is an error, so that an endless line (a device, a binary file) cannot take all memory.
    public static let maximumRecordBytes = 64 << 20

    let path: String
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    /// Bytes read but not yet handed out.
    private var pending: [UInt8] = []
    private var atEnd = false

    /// Opens `path` for reading; an error names a missing, unreadable or folder path.
    init(path: String, blockSize: Int = RecordChunks.defaultBlockSize) throws {
        self.path = path
        self.blockSize = blockSize
        if path == "-" {
            file = fdopen(0, "rb")
            ownsFile = false
            return
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileAccessError(path: path, reason: FileBytes.systemReason()) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw FileAccessError(path: path, reason: "is a directory, expected a file") }
        guard let opened = fopen(path, "rb") else { throw FileAccessError(path: path, reason: FileBytes.systemReason()) }
        file = opened
        ownsFile = true
    }

    deinit {
        if ownsFile { fclose(file) }
    }

    /// The start of the input, without consuming it, for format detection: the first block, or
    /// more when the first line is longer.
    func peek() throws -> [UInt8] {
        var scanned = 0
        while !atEnd {
            let found = pending.withUnsafeBufferPointer { bytes in
                bytes.count > scanned && memchr(bytes.baseAddress! + scanned, 0x0A, bytes.count - scanned) != nil
            }
            if found { break }
            scanned = pending.count
            try fill()
        }
        return pending
    }

    /// The next run of whole records, or nil when the input is exhausted. A record longer than a
    /// block is read until it ends; `cutter` scans each byte about once.
    func next(cutter: inout some RecordCutter) throws -> [UInt8]? {
        while true {
            if atEnd {
                guard !pending.isEmpty else { return nil }
                defer { pending = [] }
                return pending
            }
            if let end = pending.withUnsafeBufferPointer({ cutter.lastEnd(in: $0) }), end > 0 {
                let chunk = Array(pending[..<end])
                pending.removeFirst(end)
                cutter.reset()
                return chunk
            }
            try fill()
        }
    }

    /// Everything left, as one array (for formats whose documents are whole files).
    func rest() throws -> [UInt8] {
        while !atEnd { try fill() }
        defer { pending = [] }
        return pending
    }

    /// Appends one block to `pending`, or marks the end.
    private func fill() throws {
        guard pending.count <= Self.maximumRecordBytes else {
            throw FileAccessError(
                path: path, reason: "holds a record (a line, or a whole-file document) over \(Self.maximumRecordBytes >> 20) MiB long; it is not a corpus, or a line lacks its end")
        }
        let block = [UInt8](unsafeUninitializedCapacity: blockSize) { buffer, count in
            count = fread(buffer.baseAddress, 1, blockSize, file)
        }
        let got = block.count
        if pending.isEmpty { pending = block } else { pending.append(contentsOf: block) }
        if got < blockSize {
            if ferror(file) != 0 { throw FileAccessError(path: path, reason: FileBytes.systemReason()) }
            atEnd = true
        }
    }

}

/// Finds where whole records end in a buffer that grows between calls, scanning only what it has
/// not seen.
protocol RecordCutter {
    /// The index just past the last record end in `bytes` (what was seen before, and more), or nil.
    mutating func lastEnd(in bytes: UnsafeBufferPointer<UInt8>) -> Int?
    /// Starts again at a record boundary: the buffer now begins where the last cut was.
    mutating func reset()
}

/// Records end at every newline: JSON Lines, fastText.
struct LineCutter: RecordCutter {
    private var scanned = 0

    mutating func lastEnd(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        defer { scanned = bytes.count }
        guard bytes.count > scanned, let base = bytes.baseAddress else { return nil }
        // memchr from each newline to the next: the last one found ends the last record.
        var end: Int?
        var from = scanned
        while from < bytes.count, let found = memchr(base + from, 0x0A, bytes.count - from) {
            from = UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1
            end = from
        }
        return end
    }

    mutating func reset() { scanned = 0 }
}

/// Records end at a newline outside a quoted field, by `DelimitedTextParser`'s rules: a field is
/// quoted only when it starts with `"`, `""` inside it is a quote, and a quote elsewhere is a
/// character. (A record that ends with a bare carriage return is not a place to cut: such a file
/// is read in one piece.)
struct DelimitedCutter: RecordCutter {
    let delimiter: UInt8
    private var scanned = 0
    private var quoted = false
    private var atFieldStart = true
    private var end: Int?

    init(delimiter: UInt8) { self.delimiter = delimiter }

    mutating func lastEnd(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = scanned
        while i < bytes.count {
            let byte = bytes[i]
            if quoted {
                if byte == 0x22 {
                    // A quote at the end may be the first of `""`: look again with more bytes.
                    guard i + 1 < bytes.count else { break }
                    if bytes[i + 1] == 0x22 { i += 2; continue }
                    quoted = false
                }
            } else if byte == 0x22 && atFieldStart {
                quoted = true
                atFieldStart = false
            } else if byte == delimiter || byte == 0x0D {
                atFieldStart = true
            } else if byte == 0x0A {
                atFieldStart = true
                end = i + 1
            } else {
                atFieldStart = false
            }
            i += 1
        }
        scanned = i
        return end
    }

    mutating func reset() {
        scanned = 0
        quoted = false
        atFieldStart = true
        end = nil
    }
}
