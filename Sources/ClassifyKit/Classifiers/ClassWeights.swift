/// Per-label weights on the training loss: `none`, `balanced` (inversely proportional to label
/// frequency, as scikit-learn's `class_weight='balanced'`), `balanced:K` (the weight
/// relative to the other documents, capped at K),
/// `auto`, or a file of `label weight` lines.
///
/// `auto` is `none` for one-of-many labels and `balanced:5` for one-vs-rest labels. Measured on
/// Reuters-21578 (90 labels; `classify train … --l2 1e-7 --nb-weight 0 --class-weight W`, then
/// `classify eval`): without weights a label with a handful of training documents almost never
/// reaches probability ½ (micro-F1 0.872, macro-F1 0.456); `balanced:3` / `5` / `10`: micro 0.883
/// / 0.880 / 0.858, macro 0.528 / 0.581 / 0.597; uncapped `balanced` gives weights up to 3,885 that
/// stochastic steps cannot follow (micro 0.498, macro 0.398).
public struct ClassWeights: Sendable {
    /// Single-label: the weight of a document of each class. Multi-label: the weight of a document
    /// carrying the label, in that label's one-vs-rest problem.
    public var positive: [Float]
    /// Multi-label: the weight of a document without the label in that label's problem.
    public var negative: [Float]

    /// Weights given per label (both arrays one value per label).
    public init(positive: [Float], negative: [Float]) {
        self.positive = positive
        self.negative = negative
    }

    /// The cap of `auto` for one-vs-rest labels.
    static let automaticCap = 5
    /// How `balanced:K` starts.
    static let cappedPrefix = "balanced:"

    /// Throws when `spec` cannot describe weights whatever the corpus: a `balanced:K` whose K is
    /// not a number of at least 1. (A file is read when the weights are resolved.)
    @Sendable public static func checkSpecification(_ spec: String) throws {
        if spec.hasPrefix(cappedPrefix) { _ = try balancedCap(spec) }
    }

    /// The K of `balanced:K`; throws unless it is a finite number of at least 1.
    private static func balancedCap(_ spec: String) throws -> Float {
        guard let cap = Float(spec.dropFirst(cappedPrefix.count)), cap >= 1, cap.isFinite else {
            throw ClassifierError("--class-weight balanced:K needs a number K ≥ 1 (got \"\(spec)\")")
        }
        return cap
    }

    /// The weights `spec` describes for `targets` (`none`, `balanced`, `balanced:K`, `auto`, or the
    /// path of a `label weight` file); an error names what is wrong with it.
    public static func resolve(_ spec: String, targets: LabelTargets) throws -> ClassWeights {
        let labels = targets.labelCount
        let n = Float(targets.documentCount)
        let counts = targets.documentsPerLabel.map(Float.init)
        // One-vs-rest: each label's problem has the documents judged for it (all, unless the
        // annotation is partial).
        let judged = targets.documentsJudgedPerLabel.map(Float.init)
        if spec == "auto" {
            return try resolve(targets.isMultiLabel ? "balanced:\(Self.automaticCap)" : "none", targets: targets)
        }
        if spec.hasPrefix(Self.cappedPrefix) {
            let cap = try balancedCap(spec)
            let ones = [Float](repeating: 1, count: labels)
            if targets.isMultiLabel {
                // The odds against the label, between 1 and the cap; documents without it weigh 1.
                return ClassWeights(
                    positive: zip(counts, judged).map { count, n in min(max((n - count) / max(count, 1), 1), cap) }, negative: ones)
            }
            return ClassWeights(positive: counts.map { min(n / (Float(labels) * max($0, 1)), cap) }, negative: ones)
        }
        switch spec {
        case "none", "":
            return ClassWeights(positive: .init(repeating: 1, count: labels), negative: .init(repeating: 1, count: labels))
        case "balanced":
            if targets.isMultiLabel {
                return ClassWeights(
                    positive: zip(counts, judged).map { count, n in n / (2 * max(count, 1)) },
                    negative: zip(counts, judged).map { count, n in n / (2 * max(n - count, 1)) })
            }
            return ClassWeights(
                positive: counts.map { n / (Float(labels) * max($0, 1)) }, negative: .init(repeating: 1, count: labels))
        default:
            return try fromFile(spec, targets: targets)
        }
    }

    /// The weights of a `label weight` file for `targets`: a label the corpus lacks is an error,
    /// unless the whole corpus has it (`targets.knownLabels`, when training on a fold of it).
    private static func fromFile(_ path: String, targets: LabelTargets) throws -> ClassWeights {
        let index = Dictionary(uniqueKeysWithValues: targets.labelNames.enumerated().map { ($1, $0) })
        var positive = [Float](repeating: 1, count: targets.labelCount)
        for entry in try fileEntries(path) {
            guard let id = index[entry.label] else {
                if targets.knownLabels.contains(entry.label) { continue }
                throw CorpusError(path: path, line: entry.line, "unknown label \"\(entry.label)\" (not in the training data)")
            }
            positive[id] = entry.weight
        }
        return ClassWeights(positive: positive, negative: .init(repeating: 1, count: targets.labelCount))
    }

    /// The largest weight a file may give: larger ones make every step of a stochastic solver
    /// overshoot.
    public static let largestWeight: Float = 1_000_000

    /// The `label weight` lines of the file at `path` (blank lines and `#` comments skipped), each
    /// with its line number; throws for an unreadable file, a malformed line, a weight outside
    /// (0, `largestWeight`], a label given twice, or no line at all.
    static func fileEntries(_ path: String) throws -> [(label: String, weight: Float, line: Int)] {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch let error as FileAccessError {
            throw ClassifierError("--class-weight \(path): \(error.reason) (give none, balanced, balanced:K, auto, or a file of `label weight` lines)")
        }
        var entries: [(label: String, weight: Float, line: Int)] = []
        var lines: [String: Int] = [:]
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let text = bytes.starts(with: byteOrderMark) ? bytes.dropFirst(byteOrderMark.count) : bytes[...]
        for (number, raw) in text.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            var text = Substring(String(decoding: raw, as: UTF8.self))
            if text.utf8.last == 0x0D { text = Substring(text.utf8.dropLast()) }
            let line = text.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let split = line.lastIndex(where: { $0 == " " || $0 == "\t" }),
                let weight = Float(line[line.index(after: split)...]), weight > 0, weight <= largestWeight
            else {
                throw CorpusError(path: path, line: number + 1, "expected `label weight` with a weight above 0 and at most \(Int(largestWeight))")
            }
            let label = String(line[..<split].trimmingSpaces())
            if let first = lines[label] {
                throw CorpusError(path: path, line: number + 1, "label \"\(label)\" was given a weight on line \(first) already")
            }
            lines[label] = number + 1
            entries.append((label, weight, number + 1))
        }
        guard !entries.isEmpty else { throw CorpusError(path: path, "holds no `label weight` line") }
        return entries
    }

    /// Throws when `spec` names a file of weights that cannot be read or is malformed (its labels
    /// are checked against a corpus when the weights are resolved); keywords pass.
    public static func checkFile(_ spec: String) throws {
        guard !["auto", "none", "balanced", ""].contains(spec), !spec.hasPrefix(cappedPrefix) else { return }
        _ = try fileEntries(spec)
    }
}
