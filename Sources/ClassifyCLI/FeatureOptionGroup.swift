import ArgumentParser
import ClassifyKit

extension TfidfOptions.Norm: ExpressibleByArgument {}

/// TF-IDF and tokenizer options for training. Options not given take the chosen classifier's
/// recommended settings (`classify classifiers` shows them).
struct FeatureOptionGroup: ParsableArguments {
    @Option(help: "Use word n-grams up to this length (1 = words, 2 adds word pairs).")
    var ngrams: Int?

    @Option(help: "Drop terms in fewer documents: a count ≥ 1 or a fraction < 1.")
    var minDf: Double?

    @Option(help: "Drop terms in more documents: a fraction ≤ 1 or a count > 1.")
    var maxDf: Double?

    @Option(help: "Keep only the N most frequent terms.")
    var maxFeatures: Int?

    @Flag(inversion: .prefixedNo, help: "Weight term counts as 1 + ln(tf).")
    var sublinearTf: Bool?

    @Flag(inversion: .prefixedNo, help: "Weight terms by inverse document frequency.")
    var idf: Bool?

    @Option(help: "Document vector normalisation: l2, l1 or none.")
    var norm: TfidfOptions.Norm?

    @Option(help: "Drop tokens shorter than this many characters.")
    var minTokenLength: Int?

    @Flag(inversion: .prefixedNo, help: "Lowercase tokens.")
    var lowercase: Bool?

    @Flag(inversion: .prefixedNo, help: "Count the title's words again as features of their own (title:word): the first line, or the Subject: header of an e-mail or Usenet post (default on).")
    var titleTerms: Bool?

    @Option(help: ArgumentHelp("Character n-grams within words as a second block of features, e.g. 3-5 or 4 (0: off, the default).", valueName: "min-max"))
    var charNgrams: String?

    /// `3-5` → (3, 5), `4` → (4, 4), `0` → (0, 0); nil when it is not such a value.
    static func lengths(_ text: String) -> (min: Int, max: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        switch parts.count {
        case 1: return parts[0].map { ($0, $0) }
        case 2: if let a = parts[0], let b = parts[1] { return (a, b) } else { return nil }
        default: return nil
        }
    }

    func validate() throws {
        if let charNgrams, Self.lengths(charNgrams) == nil {
            throw ValidationError("--char-ngrams takes MIN-MAX (e.g. 3-5), one length, or 0 for off; got \"\(charNgrams)\"")
        }
    }

    /// `base` with every given option applied.
    func apply(to base: TfidfOptions) -> TfidfOptions {
        var options = base
        if let ngrams { options.ngramMax = ngrams }
        if let minDf { options.minDF = minDf }
        if let maxDf { options.maxDF = maxDf }
        if let maxFeatures { options.maxFeatures = maxFeatures }
        if let sublinearTf { options.sublinearTF = sublinearTf }
        if let idf { options.useIDF = idf }
        if let norm { options.norm = norm }
        if let minTokenLength { options.tokenizer.minTokenLength = minTokenLength }
        if let lowercase { options.tokenizer.lowercase = lowercase }
        if let titleTerms { options.titleTerms = titleTerms }
        if let charNgrams, let range = Self.lengths(charNgrams) {
            options.charNgramMin = range.min
            options.charNgramMax = range.max
        }
        return options
    }
}

/// Classifier choice and options for training.
struct ClassifierOptionGroup: ParsableArguments {
    @Option(name: [.customShort("c"), .long], help: "The classifier (see `classify classifiers`).")
    var classifier: String = ClassifierRegistry.defaultName

    @Option(help: "Naive Bayes: additive smoothing.")
    var alpha: String?

    @Option(help: "Complement naive Bayes: normalise class weights (true/false).")
    var weightNorm: String?

    @Option(help: "Logistic regression, linear SVM: L2 regularisation per document, or auto.")
    var l2: String?

    @Option(name: .customLong("c"), help: "Logistic regression, linear SVM: inverse regularisation as in scikit-learn (replaces --l2; linear-svm default 1).")
    var inverseRegularisation: String?

    @Option(help: "Logistic regression, linear SVM: maximum passes over the data.")
    var epochs: String?

    @Option(help: "Logistic regression, linear SVM: none, balanced, balanced:K (capped at K), auto (default: none; balanced:5 for multi-label), or a file of `label weight` lines.")
    var classWeight: String?

    @Option(help: "Logistic regression: hold out this fraction for early stopping.")
    var validationFraction: String?

    @Option(help: "Logistic regression, linear SVM: weight of the blended naive Bayes component, or auto.")
    var nbWeight: String?

    @Option(help: "Logistic regression: sgd (default) or dual (multi-label: exact per label; best with --tune-thresholds).")
    var solver: String?

    @Option(name: [.customShort("O"), .customLong("option")], help: ArgumentHelp("Any classifier option as NAME=VALUE (repeatable; `classify classifiers` lists them).", valueName: "name=value"))
    var options: [String] = []

    @Flag(help: "Treat the corpus as multi-label (one-vs-rest) even if every document has one label.")
    var multiLabel = false

    @Flag(help: "Require exactly one label per document.")
    var singleLabel = false

    @Option(help: "Multi-label decision threshold on each label's probability (train: stored in the model, default 0.5; predict/eval: overrides the model's).")
    var threshold: Float?

    @Flag(help: "Multi-label: tune a decision threshold per label on out-of-fold predictions of the training data.")
    var tuneThresholds = false

    @Option(help: "Folds for --tune-thresholds.")
    var thresholdFolds: Int = 5

    @Option(help: "How --tune-thresholds cuts each label's out-of-fold scores: break-even (predict it for as many documents as carry it) or f1 (the label's best F1).")
    var thresholdRule: ThresholdRule = .breakEven

    @Option(help: "Seed for everything random in training (document order, held-out splits, folds).")
    var seed: Int?

    func classifierOptions() throws -> [String: String] {
        var values: [String: String] = [:]
        if let alpha { values["alpha"] = alpha }
        if let weightNorm { values["weight-norm"] = weightNorm }
        if let l2 { values["l2"] = l2 }
        if let inverseRegularisation { values["c"] = inverseRegularisation }
        if let epochs { values["epochs"] = epochs }
        if let classWeight { values["class-weight"] = classWeight }
        if let validationFraction { values["validation-fraction"] = validationFraction }
        if let nbWeight { values["nb-weight"] = nbWeight }
        if let solver { values["solver"] = solver }
        for option in options {
            guard let equals = option.firstIndex(of: "="), equals != option.startIndex else {
                throw CLIError("--option takes NAME=VALUE, got \"\(option)\"")
            }
            values[String(option[..<equals])] = String(option[option.index(after: equals)...])
        }
        return values
    }

    func validate() throws {
        if multiLabel && singleLabel { throw ValidationError("give --multi-label or --single-label, not both") }
        if let seed, seed < 0 { throw ValidationError("--seed must be 0 or more") }
        if let threshold, !(threshold > 0 && threshold < 1) { throw ValidationError("--threshold must be between 0 and 1") }
        if thresholdFolds < 2 { throw ValidationError("--threshold-folds must be at least 2") }
    }
}

extension ClassifierOptionGroup {
    /// Training options for `name` with the recommended features of that classifier, the given
    /// feature options on top, and the given classifier options that `name` declares.
    func trainingOptions(for name: String, features: FeatureOptionGroup, onlyDeclared: Bool) throws -> TrainingOptions {
        let type = try ClassifierRegistry.type(named: name)
        var options = TrainingOptions()
        options.classifierName = name
        options.tfidf = features.apply(to: type.recommendedFeatures)
        var values = try classifierOptions()
        if let seed, type.parameters.contains(where: { $0.name == "seed" }) { values["seed"] = values["seed"] ?? String(seed) }
        if onlyDeclared { values = values.filter { key, _ in type.parameters.contains { $0.name == key } } }
        options.classifierOptions = values
        options.multiLabel = multiLabel ? true : (singleLabel ? false : nil)
        options.threshold = threshold ?? 0.5
        return options
    }
}
