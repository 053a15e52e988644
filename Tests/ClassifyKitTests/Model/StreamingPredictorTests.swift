import Testing
@testable import ClassifyKit

@Suite struct StreamingPredictorTests {
    @Test(arguments: [(1, 1), (2, 1), (3, 2), (256, 4)])
    func roundsOfBatchesGiveEachDocumentsPredictionInOrder(batchSize: Int, threads: Int) throws {
        let model = try ModelFileTests.model("logistic-regression")
        let documents = (0..<23).map { Document(id: "d\($0)", text: ModelFileTests.documents[$0 % 7].text, title: $0 % 2 == 0 ? "Army news" : nil) }
        var predictor = StreamingPredictor(model: model, batchSize: batchSize, threads: threads) { document, prediction in
            (document.id, prediction)
        }
        var outputs: [(String, Prediction)] = []
        var rounds = 0
        for (index, document) in documents.enumerated() {
            predictor.add(document) { outputs += $0; rounds += 1 }
            // Nothing waits longer than one round of batches.
            #expect(outputs.count > index - batchSize * threads * StreamingPredictor<(String, Prediction)>.batchesPerThread)
        }
        predictor.finish { outputs += $0; rounds += 1 }
        #expect(outputs.map(\.0) == documents.map(\.id))
        #expect(outputs.map(\.1) == model.predict(documents))
        let round = batchSize * threads * StreamingPredictor<(String, Prediction)>.batchesPerThread
        #expect(rounds == (documents.count + round - 1) / round)
    }
}

@Suite struct EvaluationStreamTests {
    @Test(arguments: ["complement-nb", "logistic-regression"])
    func aStreamedEvaluationIsTheWholeCorpusEvaluation(classifier: String) throws {
        let model = try ModelFileTests.model(classifier)
        let documents = (0..<40).map { i in
            Document(id: "d\(i % 37)", text: ModelFileTests.documents[i % 7].text, title: i % 3 == 0 ? "Budget vote" : nil, labels: ModelFileTests.documents[(i + i / 7) % 7].labels)
        }
        var stream = EvaluationStream(model: model, batchSize: 3, threads: 2)
        for document in documents { stream.add(document) }
        #expect(stream.count == 40)
        let streamed = stream.finish(modelPath: "m")
        let whole = Evaluator.evaluate(model, on: documents, modelPath: "m")
        #expect(try ReportFormatter.json(streamed) == ReportFormatter.json(whole))
        #expect(stream.repeatedIds.examples == ["d0", "d1", "d2"] && stream.repeatedIds.count == 3)
    }
}
