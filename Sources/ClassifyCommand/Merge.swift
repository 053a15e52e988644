import ArgumentParser
import ClassifyKit
import Foundation

/// `classify merge`: the reduce step of training on a cluster.
struct Merge: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: "Merge the statistics or the models of corpus shards.",
            discussion: """
                Statistics files (from `classify stats`) add up into the statistics of the \
                whole corpus. Models of shards trained with `classify train SHARD \
                --vectorizer STATS` merge into one model: naive Bayes shard models add up \
                their counts, which gives the bytes of the model trained on the whole corpus \
                at once; logistic regression and linear SVM shard models average their \
                weights by the shards' documents (a round of iterative parameter mixing).

                Examples:
                  classify merge part-*.stats -o all.stats
                  classify merge part-*.classify -o all.classify
                  classify merge a.classify b.classify -o ab.classify --keep-counts
                """)
    }

    @Argument(help: "Statistics files, or shard model files (all of one kind).")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Where to write the merged statistics or model.")
    var output: String

    @Flag(help: "Keep the summed naive Bayes counts in the merged model, so that it can be merged again (a tree of merges).")
    var keepCounts = false

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give the statistics or model files to merge") }
    }

    func run() throws {
        try FileBytes.checkOutput(output, isNotOneOf: inputs)
        let statistics = inputs.filter(StatisticsFile.isStatisticsFile)
        if statistics.count == inputs.count {
            try mergeStatistics()
        } else if statistics.isEmpty {
            try mergeModels()
        } else {
            throw CLIError("\(statistics[0]) is a statistics file but \(inputs.first { !statistics.contains($0) }!) is not; merge statistics and models separately")
        }
    }

    func mergeStatistics() throws {
        var merged = try StatisticsFile.read(inputs[0])
        for path in inputs.dropFirst() {
            do {
                try merged.merge(try StatisticsFile.read(path))
            } catch let error as FeatureError {
                throw StatisticsFileError(path: path, error.description)
            }
        }
        let bytes = try StatisticsFile.encode(merged)
        try FileBytes.writeAtomically(bytes, to: output)
        StatisticsSummary.print(merged, path: output, bytes: bytes.count, json: json)
    }

    func mergeModels() throws {
        let registry = CommandContext.registry
        let shards = try inputs.map { (name: $0, model: try ModelFile.read($0, registry: registry)) }
        let merged = try ModelMerger.merge(shards, keepCounts: keepCounts)
        let bytes = try ModelFile.encode(merged)
        try FileBytes.writeAtomically(bytes, to: output)
        if json {
            let summary: [String: String] = [
                "models": String(shards.count), "documents": String(merged.provenance.documents), "classifier": merged.classifierName,
                "corpus_digest": merged.provenance.corpusDigest, "model": output, "model_bytes": String(bytes.count),
            ]
            Console.line(try Console.json(summary))
        } else {
            Console.line("merged    \(shards.count) \(merged.classifierName) models of \(merged.provenance.documents) documents in all (corpus digest \(merged.provenance.corpusDigest))")
            Console.line("wrote     \(output) (\(Console.size(bytes.count)))")
        }
    }
}
