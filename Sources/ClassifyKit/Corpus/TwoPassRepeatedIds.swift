/// Finds document ids that occur more than once in a corpus read twice, in memory that does not
/// grow with the corpus: the first pass marks each id's hash in a Bloom filter of fixed size and
/// keeps the hashes the filter had already seen (every repeat, and a few false alarms); the second
/// pass runs `RepeatedIds` on the documents with those hashes only. The result is what
/// `RepeatedIds` fed every document would give.
struct TwoPassRepeatedIds {
    /// Bits of the Bloom filter (1 MiB): about 0.7% false alarms at 700,000 distinct ids.
    static let filterBits = 1 << 23
    /// Bits set per id.
    static let bitsPerId = 4

    private var filter = [UInt64](repeating: 0, count: filterBits / 64)
    private var candidates = Set<UInt64>()
    private var repeated = RepeatedIds()

    /// Ids that more than one document carried (complete after the second pass).
    var result: RepeatedIds { repeated }

    /// Notes `id` in the first pass.
    mutating func addFirstPass(_ id: String) {
        let hash = Self.hash(id)
        var seen = true
        for k in 0..<UInt64(Self.bitsPerId) {
            let bit = Int((hash &+ k &* (hash >> 32 | 1)) % UInt64(Self.filterBits))
            let mask: UInt64 = 1 << UInt64(bit % 64)
            if filter[bit / 64] & mask == 0 {
                seen = false
                filter[bit / 64] |= mask
            }
        }
        if seen { candidates.insert(hash) }
    }

    /// Notes `id` in the second pass.
    mutating func addSecondPass(_ id: String) {
        if candidates.contains(Self.hash(id)) { repeated.add(id) }
    }

    private static func hash(_ id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { Checksum.fnv1a64(UnsafeRawBufferPointer($0)) }
    }
}
