extension AveragedSGD {
    /// Trains on the rows of `corpus`, read from its cache a block at a time, for up to `epochs`
    /// passes; stops when the training loss improves by less than `tolerance` (relative) 3 times in
    /// a row. Each pass visits the blocks in a shuffled order and the rows of each block in a
    /// shuffled order, both drawn from `seed`, so the result depends on neither the thread count
    /// nor the timing of reads. `calibration` (the in-memory sample) sets the learning rate.
    /// With `initial`, training starts from those weights and averages from the first step (a
    /// round of iterative parameter mixing).
    static func fit(
        corpus: CachedCorpus, calibration: Setup, lambda: Double, initial: LinearParameters? = nil, epochs: Int, tolerance: Double,
        seed: UInt64, progress: ProgressHandler?
    ) throws -> Result {
        let labels = corpus.targets.labelCount
        let blocks = labelBlocks(labelCount: labels, oneVsRest: corpus.targets.isMultiLabel || calibration.loss == .squaredHinge)
        let sampleRows = Array(0..<calibration.features.rowCount)
        let states = ParallelMap.map(0..<blocks.count) { b in
            var state = SGDState(
                setup: calibration, labels: blocks[b], lambda: lambda, calibrationRows: sampleRows, seed: seed,
                epochRows: corpus.cache.rowCount)
            if let initial { state.start(from: initial, labelCount: labels) }
            return StateBox(state)
        }
        var generator = SeededGenerator(seed: seed)
        var blockOrder = Array(0..<corpus.cache.blockCount)
        var history: [Double] = []
        var previous = Double.infinity
        var stalls = 0
        for epoch in 1...epochs {
            generator.shuffle(&blockOrder)
            var lossSum = 0.0
            for index in blockOrder {
                let (features, rowLabels) = try corpus.cache.block(index)
                var setup = calibration
                setup.features = features
                setup.targets = LabelTargets(documents: rowLabels, of: corpus.targets)
                var rows = Array(0..<features.rowCount)
                generator.shuffle(&rows)
                let order = rows
                let block = setup
                lossSum += ParallelMap.map(0..<states.count) { b in states[b].state.steps(rows: order, setup: block) }.reduce(0, +)
            }
            let loss = lossSum / Double(max(corpus.cache.rowCount, 1)) + states.reduce(0) { $0 + $1.state.regularisation() }
            history.append(loss)
            progress?("epoch \(epoch)/\(epochs): loss \(LinearFit.format(loss)) (\(corpus.cache.blockCount) cached blocks)")
            if previous - loss < tolerance * abs(previous) { stalls += 1 } else { stalls = 0 }
            previous = loss
            if stalls >= 3 { break }
        }
        let (weights, bias) = assemble(
            blocks: blocks, weights: states.map { $0.state.averagedWeights() }, bias: states.map(\.state.averageBias),
            featureCount: corpus.cache.columnCount, labelCount: labels)
        return Result(weights: weights, bias: bias, history: history, validationLoss: .infinity)
    }
}
