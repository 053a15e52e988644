/// What the linear classifiers (`LogisticRegression`, `LinearSVM`) share: held-out tuning of λ and of the naive Bayes blend, temperature calibration, the stored
/// form, and scoring. A conforming type names its loss and its options; the rest comes from here.
protocol LinearModelClassifier: Classifier {
    /// The loss it minimises.
    static var loss: LinearLoss { get }
    var parameters: ClassifierParameters { get }
    /// The trained model and the choices made while training it.
    var fit: LinearFit { get }
    init(parameters: ClassifierParameters, fit: LinearFit)
}

/// A trained linear model and the settings chosen for it.
struct LinearFit: Sendable {
    var scorer: LinearScorer
    /// The λ trained with (chosen by `--l2 auto`, or given).
    var lambda: Double
    /// The weight of the blended naive Bayes component (chosen by `--nb-weight auto`, or given).
    var nbWeight: Double
    /// The temperature the blended scores were divided by (fitted on held-out data; 1 when untuned).
    var temperature: Double
    /// The training loss after each epoch (not stored in the model), summed over the blocks of a
    /// one-vs-rest model; a block that stopped early counts with its last loss.
    var lossHistory: [Double] = []
}

extension LinearModelClassifier {
    /// One-vs-rest linear models leave each unjudged document–label pair out of the loss.
    public static var learnsFromPartialAnnotation: Bool { true }
    var scorer: LinearScorer { fit.scorer }
    /// The λ trained with (chosen by `--l2 auto`, or given).
    public var lambda: Double { fit.lambda }
    /// The weight of the blended naive Bayes component.
    public var nbWeight: Double { fit.nbWeight }
    /// The temperature the blended scores were divided by.
    public var temperature: Double { fit.temperature }
    /// The training loss after each epoch (not stored in the model).
    public var lossHistory: [Double] { fit.lossHistory }

    public static func decode(_ state: ClassifierState, featureCount: Int, labelCount: Int) throws -> Self {
        Self(
            parameters: try ClassifierParameters.resolve(state.parameters, declared: parameters, classifier: name),
            fit: LinearFit(
                scorer: try state.linearScorer(featureCount: featureCount, labelCount: labelCount),
                lambda: try LinearFit.chosenValue("lambda", in: state) { $0 > 0 },
                nbWeight: try LinearFit.chosenValue("nb_weight", in: state) { $0 >= 0 && $0 <= LinearFit.largestNBWeight },
                temperature: try LinearFit.chosenValue("temperature", in: state) { $0 > 0 }))
    }

    public var chosenParameters: ClassifierParameters {
        parameters.setting("l2", to: String(lambda)).setting("c", to: "0").setting("nb-weight", to: String(nbWeight))
            .setting("temperature", to: String(temperature))
    }

    public func probabilities(for features: SparseMatrix) -> [Float] { scorer.probabilities(for: features) }
    public func featureWeights(forLabel label: Int) -> [Float] { scorer.weights(forLabel: label) }
    public func encode() -> ClassifierState {
        ClassifierState(
            scorer: scorer, parameters: parameters,
            extra: ["lambda": String(lambda), "nb_weight": String(nbWeight), "temperature": String(temperature)],
            halfPrecision: true)
    }

    /// Reads a `--class-weight` file, so that a missing or malformed one is reported before the
    /// corpus is read.
    public static func checkBeforeTraining(_ parameters: ClassifierParameters) throws {
        try ClassWeights.checkFile(try parameters.text("class-weight"))
    }

    public static func train(
        features: SparseMatrix, targets: LabelTargets, parameters: ClassifierParameters, progress: ProgressHandler?
    ) throws -> Self {
        Self(parameters: parameters, fit: try LinearFit.train(features: features, targets: targets, parameters: parameters, loss: loss, progress: progress))
    }
}

extension LinearFit {
    /// The options every `LinearModelClassifier` takes.
    static let sharedParameters: [ClassifierParameter] = [
        ClassifierParameter("l2", default: "auto", .checked { _ = try LinearFit.lambda(from: $0) }, help: "L2 regularisation per document (λ), or auto to pick it on held-out data."),
        ClassifierParameter("c", default: "0", .number(0...1e12), help: "Inverse regularisation as in scikit-learn; when > 0, λ = 1/(C·documents) replaces --l2."),
        ClassifierParameter("epochs", default: "5", .integer(1...10000), help: "Maximum passes over the training data."),
        ClassifierParameter("tol", default: "1e-4", .number(0...1), help: "Stop when an epoch improves the loss by less than this fraction, 3 times in a row (one-vs-rest: each block of 16 labels on its own loss)."),
        ClassifierParameter("seed", default: "0", .integer(0...Int.max), help: "Seed of the document order and of held-out splits."),
        ClassifierParameter("validation-fraction", default: "0", .number(0...0.5), help: "Hold out this fraction and keep the epoch of lowest held-out loss, stopping 3 epochs after it (0: off; one-vs-rest: per block of 16 labels)."),
        ClassifierParameter("class-weight", default: "auto", .checked(ClassWeights.checkSpecification), help: "none, balanced, balanced:K (capped at K), auto (none; balanced:5 for multi-label), or a file of `label weight` lines."),
        ClassifierParameter("bias", default: "true", .boolean, help: "Learn a bias (intercept) per label."),
        ClassifierParameter("nb-weight", default: "auto", .checked { _ = try LinearFit.nbWeight(from: $0) }, help: "Weight of complement naive Bayes scores blended into the model (0: none; auto: tuned on held-out data)."),
        ClassifierParameter("nb-alpha", default: "0.3", .number(1e-9...1e9), help: "Smoothing of the blended naive Bayes component."),
        ClassifierParameter("temperature", default: "auto", .checked { _ = try LinearFit.temperature(from: $0) }, help: "Divide the scores by this to calibrate probabilities (auto: fitted on held-out data when tuning, else 1)."),
    ]

    /// What `train` reads from a linear classifier's options, checked once.
    struct Settings {
        var seed: UInt64
        var classWeight: String
        var learnBias: Bool
        /// Logistic loss solved per label by dual coordinate descent (`--solver dual`).
        var dualLogistic: Bool
        var validationFraction: Double
        /// λ when given (`--l2 VALUE` or `--c C`), nil for `auto`.
        var lambda: Double?
        /// The naive Bayes weight when given, nil for `auto`.
        var nbWeight: Double?
        var nbAlpha: Double
        /// The temperature when given, nil for `auto`.
        var temperature: Double?
        var epochs: Int
        var tolerance: Double

        /// The settings in `parameters` for a model with `loss` on `documents` rows.
        init(_ parameters: ClassifierParameters, loss: LinearLoss, documents: Int, multiLabel: Bool) throws {
            seed = UInt64(try parameters.integer("seed"))
            classWeight = try parameters.text("class-weight")
            learnBias = try parameters.boolean("bias")
            let solver = loss == .logistic ? try parameters.text("solver") : "dual"
            guard ["sgd", "dual"].contains(solver) else {
                throw ClassifierError("--solver must be sgd or dual (got \"\(solver)\")")
            }
            dualLogistic = loss == .logistic && solver == "dual"
            validationFraction = parameters.values["validation-fraction"] == nil ? 0 : try parameters.number("validation-fraction")
            if dualLogistic {
                guard multiLabel else {
                    throw ClassifierError("--solver dual solves one-vs-rest (multi-label) logistic regression; a softmax over single labels trains with sgd")
                }
                if validationFraction > 0 {
                    throw ClassifierError("--validation-fraction does not apply to --solver dual, which runs each label to convergence; drop one of them")
                }
            }
            let givenL2 = try LinearFit.lambda(from: try parameters.text("l2"))
            let c = try parameters.number("c")
            lambda = c > 0 ? 1 / (c * Double(documents)) : givenL2
            nbWeight = try LinearFit.nbWeight(from: try parameters.text("nb-weight"))
            nbAlpha = try parameters.number("nb-alpha")
            temperature = try LinearFit.temperature(from: try parameters.text("temperature"))
            epochs = try parameters.integer("epochs")
            tolerance = try parameters.number("tol")
        }
    }

    /// The value training chose for `key` (recorded in `state.extra`), or NaN when the model
    /// predates recording it; throws for one that is not a finite number `isValid` accepts.
    static func chosenValue(_ key: String, in state: ClassifierState, isValid: (Double) -> Bool) throws -> Double {
        guard let text = state.extra[key] else { return .nan }
        guard let value = Double(text), value.isFinite, isValid(value) else {
            throw ClassifierError("the model's chosen \(key) is \"\(text)\", which no training run writes; it is damaged")
        }
        return value
    }

    /// The λ of `--l2 text`: nil for `auto`; throws for anything but `auto` or a number above 0
    /// and at most `largestLambda`.
    static func lambda(from text: String) throws -> Double? {
        if text == "auto" { return nil }
        guard let lambda = Double(text), lambda > 0 && lambda <= largestLambda else {
            throw ClassifierError("--l2 must be auto or a number above 0 and at most \(Int(largestLambda)) (got \"\(text)\")")
        }
        return lambda
    }

    /// The weight of `--nb-weight text`: nil for `auto`; throws for anything but `auto` or a number
    /// from 0 to `largestNBWeight`.
    static func nbWeight(from text: String) throws -> Double? {
        if text == "auto" { return nil }
        guard let weight = Double(text), weight >= 0 && weight <= largestNBWeight else {
            throw ClassifierError("--nb-weight must be auto or a number from 0 to \(Int(largestNBWeight)) (got \"\(text)\")")
        }
        return weight
    }

    /// The temperature of `--temperature text`: nil for `auto`; throws for anything but `auto` or a
    /// number in `temperatureRange`.
    static func temperature(from text: String) throws -> Double? {
        if text == "auto" { return nil }
        guard let temperature = Double(text), temperatureRange.contains(temperature) else {
            throw ClassifierError("--temperature must be auto or a number from \(temperatureRange.lowerBound) to \(Int(temperatureRange.upperBound)) (got \"\(text)\")")
        }
        return temperature
    }

    /// The largest `--nb-weight`: the naive Bayes log-odds already dominate at 10.
    static let largestNBWeight = 100.0
    /// The `--temperature` values accepted.
    static let temperatureRange = 0.001...1000.0
    /// The largest `--l2` (λ): at 1 every weight is already near zero.
    static let largestLambda = 1000.0

    /// LIBLINEAR's stopping rule for the dual logistic solver (`-s 7`): at most this many passes…
    static let dualLogisticPasses = 1000
    /// …or until the projected-gradient gap is below this.
    static let dualLogisticTolerance = 0.1
    /// Averaged SGD epochs per λ candidate while tuning.
    static let sgdTuningEpochs = 3

    /// Trains with `loss`: tunes what is `auto` on held-out data, fits on all rows, adds the naive
    /// Bayes component and divides by the temperature.
    /// With `compression`, the model comes out compressed as `LinearCompression.apply` would
    /// compress it; one-vs-rest labels trained by averaged SGD are then compressed a block at a
    /// time as they finish, so that no dense `features × labels` matrix is ever held.
    static func train(
        features: SparseMatrix, targets: LabelTargets, parameters: ClassifierParameters, loss: LinearLoss,
        compression: LinearCompression? = nil, progress: ProgressHandler?
    ) throws -> LinearFit {
        let settings = try Settings(parameters, loss: loss, documents: features.rowCount, multiLabel: targets.isMultiLabel)
        if targets.isPartiallyAnnotated {
            // The naive Bayes component counts every document without a label as its negative.
            guard (settings.nbWeight ?? 0) == 0 else {
                throw ClassifierError("--nb-weight blends naive Bayes counts, which take every unjudged label as a negative; with partially annotated documents give --nb-weight 0 (or auto)")
            }
        }
        var setup = AveragedSGD.Setup(
            features: features, targets: targets, classWeights: try ClassWeights.resolve(settings.classWeight, targets: targets),
            learnBias: settings.learnBias, loss: loss)
        setup.dualLogistic = settings.dualLogistic
        var rows = Array(0..<features.rowCount)
        var validation: [Int] = []
        if settings.validationFraction > 0 {
            (rows, validation) = try split(features.rowCount, fraction: settings.validationFraction, seed: settings.seed)
        }
        let tuning = try choose(settings: settings, setup: setup, rows: rows, progress: progress)
        let naiveBayes = tuning.nbWeight > 0 ? NaiveBayesComponent(features: features, targets: targets, rows: rows, alpha: settings.nbAlpha) : nil
        if let compression, loss == .logistic, !settings.dualLogistic, targets.isMultiLabel {
            return try trainInCompressedBlocks(
                setup: setup, rows: rows, validation: validation, settings: settings, tuning: tuning, naiveBayes: naiveBayes,
                compression: compression, progress: progress)
        }
        let result = solve(
            setup: setup, rows: rows, validation: validation, lambda: tuning.lambda,
            epochs: settings.dualLogistic ? dualLogisticPasses : settings.epochs,
            tolerance: settings.dualLogistic ? dualLogisticTolerance : settings.tolerance, seed: settings.seed, progress: progress)
        let history = result.history
        let scorer = try finish(
            consume result, tuning: tuning, naiveBayes: naiveBayes, featureCount: features.columnCount, targets: targets)
        return LinearFit(
            scorer: compression.map { $0.apply(to: scorer) } ?? scorer, lambda: tuning.lambda, nbWeight: tuning.nbWeight,
            temperature: tuning.temperature, lossHistory: history)
    }

    /// A one-vs-rest model trained by averaged SGD a block of labels at a time (as
    /// `AveragedSGD.fit` trains them), each block finished (naive Bayes blend, temperature, half
    /// precision) and compressed as soon as it is trained: the same model as compressing the
    /// whole, with memory for the blocks in training and the compressed weights.
    static func trainInCompressedBlocks(
        setup: AveragedSGD.Setup, rows: [Int], validation: [Int], settings: Settings, tuning: Tuning,
        naiveBayes: NaiveBayesComponent?, compression: LinearCompression, progress: ProgressHandler?
    ) throws -> LinearFit {
        let targets = setup.targets
        let featureCount = setup.features.columnCount
        let blocks = AveragedSGD.labelBlocks(labelCount: targets.labelCount, oneVsRest: true)
        if blocks.count > 1 {
            progress?("training \(targets.labelCount) labels in \(blocks.count) blocks of up to \(AveragedSGD.blockSize), each compressed as it finishes")
        }
        let parts = try ParallelMap.map(0..<blocks.count) { b -> Swift.Result<(weights: SparseLinearWeights, bias: [Float], history: [Double]), Error> in
            let fitted = AveragedSGD.fitBlock(
                setup: setup, labels: blocks[b], rows: rows, validation: validation, lambda: tuning.lambda, epochs: settings.epochs,
                tolerance: settings.tolerance, seed: settings.seed, progress: blocks.count == 1 ? progress : nil)
            return Swift.Result {
                let scorer = try finish(
                    AveragedSGD.Result(weights: fitted.weights, bias: fitted.bias, history: [], validationLoss: .infinity),
                    tuning: tuning, naiveBayes: naiveBayes, featureCount: featureCount, targets: targets, labels: blocks[b])
                let weights = compression.compressed(
                    dense: scorer.weights, featureCount: featureCount, labelCount: blocks[b].count, activation: scorer.activation)
                return (weights, scorer.bias, fitted.history)
            }
        }.map { try $0.get() }
        for (block, part) in zip(blocks, parts) where blocks.count > 1 {
            progress?(AveragedSGD.blockSummary(block, of: targets.labelCount, history: part.history))
        }
        let scorer = LinearScorer(
            sparse: SparseLinearWeights.joining(parts.map(\.weights), featureCount: featureCount), bias: parts.flatMap(\.bias), activation: .sigmoid)
        return LinearFit(
            scorer: scorer, lambda: tuning.lambda, nbWeight: tuning.nbWeight, temperature: tuning.temperature,
            lossHistory: AveragedSGD.summedHistory(parts.map(\.history)))
    }

    /// λ, the naive Bayes weight and the temperature: as given, or tuned on held-out rows when
    /// λ or the weight is `auto`.
    static func choose(settings: Settings, setup: AveragedSGD.Setup, rows: [Int], progress: ProgressHandler?) throws -> Tuning {
        let given = Tuning(lambda: settings.lambda ?? 1e-6, nbWeight: settings.nbWeight ?? 0, temperature: settings.temperature ?? 1)
        guard settings.lambda == nil || settings.nbWeight == nil else { return given }
        let hinge = setup.loss == .squaredHinge
        var tuning = try tune(
            setup: setup, rows: rows, seed: settings.seed,
            lambdas: settings.lambda.map { [$0] } ?? regularisationGrid(loss: setup.loss, dual: setup.dualLogistic, documents: rows.count),
            nbWeights: settings.nbWeight.map { [$0] }
                ?? (setup.targets.isPartiallyAnnotated ? [0] : nbWeightGrid(loss: setup.loss, multiLabel: setup.targets.isMultiLabel)),
            nbAlpha: settings.nbAlpha,
            tuningEpochs: hinge ? settings.epochs : setup.dualLogistic ? dualLogisticPasses : sgdTuningEpochs,
            tuningTolerance: hinge ? 10 * settings.tolerance : setup.dualLogistic ? 10 * dualLogisticTolerance : 0,
            progress: progress)
        if let temperature = settings.temperature { tuning.temperature = temperature }
        return tuning
    }

    /// The scorer of a solved model: the naive Bayes component added with the tuned weight, the
    /// scores divided by the temperature, the weights rounded to half precision as stored (on 20
    /// Newsgroups the same accuracy to the document, and half the file). Works on `result`'s
    /// weights in place (no second copy of the model).
    /// With `labels`, `result` holds those labels only (a block of a one-vs-rest model).
    static func finish(
        _ result: consuming AveragedSGD.Result, tuning: Tuning, naiveBayes: NaiveBayesComponent?, featureCount: Int,
        targets: LabelTargets, labels: Range<Int>? = nil
    ) throws -> LinearScorer {
        var weights = result.weights
        result.weights = []
        var bias = result.bias
        if let naiveBayes {
            naiveBayes.add(weight: Float(tuning.nbWeight), to: &weights, bias: &bias, labels: labels)
        }
        if tuning.temperature != 1 {
            let inverse = Float(1 / tuning.temperature)
            weights.withUnsafeMutableBufferPointer { BLAS.scale(count: $0.count, alpha: inverse, x: $0.baseAddress!) }
            for l in 0..<bias.count { bias[l] *= inverse }
        }
        guard weights.allSatisfy({ $0.isFinite }), bias.allSatisfy({ $0.isFinite }) else {
            throw ClassifierError("training diverged (the weights are not finite numbers); try the default --l2, --c, --nb-weight and --temperature")
        }
        ClassifierState.roundToHalf(&weights)
        return LinearScorer(
            weights: weights, bias: bias, featureCount: featureCount,
            labelCount: labels?.count ?? targets.labelCount, activation: targets.isMultiLabel ? .sigmoid : .softmax)
    }

    /// Fits the weights with the solver of `setup.loss`: averaged SGD for up to `epochs` passes,
    /// or dual coordinate descent to a projected-gradient gap of `tolerance` (at most `epochs`
    /// passes).
    static func solve(
        setup: AveragedSGD.Setup, rows: [Int], validation: [Int], lambda: Double, epochs: Int, tolerance: Double,
        seed: UInt64, progress: ProgressHandler?
    ) -> AveragedSGD.Result {
        guard setup.loss == .squaredHinge || setup.dualLogistic else {
            return AveragedSGD.fit(
                setup: setup, rows: rows, validation: validation, lambda: lambda, epochs: epochs, tolerance: tolerance,
                seed: seed, progress: progress)
        }
        let result = DualCoordinateDescent.fit(
            setup: setup, rows: rows, lambda: lambda, tolerance: tolerance, maxPasses: epochs, seed: seed)
        progress?("solved \(result.passes.count) labels in \(result.passes.min() ?? 0)–\(result.passes.max() ?? 0) passes")
        return AveragedSGD.Result(weights: result.weights, bias: result.bias, history: [], validationLoss: .infinity)
    }

    /// Splits `0..<n` into training and held-out rows (both sorted) by `seed`.
    static func split(_ n: Int, fraction: Double, seed: UInt64) throws -> (train: [Int], heldOut: [Int]) {
        var rows = Array(0..<n)
        var generator = SeededGenerator(seed: seed ^ 0x5EED)
        generator.shuffle(&rows)
        let held = Int((fraction * Double(n)).rounded())
        guard held >= 1 && held < n else {
            throw ClassifierError("a held-out fraction of \(fraction) leaves no documents to train or to validate on (\(n) documents)")
        }
        return (Array(rows[held...]).sorted(), Array(rows[0..<held]).sorted())
    }

    static func format(_ x: Double) -> String {
        String((x * 10000).rounded() / 10000)
    }
}
