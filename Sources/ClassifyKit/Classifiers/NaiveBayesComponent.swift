/// The naive Bayes component a linear model blends into its scores (`--nb-weight`), built a block
/// of labels at a time: the counts behind it never span every label at once, so blending costs
/// memory for `blockSize` labels, not for the whole taxonomy.
///
/// Each label's component depends only on that label's counts and on the totals, so a block's
/// component equals those labels' columns of `NaiveBayesCounts.blendComponent` over every label.
struct NaiveBayesComponent {
    /// Labels per block.
    static let blockSize = 8

    /// Where the counts come from.
    enum Source {
        /// Counted from these rows of a matrix.
        case rows(SparseMatrix, LabelTargets, [Int])
        /// Counts already held (a feature cache's, or those merged from shards).
        case counts(NaiveBayesCounts)
    }

    let source: Source
    let labelCount: Int
    let featureCount: Int
    /// The smoothing (`--nb-alpha`).
    let alpha: Double
    let multiLabel: Bool

    /// The component counted from `rows` of `features`.
    init(features: SparseMatrix, targets: LabelTargets, rows: [Int], alpha: Double) {
        source = .rows(features, targets, rows)
        labelCount = targets.labelCount
        featureCount = features.columnCount
        self.alpha = alpha
        multiLabel = targets.isMultiLabel
    }

    /// The component of `counts`.
    init(counts: NaiveBayesCounts, alpha: Double, multiLabel: Bool) {
        source = .counts(counts)
        labelCount = counts.labelCount
        featureCount = counts.featureCount
        self.alpha = alpha
        self.multiLabel = multiLabel
    }

    /// The blocks the labels are taken in.
    var blocks: [Range<Int>] {
        stride(from: 0, to: labelCount, by: Self.blockSize).map { $0..<min(labelCount, $0 + Self.blockSize) }
    }

    /// The component of the labels `block`: `featureCount × block.count` weights and a bias per label.
    func component(labels block: Range<Int>) -> (weights: [Float], bias: [Float]) {
        let counts: NaiveBayesCounts
        switch source {
        case .rows(let features, let targets, let rows): counts = NaiveBayesCounts(features: features, targets: targets, rows: rows, labels: block)
        case .counts(let all): counts = all.restricted(to: block)
        }
        return counts.blendComponent(alpha: alpha, multiLabel: multiLabel)
    }

    /// The component's raw scores for each row of `features`, row-major `rows × labelCount`.
    func rawScores(for features: SparseMatrix) -> [Float] {
        let blocks = self.blocks
        let parts = ParallelMap.map(0..<blocks.count) { b -> [Float] in
            let block = blocks[b]
            let part = component(labels: block)
            return LinearScorer(
                weights: part.weights, bias: part.bias, featureCount: featureCount, labelCount: block.count, activation: .softmax
            ).rawScores(for: features)
        }
        return AveragedSGD.interleave(parts[...], blocks: blocks, rows: features.rowCount, labelCount: labelCount)
    }

    /// Adds `weight` times the component of the labels `labels` (all when nil) to `weights`
    /// (`featureCount × labels.count`) and `bias` (one per label of `labels`).
    func add(weight: Float, to weights: inout [Float], bias: inout [Float], labels: Range<Int>? = nil) {
        let labels = labels ?? 0..<labelCount
        let stride = labels.count
        weights.withUnsafeMutableBufferPointer { w in
            for first in Swift.stride(from: labels.lowerBound, to: labels.upperBound, by: Self.blockSize) {
                let block = first..<min(labels.upperBound, first + Self.blockSize)
                let part = component(labels: block)
                let width = block.count
                let column = block.lowerBound - labels.lowerBound
                part.weights.withUnsafeBufferPointer { p in
                    for j in 0..<featureCount {
                        BLAS.shortAxpy(count: width, alpha: weight, x: p.baseAddress! + j * width, y: w.baseAddress! + j * stride + column)
                    }
                }
                for l in 0..<width { bias[column + l] += weight * part.bias[l] }
            }
        }
    }
}
