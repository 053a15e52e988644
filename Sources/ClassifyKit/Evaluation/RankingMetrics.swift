/// Metrics computed from label probabilities rather than decisions: top-k accuracy,
/// precision and recall at k, and the micro-averaged precision-recall curve.
struct RankingMetrics {
    let probabilities: [Float]
    let truth: [Set<Int>]
    let labelCount: Int

    init(probabilities: [Float], truth: [[String]], labels: [String]) {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        self.probabilities = probabilities
        self.truth = truth.map { Set($0.compactMap { index[$0] }) }
        self.labelCount = labels.count
    }

    /// Label ids of document `i`, most probable first (ties by id).
    func ranked(_ i: Int) -> [Int] {
        let base = i * labelCount
        return (0..<labelCount).sorted {
            probabilities[base + $0] != probabilities[base + $1] ? probabilities[base + $0] > probabilities[base + $1] : $0 < $1
        }
    }

    func topKAccuracy(_ ks: [Int]) -> [String: Double] {
        var hits = [Int](repeating: 0, count: ks.count)
        for i in truth.indices {
            let order = ranked(i)
            for (n, k) in ks.enumerated() where !truth[i].isDisjoint(with: order.prefix(k)) { hits[n] += 1 }
        }
        return Dictionary(uniqueKeysWithValues: ks.enumerated().map { (String($1), Double(hits[$0]) / Double(max(truth.count, 1))) })
    }

    func precisionAtK(_ ks: [Int]) -> [String: Double] {
        var sums = [Double](repeating: 0, count: ks.count)
        for i in truth.indices {
            let order = ranked(i)
            for (n, k) in ks.enumerated() {
                sums[n] += Double(truth[i].intersection(order.prefix(k)).count) / Double(k)
            }
        }
        return Dictionary(uniqueKeysWithValues: ks.enumerated().map { (String($1), sums[$0] / Double(max(truth.count, 1))) })
    }

    func recallAtK(_ ks: [Int]) -> [String: Double] {
        var sums = [Double](repeating: 0, count: ks.count)
        var counted = 0
        for i in truth.indices where !truth[i].isEmpty {
            counted += 1
            let order = ranked(i)
            for (n, k) in ks.enumerated() {
                sums[n] += Double(truth[i].intersection(order.prefix(k)).count) / Double(truth[i].count)
            }
        }
        return Dictionary(uniqueKeysWithValues: ks.enumerated().map { (String($1), sums[$0] / Double(max(counted, 1))) })
    }

    /// Micro-averaged precision and recall as one global threshold sweeps from high to low, thinned
    /// to about `points` points.
    func microPrecisionRecallCurve(points: Int) -> [PrecisionRecallPoint] {
        let positives = truth.reduce(0) { $0 + $1.count }
        guard positives > 0 else { return [] }
        var scored: [(Float, Bool)] = []
        scored.reserveCapacity(probabilities.count)
        for i in truth.indices {
            for l in 0..<labelCount { scored.append((probabilities[i * labelCount + l], truth[i].contains(l))) }
        }
        scored.sort { $0.0 > $1.0 }
        var curve: [PrecisionRecallPoint] = []
        var tp = 0, fp = 0
        let step = max(1, min(scored.count, positives * 2) / points)
        for (n, (score, positive)) in scored.enumerated() {
            if positive { tp += 1 } else { fp += 1 }
            let last = n + 1 == scored.count || scored[n + 1].0 != score
            if last && (n % step == 0 || tp == positives) {
                curve.append(PrecisionRecallPoint(threshold: score, precision: Double(tp) / Double(tp + fp), recall: Double(tp) / Double(positives)))
                if tp == positives { break }
            }
        }
        return curve
    }
}
