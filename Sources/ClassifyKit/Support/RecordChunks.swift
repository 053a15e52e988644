#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file, or standard input for `-`, in blocks of whole records: each chunk ends just after
/// a newline where a record may end (or at the end of the input), so that a parser can take it
/// alone. Memory is one block plus the longest record, whatever the size of the input.
public final class RecordChunks {
    /// Bytes read at a time by default.
    public static let defaultBlockSize = 4 << 20
    /// Bytes read at a time.
    let blockSize: Int

    /// Where a record may end in `bytes`: the index just past the last such newline, or nil.
    typealias Cut = @Sendable (UnsafeBufferPointer<UInt8>) -> Int?

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

    /// The first block of the input (up to `blockSize` bytes), without consuming it: for format
    /// detection.
    func peek() throws -> [UInt8] {
        if pending.isEmpty && !atEnd { try fill() }
        return pending
    }

    /// The next run of whole records, or nil when the input is exhausted. A record longer than a
    /// block is read until it ends.
    func next(cut: Cut) throws -> [UInt8]? {
        var searchedUpTo = 0
        while true {
            if atEnd {
                guard !pending.isEmpty else { return nil }
                defer { pending = [] }
                return pending
            }
            if pending.count > searchedUpTo, let end = pending.withUnsafeBufferPointer({ cut($0) }), end > 0 {
                let chunk = Array(pending[..<end])
                pending.removeFirst(end)
                return chunk
            }
            searchedUpTo = pending.count
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

    /// Cuts after the last newline: for line-per-record formats (JSON Lines, fastText).
    static let afterLastNewline: Cut = { bytes in
        guard let last = bytes.lastIndex(of: 0x0A) else { return nil }
        return last + 1
    }

    /// Cuts after the last newline outside double quotes: for CSV/TSV, whose quoted fields may hold
    /// newlines. The bytes must start at a record boundary.
    static let afterLastRecordEnd: Cut = { bytes in
        var quoted = false
        var end: Int?
        for (index, byte) in bytes.enumerated() {
            if byte == 0x22 { quoted.toggle() } else if byte == 0x0A && !quoted { end = index + 1 }
        }
        return end
    }
}
