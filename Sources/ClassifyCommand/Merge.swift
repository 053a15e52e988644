import ArgumentParser
import ClassifyKit
import Foundation

/// `classify merge`: the reduce step of training on a cluster.
struct Merge: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "merge",
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

    @Option(help: ArgumentHelp("Linear models: blend in naive Bayes scores from the shards' counts with this weight (the last round of parameter mixing).", valueName: "weight"))
    var nbWeight: Double?

    @Option(help: ArgumentHelp("Linear models: divide the merged scores by this temperature (with --nb-weight; default 1).", valueName: "t"))
    var temperature: Double?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give the statistics or model files to merge") }
        if let nbWeight, !(0...100).contains(nbWeight) { throw ValidationError("--nb-weight must be from 0 to 100 (got \(nbWeight))") }
        if let temperature, !(0.001...1000).contains(temperature) { throw ValidationError("--temperature must be from 0.001 to 1000 (got \(temperature))") }
    }

    func run() throws {
        try FileBytes.checkOutput(output, isNotOneOf: inputs)
        let resolved = inputs.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path }
        if let repeated = inputs.indices.first(where: { index in resolved[..<index].contains(resolved[index]) }) {
            throw CLIError("\(inputs[repeated]) is given twice; each shard counts once")
        }
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
        let finish = nbWeight != nil || temperature != nil
            ? ModelMerger.LinearFinish(nbWeight: nbWeight ?? 0, temperature: temperature ?? 1) : nil
        let merged = try ModelMerger.merge(shards, keepCounts: keepCounts, finish: finish)
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
