import Foundation
import Testing
@testable import ClassifyKit

/// One model file of each format version this build reads (1: single precision, 2:
/// half-precision sections, 3: title terms, 4: character n-grams, 5: feature blocks, all with the
/// checksum of formats 1–5; 6: XXH64 checksum, a multi-label model with tuned thresholds; 7: label
/// rules; 8, the current one: a compressed model, sparse 8-bit weights and a front-coded
/// vocabulary), committed with the predictions it made when it was written: each must
/// still load and predict exactly the same, and saving it again writes the current format.
@Suite struct OldFormatTests {
    @Test(arguments: 1...8)
    func modelFilesOfEveryFormatStillPredictTheSame(version: Int) throws {
        let path = Fixtures.path("formats/format\(version).classify")
        let bytes = try FileBytes.read(path)
        #expect(bytes[8] == UInt8(version))
        let model = try ModelFile.read(path)
        let documents = try readDocuments(Fixtures.path("formats/documents"))
        let predictions = model.predict(documents)
        let expected = try String(contentsOfFile: Fixtures.path("formats/format\(version).expected.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(expected.count == documents.count)
        for (prediction, line) in zip(predictions, expected) {
            #expect(prediction.labels == line["labels"] as? [String])
            let scores = try #require(line["scores"] as? [String: Double])
            for score in prediction.scores {
                #expect(Double(score.probability) == scores[score.label].map { Double(Float($0)) }, "\(score.label)")
            }
        }
        let saved = try ModelFile.encode(model)
        #expect(saved[8] == UInt8(ModelFile.formatVersion))
        #expect(try ModelFile.decode(saved, path: path).predict(documents) == predictions)
    }
}
