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
            #expect(outputs.count > index - batchSize * threads)
        }
        predictor.finish { outputs += $0; rounds += 1 }
        #expect(outputs.map(\.0) == documents.map(\.id))
        #expect(outputs.map(\.1) == model.predict(documents))
        #expect(rounds == (documents.count + batchSize * threads - 1) / (batchSize * threads))
    }
}
