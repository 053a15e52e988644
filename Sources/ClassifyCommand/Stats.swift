import ArgumentParser
import ClassifyKit
import Foundation

/// `classify stats`: the map step of training on a cluster.
struct Stats: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "stats",
            abstract: "Count a corpus shard's term and label statistics, to merge and train shards with.",
            discussion: """
                Writes what fitting the features needs to know of the documents of CORPUS \
                (document frequencies and counts of each term, documents per label, the \
                corpus digest) to a small checksummed file. `classify merge` adds up the \
                files of all shards into the statistics of the whole corpus, exactly as one \
                pass over it would count them; `classify train SHARD --vectorizer merged.stats` \
                then trains each shard with the whole corpus's features and labels, and \
                `classify merge` of the shard models gives the model of the whole corpus \
                (naive Bayes: the same bytes as training on it at once).

                Count every shard with the same classifier (-c, whose recommended features \
                apply) and feature options.

                Examples:
                  classify stats p0.jsonl -o p0.stats -c multinomial-nb
                  classify merge p*.stats -o all.stats
                  classify train p0.jsonl --vectorizer all.stats -c multinomial-nb -o p0.classify
                  classify merge p*.classify -o all.classify
                """)
    }

    @Argument(help: "Labelled corpus files or folders (one shard).")
    var corpus: [String]

    @Option(name: .shortAndLong, help: "Where to write the statistics.")
    var output: String

    @Option(name: .shortAndLong, help: "The classifier whose recommended features to count (default: the default classifier).")
    var classifier: String?

    @OptionGroup(title: "Corpus") var corpusOptions: CorpusOptionGroup
    @OptionGroup(title: "Features") var features: FeatureOptionGroup

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress line.")
    var quiet = false

    @Flag(help: "Show progress on standard error even when it is not a terminal.")
    var progress = false

    func run() throws {
        try FileBytes.checkOutput(output, isNotOneOf: corpus)
        let registry = CommandContext.registry
        let options = try TrainingOptions.forClassifier(
            classifier ?? registry.defaultName, registry: registry, classifierOptions: [:], features: features.apply(to:))
        let line = ProgressLine(verb: "read", quiet: quiet, forced: progress)
        let statistics: CorpusStatistics
        do {
            statistics = try CorpusStatistics.gather(corpus, reader: corpusOptions.reader(requireLabels: true), options: options.tfidf) { line.tick() }
        } catch let error as FeatureError {
            throw CorpusError(path: corpus.joined(separator: ", "), error.description)
        }
        if line.hasStarted { line.finish() }
        let bytes = try StatisticsFile.encode(statistics)
        try FileBytes.writeAtomically(bytes, to: output)
        StatisticsSummary.print(statistics, path: output, bytes: bytes.count, json: json)
    }
}

/// What `classify stats` and `classify merge` print of statistics.
enum StatisticsSummary {
    static func print(_ statistics: CorpusStatistics, path: String, bytes: Int, json: Bool) {
        if json {
            let summary: [String: String] = [
                "documents": String(statistics.documents), "labels": String(statistics.documentsPerLabel.count),
                "terms": String(statistics.terms.termCount), "digest": statistics.digest.hex, "statistics": path,
                "statistics_bytes": String(bytes),
            ]
            Console.line((try? Console.json(summary)) ?? "{}")
            return
        }
        Console.line("counted   \(statistics.documents) documents, \(statistics.documentsPerLabel.count) labels, \(statistics.terms.termCount) terms (\(statistics.options.summary))")
        Console.line("digest    \(statistics.digest.hex)")
        Console.line("wrote     \(path) (\(Console.size(bytes)))")
    }
}
