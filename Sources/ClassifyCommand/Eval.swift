import ArgumentParser
import ClassifyKit
import Foundation

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate models on labelled test corpora, or classifiers by cross-validation.",
        discussion: """
            With a model (-m, or the default model): accuracy and top-k \
            accuracy (single-label), micro-, macro-, weighted- and samples-F1, \
            Hamming loss and precision/recall@k (multi-label), then precision, \
            recall, F1 and support per label. Labels found only in the test data \
            are listed and count as missed. Models with tuned per-label \
            thresholds also show the figures with one global threshold. \
            Calibration: log-loss, Brier score and expected calibration error, \
            and with --report a reliability table (how often predictions of each \
            probability came true).

            With several -m models: one table on the same test set, the best per \
            metric marked *, and McNemar's test between the two best.

            With --cv K: trains and tests the classifier (or each of --compare) \
            on K stratified folds of CORPUS (iterative stratification for \
            multi-label) and prints mean ± sd per metric, the best marked, and a \
            paired t-test between the two best. Deterministic under --seed.

            Examples:
              classify eval -m 20ng.classify 20ng/test.jsonl --json
              classify eval -m news.classify Corpus/test --report report.html
              classify eval -m a.classify -m b.classify test.jsonl
              classify eval --cv 5 --compare NAME,NAME train.jsonl

            """)

    @Option(name: [.customShort("m"), .long], help: "A model file; repeat to compare models (default: the default model).")
    var model: [String] = []

    @Argument(help: "Labelled test corpus files or folders (with --cv: the corpus to cross-validate on).")
    var corpus: [String]

    @OptionGroup(title: "Corpus") var corpusOptions: CorpusOptionGroup

    @Option(help: "Cross-validate with K stratified folds instead of evaluating a model.")
    var cv: Int?

    @Option(help: "With --cv: compare these classifiers (comma-separated) on the same folds.")
    var compare: String?

    @OptionGroup(title: "Features (with --cv)") var features: FeatureOptionGroup
    @OptionGroup(title: "Classifier (with --cv; --threshold also applies to models)") var classifierOptions: ClassifierOptionGroup

    @Flag(help: "Print JSON instead of the text report.")
    var json = false

    @Option(help: "Also write the report to FILE: .md (Markdown), .json, or .html (a self-contained page with charts).")
    var report: String?

    @Flag(name: .shortAndLong, help: "No progress lines.")
    var quiet = false

    @Flag(help: "Show a live count of documents on standard error even when it is not a terminal.")
    var progress = false

    func validate() throws {
        if let report, !(report.hasSuffix(".md") || report.hasSuffix(".json") || report.hasSuffix(".html")) {
            throw ValidationError("--report must end in .md, .json or .html (got \(report))")
        }
        if let cv, cv < 2 { throw ValidationError("--cv must be at least 2") }
        if cv != nil && !model.isEmpty { throw ValidationError("--cv trains its own models; drop -m") }
        if compare != nil && cv == nil { throw ValidationError("--compare needs --cv K (or give several -m models)") }
        if let compare, compare.split(separator: ",", omittingEmptySubsequences: false).contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("--compare takes classifier names separated by commas, such as complement-nb,logistic-regression (got \"\(compare)\")")
        }
    }

    /// Throws for a document judged for only some labels: the metrics would count every label it
    /// was not judged for as a wrong prediction.
    static func checkFullyJudged(_ documents: [Document], path: String) throws {
        if let partial = documents.first(where: { $0.annotatedLabels != nil }) {
            throw CorpusError(
                path: path,
                "document \"\(partial.id)\" is annotated for only some labels (\"annotated_labels\"), which eval would count as wrong wherever it was not judged; evaluate on fully annotated documents, or score them with `classify predict --json`")
        }
    }

    func run() throws {
        if let report { try FileBytes.checkOutput(report, isNotOneOf: corpus + model) }
        let reader = corpusOptions.reader(requireLabels: true)
        if let folds = cv {
            let options = try crossValidationOptions()
            let (documents, _) = try reader.readAll(corpus)
            try Self.checkFullyJudged(documents, path: corpus.joined(separator: ", "))
            Console.warnAboutRepeatedIds(documents, quiet: quiet)
            try crossValidate(documents, folds: folds, options: options)
            return
        }
        let paths = try model.isEmpty ? [ModelOption.defaultModel().path] : model
        let models = try paths.map { path in
            var model = try ModelFile.read(path, registry: CommandContext.registry)
            if let cap = classifierOptions.maxLabels, model.isMultiLabel { model.labelRules.maximumLabels = cap }
            return model
        }
        if models.count > 1 {
            let (documents, _) = try reader.readAll(corpus)
            try Self.checkFullyJudged(documents, path: corpus.joined(separator: ", "))
            Console.warnAboutRepeatedIds(documents, quiet: quiet)
            let result = ModelComparison.compare(models, names: paths, on: documents)
            let title = "Comparison on \(corpus.joined(separator: ", "))"
            try write(
                json: ReportFormatter.encode(result), markdown: "# \(title)\n\n```\n\(ModelComparison.table(result))\n```\n",
                html: ModelComparison.html(result, title: title))
            Console.line(json ? try ReportFormatter.encode(result, pretty: false) : ModelComparison.table(result))
            return
        }
        // One model: documents are scored as they are read, and only their labels and
        // probabilities are kept.
        var stream = EvaluationStream(model: models[0])
        let line = ProgressLine(verb: "read", quiet: quiet, forced: progress)
        defer { line.finish() }
        for path in corpus {
            let before = stream.count
            try reader.read(path) { document in
                try Self.checkFullyJudged([document], path: path)
                stream.add(document)
                line.tick()
            }
            if stream.count == before { throw CorpusError(path: path, "contains no documents") }
        }
        line.finish()
        if corpus.isEmpty { throw CorpusError(path: "-", "no corpus given") }
        Console.warnAboutRepeatedIds(stream.repeatedIds, quiet: quiet)
        let evaluation = stream.finish(threshold: classifierOptions.threshold, modelPath: paths[0])
        if let report {
            let title = "Evaluation of \(paths[0]) on \(corpus.joined(separator: ", "))"
            let text = report.hasSuffix(".json")
                ? try ReportFormatter.json(evaluation, pretty: true) + "\n"
                : report.hasSuffix(".html") ? HTMLReport.render(evaluation, title: title) : ReportFormatter.markdown(evaluation, title: title)
            try FileBytes.writeAtomically(Array(text.utf8), to: report)
        }
        Console.line(json ? try ReportFormatter.json(evaluation) : ReportFormatter.text(evaluation))
    }

    /// The training options of each classifier to cross-validate, every classifier, option,
    /// feature setting and file they name checked, before any document is read.
    private func crossValidationOptions() throws -> [TrainingOptions] {
        let names = compare.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? [classifierOptions.classifierName]
        if let repeated = names.indices.first(where: { names[..<$0].contains(names[$0]) }) {
            throw CLIError("--compare names \(names[repeated]) twice; name each classifier once")
        }
        let options = try classifierOptions.comparisonOptions(names, features: features)
        for option in options {
            try option.tfidf.validate()
            _ = try option.resolvedClassifier()
            _ = try option.resolvedFeatureBlocks()
        }
        return options
    }

    private func crossValidate(_ documents: [Document], folds: Int, options: [TrainingOptions]) throws {
        let result = try CrossValidation.run(
            documents, options: options, folds: folds, seed: options[0].foldSeed, progress: Console.progress(quiet: quiet))
        let table = CrossValidation.table(result)
        let title = "Cross-validation on \(corpus.joined(separator: ", "))"
        try write(json: ReportFormatter.encode(result), markdown: "# \(title)\n\n```\n\(table)\n```\n", html: CrossValidation.html(result, title: title))
        Console.line(json ? try ReportFormatter.encode(result, pretty: false) : table)
    }

    /// Writes `--report` for comparisons in the format its name ends in.
    private func write(json: String, markdown: String, html: String) throws {
        guard let report else { return }
        let text = report.hasSuffix(".json") ? json + "\n" : report.hasSuffix(".html") ? html : markdown
        try FileBytes.writeAtomically(Array(text.utf8), to: report)
    }
}
