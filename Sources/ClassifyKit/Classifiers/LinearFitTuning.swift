#if canImport(Glibc)
import Glibc
#endif

/// Held-out tuning for the linear classifiers (`LinearFit`): the regularisation λ, the weight of a naive Bayes
/// component blended into the linear scores, and a temperature that calibrates the blended
/// probabilities.
///
/// Why the blend: on 20 Newsgroups, logistic regression at its best λ and complement naive Bayes
/// make different mistakes, and adding γ times the complement naive Bayes weights to the learnt
/// weights raised test accuracy from 0.860 to 0.866 (γ = 2, before title terms, measured with
/// `classify eval`); the
/// result is still one linear model, scored and stored like any other.
extension LinearFit {
    /// The settings chosen on held-out data.
    struct Tuning {
        var lambda: Double
        var nbWeight: Double
        var temperature: Double
    }

    /// The λ candidates of `--l2 auto`.
    /// For averaged SGD: λ itself, from strong to weak; four candidates, so that two cores tune
    /// them in two rounds (1e-7 was dropped: no corpus in `../shared/corpora` nor the bundled
    /// one chose it, and the fifth candidate cost 20 Newsgroups a third round). For the dual logistic solver: C of 10, 30
    /// and 100 (scikit-learn's LogisticRegression at C = 10 ranks Reuters' rare labels as well).
    /// For the exact squared hinge:
    /// C = 1/(λ·documents) of 0.5, 1 and 2 around LIBLINEAR's default of 1 (weaker regularisation
    /// makes the dual solver slow and did not classify better).
    static func regularisationGrid(loss: LinearLoss, dual: Bool = false, documents: Int) -> [Double] {
        let inverse = { (c: [Double]) in c.map { 1 / ($0 * Double(max(documents, 1))) } }
        if dual { return inverse([10, 30, 100]) }
        switch loss {
        case .logistic: return [1e-5, 3e-6, 1e-6, 3e-7]
        case .squaredHinge: return inverse([0.5, 1, 2])
        }
    }

    /// The naive Bayes weights tried by `--nb-weight auto`. For one-vs-rest logistic labels the
    /// naive Bayes log-odds are far more extreme (on Reuters a weight of 0.5 already cost 7 points
    /// of micro-F1); support vector margins are near ±1, so the weights are smaller there.
    static func nbWeightGrid(loss: LinearLoss, multiLabel: Bool) -> [Double] {
        switch (loss, multiLabel) {
        case (.logistic, false): [0, 0.5, 1, 1.5, 2, 3]
        case (.logistic, true): [0, 0.05, 0.1, 0.2]
        case (.squaredHinge, true): [0, 0.01, 0.02, 0.05]
        case (.squaredHinge, false): [0, 0.05, 0.1, 0.2]
        }
    }

    /// Trains each λ candidate on four fifths of `rows` (averaged SGD: 3 epochs; the dual solvers:
    /// to a looser tolerance; λ, not C, is what carries over to the final fit on all rows), scores
    /// the rest with every
    /// naive Bayes weight, and keeps the pair with the best held-out accuracy (single-label) or
    /// micro-F1 (multi-label); ties go to the larger λ and the smaller weight. Then fits the
    /// temperature that minimises the held-out log-loss of the chosen blend. (Held-out log-loss was
    /// tried first for λ: it kept preferring the smallest λ, which cost 20 Newsgroups half a point.)
    /// With more than `tunedBlockLimit` one-vs-rest label blocks, λ is chosen on the busiest
    /// blocks (`tunedBlocks`) and the weight and temperature on every label at that λ.
    static func tune(
        setup: AveragedSGD.Setup, rows: [Int], seed: UInt64, lambdas: [Double], nbWeights: [Double], nbAlpha: Double,
        tuningEpochs: Int, tuningTolerance: Double, progress: ProgressHandler?
    ) throws -> Tuning {
        guard rows.count >= 20 else { return Tuning(lambda: lambdas.last ?? 1e-6, nbWeight: nbWeights.first ?? 0, temperature: 1) }
        let (train, heldOut) = try split(rows.count, fraction: 0.2, seed: seed)
        let trainRows = train.map { rows[$0] }
        let heldOutRows = heldOut.map { rows[$0] }
        let heldOutFeatures = setup.features.rows(heldOutRows)
        let multiLabel = setup.targets.isMultiLabel
        let labelCount = setup.targets.labelCount
        let averagedSGD = setup.loss == .logistic && !setup.dualLogistic
        let allBlocks = averagedSGD ? AveragedSGD.labelBlocks(labelCount: labelCount, oneVsRest: multiLabel) : [0..<labelCount]
        let blocks = averagedSGD ? tunedBlocks(setup: setup, rows: trainRows) : allBlocks
        let tuned = TunedLabels(blocks: blocks, labelCount: labelCount)
        let tunedLabelCount = tuned.count
        let tunesEveryLabel = tunedLabelCount == labelCount
        let allTruth = heldOutRows.map { setup.targets.documents[$0] }
        let allJudged = heldOutRows.map { setup.targets.judgedLabels(ofRow: $0) }
        let truth = allTruth.map(tuned.columns(of:))
        let judged = allJudged.map { $0.map(tuned.columns(of:)) }

        // Without a blend to try (partial annotation, or `--nb-weight 0`) no counts are needed.
        let allNaiveBayesScores: [Float]
        if nbWeights.allSatisfy({ $0 == 0 }) {
            allNaiveBayesScores = [Float](repeating: 0, count: heldOutRows.count * labelCount)
        } else {
            let blend = NaiveBayesComponent(features: setup.features, targets: setup.targets, rows: trainRows, alpha: nbAlpha)
            allNaiveBayesScores = blend.rawScores(for: heldOutFeatures)
        }
        let naiveBayesScores = tuned.selectingColumns(of: allNaiveBayesScores, rows: heldOutRows.count)

        let candidates: [[Float]]
        if averagedSGD {
            candidates = AveragedSGD.heldOutScores(
                setup: setup, rows: trainRows, heldOut: heldOutFeatures, lambdas: lambdas, epochs: tuningEpochs,
                tolerance: tuningTolerance, seed: seed, blocks: blocks)
        } else {
            candidates = ParallelMap.map(0..<lambdas.count) { i -> [Float] in
                let fit = solve(
                    setup: setup, rows: trainRows, validation: [], lambda: lambdas[i], epochs: tuningEpochs,
                    tolerance: tuningTolerance, seed: seed, progress: nil)
                return LinearScorer(
                    weights: fit.weights, bias: fit.bias, featureCount: setup.features.columnCount, labelCount: tunedLabelCount,
                    activation: .softmax
                ).rawScores(for: heldOutFeatures)
            }
        }
        var best = (lambda: 0, weight: 0, score: -1.0)
        var table: [String] = []
        for (i, scores) in candidates.enumerated() {
            var row: [String] = []
            for (k, weight) in nbWeights.enumerated() {
                let blended = blend(scores, naiveBayesScores, weight: Float(weight), temperature: 1)
                let score = decisionScore(blended, truth: truth, judged: judged, labels: tunedLabelCount, multiLabel: multiLabel)
                row.append(format(score))
                if score > best.score + 1e-12 { best = (i, k, score) }
            }
            table.append("\(lambdas[i]): " + row.joined(separator: "/"))
        }
        let measure = multiLabel ? "micro-F1" : "accuracy"
        let among = !tunesEveryLabel ? " on the \(tunedLabelCount) labels of the \(blocks.count) label blocks that carry the most documents" : ""
        progress?(
            "tuning on \(heldOutRows.count) held-out documents\(among) (\(measure) per λ, naive Bayes weight \(nbWeights.map { String($0) }.joined(separator: "/"))): "
                + table.joined(separator: "; "))
        var chosenScores = candidates[best.lambda]
        if !tunesEveryLabel {
            // The other blocks at the chosen λ only; the weight and temperature then use every label.
            let rest = allBlocks.filter { !blocks.contains($0) }
            let restScores = AveragedSGD.heldOutScores(
                setup: setup, rows: trainRows, heldOut: heldOutFeatures, lambdas: [lambdas[best.lambda]], epochs: tuningEpochs,
                tolerance: tuningTolerance, seed: seed, blocks: rest)[0]
            var all = [Float](repeating: 0, count: heldOutRows.count * labelCount)
            tuned.scatter(chosenScores, rows: heldOutRows.count, into: &all)
            TunedLabels(blocks: rest, labelCount: labelCount).scatter(restScores, rows: heldOutRows.count, into: &all)
            chosenScores = all
            var weightScores: [String] = []
            best.score = -1
            for (k, weight) in nbWeights.enumerated() {
                let blended = blend(all, allNaiveBayesScores, weight: Float(weight), temperature: 1)
                let score = decisionScore(blended, truth: allTruth, judged: allJudged, labels: labelCount, multiLabel: multiLabel)
                weightScores.append(format(score))
                if score > best.score + 1e-12 { (best.weight, best.score) = (k, score) }
            }
            progress?("\(measure) of all \(labelCount) labels at λ \(lambdas[best.lambda]) per naive Bayes weight: " + weightScores.joined(separator: "/"))
        }
        // `chosenScores` has every label's column now (the tuned ones are all of them, or the rest
        // were added), so the temperature is fitted on every label.
        let chosen = blend(chosenScores, allNaiveBayesScores, weight: Float(nbWeights[best.weight]), temperature: 1)
        let temperature = fitTemperature(chosen, truth: allTruth, judged: allJudged, labels: labelCount, multiLabel: multiLabel)
        progress?("chose λ \(lambdas[best.lambda]), naive Bayes weight \(nbWeights[best.weight]), temperature \(format(temperature))")
        return Tuning(lambda: lambdas[best.lambda], nbWeight: nbWeights[best.weight], temperature: temperature)
    }

    /// The most one-vs-rest label blocks (of `AveragedSGD.blockSize` labels) held-out tuning
    /// trains for every λ candidate. Micro-F1 counts every (document, label) pair, so the labels
    /// that carry the most documents decide which λ it prefers; in a larger taxonomy the other
    /// blocks train only at the chosen λ, where the naive Bayes weight and the temperature are
    /// chosen on every label, so tuning's cost grows with the candidates plus the labels rather
    /// than with their product. Taxonomies of at most this many blocks tune every block for every
    /// candidate, as choosing λ on fewer blocks can turn a near-tie the other way.
    static let tunedBlockLimit = 8

    /// The label blocks whose held-out scores choose λ: every block when there are at most `tunedBlockLimit`, otherwise the `tunedBlockLimit` blocks
    /// whose labels the most of `rows` carry (ties to the earlier block), in label order.
    static func tunedBlocks(setup: AveragedSGD.Setup, rows: [Int]) -> [Range<Int>] {
        let blocks = AveragedSGD.labelBlocks(labelCount: setup.targets.labelCount, oneVsRest: setup.targets.isMultiLabel)
        guard blocks.count > tunedBlockLimit else { return blocks }
        var documentsPerLabel = [Int](repeating: 0, count: setup.targets.labelCount)
        for row in rows { for label in setup.targets.documents[row] { documentsPerLabel[Int(label)] += 1 } }
        let carried = blocks.map { block in block.reduce(0) { $0 + documentsPerLabel[$1] } }
        let chosen = blocks.indices.sorted { carried[$0] != carried[$1] ? carried[$0] > carried[$1] : $0 < $1 }.prefix(tunedBlockLimit)
        return chosen.sorted().map { blocks[$0] }
    }

    /// The labels of some label blocks, numbered `0..<count` block after block: how tuning on
    /// those blocks alone reads the truth and the naive Bayes scores.
    struct TunedLabels {
        /// Each label's column among the tuned labels, or -1.
        let column: [Int32]
        /// The tuned labels, in column order.
        let labels: [Int]
        var count: Int { labels.count }

        init(blocks: [Range<Int>], labelCount: Int) {
            labels = blocks.flatMap { Array($0) }
            var column = [Int32](repeating: -1, count: labelCount)
            for (index, label) in labels.enumerated() { column[label] = Int32(index) }
            self.column = column
        }

        /// The columns of the tuned labels among `ids` (ascending when the blocks are).
        func columns(of ids: [Int32]) -> [Int32] {
            ids.compactMap { column[Int($0)] >= 0 ? column[Int($0)] : nil }
        }

        /// Writes the columns of `matrix` (`rows × count`, the tuned labels) into their labels'
        /// columns of `full` (`rows × labelCount`).
        func scatter(_ matrix: [Float], rows: Int, into full: inout [Float]) {
            let labelCount = column.count
            for i in 0..<rows {
                for (c, label) in labels.enumerated() { full[i * labelCount + label] = matrix[i * count + c] }
            }
        }

        /// The tuned labels' columns of a `rows × labelCount` matrix.
        func selectingColumns(of matrix: [Float], rows: Int) -> [Float] {
            let labelCount = column.count
            guard count < labelCount else { return matrix }
            var out = [Float](repeating: 0, count: rows * count)
            for i in 0..<rows {
                for (c, label) in labels.enumerated() { out[i * count + c] = matrix[i * labelCount + label] }
            }
            return out
        }
    }

    /// `(a + weight · b) / temperature`.
    static func blend(_ a: [Float], _ b: [Float], weight: Float, temperature: Float) -> [Float] {
        var out = a
        for i in 0..<out.count { out[i] = (out[i] + weight * b[i]) / temperature }
        return out
    }

    /// Accuracy of the arg-max (single-label) or micro-F1 of `score ≥ 0` (multi-label, over the
    /// document–label pairs judged: `judged[i]` nil means all of row i's).
    static func decisionScore(_ scores: [Float], truth: [[Int32]], judged: [[Int32]?]? = nil, labels: Int, multiLabel: Bool) -> Double {
        var tp = 0, fp = 0, fn = 0
        for (i, labelsOfRow) in truth.enumerated() {
            let row = scores[(i * labels)..<((i + 1) * labels)]
            if multiLabel {
                for l in 0..<labels where judged?[i]?.contains(Int32(l)) ?? true {
                    let predicted = row[i * labels + l] >= 0
                    let actual = labelsOfRow.contains(Int32(l))
                    if predicted && actual { tp += 1 } else if predicted { fp += 1 } else if actual { fn += 1 }
                }
            } else {
                var best = 0
                for l in 1..<labels where row[i * labels + l] > row[i * labels + best] { best = l }
                if best == Int(labelsOfRow[0]) { tp += 1 } else { fp += 1; fn += 1 }
            }
        }
        return 2 * tp + fp + fn > 0 ? Double(2 * tp) / Double(2 * tp + fp + fn) : 0
    }

    /// The mean log-loss of softmax (or sigmoid) probabilities of `scores / temperature` (sigmoid:
    /// over the judged document–label pairs).
    static func logLoss(
        _ scores: [Float], truth: [[Int32]], judged: [[Int32]?]? = nil, labels: Int, multiLabel: Bool, temperature: Double
    ) -> Double {
        var total = 0.0
        for (i, labelsOfRow) in truth.enumerated() {
            let row = scores[(i * labels)..<((i + 1) * labels)].map { Double($0) / temperature }
            if multiLabel {
                for l in 0..<labels where judged?[i]?.contains(Int32(l)) ?? true {
                    let z = labelsOfRow.contains(Int32(l)) ? row[l] : -row[l]
                    total += z >= 0 ? log1p(exp(-z)) : -z + log1p(exp(z))
                }
            } else {
                let maximum = row.max()!
                let sum = row.reduce(0) { $0 + exp($1 - maximum) }
                total += log(sum) + maximum - row[Int(labelsOfRow[0])]
            }
        }
        return total / Double(max(truth.count, 1))
    }

    /// The temperature in [0.05, 20] minimising held-out log-loss (golden-section search on its log).
    static func fitTemperature(_ scores: [Float], truth: [[Int32]], judged: [[Int32]?]? = nil, labels: Int, multiLabel: Bool) -> Double {
        var low = log(0.05), high = log(20.0)
        let ratio = (5.0.squareRoot() - 1) / 2
        func loss(_ x: Double) -> Double { logLoss(scores, truth: truth, judged: judged, labels: labels, multiLabel: multiLabel, temperature: exp(x)) }
        var a = high - ratio * (high - low), b = low + ratio * (high - low)
        var fa = loss(a), fb = loss(b)
        for _ in 0..<40 {
            if fa < fb {
                high = b; b = a; fb = fa
                a = high - ratio * (high - low); fa = loss(a)
            } else {
                low = a; a = b; fa = fb
                b = low + ratio * (high - low); fb = loss(b)
            }
        }
        return exp((low + high) / 2)
    }
}
