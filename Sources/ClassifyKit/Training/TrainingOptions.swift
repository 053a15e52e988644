/// Everything that decides how a model is trained: the classifiers to choose from, the features,
/// the classifier and its options, the label mode, thresholds and the seed.
public struct TrainingOptions: Sendable {
    /// The classifiers `classifierName` is looked up in.
    public var registry = ClassifierRegistry.builtIn
    /// Feature extraction settings.
    public var tfidf = TfidfOptions()
    /// Feature blocks of `registry` stacked after the TF-IDF features, in order.
    public var featureBlocks: [FeatureBlockChoice] = []
    /// The registry name of the classifier; nil trains the registry's default.
    public var classifierName: String?
    /// Classifier options by name (for example `["alpha": "0.3"]`); the rest take their defaults.
    public var classifierOptions: [String: String] = [:]
    /// Force multi-label (true) or single-label (false); nil detects from the data.
    public var multiLabel: Bool?
    /// The multi-label decision threshold.
    public var threshold: Float = 0.5
    /// Multi-label: tune a threshold per label on out-of-fold predictions of the training
    /// documents; nil keeps `threshold` for every label.
    public var thresholdTuning: ThresholdTuning?
    /// Seed for everything random in training: the classifier's `seed` option when it declares one
    /// and `classifierOptions` does not set it, and the threshold folds. Nil: 0, and the
    /// classifier's own default.
    public var seed: UInt64?

    /// The seed of folds and held-out splits: `seed`, else the classifier's own `seed` option when
    /// one is given (so that `-O seed=N` seeds them as `--seed N` does), else 0.
    public var foldSeed: UInt64 {
        seed ?? classifierOptions[ClassifierParameter.seedName].flatMap { UInt64($0) } ?? 0
    }
    /// Weights a linear classifier trained in a stream starts from (`classify train --init`): a
    /// round of iterative parameter mixing on a corpus shard. Nil starts from zero.
    public var initialParameters: LinearParameters?
    /// Labels known to exist beyond those of the training documents: the whole corpus's when
    /// training on one fold of it. A class-weight file may name them (they are skipped) without
    /// the error an unknown label gets.
    public var knownLabels: Set<String> = []
    /// The most distinct labels a training corpus may have (`--max-distinct-labels`): a model's size and
    /// training time grow with them, so a corpus with more is an error rather than hours of work.
    public var maximumLabels = TrainingOptions.defaultMaximumLabels
    /// The default `maximumLabels`: 10,000.
    public static let defaultMaximumLabels = 10_000
    /// Multi-label: rules on each document's predicted labels, stored in the model
    /// (`--max-labels`, `--never-alone`).
    public var labelRules = LabelRules.none
    /// How the trained model is made smaller as it is built (`--prune`, `--quantize`): every
    /// model trained with these options, including those of threshold folds and
    /// cross-validation, is compressed alike, so thresholds and reported figures are those of the
    /// saved model.
    public var compression = CompressionChoice.recommended

    public init() {}

    /// Throws when compression is asked of a classifier that cannot compress its models, or
    /// with settings out of range (before any training).
    func checkCompression(_ classifierType: any Classifier.Type) throws {
        try compression.check(classifierType, registry: registry)
    }

    /// The compression models of `classifierType` with one-vs-rest labels (`multiLabel`) or one
    /// of many get, or nil.
    func resolvedCompression(_ classifierType: any Classifier.Type, multiLabel: Bool) throws -> LinearCompression? {
        try compression.resolved(classifierType, multiLabel: multiLabel)
    }

    /// Throws when `targets` has more labels than `maximumLabels`.
    func checkLabelCount(_ targets: LabelTargets) throws {
        guard targets.labelCount <= maximumLabels else {
            throw ClassifierError("the training corpus has \(targets.labelCount) labels, more than --max-distinct-labels \(maximumLabels)")
        }
    }

    /// The classifier trained: `classifierName`, or the registry's default.
    public var chosenClassifierName: String { classifierName ?? registry.defaultName }
}

/// Whether and how training compresses the models it builds (`LinearCompression`).
public enum CompressionChoice: Sendable, Equatable {
    /// The classifier's own recommendation for the model's kind of labels
    /// (`CompressibleClassifier.recommendedCompression(multiLabel:)`); none for a classifier that
    /// cannot compress.
    case recommended
    /// Every weight kept, dense (`--prune none`).
    case none
    /// These settings; an error for a classifier that cannot compress.
    case given(LinearCompression)
    /// The classifier's recommendation with 8-bit quantisation on or off (`quantize`, as
    /// recommended when nil) and unused terms dropped or kept; an error for a classifier that
    /// cannot compress.
    case recommendedWith(quantize: Bool?, dropUnusedTerms: Bool)

    /// Throws when this asks compression of a classifier that cannot compress its models (naming
    /// those of `registry` that can), or gives settings out of range.
    public func check(_ classifierType: any Classifier.Type, registry: ClassifierRegistry = .builtIn) throws {
        let compressible = classifierType is any CompressibleClassifier.Type
        switch self {
        case .none, .recommended: return
        case .given(let settings):
            try settings.validate()
            guard compressible else {
                throw ClassifierError("\(classifierType.name) models cannot be compressed (--prune, --quantize); train one that can (\(registry.compressibleNames)) or drop those options")
            }
        case .recommendedWith:
            guard compressible else {
                throw ClassifierError("\(classifierType.name) models cannot be compressed (--quantize, --keep-all-terms); train one that can (\(registry.compressibleNames)) or drop those options")
            }
        }
    }

    /// The compression a model of `classifierType` with one-vs-rest labels (`multiLabel`) or one
    /// of many gets, or nil for none; throws as `check` does.
    public func resolved(_ classifierType: any Classifier.Type, multiLabel: Bool) throws -> LinearCompression? {
        try check(classifierType)
        let recommended = (classifierType as? any CompressibleClassifier.Type)?.recommendedCompression(multiLabel: multiLabel)
        switch self {
        case .none: return nil
        case .recommended: return recommended
        case .given(let settings): return settings
        case .recommendedWith(let quantize, let dropUnusedTerms):
            guard var settings = recommended else { return nil }
            settings.quantize = quantize ?? settings.quantize
            settings.dropUnusedTerms = dropUnusedTerms
            return settings
        }
    }
}

/// How `ModelTrainer` tunes per-label thresholds (`classify train --tune-thresholds`).
public struct ThresholdTuning: Sendable, Equatable {
    /// The number of folds whose out-of-fold predictions the thresholds are cut from.
    public var folds: Int
    /// How each label's out-of-fold scores become its threshold.
    public var rule: ThresholdRule
    /// Besides each whole held-out document, score it cut to each of these word counts
    /// (`Document.truncated(toWords:)`) and cut the thresholds over all of them, so that they hold
    /// for a headline or a lede as for a whole article (`--tune-lengths`). Empty: whole documents.
    public var lengths: [Int]

    /// The folds used when none are given.
    public static let defaultFolds = 5

    public init(folds: Int = ThresholdTuning.defaultFolds, rule: ThresholdRule = .breakEven, lengths: [Int] = []) {
        self.folds = folds
        self.rule = rule
        self.lengths = lengths
    }
}

extension TrainingOptions {
    /// Options for classifier `name` of `registry`: its recommended features changed by
    /// `features` (the caller's overrides), and `classifierOptions` (those it does not declare
    /// dropped when `onlyDeclared`, otherwise left for training to reject).
    public static func forClassifier(
        _ name: String, registry: ClassifierRegistry, classifierOptions: [String: String],
        features: (TfidfOptions) -> TfidfOptions, onlyDeclared: Bool = false
    ) throws -> TrainingOptions {
        let type = try registry.type(named: name)
        var options = TrainingOptions()
        options.registry = registry
        options.classifierName = name
        options.tfidf = features(type.recommendedFeatures)
        options.classifierOptions = onlyDeclared
            ? classifierOptions.filter { key, _ in type.parameters.contains { $0.name == key } } : classifierOptions
        return options
    }

    /// Options for each classifier of a comparison on the same data: each gets the options of
    /// `classifierOptions` it declares; an option that none of them declares is an error.
    public static func forComparison(
        _ names: [String], registry: ClassifierRegistry, classifierOptions: [String: String],
        features: (TfidfOptions) -> TfidfOptions
    ) throws -> [TrainingOptions] {
        let types = try names.map { try registry.type(named: $0) }
        for key in classifierOptions.keys.sorted() where !types.contains(where: { $0.parameters.contains { $0.name == key } }) {
            throw ClassifierError("--\(key) does not apply to any of \(names.joined(separator: ", "))")
        }
        return try names.map {
            try forClassifier($0, registry: registry, classifierOptions: classifierOptions, features: features, onlyDeclared: names.count > 1)
        }
    }

    /// The chosen feature blocks with their resolved options, in order: an error names an unknown
    /// kind or an option a block does not take.
    public func resolvedFeatureBlocks() throws -> [FeatureBlockRecipe] {
        try featureBlocks.map { choice in
            let type = try registry.featureBlockType(named: choice.kind)
            do {
                return FeatureBlockRecipe(
                    type: type, parameters: try ClassifierParameters.resolve(choice.options, declared: type.parameters, classifier: "--block \(type.kind)"))
            } catch let error as ClassifierError {
                throw FeatureError(error.description)
            }
        }
    }

    /// The classifier type and its resolved options (defaults filled in, `seed` applied): an
    /// error names an unknown classifier, an option it does not take, a value out of range, or
    /// what the classifier's `checkBeforeTraining` refuses.
    public func resolvedClassifier() throws -> (type: any Classifier.Type, parameters: ClassifierParameters) {
        let type = try registry.type(named: chosenClassifierName)
        var given = classifierOptions
        if let seed, type.parameters.contains(where: { $0.name == ClassifierParameter.seedName }) {
            if let own = given[ClassifierParameter.seedName], own != String(seed) {
                throw ClassifierError("--seed \(seed) and -O \(ClassifierParameter.seedName)=\(own) disagree; give the seed once (--seed seeds the folds and splits too)")
            }
            given[ClassifierParameter.seedName] = String(seed)
        }
        let parameters = try ClassifierParameters.resolve(given, declared: type.parameters, classifier: type.name)
        try type.checkBeforeTraining(parameters)
        return (type, parameters)
    }
}
