/// Front coding of a term list sorted by bytes, as a model file's vocabulary keeps it: each term
/// is the number of leading bytes it shares with the previous one and the bytes after them (both
/// lengths as LEB128 varints). Sorted n-gram vocabularies share long prefixes ("new york",
/// "new zealand"), so this takes about half the bytes of the terms joined by line breaks.
public enum FrontCoding {
    /// The terms of `table` in id order, front coded.
    public static func encode(_ table: TermTable) -> [UInt8] {
        var out: [UInt8] = []
        var previous: [UInt8] = []
        for id in 0..<table.count {
            table.withBytes(of: id) { term in
                var shared = 0
                while shared < term.count && shared < previous.count && term[shared] == previous[shared] { shared += 1 }
                appendVarint(shared, to: &out)
                appendVarint(term.count - shared, to: &out)
                out.append(contentsOf: term[shared...])
                previous = Array(term)
            }
        }
        return out
    }

    /// The table of `expectedCount` front-coded terms in `bytes`, ids in order; nil when the bytes
    /// are not exactly that many well-formed entries.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, expectedCount: Int) -> TermTable? {
        var table = TermTable(minimumCapacity: expectedCount)
        var term: [UInt8] = []
        var position = 0
        for _ in 0..<expectedCount {
            guard let shared = readVarint(bytes, at: &position), shared <= term.count,
                let suffix = readVarint(bytes, at: &position), suffix <= bytes.count - position
            else { return nil }
            term.removeSubrange(shared...)
            term.append(contentsOf: bytes[position..<(position + suffix)])
            position += suffix
            term.withUnsafeBufferPointer { _ = table.insert($0) }
        }
        return position == bytes.count ? table : nil
    }

    private static func appendVarint(_ value: Int, to out: inout [UInt8]) {
        var value = UInt(value)
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    /// The varint at `position` (advanced past it), or nil when it runs off the end or past
    /// the bytes a length can have.
    private static func readVarint(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) -> Int? {
        var value = 0
        var shift = 0
        while position < bytes.count, shift <= largestVarintShift {
            let byte = bytes[position]
            position += 1
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    /// Lengths fit in 5 varint bytes (35 bits), far beyond any term.
    private static let largestVarintShift = 28
}
