/// How a trained linear model is made smaller: each label's weights smaller in magnitude than
/// `pruneFraction` of that label's largest are dropped, and the rest are kept sparse, in half
/// precision or in 8 bits with a scale per label (as fastText's `quantize`). The cut is relative,
/// so it means the same for a model of small weights (few documents, strong regularisation) as
/// for one of large weights.
///
/// A softmax model is first centred: each feature's weights lose their mean over the labels, which
/// adds the same amount to every label's score and so leaves every probability as it was, and
/// leaves the smallest weights to drop (a naive Bayes blend gives every feature a large common
/// part). The bound: with `m` a label's largest |weight|, dropping the weights below
/// `pruneFraction · m` moves a document's raw score (the logit, after the temperature) for that
/// label by at most `pruneFraction · m · ‖x‖₁`, where `‖x‖₁ ≤ √n` for a TF-IDF row of unit L2 norm
/// with `n` distinct features. 8-bit quantisation rounds each kept weight to a multiple of
/// `m / 127`, which moves a score by at most `‖x‖₁ · m / 254` more; weights that round to zero
/// are dropped. The bound is that of the centred scorer on the same rows: dropping the terms no
/// weight reads (`TrainedModel.compressed`) also renormalises the rows, and the IDF weights are
/// rounded to half precision.
public struct LinearCompression: Sendable, Equatable {
    /// Each label's weights smaller in magnitude than this fraction of its largest are dropped
    /// (`--prune`): 0 drops only zeros.
    public var pruneFraction: Float
    /// Keep the weights in 8 bits with a scale per label instead of half precision.
    public var quantize: Bool
    /// Remove the vocabulary terms no kept weight reads (`TrainedModel.compressed`).
    public var dropUnusedTerms: Bool

    /// The largest 8-bit quantised value (symmetric, so -127...127).
    public static let quantizedLimit: Float = 127

    public init(pruneFraction: Float, quantize: Bool = false, dropUnusedTerms: Bool = true) {
        self.pruneFraction = pruneFraction
        self.quantize = quantize
        self.dropUnusedTerms = dropUnusedTerms
    }

    /// Throws unless the settings are usable.
    public func validate() throws {
        guard pruneFraction.isFinite, pruneFraction >= 0, pruneFraction < 1 else {
            throw ClassifierError("--prune must be a fraction of each label's largest weight, from 0 to below 1 (got \(pruneFraction))")
        }
    }

    /// `scorer` with its weights centred (dense softmax weights), pruned and rounded to half
    /// precision or quantised, held sparse. Weights already sparse (a compressed model compressed
    /// again) are pruned where they are, never made dense, and not centred again.
    public func apply(to scorer: LinearScorer) -> LinearScorer {
        let featureCount = scorer.featureCount
        let labelCount = scorer.labelCount
        switch scorer.storage {
        case .dense(let dense):
            return LinearScorer(
                sparse: compressed(dense: dense, featureCount: featureCount, labelCount: labelCount, activation: scorer.activation),
                bias: scorer.bias, activation: scorer.activation)
        case .sparse(let sparse):
            let kept = pruned(sparse)
            return LinearScorer(sparse: quantize ? Self.quantized(kept) : Self.roundedToHalf(kept), bias: scorer.bias, activation: scorer.activation)
        }
    }

    /// Dense `featureCount × labelCount` weights compressed as `apply` compresses a scorer holding
    /// them. Every step but the centring of a softmax works label by label, so the weights of a
    /// block of one-vs-rest labels compress to exactly those labels of the whole model compressed
    /// (`SparseLinearWeights.joining`).
    public func compressed(dense: [Float], featureCount: Int, labelCount: Int, activation: OutputActivation) -> SparseLinearWeights {
        var dense = dense
        if activation == .softmax { Self.centre(&dense, featureCount: featureCount, labelCount: labelCount) }
        var cuts = [Float](repeating: 0, count: labelCount)
        for k in 0..<dense.count { cuts[k % labelCount] = max(cuts[k % labelCount], abs(dense[k])) }
        cuts = cuts.map { $0 * pruneFraction }
        let kept = SparseLinearWeights(
            dense: dense, featureCount: featureCount, labelCount: labelCount, keep: { abs(dense[$0 * labelCount + $1]) >= cuts[$1] })
        return quantize ? Self.quantized(kept) : Self.roundedToHalf(kept)
    }

    /// `weights` without those below `pruneFraction` of their label's largest. Quantised weights
    /// are cut half a step lower: rounding may have taken a weight that passed this cut before
    /// just under it, and compressing twice with the same settings changes nothing.
    func pruned(_ weights: SparseLinearWeights) -> SparseLinearWeights {
        var cuts = [Float](repeating: 0, count: weights.labelCount)
        for k in 0..<weights.nonZeroCount { cuts[Int(weights.labels[k])] = max(cuts[Int(weights.labels[k])], abs(weights.values[k])) }
        cuts = cuts.map { $0 * pruneFraction }
        if let scales = weights.scales { cuts = (0..<weights.labelCount).map { cuts[$0] - scales[$0] / 2 } }
        var offsets = [0]
        offsets.reserveCapacity(weights.featureCount + 1)
        var labels: [UInt32] = []
        var values: [Float] = []
        for feature in 0..<weights.featureCount {
            for k in weights.offsets[feature]..<weights.offsets[feature + 1] where abs(weights.values[k]) >= cuts[Int(weights.labels[k])] {
                labels.append(weights.labels[k])
                values.append(weights.values[k])
            }
            offsets.append(labels.count)
        }
        return SparseLinearWeights(
            checkedFeatureCount: weights.featureCount, labelCount: weights.labelCount, offsets: offsets, labels: labels, values: values,
            scales: weights.scales)
    }

    /// Subtracts from each feature's weights their mean over the labels (rounded to half precision,
    /// as stored).
    static func centre(_ dense: inout [Float], featureCount: Int, labelCount: Int) {
        for feature in 0..<featureCount {
            let row = feature * labelCount
            var sum: Double = 0
            for l in 0..<labelCount { sum += Double(dense[row + l]) }
            let mean = Float(sum / Double(labelCount))
            for l in 0..<labelCount { dense[row + l] -= mean }
        }
        dense = ClassifierState.roundedToHalf(dense)
    }

    /// `weights` with each value rounded to half precision (as a model file stores them).
    static func roundedToHalf(_ weights: SparseLinearWeights) -> SparseLinearWeights {
        SparseLinearWeights(
            checkedFeatureCount: weights.featureCount, labelCount: weights.labelCount, offsets: weights.offsets,
            labels: weights.labels, values: ClassifierState.roundedToHalf(weights.values), scales: nil)
    }

    /// `weights` rounded to multiples of a per-label scale (the label's largest |weight| / 127, or
    /// the scales they were quantised with), with the weights that round to zero dropped.
    static func quantized(_ weights: SparseLinearWeights) -> SparseLinearWeights {
        var largest = [Float](repeating: 0, count: weights.labelCount)
        for k in 0..<weights.nonZeroCount {
            let label = Int(weights.labels[k])
            largest[label] = max(largest[label], abs(weights.values[k]))
        }
        // Weights quantised before keep their scales, so that they stay exactly as they are.
        let scales = weights.scales ?? largest.map { $0 > 0 ? $0 / quantizedLimit : 1 }
        var offsets = [0]
        var labels: [UInt32] = []
        var values: [Float] = []
        for feature in 0..<weights.featureCount {
            for k in weights.offsets[feature]..<weights.offsets[feature + 1] {
                let scale = scales[Int(weights.labels[k])]
                let level = min(max((weights.values[k] / scale).rounded(), -quantizedLimit), quantizedLimit)
                if level != 0 {
                    labels.append(weights.labels[k])
                    values.append(level * scale)
                }
            }
            offsets.append(labels.count)
        }
        return SparseLinearWeights(
            checkedFeatureCount: weights.featureCount, labelCount: weights.labelCount, offsets: offsets, labels: labels,
            values: values, scales: scales)
    }
}
