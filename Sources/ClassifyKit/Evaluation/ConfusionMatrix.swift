/// Counts of true label (row) against predicted label (column) for single-label evaluation.
public struct ConfusionMatrix: Codable, Sendable, Equatable {
    /// Row and column names.
    public var labels: [String]
    /// `counts[true][predicted]`.
    public var counts: [[Int]]

    public init(labels: [String]) {
        self.labels = labels
        self.counts = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
    }

    /// Records one document.
    public mutating func add(truth: Int, predicted: Int) {
        counts[truth][predicted] += 1
    }

    /// The most frequent off-diagonal cells: (true, predicted, count), largest first.
    public func topConfusions(_ limit: Int) -> [(truth: String, predicted: String, count: Int)] {
        var cells: [(String, String, Int)] = []
        for t in 0..<labels.count {
            for p in 0..<labels.count where t != p && counts[t][p] > 0 {
                cells.append((labels[t], labels[p], counts[t][p]))
            }
        }
        return Array(cells.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit))
    }
}
