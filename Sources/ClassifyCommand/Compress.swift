import ArgumentParser
import ClassifyKit
import Foundation

/// `classify compress`: a smaller model from a trained one, without training again.
struct Compress: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: "Make a linear model smaller: drop the weights that matter least, store the rest sparse, in 8 bits if asked.",
            discussion: """
                Weights smaller in magnitude than --prune are dropped (a softmax model's weights \
                are first centred per feature, which changes no probability), so a document's \
                score (logit) for a label moves by at most --prune times the L1 norm of its \
                TF-IDF row. The terms no kept weight reads leave the vocabulary. --quantize stores each kept weight in one byte with a scale per \
                label, as fastText's quantize does. `classify eval` on the compressed model shows \
                what it costs; the same options on `classify train` compress as it saves.

                Examples:
                  classify compress 20ng.classify -o 20ng-small.classify --prune 0.5
                  classify compress 20ng.classify -o 20ng-tiny.classify --prune 1 --quantize
                """)
    }

    @Argument(help: "The model to compress (logistic-regression or linear-svm).")
    var input: String

    @Option(name: .shortAndLong, help: "Where to write the compressed model.")
    var output: String

    @OptionGroup var compression: CompressionOptionGroup

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        try FileBytes.checkOutput(output, isNotOneOf: [input])
        let model = try ModelFile.read(input, registry: CommandContext.registry)
        let settings = try compression.settings() ?? LinearCompression(smallestWeight: 0)
        let compressed: TrainedModel
        do {
            compressed = try model.compressed(settings)
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
        "Drop the weights smaller in magnitude than this (0: only zeros); on 20 Newsgroups 0.3 keeps 1 weight in 13 at the same accuracy.",
        valueName: "magnitude"))
    var prune: Float?

    @Flag(help: "Store the kept weights in 8 bits with a scale per label (about half the size of half precision).")
    var quantize = false

    @Flag(help: "Keep every vocabulary term, even those no kept weight reads (documents then keep their norms).")
    var keepAllTerms = false

    /// The compression asked for, or nil when none is.
    func settings() throws -> LinearCompression? {
        guard prune != nil || quantize || keepAllTerms else { return nil }
        let settings = LinearCompression(smallestWeight: prune ?? 0, quantize: quantize, dropUnusedTerms: !keepAllTerms)
        do { try settings.validate() } catch let error as ClassifierError { throw CLIError(error.description) }
        return settings
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

    /// The non-zero weights of `model`'s classifier, over every label.
    static func nonZeroWeights(_ model: TrainedModel) -> Int {
        (0..<model.labels.count).reduce(0) { total, label in
            total + model.classifier.featureWeights(forLabel: label).reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
        }
    }

    func fields(output: String) -> [String: String] {
        [
            "model": output, "features_before": String(featuresBefore), "features_after": String(featuresAfter),
            "weights_before": String(weightsBefore), "weights_after": String(weightsAfter),
            "bytes_before": String(inputBytes), "bytes_after": String(outputBytes),
        ]
    }
}
