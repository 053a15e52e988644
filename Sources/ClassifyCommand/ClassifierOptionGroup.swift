import ArgumentParser
import Foundation
import ClassifyKit

/// Classifier choice, its options and the label settings for training. The options a classifier
/// declares are set with `-O NAME=VALUE` (or `--NAME VALUE`, see `ClassifierOptionSpelling`);
/// none is listed here by hand.
struct ClassifierOptionGroup: ParsableArguments {
    @Option(name: [.customShort("c"), .long], help: "The classifier (default: \(CommandContext.registry.defaultName); see `classify classifiers`).")
    var classifier: String?

    @Option(
        name: [.customShort("O"), .customLong("option")],
        help: ArgumentHelp(
            "A classifier option as NAME=VALUE (repeatable; --NAME VALUE works too where the command has no option of that name). `classify classifiers` lists each classifier's options.",
            valueName: "name=value"))
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
    var thresholdFolds: Int = ThresholdTuning.defaultFolds

    @Option(help: "How --tune-thresholds cuts each label's out-of-fold scores: break-even (predict it for as many documents as carry it) or f1 (the label's best F1).")
    var thresholdRule: ThresholdRule = .breakEven

    @Option(help: "Seed for everything random in training (document order, held-out splits, folds).")
    var seed: Int?

    @Option(help: ArgumentHelp(
        "Multi-label: also tune the thresholds on each held-out document cut to its first N words, for each N (comma-separated), so that label counts hold from a headline to a whole article.",
        valueName: "N,N…"))
    var tuneLengths: String?

    @Option(help: ArgumentHelp(
        "Multi-label: predict at most K labels per document, the most probable (stored in the model; predict and eval can override it).",
        valueName: "K"))
    var maxLabels: Int?

    @Option(help: ArgumentHelp(
        "Multi-label: LABEL is never predicted alone; when it is the only label over its threshold the most probable other label joins it (repeatable; stored in the model).",
        valueName: "LABEL"))
    var neverAlone: [String] = []

    @Option(help: ArgumentHelp("The most distinct labels a training corpus may have.", valueName: "n"))
    var maxDistinctLabels: Int = TrainingOptions.defaultMaximumLabels

    /// The chosen classifier's name.
    var classifierName: String { classifier ?? CommandContext.registry.defaultName }

    /// `-O NAME=VALUE` options as a dictionary; an option given twice is an error (`--NAME VALUE`
    /// spellings arrive here as `-O` too), not the last one winning.
    func classifierOptions() throws -> [String: String] {
        var values: [String: String] = [:]
        for option in options {
            guard let equals = option.firstIndex(of: "="), equals != option.startIndex else {
                throw CLIError("--option takes NAME=VALUE, got \"\(option)\"")
            }
            let name = String(option[..<equals])
            guard values[name] == nil else { throw CLIError("--\(name) is given twice (as --\(name) or -O \(name)=); give it once") }
            values[name] = String(option[option.index(after: equals)...])
        }
        return values
    }

    func validate() throws {
        if multiLabel && singleLabel { throw ValidationError("give --multi-label or --single-label, not both") }
        if let seed, seed < 0 { throw ValidationError("--seed must be 0 or more") }
        if let threshold, !(threshold > 0 && threshold < 1) { throw ValidationError("--threshold must be between 0 and 1") }
        if thresholdFolds < 2 { throw ValidationError("--threshold-folds must be at least 2") }
        if maxDistinctLabels < 2 { throw ValidationError("--max-distinct-labels must be at least 2 (got \(maxDistinctLabels))") }
        if let maxLabels, maxLabels < 1 { throw ValidationError("--max-labels must be at least 1 (got \(maxLabels))") }
        if (tuneLengths != nil) && !tuneThresholds { throw ValidationError("--tune-lengths applies to --tune-thresholds; add it") }
        _ = try lengths()
    }

    /// The word counts of `--tune-lengths`.
    func lengths() throws -> [Int] {
        guard let tuneLengths else { return [] }
        let parts = tuneLengths.split(separator: ",", omittingEmptySubsequences: false)
        let values = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == parts.count, !values.isEmpty, values.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--tune-lengths takes word counts of at least 1, comma-separated, such as 10,30,100 (got \"\(tuneLengths)\")")
        }
        return values
    }

    /// The label, threshold and seed settings applied to `options`.
    func applyLabelSettings(to options: inout TrainingOptions) {
        options.multiLabel = multiLabel ? true : (singleLabel ? false : nil)
        options.threshold = threshold ?? 0.5
        options.seed = seed.map(UInt64.init)
        options.maximumLabels = maxDistinctLabels
        options.thresholdTuning = tuneThresholds
            ? ThresholdTuning(folds: thresholdFolds, rule: thresholdRule, lengths: (try? lengths()) ?? []) : nil
        options.labelRules = LabelRules(maximumLabels: maxLabels, neverAlone: neverAlone)
    }

    /// Training options for the chosen classifier with `features` applied to its recommended ones.
    func trainingOptions(features: FeatureOptionGroup) throws -> TrainingOptions {
        var options = try TrainingOptions.forClassifier(
            classifierName, registry: CommandContext.registry, classifierOptions: classifierOptions(), features: features.apply(to:))
        options.featureBlocks = try features.blockChoices(words: options.tfidf)
        applyLabelSettings(to: &options)
        return options
    }

    /// Training options for each classifier of `names`, compared on the same folds.
    func comparisonOptions(_ names: [String], features: FeatureOptionGroup) throws -> [TrainingOptions] {
        try TrainingOptions.forComparison(
            names, registry: CommandContext.registry, classifierOptions: classifierOptions(), features: features.apply(to:)
        ).map { options in
            var options = options
            options.featureBlocks = try features.blockChoices(words: options.tfidf)
            applyLabelSettings(to: &options)
            return options
        }
    }
}
