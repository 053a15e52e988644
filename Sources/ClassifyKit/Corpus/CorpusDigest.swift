/// A digest of a corpus as a set of documents: the sum (modulo 2⁶⁴) of each document's hash
/// (`TrainingProvenance.hash`), mixed so that similar hashes do not cancel. A sum does not depend
/// on the order documents come in or on how the corpus is split, so the digests of shards
/// `merge` into the digest of the whole corpus, and a model trained on shards records the same
/// digest as one trained on the concatenated corpus.
public struct CorpusDigest: Sendable, Equatable {
    /// The sum of the mixed document hashes.
    public private(set) var value: UInt64 = 0

    public init() {}

    /// A digest read back from its hexadecimal form.
    public init?(hex: String) {
        guard hex.utf8.count == 16, let value = UInt64(hex, radix: 16) else { return nil }
        self.value = value
    }

    /// Adds one document's hash.
    public mutating func add(_ documentHash: UInt64) {
        value &+= Self.mix(documentHash)
    }

    /// Adds the documents of another digest (another shard of the corpus).
    public mutating func merge(_ other: CorpusDigest) {
        value &+= other.value
    }

    /// The digest as 16 lowercase hexadecimal digits.
    public var hex: String { Checksum.hex(value) }

    /// SplitMix64's finaliser: every bit of the hash moves every bit of the result.
    static func mix(_ hash: UInt64) -> UInt64 {
        var z = hash &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
