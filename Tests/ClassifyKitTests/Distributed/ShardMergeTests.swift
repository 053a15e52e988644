import Foundation
import Testing
@testable import ClassifyKit

/// Statistics and naive Bayes models of shards merge into exactly what one pass over the whole
/// corpus gives, for any split and order.
@Suite struct ShardMergeTests {
    let folder = TemporaryDirectory()

    /// The fixture corpus (multi-label or not) as `shards` JSON Lines files, split by position.
    func shardFiles(_ documents: [Document], shards: Int, name: String) -> [String] {
        (0..<shards).map { shard in
            let lines = documents.enumerated().filter { $0.offset % shards == shard }.map { _, document in
                let object: [String: Any] = ["id": document.id, "text": document.text, "labels": document.labels]
                return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            }
            return folder.write("\(name)-\(shard).jsonl", lines.joined(separator: "\n") + "\n")
        }
    }

    func documents(multiLabel: Bool) -> [Document] {
        ModelFileTests.documents.enumerated().map { index, document in
            Document(id: "d\(index)", text: document.text, labels: multiLabel ? document.labels : [document.labels[0]])
        }
    }

    func options(_ classifier: String) -> TrainingOptions {
        var options = TrainingOptions()
        options.classifierName = classifier
        options.tfidf.minDF = 2
        options.tfidf.ngramMax = 2
        return options
    }

    @Test(arguments: ["multinomial-nb", "complement-nb"], [false, true])
    func shardModelsMergeIntoTheBytesOfTheWholeCorpus(classifier: String, multiLabel: Bool) throws {
        defer { folder.remove() }
        let reader = CorpusReader(requireLabels: true)
        let all = documents(multiLabel: multiLabel)
        let options = options(classifier)
        let whole = try ModelFile.encode(try ModelTrainer.train(all, options: options))
        for shardCount in [2, 3] {
            let shards = shardFiles(all, shards: shardCount, name: "split\(shardCount)")
            var statistics = try CorpusStatistics(options: options.tfidf)
            for shard in shards.reversed() {
                let part = try StatisticsFile.decode(StatisticsFile.encode(CorpusStatistics.gather([shard], reader: reader, options: options.tfidf)), path: shard)
                try statistics.merge(part)
            }
            let models = try shards.map { shard in
                (name: shard, model: try StreamingTrainer.train([shard], reader: reader, options: options, statistics: statistics).model)
            }
            #expect(models.allSatisfy { $0.model.counts != nil })
            let roundTripped = try models.map { (name: $0.name, model: try ModelFile.decode(ModelFile.encode($0.model), path: $0.name)) }
            #expect(roundTripped.map(\.model.counts) == models.map(\.model.counts))
            let merged = try ModelMerger.merge(roundTripped.reversed())
            #expect(try ModelFile.encode(merged) == whole, "\(shardCount) shards")
        }
    }

    @Test func statisticsFilesAreTheSameForAnyOrderOrSplit() throws {
        defer { folder.remove() }
        let reader = CorpusReader(requireLabels: true)
        let options = options("multinomial-nb")
        let all = documents(multiLabel: true)
        let whole = try CorpusStatistics.gather(shardFiles(all, shards: 1, name: "whole"), reader: reader, options: options.tfidf)
        let reversed = try CorpusStatistics.gather(shardFiles(all.reversed(), shards: 1, name: "reversed"), reader: reader, options: options.tfidf)
        #expect(try StatisticsFile.encode(whole) == StatisticsFile.encode(reversed))
        var merged = try CorpusStatistics(options: options.tfidf)
        for shard in shardFiles(all, shards: 4, name: "four") { try merged.merge(CorpusStatistics.gather([shard], reader: reader, options: options.tfidf)) }
        #expect(try StatisticsFile.encode(merged) == StatisticsFile.encode(whole))
        #expect(merged.digest.hex == TrainingProvenance.digest(of: all))
        #expect(try merged.vectorizer().vocabulary.joinedBytes() == TfidfVectorizer.fit(all, options: options.tfidf).0.vocabulary.joinedBytes())
    }

    @Test func mismatchedShardsAreOneLineErrors() throws {
        defer { folder.remove() }
        let reader = CorpusReader(requireLabels: true)
        let all = documents(multiLabel: false)
        let shards = shardFiles(all, shards: 2, name: "s")
        let options = options("multinomial-nb")
        var words = options.tfidf
        words.ngramMax = 1
        var statistics = try CorpusStatistics.gather([shards[0]], reader: reader, options: options.tfidf)
        #expect(throws: FeatureError.self) { try statistics.merge(CorpusStatistics.gather([shards[1]], reader: reader, options: words)) }
        let partial = try CorpusStatistics.gather([shards[0]], reader: reader, options: options.tfidf)
        try statistics.merge(try CorpusStatistics.gather([shards[1]], reader: reader, options: options.tfidf))
        let a = try StreamingTrainer.train([shards[0]], reader: reader, options: options, statistics: statistics).model
        var plain = a
        plain.counts = nil
        #expect(throws: MergeError.self) { try ModelMerger.merge([("a", a), ("plain", plain)]) }
        let other = try StreamingTrainer.train([shards[1]], reader: reader, options: options, statistics: partial)
        #expect(throws: MergeError.self) { try ModelMerger.merge([("a", a), ("other", other.model)]) }
        var complement = options
        complement.classifierName = "complement-nb"
        let c = try StreamingTrainer.train([shards[1]], reader: reader, options: complement, statistics: statistics).model
        #expect(throws: MergeError.self) { try ModelMerger.merge([("a", a), ("c", c)]) }
    }

    @Test func damagedStatisticsFilesAreRefused() throws {
        let options = options("multinomial-nb")
        var statistics = try CorpusStatistics(options: options.tfidf)
        for document in documents(multiLabel: true) { statistics.add(document) }
        let bytes = try StatisticsFile.encode(statistics)
        #expect(try StatisticsFile.encode(StatisticsFile.decode(bytes, path: "s")) == bytes)
        for damaged in [Array(bytes.prefix(bytes.count / 2)), Array(bytes.dropLast()), [UInt8](repeating: 0, count: 40), bytes.enumerated().map { $0 == 100 ? $1 ^ 1 : $1 }] {
            #expect(throws: StatisticsFileError.self) { try StatisticsFile.decode(damaged, path: "s") }
        }
    }
}

/// Iterative parameter mixing of linear models over shards.
@Suite struct ParameterMixingTests {
    @Test(arguments: ["logistic-regression", "linear-svm"])
    func roundsOfMixingTrainFromTheAverageAndFinishWithTheBlend(classifier: String) throws {
        let mergeTests = ShardMergeTests()
        let all = mergeTests.documents(multiLabel: false)
        let shards = mergeTests.shardFiles(all, shards: 2, name: "mix")
        defer { mergeTests.folder.remove() }
        let reader = CorpusReader(requireLabels: true)
        var options = mergeTests.options(classifier)
        options.classifierOptions = ["l2": "1e-4", "c": "0", "nb-weight": "0", "temperature": "1", "epochs": "1"]
        var statistics = try CorpusStatistics(options: options.tfidf)
        for shard in shards { try statistics.merge(CorpusStatistics.gather([shard], reader: reader, options: options.tfidf)) }
        var merged: TrainedModel?
        var trainingAccuracy: [Double] = []
        for _ in 0..<3 {
            options.initialParameters = (merged?.classifier as? any AveragingMergeable)?.linearParameters
            let models = try shards.map {
                (name: $0, model: try StreamingTrainer.train([$0], reader: reader, options: options, statistics: statistics, keepLinearCounts: true).model)
            }
            #expect(try StreamingTrainer.train([shards[0]], reader: reader, options: options, statistics: statistics).model.counts == nil)
            let round = try ModelMerger.merge(models)
            let averaged = LinearParameters.average(models.map { ($0.model.classifier as! any AveragingMergeable).linearParameters }, weights: models.map { Double($0.model.provenance.documents) })
            #expect((round.classifier as! any AveragingMergeable).linearParameters.weights == ClassifierState.roundedToHalf(averaged.weights))
            #expect(round.provenance.documents == all.count && round.provenance.corpusDigest == TrainingProvenance.digest(of: all))
            let predictions = round.predict(all)
            trainingAccuracy.append(Double(zip(predictions, all).filter { $0.0.labels.first == $0.1.labels.first }.count) / Double(all.count))
            merged = round
            let blended = try ModelMerger.merge(models, finish: .init(nbWeight: 1, temperature: 2))
            let chosen = blended.classifier.chosenParameters.values
            #expect(chosen["nb-weight"] == "1.0" && chosen["temperature"] == "2.0")
            #expect((blended.classifier as! any AveragingMergeable).linearParameters != (round.classifier as! any AveragingMergeable).linearParameters)
        }
        #expect(trainingAccuracy.last! >= trainingAccuracy.first!, "\(trainingAccuracy)")
        options.classifierOptions["l2"] = "auto"
        #expect(throws: ClassifierError.self) { try StreamingTrainer.train([shards[0]], reader: reader, options: options, statistics: statistics) }
        options.initialParameters = LinearParameters(weights: [1], bias: [0])
        options.classifierOptions["l2"] = "1e-4"
        #expect(throws: ClassifierError.self) { try StreamingTrainer.train([shards[0]], reader: reader, options: options, statistics: statistics) }
    }
}

/// Starting averaged SGD from given weights.
@Suite struct WarmStartTests {
    @Test func aStateStartedFromWeightsAveragesFromThoseWeights() {
        let features = 3, labels = 20
        let weights = (0..<(features * labels)).map { Float($0) / 10 - 2 }
        let bias = (0..<labels).map { Float($0) / 100 }
        var state = SGDState(
            featureCount: features, labels: 16..<20, lambda: 1e-4, oneVsRest: true, learnBias: true, eta0: 0.1, averageStart: 0)
        state.start(from: LinearParameters(weights: weights, bias: bias), labelCount: labels)
        let expected = (0..<features).flatMap { j in (16..<20).map { weights[j * labels + $0] } }
        #expect(state.averagedWeights() == expected)
        #expect(state.averageBias == Array(bias[16..<20]))
    }

    @Test func theFirstStepsFromGivenWeightsMatchTheCurrentWeights() {
        let documents = ModelFileTests.documents.map { Document(id: $0.id, text: $0.text, labels: [$0.labels[0]]) }
        var options = TfidfOptions()
        options.minDF = 1
        let (_, matrix) = try! TfidfVectorizer.fit(documents, options: options)
        let targets = try! LabelTargets(labelSets: documents.map(\.labels), multiLabel: true)
        let setup = AveragedSGD.Setup(features: matrix, targets: targets, classWeights: try! ClassWeights.resolve("none", targets: targets), learnBias: true)
        let start = LinearParameters(
            weights: (0..<(matrix.columnCount * targets.labelCount)).map { Float($0 % 7) / 10 }, bias: [Float](repeating: 0.1, count: targets.labelCount))
        var state = SGDState(setup: setup, labels: 0..<targets.labelCount, lambda: 1e-3, calibrationRows: Array(0..<matrix.rowCount), seed: 1)
        state.start(from: start, labelCount: targets.labelCount)
        _ = state.steps(rows: [0], setup: setup)
        let current = state.v.map { $0 / Float(state.wDivisor) }
        let averaged = state.averagedWeights()
        #expect(zip(averaged, current).allSatisfy { abs($0 - $1) <= 1e-6 }, "after one step the average is the current weights")
        #expect(averaged != start.weights)
    }
}
