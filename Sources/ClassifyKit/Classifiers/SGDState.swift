import CBLAS

#if canImport(Glibc)
import Glibc
#endif

/// Averaged SGD (Bottou 2010; Xu 2011) on `features × labels` weights, with the L2 decay and the
/// running average kept as scalars so that a step touches only the rows of the document's features:
/// the current weights are `V / wDivisor`, the averaged weights `(A + wFraction · V) / aDivisor`.
struct SGDState {
    let featureCount: Int
    let labelCount: Int
    /// The labels this state trains (all, or a one-vs-rest block).
    let labels: Range<Int>
    let lambda: Double
    /// Independent per-label sigmoids (or margins); otherwise one softmax over the labels.
    let oneVsRest: Bool
    /// The squared hinge loss per label (one-vs-rest) instead of the logistic loss.
    let hinge: Bool
    let learnBias: Bool
    var eta0: Double
    /// The step from which weights are averaged (the first epoch only moves towards the optimum).
    var averageStart: Double
    var v: [Float]
    var a: [Float]
    var wDivisor = 1.0
    var aDivisor = 1.0
    var wFraction = 0.0
    var bias: [Float]
    var averageBias: [Float]
    var step = 0.0
    /// Whether `a` holds values that must be cleared when averaging (re)starts.
    var averageDirty = false

    init(
        featureCount: Int, labels: Range<Int>, lambda: Double, oneVsRest: Bool, learnBias: Bool,
        eta0: Double, averageStart: Double, hinge: Bool = false
    ) {
        self.featureCount = featureCount
        self.hinge = hinge
        self.labelCount = labels.count
        self.labels = labels
        self.lambda = lambda
        self.oneVsRest = oneVsRest
        self.learnBias = learnBias
        self.eta0 = eta0
        self.averageStart = averageStart
        v = [Float](repeating: 0, count: featureCount * labelCount)
        a = v
        bias = [Float](repeating: 0, count: labelCount)
        averageBias = bias
    }

    /// A state for `labels` whose learning rate is calibrated on a sample of `calibrationRows`;
    /// averaging starts after one epoch of `epochRows` rows (`calibrationRows.count` when nil).
    /// The squared hinge (`setup.loss`) trains every label one-vs-rest.
    init(setup: AveragedSGD.Setup, labels: Range<Int>, lambda: Double, calibrationRows: [Int], seed: UInt64, epochRows: Int? = nil) {
        var sample = calibrationRows
        var generator = SeededGenerator(seed: seed ^ 0xCA1B)
        generator.shuffle(&sample)
        let eta0 = Self.calibrateEta0(sample: Array(sample.prefix(1000)), setup: setup, labels: labels, lambda: lambda)
        self.init(
            featureCount: setup.features.columnCount, labels: labels, lambda: lambda,
            oneVsRest: setup.targets.isMultiLabel || setup.loss == .squaredHinge, learnBias: setup.learnBias, eta0: eta0,
            averageStart: Double(epochRows ?? calibrationRows.count), hinge: setup.loss == .squaredHinge)
    }

    /// Starts from `initial` (the whole model's weights, `features × labelCount`) for this state's
    /// labels, averaging from the next step.
    mutating func start(from initial: LinearParameters, labelCount totalLabels: Int) {
        for j in 0..<featureCount {
            for l in 0..<self.labelCount {
                v[j * self.labelCount + l] = initial.weights[j * totalLabels + labels.lowerBound + l]
            }
        }
        for l in 0..<self.labelCount { bias[l] = initial.bias[labels.lowerBound + l] }
        // The average is the current weights until averaging starts: A = 0, fraction 1.
        a = [Float](repeating: 0, count: v.count)
        averageDirty = false
        averageBias = bias
        wDivisor = 1
        aDivisor = 1
        wFraction = 1
        averageStart = step
    }

    /// The averaged weights (the model), `features × labels`.
    func averagedWeights() -> [Float] {
        [Float](unsafeUninitializedCapacity: featureCount * labelCount) { buffer, count in
            writeAveragedWeights(into: buffer.baseAddress!, stride: labelCount, firstColumn: 0)
            count = featureCount * labelCount
        }
    }

    /// Writes the averaged weights into the columns `firstColumn..<firstColumn + labelCount` of
    /// `output`, a `features × stride` row-major matrix, without a copy of this block's weights.
    func writeAveragedWeights(into output: UnsafeMutablePointer<Float>, stride: Int, firstColumn first: Int) {
        let aScale = Float(1 / aDivisor)
        let vScale = Float(wFraction / aDivisor)
        let width = labelCount
        a.withUnsafeBufferPointer { a in
            v.withUnsafeBufferPointer { v in
                for j in 0..<featureCount {
                    let row = output + j * stride + first
                    for l in 0..<width { row[l] = aScale * a[j * width + l] + vScale * v[j * width + l] }
                }
            }
        }
    }

    /// Folds the scalars into the arrays (keeps Float32 precision).
    mutating func renormalize() {
        guard wDivisor != 1 || aDivisor != 1 || wFraction != 0 else { return }
        let aScale = Float(1 / aDivisor)
        let vToA = Float(wFraction / aDivisor)
        let vScale = Float(1 / wDivisor)
        let count = v.count
        a.withUnsafeMutableBufferPointer { a in
            v.withUnsafeMutableBufferPointer { v in
                BLAS.scale(count: count, alpha: aScale, x: a.baseAddress!)
                BLAS.axpy(count: count, alpha: vToA, x: v.baseAddress!, y: a.baseAddress!)
                BLAS.scale(count: count, alpha: vScale, x: v.baseAddress!)
            }
        }
        if wFraction != 0 { averageDirty = true }
        wDivisor = 1
        aDivisor = 1
        wFraction = 0
    }

    /// One pass of averaged SGD over `rows` in order; returns the mean training loss of the
    /// current (not averaged) weights, with the L2 term.
    mutating func epoch(rows: [Int], setup: AveragedSGD.Setup) -> Double {
        steps(rows: rows, setup: setup) / Double(max(rows.count, 1)) + regularisation()
    }

    /// The L2 term of the current weights, `λ/2 · ‖w‖²`.
    func regularisation() -> Double {
        let squaredNorm = v.withUnsafeBufferPointer { Double(BLAS.dot(count: $0.count, $0.baseAddress!, $0.baseAddress!)) }
        return 0.5 * lambda * squaredNorm / (wDivisor * wDivisor)
    }

    /// One step of averaged SGD per row of `rows`, in order; returns the summed loss of the current
    /// weights before each step.
    mutating func steps(rows: [Int], setup: AveragedSGD.Setup) -> Double {
        let features = setup.features
        let labels = labelCount
        var lossSum = 0.0
        var z = [Float](repeating: 0, count: labels)
        var g = [Float](repeating: 0, count: labels)
        for row in rows {
            if wDivisor > 1e4 || aDivisor > 1e4 { renormalize() }
            let range = features.entries(ofRow: row)
            // The decay factor 1 - ηλ must stay positive: cap the step at half the inverse of λ.
            let eta = min(eta0 / pow(1 + lambda * eta0 * step, 0.75), 0.5 / lambda)
            let mu = step >= averageStart ? 1 / (1 + step - averageStart) : 1
            step += 1
            let inverseDivisor = Float(1 / wDivisor)
            let averaging = mu < 1
            v.withUnsafeBufferPointer { v in
                a.withUnsafeBufferPointer { a in
                    features.columnIndices.withUnsafeBufferPointer { columns in
                        features.values.withUnsafeBufferPointer { values in
                            z.withUnsafeMutableBufferPointer { z in
                                for l in 0..<labels { z[l] = 0 }
                                for k in range {
                                    Self.prefetchRows(
                                        ahead: k, in: range, columns: columns, width: labels, v: v.baseAddress!,
                                        a: averaging ? a.baseAddress : nil)
                                    let x = values[k]
                                    let w = v.baseAddress! + Int(columns[k]) * labels
                                    for l in 0..<labels { z[l] += x * w[l] }
                                }
                                for l in 0..<labels { z[l] = z[l] * inverseDivisor + bias[l] }
                            }
                        }
                    }
                }
            }
            lossSum += gradient(
                z: z, truth: setup.targets.documents[row], judged: setup.targets.judgedLabels(ofRow: row),
                classWeights: setup.classWeights, into: &g)
            // L2 decay of every weight at once.
            wDivisor /= 1 - eta * lambda
            // The loss step on the document's rows, and the same step into the running average.
            let step = Float(-eta * wDivisor)
            let averageStep = Float(eta * wDivisor * wFraction)
            v.withUnsafeMutableBufferPointer { v in
                a.withUnsafeMutableBufferPointer { a in
                    features.columnIndices.withUnsafeBufferPointer { columns in
                        features.values.withUnsafeBufferPointer { values in
                            g.withUnsafeBufferPointer { g in
                                for k in range {
                                    let offset = Int(columns[k]) * labels
                                    BLAS.shortAxpy(count: labels, alpha: step * values[k], x: g.baseAddress!, y: v.baseAddress! + offset)
                                    if averaging {
                                        BLAS.shortAxpy(count: labels, alpha: averageStep * values[k], x: g.baseAddress!, y: a.baseAddress! + offset)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if learnBias {
                for l in 0..<labels { bias[l] -= Float(eta * 0.01) * g[l] }
            }
            if averaging {
                averageDirty = true
                aDivisor /= 1 - mu
                wFraction += mu * aDivisor / wDivisor
                for l in 0..<labels { averageBias[l] += Float(mu) * (bias[l] - averageBias[l]) }
            } else {
                // Before averaging starts the average is the current weights: A = 0, fraction 1.
                if averageDirty {
                    a.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                    averageDirty = false
                }
                aDivisor = wDivisor
                wFraction = 1
                averageBias = bias
            }
        }
        return lossSum
    }

    /// How many of a document's features ahead the score pass asks for the rows of the current
    /// weights: the rows of a large vocabulary are far apart in memory, and waiting for each one
    /// in turn otherwise dominates a step.
    static let prefetchDistance = 4

    /// Asks for the weight row of the feature `prefetchDistance` entries after `k` and, with `a`,
    /// for the averaged-weight row of the feature at `k`, which the update after the score pass
    /// writes. A hint only: no effect on the values computed.
    @inline(__always)
    static func prefetchRows(
        ahead k: Int, in range: Range<Int>, columns: UnsafeBufferPointer<Int32>, width: Int, v: UnsafePointer<Float>,
        a: UnsafePointer<Float>?
    ) {
        if k &+ prefetchDistance < range.upperBound {
            let row = v + Int(columns[k &+ prefetchDistance]) &* width
            classify_prefetch(row)
            classify_prefetch(row + (width &- 1))
        }
        if let a {
            let row = a + Int(columns[k]) &* width
            classify_prefetch_for_write(row)
            classify_prefetch_for_write(row + (width &- 1))
        }
    }

    /// Writes the gradient of the loss with respect to the scores into `g` and returns the loss.
    /// One-vs-rest labels outside `judged` (when given) are unknown for the document: no loss and
    /// no gradient.
    @inline(__always)
    func gradient(z: [Float], truth: [Int32], judged: [Int32]? = nil, classWeights: ClassWeights, into g: inout [Float]) -> Double {
        var loss = unmaskedGradient(z: z, truth: truth, classWeights: classWeights, into: &g)
        if let judged, oneVsRest || hinge {
            // `judged` is ascending, as are this block's label ids: one pass over both.
            let first = self.labels.lowerBound
            var cursor = 0
            for l in 0..<labelCount {
                let id = Int32(first + l)
                while cursor < judged.count && judged[cursor] < id { cursor += 1 }
                if cursor < judged.count && judged[cursor] == id { continue }
                loss -= partLoss(z: z[l], label: l, truth: truth, classWeights: classWeights)
                g[l] = 0
            }
        }
        return loss
    }

    /// Label `l`'s term of the one-vs-rest loss of a document with labels `truth`.
    private func partLoss(z: Float, label l: Int, truth: [Int32], classWeights: ClassWeights) -> Double {
        let first = self.labels.lowerBound
        let positive = truth.contains(Int32(first + l))
        let weight = positive ? classWeights.positive[first + l] : classWeights.negative[first + l]
        if hinge {
            let slack = max(0, 1 - (positive ? z : -z))
            return Double(weight) * Double(slack * slack)
        }
        return Double(weight) * Double(positive ? -logSigmoid(z) : -logSigmoid(-z))
    }

    /// The gradient and loss over every label.
    @inline(__always)
    private func unmaskedGradient(z: [Float], truth: [Int32], classWeights: ClassWeights, into g: inout [Float]) -> Double {
        let labels = labelCount
        let first = self.labels.lowerBound
        var loss = 0.0
        if hinge {
            for l in 0..<labels { g[l] = -1 }
            for t in truth where self.labels.contains(Int(t)) { g[Int(t) - first] = 1 }
            for l in 0..<labels {
                let y = g[l]
                let weight = y > 0 ? classWeights.positive[first + l] : classWeights.negative[first + l]
                let slack = max(0, 1 - y * z[l])
                loss += Double(weight) * Double(slack * slack)
                g[l] = -2 * y * slack * weight
            }
        } else if oneVsRest {
            for l in 0..<labels { g[l] = 0 }
            for t in truth where self.labels.contains(Int(t)) { g[Int(t) - first] = 1 }
            for l in 0..<labels {
                let y = g[l]
                let weight = y > 0 ? classWeights.positive[first + l] : classWeights.negative[first + l]
                loss += Double(weight) * Double(y > 0 ? -logSigmoid(z[l]) : -logSigmoid(-z[l]))
                g[l] = (LinearScorer.sigmoid(z[l]) - y) * weight
            }
        } else {
            let y = Int(truth[0])
            var maximum = z[0]
            for l in 1..<labels { maximum = max(maximum, z[l]) }
            var sum: Float = 0
            for l in 0..<labels {
                let e = expf(z[l] - maximum)
                g[l] = e
                sum += e
            }
            let weight = classWeights.positive[y]
            loss = Double(weight) * Double(logf(sum) - (z[y] - maximum))
            let inverse = weight / sum
            for l in 0..<labels { g[l] *= inverse }
            g[y] -= weight
        }
        return loss
    }

    /// The mean loss on `rows` with the averaged weights (for early stopping and λ selection).
    func heldOutLoss(rows: [Int], setup: AveragedSGD.Setup) -> Double {
        meanLoss(weights: averagedWeights(), bias: averageBias, rows: rows, setup: setup)
    }

    /// The mean (class-weighted) loss of `weights` and `bias` on `rows`.
    private func meanLoss(weights: [Float], bias: [Float], rows: [Int], setup: AveragedSGD.Setup) -> Double {
        let scorer = LinearScorer(
            weights: weights, bias: bias, featureCount: featureCount, labelCount: labelCount, activation: .softmax)
        let scores = scorer.rawScores(for: setup.features.rows(rows))
        var g = [Float](repeating: 0, count: labelCount)
        var total = 0.0
        for (i, row) in rows.enumerated() {
            total += gradient(
                z: Array(scores[(i * labelCount)..<((i + 1) * labelCount)]), truth: setup.targets.documents[row],
                judged: setup.targets.judgedLabels(ofRow: row), classWeights: setup.classWeights, into: &g)
        }
        return total / Double(max(rows.count, 1))
    }

    /// Picks the initial learning rate as Bottou does: one pass over a sample at each candidate,
    /// keeping the one with the lowest regularised loss. The trials hold weights for the columns
    /// the sample uses only (the others stay zero in such a pass), not for every feature: the same
    /// steps, and the same losses up to the rounding of the weights' squared norm, a BLAS sum whose
    /// order depends on where the non-zero weights sit.
    static func calibrateEta0(sample: [Int], setup fullSetup: AveragedSGD.Setup, labels: Range<Int>, lambda: Double) -> Double {
        var setup = fullSetup
        setup.features = fullSetup.features.keepingOnly(rows: sample)
        var best = (eta: 1.0, loss: Double.infinity)
        for eta in [0.03, 0.1, 0.3, 1, 3, 10] {
            var trial = SGDState(
                featureCount: setup.features.columnCount, labels: labels, lambda: lambda,
                oneVsRest: setup.targets.isMultiLabel || setup.loss == .squaredHinge, learnBias: setup.learnBias, eta0: eta,
                averageStart: .infinity, hinge: setup.loss == .squaredHinge)
            _ = trial.epoch(rows: sample, setup: setup)
            let loss = trial.objective(rows: sample, setup: setup)
            if loss < best.loss { best = (eta, loss) }
        }
        return best.eta
    }

    /// The regularised loss of the current weights on `rows`.
    func objective(rows: [Int], setup: AveragedSGD.Setup) -> Double {
        let mean = meanLoss(weights: v.map { $0 / Float(wDivisor) }, bias: bias, rows: rows, setup: setup)
        let squaredNorm = v.withUnsafeBufferPointer { Double(BLAS.dot(count: $0.count, $0.baseAddress!, $0.baseAddress!)) }
        return mean.isFinite ? mean + 0.5 * lambda * squaredNorm / (wDivisor * wDivisor) : .infinity
    }
}

/// `log σ(x)`, stable for large |x|.
@inline(__always)
func logSigmoid(_ x: Float) -> Float {
    x >= 0 ? -log1pf(expf(-x)) : x - log1pf(expf(x))
}
