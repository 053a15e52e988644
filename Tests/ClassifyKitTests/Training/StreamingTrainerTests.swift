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

    @Test func whatCannotStreamIsAOneLineError() throws {
        defer { folder.remove() }
        let paths = corpus(multiLabel: false)
        let reader = CorpusReader(requireLabels: true)
        var options = TrainingOptions()
        #expect(errorText { _ = try StreamingTrainer.train(paths, reader: reader, options: options) }
            == "logistic-regression trains on the whole feature matrix, so it cannot train in a stream; use a naive Bayes classifier or train without --stream")
        options.classifierName = "complement-nb"
        #expect(errorText { _ = try StreamingTrainer.train(["-"], reader: reader, options: options) }
            == "-: --stream reads the corpus twice, so it cannot read standard input; give files")
        options.thresholdTuning = ThresholdTuning()
        #expect(errorText { _ = try StreamingTrainer.train(paths, reader: reader, options: options) }
            == "--stream does not tune thresholds; drop --tune-thresholds or --stream")
        options.thresholdTuning = nil
        let fifo = folder.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(errorText { _ = try StreamingTrainer.train([fifo], reader: reader, options: options) }
            == "\(fifo): --stream reads the corpus twice, so it needs a file or folder, not a pipe or device")
        let empty = folder.write("empty.jsonl", "")
        #expect(errorText { _ = try StreamingTrainer.train([empty], reader: reader, options: options) } == "\(empty): contains no documents")
    }
}
