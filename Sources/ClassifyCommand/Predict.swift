import ArgumentParser
import ClassifyKit
import Foundation

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the categories of new documents.",
        discussion: """
            Accepts a single article file, a folder of them, any corpus format, \
            or - for standard input. Prints each document's predicted \
            categories (marked *) with their probabilities; --top K also lists \
            the next most probable ones.

            Examples:
              classify predict seeds/000_e3d5ecafbe7b84a0.txt
              classify predict -m 20ng.classify test.jsonl --json > out.jsonl
              echo "Parliament votes on the budget" | classify predict --top 3

            """)

    @OptionGroup var modelOption: ModelOption

    @Argument(help: "Documents to classify (files, folders, or - for standard input).")
    var files: [String] = []

    @OptionGroup(title: "Corpus") var corpusOptions: CorpusOptionGroup

    @Flag(help: "Print JSON Lines: {\"id\", \"labels\", \"scores\"} per document.")
    var json = false

    @Option(help: "Also show the K most probable labels with their probabilities.")
    var top: Int?

    @Option(help: "Multi-label decision threshold (default: the model's).")
    var threshold: Float?

    @Option(help: ArgumentHelp("Multi-label: predict at most K labels per document, the most probable (default: the model's cap, if any).", valueName: "K"))
    var maxLabels: Int?

    @Flag(name: .shortAndLong, help: "Say which model is used.")
    var verbose = false

    @Option(help: "Score this many batches at once, one per thread (default: the number of cores). Output is the same for any value.")
    var threads: Int?

    @Option(help: "Documents per batch. Output is the same for any value; memory holds a few batches per thread.")
    var batchSize: Int = StreamingPrediction.defaultBatchSize

    @Flag(help: "Show a live count of documents on standard error even when it is not a terminal.")
    var progress = false

    @Flag(name: .shortAndLong, help: "No progress line.")
    var quiet = false

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        if let threshold, !(threshold > 0 && threshold < 1) { throw ValidationError("--threshold must be between 0 and 1") }
        if let maxLabels, maxLabels < 1 { throw ValidationError("--max-labels must be at least 1 (got \(maxLabels))") }
        if let threads, !(1...ParallelMap.maximumThreads).contains(threads) {
            throw ValidationError("--threads must be from 1 to \(ParallelMap.maximumThreads) (got \(threads))")
        }
        if !(1...StreamingPrediction.maximumBatchSize).contains(batchSize) {
            throw ValidationError("--batch-size must be from 1 to \(StreamingPrediction.maximumBatchSize) (got \(batchSize))")
        }
    }

    func run() throws {
        let (path, source) = try modelOption.resolve()
        var model = try ModelFile.read(path, registry: CommandContext.registry)
        if let maxLabels, model.isMultiLabel { model.labelRules.maximumLabels = maxLabels }
        if verbose { Console.note("model: \(path) (\(source)): \(model.classifierName), \(model.labels.count) labels") }
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        var reader = corpusOptions.reader(requireLabels: false)
        reader.threads = threadCount
        let command = self
        var predictor = StreamingPredictor(
            model: model, batchSize: batchSize, threads: threadCount, threshold: threshold, top: json ? top : (top ?? 0)
        ) { document, prediction in command.render(document, prediction) }
        // Each round of batches is written as soon as it is scored and rendered, in input order.
        let write = { (lines: [String]) in Console.write(lines.joined()) }
        let line = ProgressLine(verb: "read", quiet: quiet, forced: progress)
        defer { line.finish() }
        for file in files.isEmpty ? ["-"] : files {
            var found = false
            try reader.read(file) { document in
                found = true
                predictor.add(document, emit: write)
                line.tick()
            }
            if !found { throw CorpusError(path: file, "contains no documents") }
        }
        predictor.finish(emit: write)
    }

    /// The output of one document: a JSON line, or its id and predicted labels.
    func render(_ document: Document, _ prediction: Prediction) -> String {
        let shown = top.map { Array(prediction.scores.prefix($0)) } ?? prediction.scores
        if json {
            return PredictionJSON.line(id: document.id, labels: prediction.labels, scores: shown) + "\n"
        }
        var output = document.id + "\n"
        // Every predicted label, then the next most probable ones up to --top.
        let predicted = prediction.scores.filter { prediction.labels.contains($0.label) }
        let listed = top.map { k in predicted + prediction.scores.filter { !prediction.labels.contains($0.label) }.prefix(max(0, k - predicted.count)) } ?? predicted
        let width = listed.map { $0.label.count }.max() ?? 0
        for score in listed {
            let mark = prediction.labels.contains(score.label) ? "*" : " "
            output += "  \(mark) \(score.label.padded(to: width))  \(String(format: "%.3f", score.probability))\n"
        }
        return output
    }
}
