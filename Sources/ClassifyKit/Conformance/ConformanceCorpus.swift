/// Small synthetic corpora on which any working classifier separates the labels: each label has
/// its own signature words, and every document adds words all labels share. Deterministic.
public enum ConformanceCorpus {
    /// The label names.
    public static let labels = ["alpha", "beta", "gamma"]
    /// Signature words per label.
    static let signatureWords = 8
    /// Words every label uses.
    static let sharedWords = ["report", "today", "people", "city", "year", "said", "new", "group", "time", "work", "plan", "week"]
    /// Signature words drawn per label a document carries.
    static let signaturePerDocument = 5
    /// Shared words drawn per document.
    static let sharedPerDocument = 8

    /// `perLabel` documents per label with exactly one label each, ids prefixed by `prefix`.
    public static func singleLabel(perLabel: Int, seed: UInt64, prefix: String = "d") -> [Document] {
        var generator = SeededGenerator(seed: seed)
        var documents: [Document] = []
        for i in 0..<(perLabel * labels.count) {
            let label = labels[i % labels.count]
            documents.append(document(id: "\(prefix)\(i)", labels: [label], generator: &generator))
        }
        return documents
    }

    /// `count` documents with one or two labels each (every label alone and in each pair).
    public static func multiLabel(count: Int, seed: UInt64, prefix: String = "m") -> [Document] {
        let sets = labels.map { [$0] } + [[labels[0], labels[1]], [labels[1], labels[2]], [labels[0], labels[2]]]
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { i in document(id: "\(prefix)\(i)", labels: sets[i % sets.count], generator: &generator) }
    }

    static func document(id: String, labels: [String], generator: inout SeededGenerator) -> Document {
        var words: [String] = []
        for label in labels {
            for _ in 0..<signaturePerDocument { words.append("\(label)word\(generator.next(below: signatureWords))") }
        }
        for _ in 0..<sharedPerDocument { words.append(sharedWords[generator.next(below: sharedWords.count)]) }
        generator.shuffle(&words)
        return Document(id: id, text: words.joined(separator: " "), labels: labels)
    }
}
