import ArgumentParser
import ClassifyKit
import Foundation

struct Train: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "train",
            abstract: "Train a model on labelled corpora and write it to a file.",
            discussion: """
                Reads every CORPUS (files or folders, any format), learns TF-IDF \
                features and trains the classifier, then writes MODEL atomically. \
                Multi-label corpora (documents with several labels) are detected and \
                trained one-vs-rest. Options not given take the classifier's \
                recommended settings (see `classify classifiers`).

                Examples:
                  classify train Corpus/train -o news.classify --tune-thresholds
                  classify train 20ng/train.jsonl -o 20ng.classify -c NAME -O NAME=VALUE
                  classify train data.csv --text-column body --label-column topic -o m
                  classify train 20ng/train.jsonl -o 20ng-full.classify --prune none

                \(ClassifierHelp.optionSummary(CommandContext.registry))
                """)
    }

    @Argument(help: "Labelled corpus files or folders.")
    var corpus: [String]

    @Option(name: .shortAndLong, help: "Where to write the model.")
    var output: String

    @OptionGroup(title: "Corpus") var corpusOptions: CorpusOptionGroup
    @OptionGroup(title: "Features") var features: FeatureOptionGroup
    @OptionGroup(title: "Classifier") var classifierOptions: ClassifierOptionGroup
    @OptionGroup(title: "Compression (linear classifiers)") var compression: CompressionOptionGroup

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress lines.")
    var quiet = false

    @Flag(help: "Show progress on standard error even when it is not a terminal.")
    var progress = false

    @Flag(help: "Train without holding the corpus, within --max-memory (1G when not given): two passes over its files (not standard input). Naive Bayes gives the same model bytes; logistic regression and the linear SVM train from a feature cache on disk (in TMPDIR, always removed) after tuning on a sample of at most 20,000 documents.")
    var stream = false

    @Option(help: ArgumentHelp(
        "Train this shard with the features and labels of these statistics of the whole corpus (`classify stats`, `classify merge`), in a stream, so that the shard models merge with `classify merge`; the features come from STATS.",
        valueName: "STATS"))
    var vectorizer: String?

    @Option(name: .customLong("init"), help: ArgumentHelp(
        "With --vectorizer: start a linear classifier from the weights of MODEL (the merged shard models of the previous round of iterative parameter mixing); give --l2 VALUE, --nb-weight 0 and --temperature 1, and usually --epochs 1.",
        valueName: "MODEL"))
    var initialModel: String?

    @Flag(help: "With --vectorizer: keep the shard's naive Bayes counts in a linear model too, so that `classify merge --nb-weight` can blend them in (the last round of parameter mixing). Naive Bayes shard models always keep them.")
    var keepCounts = false

    @Option(name: .customLong("max-memory"), help: ArgumentHelp("Train in a stream (as --stream) within SIZE, such as 512M or 2G. Corpus files over 2 GB in all train this way with 1G unless the options need them in memory.", valueName: "SIZE"))
    var maxMemory: String?

    func run() throws {
        let start = ContinuousClock.now
        let progress = Console.progress(quiet: quiet, forced: self.progress)
        try FileBytes.checkOutput(output, isNotOneOf: corpus)
        let outputFolder = (output as NSString).deletingLastPathComponent
        if !outputFolder.isEmpty && !FileBytes.isDirectory(outputFolder) {
            throw FileAccessError(path: output, reason: "the folder \(outputFolder) does not exist; create it first")
        }
        // A bad classifier, option or feature block is reported before the corpus is read.
        var options = try classifierOptions.trainingOptions(features: features)
        options.compression = try compression.choice(for: try options.resolvedClassifier().type)
        let statistics = try vectorizer.map(StatisticsFile.read)
        if let statistics {
            guard features.apply(to: statistics.options) == statistics.options, options.featureBlocks.isEmpty else {
                throw CLIError("--vectorizer fixes the features to those of \(vectorizer!); drop the feature options")
            }
            options.tfidf = statistics.options
        }
        if let initialModel {
            guard let statistics else { throw CLIError("--init starts a shard's round of parameter mixing; give --vectorizer STATS too") }
            let start = try ModelFile.read(initialModel, registry: CommandContext.registry)
            guard let averaging = start.classifier as? any AveragingMergeable else {
                throw CLIError("\(initialModel): a \(start.classifierName) model has no weights to start from; --init takes a model of a classifier whose shards average (\(CommandContext.registry.averagingMergeableNames))")
            }
            guard averaging.nbWeight == 0, averaging.temperature == 1 else {
                throw CLIError("\(initialModel): a finished model (with a naive Bayes blend or a temperature) is no starting point; start from a round merged without --nb-weight and --temperature")
            }
            let features = try statistics.vectorizer()
            guard start.labels == (try statistics.targets(multiLabel: options.multiLabel).labelNames),
                start.vectorizer.idf == features.idf, start.vectorizer.vocabulary.joinedBytes() == features.vocabulary.joinedBytes()
            else {
                throw CLIError("\(initialModel): its labels or features differ from those of \(vectorizer!); start from a model merged from shards trained with these statistics")
            }
            options.initialParameters = averaging.linearParameters
        }
        try options.tfidf.validate()
        _ = try options.resolvedClassifier()
        _ = try options.resolvedFeatureBlocks()
        let reader = corpusOptions.reader(requireLabels: true)
        let model: TrainedModel
        let documentCount: Int
        let formats: [CorpusFormat]
        do {
            if let budget = try streamingBudget(options) ?? (statistics == nil ? nil : .standard) {
                progress?("training \(options.chosenClassifierName) in two passes over \(corpus.joined(separator: ", ")) within \(MemoryBudget.megabytes(budget.bytes))…")
                let passes = [ProgressLine(verb: "pass 1: read", quiet: quiet, forced: self.progress), ProgressLine(verb: "pass 2: vectorised", quiet: quiet, forced: self.progress)]
                let outcome = try StreamingTrainer.train(
                    corpus, reader: reader, options: options, budget: budget, statistics: statistics, keepLinearCounts: keepCounts, progress: { line in
                        passes.filter(\.hasStarted).forEach { $0.finish() }
                        progress?(line)
                    }, reading: { pass in passes[pass - 1].tick() })
                Console.warnAboutRepeatedIds(outcome.repeatedIds, quiet: quiet)
                (model, documentCount, formats) = (outcome.model, outcome.documents, outcome.formats)
            } else {
                progress?("reading \(corpus.joined(separator: ", "))…")
                let (documents, read) = try reader.readAll(corpus)
                Console.warnAboutRepeatedIds(documents, quiet: quiet)
                progress?("training \(options.chosenClassifierName) on \(documents.count) documents…")
                model = try ModelTrainer.train(documents, options: options, progress: progress)
                (documentCount, formats) = (documents.count, read)
            }
        } catch let error as FeatureError {
            throw CorpusError(path: corpus.joined(separator: ", "), error.description)
        } catch let error as ClassifierError where error.description.hasPrefix("the training corpus") {
            throw CorpusError(path: corpus.joined(separator: ", "), error.description)
        }
        let bytes = try ModelFile.encode(model)
        try FileBytes.writeAtomically(bytes, to: output)
        let seconds = Console.seconds(since: start)
        let parameters = model.classifier.parameters.values.sorted { $0.key < $1.key }
        if json {
            let summary: [String: String] = [
                "documents": String(documentCount), "labels": String(model.labels.count),
                "multi_label": String(model.isMultiLabel), "features": String(model.featureCount),
                "classifier": model.classifierName, "seconds": String(format: "%.3f", seconds),
                "model": output, "model_bytes": String(bytes.count),
                "formats": formats.map(\.rawValue).joined(separator: ","),
            ]
            Console.line(try Console.json(summary))
        } else {
            Console.line("read      \(documentCount) documents from \(corpus.joined(separator: ", ")) (\(Set(formats.map(\.rawValue)).sorted().joined(separator: ", ")))")
            Console.line("labels    \(model.labels.count) (\(model.isMultiLabel ? "multi-label, one-vs-rest" : "single-label")\(model.thresholds == nil ? "" : ", per-label thresholds tuned"))")
            Console.line("features  \(model.featureCount) (\(model.vectorizer.options.summary)\(model.features.blocks.map { ", + \(type(of: $0).kind) \($0.featureCount)" }.joined()))")
            Console.line("classifier \(model.classifierName) (\(parameters.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))")
            let chosen = model.classifier.chosenParameters.values.filter { model.classifier.parameters.values[$0.key] != $0.value }
            if !chosen.isEmpty {
                Console.line("chosen    " + chosen.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            Console.line("trained in \(String(format: "%.2f", seconds)) s; wrote \(output) (\(Console.size(bytes.count)))")
        }
    }

    /// The budget to train in a stream with, or nil to train in memory: `--max-memory`, `--stream`,
    /// or a corpus over `MemoryBudget.automaticStreamingInputBytes` that can stream.
    func streamingBudget(_ options: TrainingOptions) throws -> MemoryBudget? {
        if let maxMemory { return try MemoryBudget(parsing: maxMemory) }
        if stream { return .standard }
        let bytes = corpus.reduce(0) { $0 + FileBytes.size(of: $1) }
        guard bytes > MemoryBudget.automaticStreamingInputBytes, options.thresholdTuning == nil,
            let type = try? options.resolvedClassifier().0, type is any CountTrainable.Type || type is any CacheTrainable.Type,
            let blocks = try? options.resolvedFeatureBlocks(), blocks.allSatisfy({ $0.type is any StreamingFeatureBlock.Type })
        else { return nil }
        return .standard
    }
}
