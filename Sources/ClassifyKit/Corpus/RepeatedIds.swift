/// Notices document ids that occur more than once in a stream of documents, keeping an 8-byte hash
/// per id (not the ids), how many repeat, and the first few of them.
public struct RepeatedIds: Sendable {
    /// How many of the repeated ids are kept by name.
    public static let examplesKept = 100

    /// How many distinct ids occurred more than once.
    public private(set) var count = 0
    /// The first repeated ids, in the order their first repeat came (at most `examplesKept`).
    public private(set) var examples: [String] = []
    private var seen = Set<UInt64>()
    private var reported = Set<UInt64>()

    public init() {}

    /// Counts one more document with `id`.
    public mutating func add(_ id: String) {
        var id = id
        let hash = id.withUTF8 { Checksum.fnv1a64(UnsafeRawBufferPointer($0)) }
        guard !seen.insert(hash).inserted, reported.insert(hash).inserted else { return }
        count += 1
        if examples.count < Self.examplesKept { examples.append(id) }
    }
}
