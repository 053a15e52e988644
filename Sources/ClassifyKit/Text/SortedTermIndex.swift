/// Lookups straight into a front-coded vocabulary (`FrontCoding`) whose terms are strictly
/// ascending by bytes, without decoding it into a `TermTable` first.
///
/// Checking the coded bytes once keeps every `blockSize`-th term whole (the block heads) and where
/// the entry after it starts. A lookup binary-searches the heads, then walks at most one block of
/// entries comparing only the bytes that can differ: an entry sharing more with the term before it
/// than the key does is still below the key, one sharing less is already above it. Opening a
/// model this way costs one pass over the coded bytes instead of decoding and hashing every term
/// (which would be most of a one-document predict); a lookup costs a few hundred instructions
/// instead of one hash probe, so batches build the table (`table`) once instead.
public struct SortedTermIndex: Sendable {
    /// Terms per block: a head is kept whole for every this many terms.
    public static let blockSize = 32

    /// The front-coded terms.
    let coded: [UInt8]
    /// The number of terms.
    public let count: Int
    /// The block heads back to back; head `b` (term `b * blockSize`) is
    /// `heads[headStarts[b]..<headStarts[b + 1]]`.
    let heads: [UInt8]
    let headStarts: [Int]
    /// Where in `coded` the entry after each head starts.
    let entryAfterHead: [Int]
    /// How many terms at the start begin with `leadingByte` (a leading run, as character n-grams
    /// are), or 0 when no byte was asked for.
    public let leadingRun: Int

    /// The index of `expectedCount` front-coded terms in `bytes`; nil when the bytes are not exactly
    /// that many well-formed entries with their lengths in the fewest bytes, the terms are not
    /// strictly ascending with each sharing all it can with the one before (so the bytes are
    /// exactly what `FrontCoding.encode` writes for the terms), or they would decode to more than
    /// `FrontCoding.largestDecodedLength` bytes. `leadingByte`: count the terms at the
    /// start that begin with it (`leadingRun`).
    public init?(coded bytes: UnsafeBufferPointer<UInt8>, expectedCount: Int, leadingByte: UInt8? = nil) {
        // Every entry takes at least two bytes (its two lengths); ids are 32-bit.
        guard expectedCount >= 0, expectedCount <= bytes.count / 2, expectedCount <= Int(Int32.max) else { return nil }
        let limit = FrontCoding.largestDecodedLength(coded: bytes.count)
        let blockCount = (expectedCount + Self.blockSize - 1) / Self.blockSize
        var heads: [UInt8] = []
        var headStarts = [Int]()
        var entryAfterHead = [Int]()
        headStarts.reserveCapacity(blockCount + 1)
        entryAfterHead.reserveCapacity(blockCount)
        headStarts.append(0)
        var leadingRun = 0
        var inLeadingRun = leadingByte != nil
        // The previous term, rebuilt in place: no term is longer than all the coded bytes (with
        // room for the last copy's whole word).
        let previous = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count + Self.copyWidth)
        defer { previous.deallocate() }
        var previousLength = 0
        var position = 0
        var total = 0
        for id in 0..<expectedCount {
            let sharedStart = position
            guard let shared = FrontCoding.readVarint(bytes, at: &position), shared <= previousLength,
                position &- sharedStart == FrontCoding.varintByteCount(shared)
            else { return nil }
            let suffixStart = position
            guard let suffix = FrontCoding.readVarint(bytes, at: &position), suffix <= bytes.count &- position,
                position &- suffixStart == FrontCoding.varintByteCount(suffix)
            else { return nil }
            if id > 0 {
                // Strictly above the previous term, sharing all it can: a new byte after the
                // shared part, above the previous term's byte there when it has one.
                guard suffix > 0, shared == previousLength || bytes[position] > previous[shared] else { return nil }
            }
            Self.copy(suffix, from: bytes, at: position, to: previous + shared)
            previousLength = shared &+ suffix
            position &+= suffix
            total &+= previousLength
            guard total <= limit else { return nil }
            if inLeadingRun {
                if previousLength > 0 && previous[0] == leadingByte { leadingRun &+= 1 } else { inLeadingRun = false }
            }
            if id % Self.blockSize == 0 {
                heads.append(contentsOf: UnsafeBufferPointer(start: previous, count: previousLength))
                headStarts.append(heads.count)
                entryAfterHead.append(position)
            }
        }
        guard position == bytes.count else { return nil }
        coded = Array(bytes)
        count = expectedCount
        self.heads = heads
        self.headStarts = headStarts
        self.entryAfterHead = entryAfterHead
        self.leadingRun = leadingRun
    }

    /// The bytes `copy` moves at once.
    static let copyWidth = MemoryLayout<UInt64>.size

    /// Copies `count` bytes of `bytes` from `position` to `destination`, a word at a time while a
    /// whole word can be read (suffixes are a few bytes: a library call costs more). May write up
    /// to `copyWidth - 1` bytes past the count.
    @inline(__always)
    static func copy(_ count: Int, from bytes: UnsafeBufferPointer<UInt8>, at position: Int, to destination: UnsafeMutablePointer<UInt8>) {
        guard count > 0, let base = bytes.baseAddress else { return }
        let source = UnsafeRawPointer(base + position)
        let target = UnsafeMutableRawPointer(destination)
        var i = 0
        while i < count && position &+ i &+ copyWidth <= bytes.count {
            target.storeBytes(of: source.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
            i &+= copyWidth
        }
        while i < count {
            destination[i] = base[position &+ i]
            i &+= 1
        }
    }

    /// The id of `key`, or nil.
    public func id(of key: UnsafeBufferPointer<UInt8>) -> Int32? {
        coded.withUnsafeBufferPointer { coded in
            heads.withUnsafeBufferPointer { heads in
                headStarts.withUnsafeBufferPointer { headStarts in
                    entryAfterHead.withUnsafeBufferPointer { entryAfterHead in
                        Self.find(key, coded: coded, heads: heads, headStarts: headStarts, entryAfterHead: entryAfterHead, count: count)
                    }
                }
            }
        }
    }

    /// The bytes of term `id`: its block's head, then the entries after it up to `id`.
    public func term(_ id: Int) -> [UInt8] {
        precondition(id >= 0 && id < count, "term id \(id) is out of range 0..<\(count)")
        let block = id / Self.blockSize
        var term = Array(heads[headStarts[block]..<headStarts[block + 1]])
        var position = entryAfterHead[block]
        coded.withUnsafeBufferPointer { coded in
            for _ in 0..<(id - block * Self.blockSize) {
                // Checked when the index was made.
                let shared = FrontCoding.readVarint(coded, at: &position)!
                let suffix = FrontCoding.readVarint(coded, at: &position)!
                term.removeLast(term.count - shared)
                term.append(contentsOf: UnsafeBufferPointer(rebasing: coded[position..<(position + suffix)]))
                position += suffix
            }
        }
        return term
    }

    /// The table of all the terms, ids in order (a hash table for many lookups).
    public func table() -> TermTable {
        // The bytes were checked to decode to `count` distinct terms within the size limit.
        coded.withUnsafeBufferPointer { FrontCoding.decode($0, expectedCount: count) }!
    }

    /// How `a` compares with `b` by bytes (shorter first on a common prefix), and the length of
    /// their common prefix.
    @inline(__always)
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> (order: Int, common: Int) {
        let n = min(a.count, b.count)
        var i = 0
        while i < n && a[i] == b[i] { i &+= 1 }
        if i < n { return (a[i] < b[i] ? -1 : 1, i) }
        return (a.count == b.count ? 0 : a.count < b.count ? -1 : 1, i)
    }

    private static func find(
        _ key: UnsafeBufferPointer<UInt8>, coded: UnsafeBufferPointer<UInt8>, heads: UnsafeBufferPointer<UInt8>,
        headStarts: UnsafeBufferPointer<Int>, entryAfterHead: UnsafeBufferPointer<Int>, count: Int
    ) -> Int32? {
        func head(_ block: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: heads[headStarts[block]..<headStarts[block &+ 1]])
        }
        // The first block whose head is above the key; the key can only be in the one before.
        var low = 0
        var high = entryAfterHead.count
        while low < high {
            let middle = (low &+ high) >> 1
            if compare(head(middle), key).order <= 0 { low = middle &+ 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let block = low &- 1
        let (order, common) = compare(head(block), key)
        if order == 0 { return Int32(truncatingIfNeeded: block &* blockSize) }
        // The previous term is below the key and shares `matched` bytes with it.
        var matched = common
        var position = entryAfterHead[block]
        var id = block &* blockSize &+ 1
        let end = min(id &- 1 &+ blockSize, count)
        while id < end {
            // Checked when the index was made.
            let shared = readVarintUnchecked(coded, at: &position)
            let suffix = readVarintUnchecked(coded, at: &position)
            if shared < matched {
                // Above the previous term where that one equals the key: above the key.
                return nil
            }
            if shared == matched {
                let rest = UnsafeBufferPointer(rebasing: key[matched...])
                let (order, common) = compare(UnsafeBufferPointer(rebasing: coded[position..<(position &+ suffix)]), rest)
                if order == 0 { return Int32(truncatingIfNeeded: id) }
                if order > 0 { return nil }
                matched &+= common
            }
            // shared > matched: the same byte as the previous term where that one is below the key.
            position &+= suffix
            id &+= 1
        }
        return nil
    }

    /// A varint the index already checked.
    @inline(__always)
    private static func readVarintUnchecked(_ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) -> Int {
        var byte = bytes[position]
        position &+= 1
        if byte < 0x80 { return Int(byte) }
        var value = Int(byte & 0x7F)
        var shift = 7
        repeat {
            byte = bytes[position]
            position &+= 1
            value |= Int(byte & 0x7F) << shift
            shift &+= 7
        } while byte >= 0x80
        return value
    }
}
