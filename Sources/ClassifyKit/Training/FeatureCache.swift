#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Feature rows and their labels kept on disk, so that a classifier can make several passes over
/// a corpus larger than memory (as Vowpal Wabbit's cache file).
///
/// Rows are appended in order and stored in blocks of about `blockBytes`: each row as varints
/// (its label count, its label ids, its entry count, its column gaps) followed by its values in
/// half precision, which holds a TF-IDF value in [0, 1] to three significant digits. A block is
/// read back whole as a `SparseMatrix` with its labels.
///
/// The file has no name: it is created in a fresh temporary folder, unlinked, and the folder
/// removed before the first row is written, so nothing is left on disk however the process ends.
public final class FeatureCache {
    /// Where a block lies in the file.
    struct BlockExtent {
        var offset: Int
        var byteCount: Int
        var rowCount: Int
    }

    /// The number of columns (features) of every row.
    public let columnCount: Int
    /// The rows appended.
    public private(set) var rowCount = 0
    /// The stored entries appended.
    public private(set) var nonZeroCount = 0
    /// The bytes written to disk.
    public private(set) var byteCount = 0
    /// The size a block is written at.
    public let blockBytes: Int
    private let descriptor: Int32
    private let folder: String
    private var pending: [UInt8] = []
    private var pendingRows = 0
    private var extents: [BlockExtent] = []

    /// The folder caches are made in: `TMPDIR`, or `/tmp`.
    public static var defaultFolder: String {
        let folder = ProcessInfo.processInfo.environment["TMPDIR"] ?? ""
        return folder.isEmpty ? "/tmp" : folder
    }

    /// An empty cache of rows with `columnCount` columns, in a temporary folder made inside
    /// `folder` and removed at once.
    public init(columnCount: Int, folder: String = FeatureCache.defaultFolder, blockBytes: Int) throws {
        self.columnCount = columnCount
        self.blockBytes = max(blockBytes, 1 << 16)
        self.folder = folder
        var template = Array((folder + "/classify-cache.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw FileAccessError(path: folder, reason: "cannot make the feature cache folder: \(FileBytes.systemReason()); set TMPDIR to a writable folder")
        }
        let cacheFolder = String(cString: made)
        var name = Array((cacheFolder + "/rows.XXXXXX").utf8CString)
        let descriptor = mkstemp(&name)
        let reason = FileBytes.systemReason()
        if descriptor >= 0 { unlink(name) }
        rmdir(cacheFolder)
        guard descriptor >= 0 else {
            throw FileAccessError(path: folder, reason: "cannot make the feature cache: \(reason); set TMPDIR to a writable folder")
        }
        self.descriptor = descriptor
        pending.reserveCapacity(self.blockBytes + (1 << 16))
    }

    deinit { close(descriptor) }

    /// The number of blocks written (after `finish`).
    public var blockCount: Int { extents.count }

    /// Appends row `row` of `matrix`, a document carrying `labels` (label ids).
    public func append(_ matrix: SparseMatrix, row: Int, labels: [Int32]) throws {
        precondition(matrix.columnCount == columnCount, "a feature cache row has the cache's columns")
        Self.appendVarint(UInt64(labels.count), to: &pending)
        for label in labels { Self.appendVarint(UInt64(label), to: &pending) }
        let entries = matrix.entries(ofRow: row)
        Self.appendVarint(UInt64(entries.count), to: &pending)
        var previous: Int32 = -1
        for k in entries {
            let column = matrix.columnIndices[k]
            Self.appendVarint(UInt64(column - previous), to: &pending)
            previous = column
        }
        for k in entries {
            let bits = Float16(matrix.values[k]).bitPattern
            pending.append(UInt8(truncatingIfNeeded: bits))
            pending.append(UInt8(truncatingIfNeeded: bits >> 8))
        }
        rowCount += 1
        pendingRows += 1
        nonZeroCount += entries.count
        if pending.count >= blockBytes { try flush() }
    }

    /// Writes the rows not yet on disk; call once after the last `append`.
    public func finish() throws { try flush() }

    /// The rows of block `index` and their labels.
    public func block(_ index: Int) throws -> (features: SparseMatrix, labels: [[Int32]]) {
        let extent = extents[index]
        var bytes = [UInt8](repeating: 0, count: extent.byteCount)
        var done = 0
        while done < extent.byteCount {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, extent.byteCount - done, off_t(extent.offset + done)) }
            guard got > 0 else { throw cacheError("cannot read the feature cache: \(got < 0 ? FileBytes.systemReason() : "it is shorter than written")") }
            done += got
        }
        return try decode(bytes, rows: extent.rowCount)
    }

    private func decode(_ bytes: [UInt8], rows: Int) throws -> (features: SparseMatrix, labels: [[Int32]]) {
        var matrix = SparseMatrix(columnCount: columnCount)
        matrix.rowOffsets.reserveCapacity(rows + 1)
        var labels: [[Int32]] = []
        labels.reserveCapacity(rows)
        var position = 0
        let columnLimit = UInt64(columnCount)
        try bytes.withUnsafeBufferPointer { buffer in
            func varint() throws -> UInt64 {
                var value: UInt64 = 0
                var shift: UInt64 = 0
                while position < buffer.count && shift < 64 {
                    let byte = buffer[position]
                    position += 1
                    value |= UInt64(byte & 0x7F) << shift
                    if byte < 0x80 { return value }
                    shift += 7
                }
                throw cacheError("the feature cache is damaged (a number runs past its block)")
            }
            for _ in 0..<rows {
                let labelCount = try varint()
                var rowLabels: [Int32] = []
                for _ in 0..<labelCount { rowLabels.append(Int32(truncatingIfNeeded: try varint())) }
                labels.append(rowLabels)
                let entries = Int(try varint())
                guard entries <= columnCount, position + entries <= buffer.count else { throw cacheError("the feature cache is damaged (a row runs past its block)") }
                var column: Int64 = -1
                for _ in 0..<entries {
                    column += Int64(try varint())
                    guard column >= 0, UInt64(column) < columnLimit else { throw cacheError("the feature cache is damaged (a column is out of range)") }
                    matrix.columnIndices.append(Int32(column))
                }
                guard position + 2 * entries <= buffer.count else { throw cacheError("the feature cache is damaged (values run past their block)") }
                for _ in 0..<entries {
                    let bits = UInt16(buffer[position]) | UInt16(buffer[position + 1]) << 8
                    matrix.values.append(Float(Float16(bitPattern: bits)))
                    position += 2
                }
                matrix.rowOffsets.append(matrix.columnIndices.count)
            }
        }
        return (matrix, labels)
    }

    private func flush() throws {
        guard pendingRows > 0 else { return }
        var done = 0
        while done < pending.count {
            let wrote = pending.withUnsafeBytes { write(descriptor, $0.baseAddress! + done, pending.count - done) }
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else {
                throw cacheError("cannot write the feature cache: \(FileBytes.systemReason()); free space there or set TMPDIR to a folder with room for about \(Self.describe(byteCount + pending.count)) more")
            }
            done += wrote
        }
        extents.append(BlockExtent(offset: byteCount, byteCount: pending.count, rowCount: pendingRows))
        byteCount += pending.count
        pending.removeAll(keepingCapacity: true)
        pendingRows = 0
    }

    private func cacheError(_ reason: String) -> FileAccessError {
        FileAccessError(path: folder, reason: reason)
    }

    private static func describe(_ bytes: Int) -> String {
        String(format: "%.0f MB", Double(bytes) / 1e6)
    }

    @inline(__always)
    private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}
