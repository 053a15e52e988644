/// Draws about `size` of a stream of `total` documents, each independently with probability
/// `size / total` decided by a seeded hash of its position: every document when `size ≥ total`,
/// and the same documents for the same seed however the stream is read.
struct DocumentSampler {
    /// A document is taken when its hash is below this (`UInt64.max` takes all).
    private let cutoff: UInt64
    private let seed: UInt64
    private var position: UInt64 = 0

    init(size: Int, of total: Int, seed: UInt64) {
        self.seed = seed
        cutoff = size >= total ? .max : UInt64(Double(UInt64.max) * (Double(max(size, 0)) / Double(max(total, 1))))
    }

    /// Whether the next document of the stream is in the sample.
    mutating func takesNext() -> Bool {
        defer { position += 1 }
        if cutoff == .max { return true }
        var generator = SeededGenerator(seed: seed ^ (position &* 0x9E37_79B9_7F4A_7C15))
        return generator.next() < cutoff
    }
}
