/// The memory `classify train --max-memory SIZE` trains within: it decides how many documents the
/// in-memory tuning sample holds and how large a cached block is, and training refuses to start
/// when the model alone would not fit.
public struct MemoryBudget: Sendable, Equatable {
    /// The budget in bytes.
    public var bytes: Int

    /// The budget when none is given: 1 GiB.
    public static let standard = MemoryBudget(bytes: 1 << 30)
    /// Corpora larger than this (in bytes on disk) train in a stream with the standard budget when
    /// the classifier can and nothing asks for the whole corpus in memory.
    public static let automaticStreamingInputBytes = 2_000_000_000
    /// The smallest budget accepted.
    public static let minimumBytes = 16 << 20
    /// The most documents the tuning sample holds, however large the budget: held-out tuning
    /// chooses among a handful of settings, which this many documents decide as well as millions.
    public static let maximumSampleDocuments = 20_000
    /// The share of the budget the tuning sample may take.
    static let sampleShare = 4
    /// The share of the budget one cached block may take (it is decoded to about twice its size).
    static let blockShare = 32
    /// The largest cached block.
    static let maximumBlockBytes = 32 << 20
    /// Bytes of memory per model weight while a linear model trains from the cache: the weights
    /// and their running average, the averaged copy, the assembled model and the tuning
    /// candidates (two at a time).
    static let linearBytesPerWeight = 40
    /// Bytes of memory per model weight while naive Bayes counts: the counts and the model.
    static let countBytesPerWeight = 16

    public init(bytes: Int) {
        self.bytes = bytes
    }

    /// A budget written as a number of bytes with an optional K, M, G or T suffix (powers of 1024),
    /// as `512M` or `2G`.
    public init(parsing text: String) throws {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var digits = Substring(text.uppercased())
        if digits.hasSuffix("B") || digits.hasSuffix("IB") { digits = digits.dropLast(digits.hasSuffix("IB") ? 2 : 1) }
        var unit = 1
        if let last = digits.last, let scale = units[last] {
            unit = scale
            digits = digits.dropLast()
        }
        guard let value = Double(digits), value.isFinite, value > 0, value * Double(unit) < Double(Int.max / 2) else {
            throw ClassifierError("--max-memory takes a size such as 512M or 2G (got \"\(text)\")")
        }
        bytes = Int(value * Double(unit))
        guard bytes >= Self.minimumBytes else {
            throw ClassifierError("--max-memory \(text) is below the smallest budget, \(Self.minimumBytes >> 20)M")
        }
    }

    /// The size of a cached block.
    var blockBytes: Int { min(max(bytes / Self.blockShare, 1 << 20), Self.maximumBlockBytes) }

    /// How many documents of `bytesPerDocument` the tuning sample may hold.
    func sampleDocuments(bytesPerDocument: Int) -> Int {
        min(Self.maximumSampleDocuments, bytes / Self.sampleShare / max(bytesPerDocument, 1))
    }

    /// Throws when a model of `features` × `labels` weights, each taking `bytesPerWeight` while it
    /// trains, would not fit in the budget.
    func check(features: Int, labels: Int, bytesPerWeight: Int) throws {
        let needed = features * labels * bytesPerWeight
        guard needed <= bytes else {
            throw ClassifierError(
                "training \(features) features × \(labels) labels needs about \(Self.megabytes(needed)), more than --max-memory \(Self.megabytes(bytes)); raise --max-memory or shrink the vocabulary (--min-df, --max-features)")
        }
    }

    /// `bytes` in whole mebibytes, rounded up, as `512M`.
    public static func megabytes(_ bytes: Int) -> String {
        "\(max(1, (bytes + (1 << 20) - 1) >> 20))M"
    }
}
