extension LinearFit {
    /// Passes of averaged SGD over the cached rows for the squared hinge, whose exact dual solver
    /// needs every row in memory…
    static let cachedHingeEpochs = 10
    /// …stopping earlier when an epoch improves the loss by less than this fraction, 3 times in a row.
    static let cachedHingeTolerance = 1e-3

    /// Trains with `loss` on the rows of `corpus`: λ, the naive Bayes weight and the temperature
    /// are chosen on the in-memory sample as `train(features:…)` chooses them on every row; the
    /// final fit runs averaged SGD over the cache (for the squared hinge too); the naive Bayes
    /// component comes from the counts of every row.
    static func train(corpus: CachedCorpus, parameters: ClassifierParameters, loss: LinearLoss, progress: ProgressHandler?) throws -> LinearFit {
        let targets = corpus.targets
        let settings = try Settings(parameters, loss: loss, documents: corpus.cache.rowCount, multiLabel: targets.isMultiLabel)
        if settings.dualLogistic {
            throw ClassifierError("--solver dual needs every document in memory; use --solver sgd to train from the feature cache, or train in memory")
        }
        if settings.validationFraction > 0 {
            throw ClassifierError("--validation-fraction needs every document in memory; drop it to train from the feature cache, or train in memory")
        }
        if corpus.initial != nil {
            guard settings.lambda != nil, settings.nbWeight == 0, settings.temperature == 1 else {
                throw ClassifierError("a round of parameter mixing (--init) trains the plain weights: give --l2 VALUE, --nb-weight 0 and --temperature 1 (the blend and temperature are applied when merging)")
            }
        }
        let sample = AveragedSGD.Setup(
            features: corpus.sample, targets: corpus.sampleTargets,
            classWeights: try ClassWeights.resolve(settings.classWeight, targets: targets), learnBias: settings.learnBias, loss: loss)
        progress?("tuning on \(corpus.sample.rowCount) of \(corpus.cache.rowCount) documents held in memory")
        let tuning = try choose(settings: settings, setup: sample, rows: Array(0..<corpus.sample.rowCount), progress: progress)
        let hinge = loss == .squaredHinge
        let result = try AveragedSGD.fit(
            corpus: corpus, calibration: sample, lambda: tuning.lambda, initial: corpus.initial,
            epochs: hinge ? min(settings.epochs, cachedHingeEpochs) : settings.epochs,
            tolerance: hinge ? cachedHingeTolerance : settings.tolerance, seed: settings.seed, progress: progress)
        let history = result.history
        let scorer = try finish(
            consume result, tuning: tuning,
            naiveBayes: tuning.nbWeight > 0 ? NaiveBayesComponent(counts: corpus.counts, alpha: settings.nbAlpha, multiLabel: targets.isMultiLabel) : nil,
            featureCount: corpus.cache.columnCount, targets: targets)
        return LinearFit(
            scorer: scorer, lambda: tuning.lambda, nbWeight: tuning.nbWeight, temperature: tuning.temperature, lossHistory: history)
    }
}
