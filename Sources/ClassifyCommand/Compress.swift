import ArgumentParser
import ClassifyKit
import Foundation

/// `classify compress`: a smaller model from a trained one, without training again.
struct Compress: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "compress",
            abstract: "Make a linear model smaller: drop the weights that matter least, store the rest sparse, in 8 bits if asked.",
            discussion: """
                Each label's weights smaller in magnitude than --prune times its largest are \
                dropped (a softmax model's weights are first centred per feature, which changes \
                no probability), so a document's score (logit) for a label moves by at most \
                that cut times the L1 norm of its TF-IDF row. The terms no kept weight reads leave the vocabulary. --quantize \
                stores each kept weight in one byte with a scale per label, as fastText's \
                quantize does. `classify train` does this by default (--prune \
                auto); compress a model trained with --prune none, or compress further, here. \
                `classify eval` on the compressed model shows what it costs.

                Examples:
                  classify train 20ng/train.jsonl -o 20ng-full.classify --prune none
                  classify compress 20ng-full.classify -o 20ng.classify
                  classify compress 20ng-full.classify -o 20ng-tiny.classify --prune 0.1
                """)
    }

    @Argument(help: "The model to compress (of a classifier that stores linear weights; `classify classifiers` lists them).")
    var input: String

    @Option(name: .shortAndLong, help: "Where to write the compressed model.")
    var output: String

    @OptionGroup var compression: CompressionOptionGroup

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        try FileBytes.checkOutput(output, isNotOneOf: [input])
        let model = try ModelFile.read(input, registry: CommandContext.registry)
        let classifierType = type(of: model.classifier)
        let choice = try compression.choice(for: classifierType)
        if choice == .none { throw CLIError("--prune none keeps every weight: there is nothing to compress") }
        guard classifierType is any CompressibleClassifier.Type else {
            throw CLIError("\(input): \(model.classifierName) models cannot be compressed; compress a model of a classifier that can (\(CommandContext.registry.compressibleNames))")
        }
        let resolved: LinearCompression?
        do {
            resolved = try choice.resolved(classifierType, multiLabel: model.isMultiLabel)
        } catch let error as ClassifierError {
            throw CLIError("\(input): \(error.description)")
        }
        guard let settings = resolved else {
            throw CLIError("\(input): \(model.classifierName) models cannot be compressed; compress a model of a classifier that can (\(CommandContext.registry.compressibleNames))")
        }
        let compressed: TrainedModel
        do {
            compressed = try model.compressed(settings, registry: CommandContext.registry)
        } catch let error as ClassifierError {
            throw CLIError("\(input): \(error.description)")
        }
        let bytes = try ModelFile.encode(compressed)
        try FileBytes.writeAtomically(bytes, to: output)
        let inputBytes = (try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
        let summary = CompressionSummary(before: model, after: compressed, inputBytes: inputBytes, outputBytes: bytes.count)
        if json {
            Console.line(try Console.json(summary.fields(output: output)))
        } else {
            Console.line("features  \(summary.featuresBefore) -> \(summary.featuresAfter)")
            Console.line("weights   \(summary.weightsBefore) -> \(summary.weightsAfter) non-zero (\(settings.quantize ? "8-bit" : "half precision"))")
            Console.line("wrote     \(output) (\(Console.size(inputBytes)) -> \(Console.size(bytes.count)))")
        }
    }
}

/// `--prune`, `--quantize` and `--keep-all-terms`, shared by `classify compress` and `classify train`.
struct CompressionOptionGroup: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Drop each label's weights below this fraction of its largest; auto: the classifier's recommendation for the kind of labels (logistic-regression 0.03 for single-label and 0.01 for multi-label models, linear-svm 0.01: a fifth of the full size or less at the same accuracy on 20 Newsgroups); none: keep every weight, dense.",
        valueName: "fraction|auto|none"))
    var prune = "auto"

    @Flag(inversion: .prefixedNo, help: "Store the kept weights in 8 bits with a scale per label rather than half precision (default: as the classifier recommends; on with --prune NUMBER).")
    var quantize: Bool?

    @Flag(help: "Keep every vocabulary term, even those no kept weight reads (documents then keep their norms).")
    var keepAllTerms = false

    /// The compression asked for models of `classifierType`.
    func choice(for classifierType: any Classifier.Type) throws -> CompressionChoice {
        switch prune {
        case "none":
            guard quantize != true, !keepAllTerms else { throw CLIError("--prune none keeps every weight as it is; drop --quantize and --keep-all-terms") }
            return .none
        case "auto":
            guard quantize != nil || keepAllTerms else { return .recommended }
            guard classifierType is any CompressibleClassifier.Type else {
                throw CLIError("\(classifierType.name) models cannot be compressed; drop --quantize and --keep-all-terms, or use a classifier that can (\(CommandContext.registry.compressibleNames))")
            }
            return .recommendedWith(quantize: quantize, dropUnusedTerms: !keepAllTerms)
        default:
            guard let fraction = Float(prune) else {
                throw CLIError("--prune must be a fraction from 0 to below 1, auto or none (got \"\(prune)\")")
            }
            let settings = LinearCompression(pruneFraction: fraction, quantize: quantize ?? true, dropUnusedTerms: !keepAllTerms)
            do { try settings.validate() } catch let error as ClassifierError { throw CLIError(error.description) }
            return .given(settings)
        }
    }
}

/// What compression changed: features and non-zero weights before and after.
struct CompressionSummary {
    var featuresBefore: Int
    var featuresAfter: Int
    var weightsBefore: Int
    var weightsAfter: Int
    var inputBytes: Int
    var outputBytes: Int

    init(before: TrainedModel, after: TrainedModel, inputBytes: Int, outputBytes: Int) {
        featuresBefore = before.featureCount
        featuresAfter = after.featureCount
        weightsBefore = Self.nonZeroWeights(before)
        weightsAfter = Self.nonZeroWeights(after)
        self.inputBytes = inputBytes
        self.outputBytes = outputBytes
    }

    /// The non-zero weights of `model`'s classifier (0 for one that cannot compress).
    static func nonZeroWeights(_ model: TrainedModel) -> Int {
        (model.classifier as? any CompressibleClassifier)?.storedWeightCount ?? 0
    }

    func fields(output: String) -> [String: String] {
        [
            "model": output, "features_before": String(featuresBefore), "features_after": String(featuresAfter),
            "weights_before": String(weightsBefore), "weights_after": String(weightsAfter),
            "bytes_before": String(inputBytes), "bytes_after": String(outputBytes),
        ]
    }
}
