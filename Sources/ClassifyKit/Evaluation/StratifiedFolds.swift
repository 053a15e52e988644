/// Splits documents into k folds that keep each label's share about equal in every fold.
public enum StratifiedFolds {
    /// The fold (0..<k) of each document. Single-label documents are dealt out label by label in a
    /// seeded order; multi-label documents by iterative stratification (Sechidis, Tsoumakas &
    /// Vlahavas 2011): the rarest label first, each of its documents to the fold that still wants
    /// that label most. Deterministic under `seed`.
    public static func assign(labelSets: [[String]], folds k: Int, seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed ^ 0xF01D)
        let n = labelSets.count
        var fold = [Int](repeating: -1, count: n)
        let multiLabel = labelSets.contains { $0.count != 1 }
        if !multiLabel {
            var byLabel: [String: [Int]] = [:]
            for (i, labels) in labelSets.enumerated() { byLabel[labels.first ?? "", default: []].append(i) }
            var next = 0
            for label in byLabel.keys.sorted() {
                var members = byLabel[label]!
                generator.shuffle(&members)
                for i in members {
                    fold[i] = next % k
                    next += 1
                }
            }
            return fold
        }
        // Desired counts per fold, overall and per label.
        var wantedTotal = [Double](repeating: Double(n) / Double(k), count: k)
        var labelMembers: [String: [Int]] = [:]
        for (i, labels) in labelSets.enumerated() { for l in Set(labels) { labelMembers[l, default: []].append(i) } }
        var wanted: [String: [Double]] = labelMembers.mapValues { [Double](repeating: Double($0.count) / Double(k), count: k) }
        var remaining = Set(0..<n)
        while !remaining.isEmpty {
            // The label with the fewest unassigned documents (ties by name).
            let counts = labelMembers.compactMap { label, members -> (String, Int)? in
                let left = members.filter { remaining.contains($0) }.count
                return left > 0 ? (label, left) : nil
            }
            guard let (label, _) = counts.min(by: { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }) else {
                // Documents without labels: spread by total demand.
                for i in remaining.sorted() {
                    let target = (0..<k).max { wantedTotal[$0] < wantedTotal[$1] }!
                    fold[i] = target
                    wantedTotal[target] -= 1
                }
                break
            }
            var members = labelMembers[label]!.filter { remaining.contains($0) }
            generator.shuffle(&members)
            for i in members {
                let want = wanted[label]!
                let best = want.max()!
                let candidates = (0..<k).filter { want[$0] == best }
                let bestTotal = candidates.map { wantedTotal[$0] }.max()!
                let finalists = candidates.filter { wantedTotal[$0] == bestTotal }
                let target = finalists[generator.next(below: finalists.count)]
                fold[i] = target
                wantedTotal[target] -= 1
                for l in Set(labelSets[i]) { wanted[l]![target] -= 1 }
                remaining.remove(i)
            }
        }
        return fold
    }
}
