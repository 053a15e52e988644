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
    /// are not exactly that many well-formed, distinct entries. Two passes: the first checks every
    /// entry and sums the terms' lengths, the second writes them back to back into the table's
    /// arena, each shared prefix copied from the term before it.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, expectedCount: Int) -> TermTable? {
        guard expectedCount >= 0, let total = decodedLength(bytes, expectedCount: expectedCount) else { return nil }
        var starts = [Int](repeating: 0, count: expectedCount + 1)
        let arena = [UInt8](unsafeUninitializedCapacity: total) { arena, initialized in
            starts.withUnsafeMutableBufferPointer { starts in
                var position = 0
                var previous = 0
                for id in 0..<expectedCount {
                    // Checked by `decodedLength`: both varints are there and in range.
                    let shared = readVarint(bytes, at: &position)!
                    let suffix = readVarint(bytes, at: &position)!
                    let start = starts[id]
                    if shared > 0 { (arena.baseAddress! + start).initialize(from: arena.baseAddress! + previous, count: shared) }
                    if suffix > 0 { (arena.baseAddress! + start + shared).initialize(from: bytes.baseAddress! + position, count: suffix) }
                    position += suffix
                    previous = start
                    starts[id + 1] = start + shared + suffix
                }
            }
            initialized = total
        }
        return TermTable(arena: arena, starts: starts)
    }

    /// The most bytes the terms of `coded` bytes may take together: sorted vocabularies decode to
    /// about twice their coded size, and a hostile file whose every term repeats the one before it
    /// and adds a byte would otherwise decode to the square of its size.
    static func largestDecodedLength(coded: Int) -> Int { 16 * coded + (1 << 20) }

    /// The bytes of all `expectedCount` terms together, or nil when an entry shares more than the
    /// previous term has, runs past the end, bytes are left over, or the terms would take more
    /// than `largestDecodedLength` bytes.
    private static func decodedLength(_ bytes: UnsafeBufferPointer<UInt8>, expectedCount: Int) -> Int? {
        let limit = largestDecodedLength(coded: bytes.count)
        var position = 0
        var previous = 0
        var total = 0
        for _ in 0..<expectedCount {
            guard let shared = readVarint(bytes, at: &position), shared <= previous,
                let suffix = readVarint(bytes, at: &position), suffix <= bytes.count - position
            else { return nil }
            position += suffix
            previous = shared + suffix
            total += previous
            guard total <= limit else { return nil }
        }
        return position == bytes.count ? total : nil
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
    @inline(__always)
    static func readVarint(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) -> Int? {
        // Most lengths are below 128: one byte.
        if position < bytes.count, bytes[position] < 0x80 {
            position &+= 1
            return Int(bytes[position &- 1])
        }
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

    /// The bytes `appendVarint` writes for `value`: the fewest that hold it, 7 bits each.
    @inline(__always)
    static func varintByteCount(_ value: Int) -> Int {
        var count = 1
        var rest = UInt(value) >> 7
        while rest > 0 {
            count &+= 1
            rest >>= 7
        }
        return count
    }

    /// Lengths fit in 5 varint bytes (35 bits), far beyond any term.
    private static let largestVarintShift = 28
}
