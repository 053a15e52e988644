/// An open-addressing hash table from term bytes to dense ids `0..<count`, with every term's bytes
/// kept in one contiguous arena. Used for the vocabulary: no `String` is made per token.
public struct TermTable: Sendable {
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    private var slots: [Int32]
    private var mask: Int

    /// The number of terms.
    public var count: Int { hashes.count }

    public init(minimumCapacity: Int = 1024) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    /// A table holding `terms` with ids in the given order.
    public init<S: Sequence>(terms: S) where S.Element == String {
        self.init()
        for term in terms {
            var term = term
            term.withUTF8 { _ = insert($0) }
        }
    }

    /// A table of the terms stored back to back in `arena`, term `i` at `starts[i]..<starts[i + 1]`,
    /// ids in order; nil when `starts` does not fit `arena` or a term repeats. One pass over the
    /// terms, each hashed and placed once (how a model's vocabulary is loaded).
    public init?(arena: [UInt8], starts: [Int]) {
        let count = starts.count - 1
        guard count >= 0, count <= Int(Int32.max), starts.first == 0, starts.last == arena.count else { return nil }
        self.init(minimumCapacity: count)
        let mask = self.mask
        // Every entry is written before it is read (ids are placed in order).
        var hashes = [UInt64](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        let placed = arena.withUnsafeBufferPointer { arena in
            starts.withUnsafeBufferPointer { starts in
                hashes.withUnsafeMutableBufferPointer { hashes in
                    slots.withUnsafeMutableBufferPointer { slots in
                        for id in 0..<count {
                            let start = starts[id]
                            let end = starts[id &+ 1]
                            guard start <= end, end <= arena.count else { return false }
                            let length = end &- start
                            let key = UnsafeBufferPointer(start: arena.baseAddress.map { $0 + start }, count: length)
                            let h = Self.hash(key)
                            hashes[id] = h
                            var slot = Int(truncatingIfNeeded: h) & mask
                            while true {
                                let other = Int(slots[slot])
                                if other < 0 { break }
                                if hashes[other] == h {
                                    let otherStart = starts[other]
                                    if starts[other &+ 1] &- otherStart == length
                                        && Self.equalBytes(arena.baseAddress.map { $0 + otherStart }, key.baseAddress, count: length)
                                    {
                                        return false
                                    }
                                }
                                slot = (slot &+ 1) & mask
                            }
                            slots[slot] = Int32(truncatingIfNeeded: id)
                        }
                        return true
                    }
                }
            }
        }
        guard placed else { return nil }
        self.arena = arena
        self.starts = starts
        self.hashes = hashes
    }

    /// The last mixing step of `hash`.
    @inline(__always)
    static func finalMix(_ state: UInt64) -> UInt64 {
        let h = (state ^ (state >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }

    /// The hash of a term's bytes.
    @inline(__always)
    public static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        let count = key.count
        guard let base = key.baseAddress else { return finalMix(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i &+ 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i &+= 8
        }
        let remaining = count &- i
        if remaining > 0 {
            // The last `remaining` bytes as a little-endian number, read in at most three loads
            // that stay inside the key (overlapping the bytes before them when there are some).
            let word: UInt64
            if count >= 8 {
                word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)) >> UInt64(8 &* (8 &- remaining))
            } else if remaining >= 4 {
                let low = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt32.self)))
                let high = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i &+ remaining &- 4, as: UInt32.self)))
                word = low | high << UInt64(8 &* (remaining &- 4))
            } else {
                let middle = remaining / 2
                word = UInt64(base[i]) | UInt64(base[i &+ middle]) << UInt64(8 &* middle)
                    | UInt64(base[i &+ remaining &- 1]) << UInt64(8 &* (remaining &- 1))
            }
            h = (h ^ word) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 29
        }
        return finalMix(h)
    }

    /// The id of `key`, or nil.
    @inline(__always)
    public func id(of key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = Self.hash(key)
        let found = probe(h, key)
        return found.id >= 0 ? found.id : nil
    }

    /// Whether the `count` bytes at `a` and at `b` are equal (either may be nil when `count` is 0):
    /// eight bytes at a time, inline, since terms are short and a library call costs more than
    /// comparing them.
    @inline(__always)
    static func equalBytes(_ a: UnsafePointer<UInt8>?, _ b: UnsafePointer<UInt8>?, count: Int) -> Bool {
        guard count > 0, let a, let b else { return true }
        let left = UnsafeRawPointer(a)
        let right = UnsafeRawPointer(b)
        var i = 0
        while i &+ 8 <= count {
            if left.loadUnaligned(fromByteOffset: i, as: UInt64.self) != right.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i &+= 8
        }
        guard i < count else { return true }
        if count >= 8 {
            // The last eight bytes, overlapping those already compared.
            return left.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self) == right.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        }
        while i < count {
            if a[i] != b[i] { return false }
            i &+= 1
        }
        return true
    }

    /// The slot where `key` is or would go, and its id (-1 when absent).
    @inline(__always)
    private func probe(_ h: UInt64, _ key: UnsafeBufferPointer<UInt8>) -> (slot: Int, id: Int32) {
        withLookup { $0.probe(h, key) }
    }

    /// Read-only lookups into a table without touching its arrays' reference counts: pointers into
    /// the table's storage, valid only inside the `withLookup` call that made them. For loops that
    /// look up every term of many documents.
    public struct Lookup {
        let slots: UnsafeBufferPointer<Int32>
        let hashes: UnsafeBufferPointer<UInt64>
        let starts: UnsafeBufferPointer<Int>
        let arena: UnsafeBufferPointer<UInt8>
        let mask: Int

        /// The id of `key`, or nil.
        @inline(__always)
        public func id(of key: UnsafeBufferPointer<UInt8>) -> Int32? {
            let found = probe(TermTable.hash(key), key)
            return found.id >= 0 ? found.id : nil
        }

        /// The slot where `key` (of hash `h`) is or would go, and its id (-1 when absent).
        @inline(__always)
        func probe(_ h: UInt64, _ key: UnsafeBufferPointer<UInt8>) -> (slot: Int, id: Int32) {
            var slot = Int(truncatingIfNeeded: h) & mask
            while true {
                let id = slots[slot]
                if id < 0 { return (slot, -1) }
                if hashes[Int(id)] == h {
                    let start = starts[Int(id)]
                    let length = starts[Int(id) + 1] &- start
                    if length == key.count && TermTable.equalBytes(arena.baseAddress.map { $0 + start }, key.baseAddress, count: length) {
                        return (slot, id)
                    }
                }
                slot = (slot &+ 1) & mask
            }
        }
    }

    /// Calls `body` with a `Lookup` into this table.
    @inline(__always)
    public func withLookup<R>(_ body: (Lookup) throws -> R) rethrows -> R {
        try slots.withUnsafeBufferPointer { slots in
            try hashes.withUnsafeBufferPointer { hashes in
                try starts.withUnsafeBufferPointer { starts in
                    try arena.withUnsafeBufferPointer { arena in
                        try body(Lookup(slots: slots, hashes: hashes, starts: starts, arena: arena, mask: mask))
                    }
                }
            }
        }
    }

    /// The id of `key`, adding it when new.
    @discardableResult
    public mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = Self.hash(key)
        let found = probe(h, key)
        if found.id >= 0 { return found.id }
        let id = Int32(hashes.count)
        arena.append(contentsOf: key)
        starts.append(arena.count)
        hashes.append(h)
        slots[found.slot] = id
        if hashes.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        var newSlots = [Int32](repeating: -1, count: capacity)
        let newMask = capacity - 1
        for (id, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & newMask
            while newSlots[slot] >= 0 { slot = (slot &+ 1) & newMask }
            newSlots[slot] = Int32(id)
        }
        slots = newSlots
        mask = newMask
    }

    /// Calls `body` with the bytes of term `id`.
    public func withBytes<R>(of id: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = starts[id]
        let end = starts[id + 1]
        return try arena.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// Term `id` as a string.
    public func term(_ id: Int) -> String {
        withBytes(of: id) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether term `a` sorts before term `b` by bytes.
    public func precedes(_ a: Int, _ b: Int) -> Bool {
        let sa = starts[a], ea = starts[a + 1], sb = starts[b], eb = starts[b + 1]
        return arena.withUnsafeBufferPointer { arena in
            let la = ea - sa, lb = eb - sb
            let c = memcmp(arena.baseAddress! + sa, arena.baseAddress! + sb, min(la, lb))
            return c != 0 ? c < 0 : la < lb
        }
    }

    /// All terms joined by `\n`, in id order (the vocabulary section of a model file).
    public func joinedBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(arena.count + count)
        for id in 0..<count {
            if id > 0 { out.append(0x0A) }
            out.append(contentsOf: arena[starts[id]..<starts[id + 1]])
        }
        return out
    }

    /// A table from `\n`-separated terms, ids in order.
    public init(joinedBytes bytes: UnsafeBufferPointer<UInt8>, expectedCount: Int) {
        self.init(minimumCapacity: expectedCount)
        arena.reserveCapacity(bytes.count)
        hashes.reserveCapacity(expectedCount)
        starts.reserveCapacity(expectedCount + 1)
        guard expectedCount > 0 else { return }
        var start = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
            insert(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            start = i + 1
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
