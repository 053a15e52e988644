import Foundation
import Testing
@testable import ClassifyKit

@Suite struct StreamingTrainerTests {
    let folder = TemporaryDirectory()

    /// A small corpus in two files: JSON Lines with titles, and CSV.
    func corpus(multiLabel: Bool) -> [String] {
        let lines = ModelFileTests.documents.enumerated().map { i, document in
            let labels = multiLabel ? document.labels : [document.labels[0]]
            return "{\"id\": \"j\(i)\", \"title\": \"Report \(i % 3)\", \"text\": \"\(document.text.replacingOccurrences(of: "\n", with: " "))\", \"labels\": \(labels)}"
        }
        let rows = ModelFileTests.documents.enumerated().map { "c\($0),\($1.labels[0]),\($1.text.replacingOccurrences(of: "\n", with: " "))" }
        return [
            folder.write("a.jsonl", lines.joined(separator: "\n") + "\n"),
            folder.write("b.csv", "id,label,text\n" + rows.joined(separator: "\n") + "\n"),
        ]
    }

    @Test(arguments: ["multinomial-nb", "complement-nb"], [false, true])
    func streamedNaiveBayesIsByteIdenticalToInMemory(classifier: String, multiLabel: Bool) throws {
        defer { folder.remove() }
        let paths = corpus(multiLabel: multiLabel)
        var options = TrainingOptions()
        options.classifierName = classifier
        options.tfidf.minDF = 1
        options.tfidf.ngramMax = 2
        let reader = CorpusReader(requireLabels: true)
        let outcome = try StreamingTrainer.train(paths, reader: reader, options: options)
        let inMemory = try ModelTrainer.train(try reader.readAll(paths).documents, options: options)
        #expect(outcome.documents == 14)
        #expect(outcome.formats == [.jsonl, .csv])
        #expect(outcome.model.isMultiLabel == multiLabel)
        #expect(try ModelFile.encode(outcome.model) == ModelFile.encode(inMemory))
    }

    @Test(arguments: ["logistic-regression", "linear-svm"], [false, true])
    func linearModelsTrainFromTheCacheLikeInMemory(classifier: String, multiLabel: Bool) throws {
        defer { folder.remove() }
        let paths = corpus(multiLabel: multiLabel)
        var options = TrainingOptions()
        options.classifierName = classifier
        options.tfidf.minDF = 1
        // Uncompressed, so that both keep every feature: the two solvers' weights differ a little.
        options.compression = .none
        let reader = CorpusReader(requireLabels: true)
        let documents = try reader.readAll(paths).documents
        let outcome = try StreamingTrainer.train(paths, reader: reader, options: options, budget: MemoryBudget(bytes: 16 << 20))
        let inMemory = try ModelTrainer.train(documents, options: options)
        #expect(outcome.model.classifierName == classifier && outcome.model.isMultiLabel == multiLabel)
        #expect(outcome.model.labels == inMemory.labels && outcome.model.featureCount == inMemory.featureCount)
        #expect(outcome.model.provenance == inMemory.provenance)
        let streamed = outcome.model.predict(documents)
        let whole = inMemory.predict(documents)
        let agreeing = zip(streamed, whole).filter { $0.0.labels == $0.1.labels }.count
        #expect(agreeing >= documents.count - 2, "\(agreeing) of \(documents.count) documents get the same labels")
        let again = try StreamingTrainer.train(paths, reader: reader, options: options, budget: MemoryBudget(bytes: 16 << 20))
        #expect(try ModelFile.encode(again.model) == ModelFile.encode(outcome.model))
        options.compression = .recommended
        let compressed = try StreamingTrainer.train(paths, reader: reader, options: options, budget: MemoryBudget(bytes: 16 << 20))
        let recommended = try #require(try options.resolvedCompression(ClassifierRegistry.builtIn.type(named: classifier), multiLabel: multiLabel))
        #expect(try ModelFile.encode(compressed.model) == ModelFile.encode(try outcome.model.compressed(recommended)), "streamed models are compressed as in memory")
    }

    @Test func whatCannotStreamIsAOneLineError() throws {
        defer { folder.remove() }
        let paths = corpus(multiLabel: false)
        let reader = CorpusReader(requireLabels: true)
        var options = TrainingOptions()
        options.classifierName = "complement-nb"
        #expect(errorText { _ = try StreamingTrainer.train(["-"], reader: reader, options: options) }
            == "-: training in a stream reads the corpus twice, so it cannot read standard input; give files")
        options.thresholdTuning = ThresholdTuning()
        #expect(errorText { _ = try StreamingTrainer.train(paths, reader: reader, options: options) }
            == "training in a stream does not tune thresholds; drop --tune-thresholds, or train in memory")
        options.thresholdTuning = nil
        let fifo = folder.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(errorText { _ = try StreamingTrainer.train([fifo], reader: reader, options: options) }
            == "\(fifo): training in a stream reads the corpus twice, so it needs a file or folder, not a pipe or device")
        let empty = folder.write("empty.jsonl", "")
        #expect(errorText { _ = try StreamingTrainer.train([empty], reader: reader, options: options) } == "\(empty): contains no documents")
        options.classifierName = "logistic-regression"
        options.classifierOptions = ["solver": "dual"]
        options.multiLabel = true
        #expect(errorText { _ = try StreamingTrainer.train(paths, reader: reader, options: options) }
            == "--solver dual needs every document in memory; use --solver sgd to train from the feature cache, or train in memory")
        options.classifierOptions = [:]
        #expect(errorText { _ = try StreamingTrainer.train(paths, reader: reader, options: options, budget: MemoryBudget(bytes: 1)) }?
            .contains("labels needs about 1M, more than --max-memory 1M; raise --max-memory") == true)
    }
}
