import CBLAS

/// Terms gathered to be looked up in a `TermTable` together. Each is copied and hashed as it
/// comes, and its slot asked for ahead (a prefetch); `resolve` asks for the entries the slots name,
/// then probes every term in the order added. The lookups of a batch then wait for memory side by
/// side instead of one after another: a large vocabulary does not fit in cache, and a probe is up
/// to four dependent loads (slot, hash, start, bytes). Same ids as looking each term up alone.
final class PendingTerms {
    /// Terms in one batch.
    static let capacity = 16
    /// Bytes of the terms of one batch; a longer term is looked up alone.
    static let byteCapacity = 1024

    private let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: byteCapacity)
    private let starts = UnsafeMutablePointer<Int>.allocate(capacity: capacity + 1)
    private let hashes = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
    /// The terms waiting.
    private(set) var count = 0

    init() { starts[0] = 0 }

    deinit {
        bytes.deallocate()
        starts.deallocate()
        hashes.deallocate()
    }

    /// Adds `term` and asks for its slot in `table`; false (nothing added) when the batch is full
    /// or the term does not fit in what is left of its bytes.
    @inline(__always)
    func add(_ term: UnsafeBufferPointer<UInt8>, in table: TermTable.Lookup) -> Bool {
        guard let h = append(term) else { return false }
        table.prefetchSlot(h)
        return true
    }

    /// Copies `term` in and returns its hash; nil when it does not fit.
    @inline(__always)
    private func append(_ term: UnsafeBufferPointer<UInt8>) -> UInt64? {
        let start = starts[count]
        guard count < Self.capacity, term.count <= Self.byteCapacity &- start else { return nil }
        if let base = term.baseAddress { (bytes + start).update(from: base, count: term.count) }
        let h = TermTable.hash(term)
        hashes[count] = h
        count &+= 1
        starts[count] = start &+ term.count
        return h
    }

    /// Looks up every waiting term in `table`, in the order added, passing each id (nil when
    /// absent) to `body`; leaves the batch empty.
    @inline(__always)
    func resolve(in table: TermTable.Lookup, _ body: (Int32?) -> Void) {
        for i in 0..<count { table.prefetchEntry(hashes[i]) }
        for i in 0..<count {
            let key = UnsafeBufferPointer(start: bytes + starts[i], count: starts[i &+ 1] &- starts[i])
            body(table.id(of: key, hash: hashes[i]))
        }
        count = 0
    }
}

extension TermTable.Lookup {
    /// Asks for the slot a key of hash `h` probes first.
    @inline(__always)
    func prefetchSlot(_ h: UInt64) {
        classify_prefetch(slots.baseAddress! + (Int(truncatingIfNeeded: h) & mask))
    }

    /// Asks for the hash and start of the term in the slot a key of hash `h` probes first.
    @inline(__always)
    func prefetchEntry(_ h: UInt64) {
        let id = Int(slots[Int(truncatingIfNeeded: h) & mask])
        guard id >= 0 else { return }
        classify_prefetch(hashes.baseAddress! + id)
        classify_prefetch(starts.baseAddress! + id)
    }

    /// The id of `key`, whose hash is `h`, or nil.
    @inline(__always)
    func id(of key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32? {
        let found = probe(h, key)
        return found.id >= 0 ? found.id : nil
    }
}
