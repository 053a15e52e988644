import Foundation
import Testing
@testable import ClassifyKit

@Suite struct HashedTermsTests {
    let documents = ModelFileTests.documents

    func parameters(_ values: [String: String] = [:]) throws -> ClassifierParameters {
        try ClassifierParameters.resolve(values, declared: HashedTerms.parameters, classifier: HashedTerms.kind)
    }

    @Test func passesTheFeatureBlockConformanceKit() throws {
        let passed = try FeatureBlockConformance.check(HashedTerms.self, options: ["bits": "12", "ngrams": "2"])
        #expect(!passed.isEmpty)
    }

    @Test func fittingOneDocumentAtATimeIsFitting() throws {
        let options = try parameters(["bits": "10", "ngrams": "2"])
        let fitted = try HashedTerms.fit(documents, parameters: options)
        var accumulator = try HashedTerms.accumulator(parameters: options)
        for document in documents { accumulator.add(document) }
        let streamed = try #require(try accumulator.finish() as? HashedTerms)
        #expect(fitted.idf == streamed.idf && fitted.names == streamed.names)
        #expect(fitted.featureCount == 1024)
    }

    @Test func featuresAreUnitLengthTFIDFOfHashedColumnsNamedByTheirCommonestTerm() throws {
        let block = try HashedTerms.fit(documents, parameters: try parameters(["bits": "16"]))
        let features = block.features(of: Document(id: "x", text: "army army troops parliament"))
        #expect(features.map(\.column) == features.map(\.column).sorted())
        #expect(abs(features.reduce(0) { $0 + $1.value * $1.value } - 1) < 1e-5)
        let army = features.first { block.featureName(Int($0.column)) == "army" }
        let troops = features.first { block.featureName(Int($0.column)) == "troops" }
        #expect(army != nil && troops != nil)
        #expect(block.featureName(Int(features[0].column)) != "#\(features[0].column)")
        let unseen = block.features(of: Document(id: "y", text: "zzzqqq"))
        #expect(unseen.isEmpty, "a column no training document used weighs nothing")
    }

    @Test func namesAreBoundedByTheNamesOption() throws {
        let block = try HashedTerms.fit(documents, parameters: try parameters(["bits": "16", "names": "5"]))
        #expect(block.names.count == 5)
        let none = try HashedTerms.fit(documents, parameters: try parameters(["bits": "16", "names": "0"]))
        #expect(none.names.isEmpty && none.featureName(7) == "#7")
    }

    @Test func roundTripsAndRefusesDamagedStates() throws {
        let block = try HashedTerms.fit(documents, parameters: try parameters(["bits": "8"]))
        let decoded = try HashedTerms.decode(block.encode())
        #expect(decoded.idf == block.idf && decoded.names == block.names)
        var wrongShape = block.encode()
        wrongShape.parameters["bits"] = "9"
        #expect(throws: FeatureError.self) { try HashedTerms.decode(wrongShape) }
        var badWeight = block.encode()
        badWeight.arrays[0].values[3] = .infinity
        #expect(throws: FeatureError.self) { try HashedTerms.decode(badWeight) }
        var badColumn = block.encode()
        if !badColumn.arrays[1].values.isEmpty { badColumn.arrays[1].values[0] = 1e9 }
        #expect(throws: FeatureError.self) { try HashedTerms.decode(badColumn) }
    }

    @Test func trainsInMemoryAndInAStreamWithoutTheExactVocabulary() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let lines = documents.enumerated().map { i, document in
            "{\"id\": \"d\(i)\", \"text\": \"\(document.text.replacingOccurrences(of: "\n", with: " "))\", \"labels\": [\"\(document.labels[0])\"]}"
        }
        let path = folder.write("c.jsonl", lines.joined(separator: "\n") + "\n")
        var options = TrainingOptions()
        options.classifierName = "complement-nb"
        options.tfidf.exactTerms = false
        options.featureBlocks = [HashedTerms.choice(bits: 12, matching: options.tfidf)]
        let reader = CorpusReader(requireLabels: true)
        let inMemory = try ModelTrainer.train(try reader.readAll([path]).documents, options: options)
        let streamed = try StreamingTrainer.train([path], reader: reader, options: options)
        #expect(inMemory.vectorizer.featureCount == 0 && inMemory.featureCount == 4096)
        #expect(try ModelFile.encode(streamed.model) == ModelFile.encode(inMemory))
        let reloaded = try ModelFile.decode(try ModelFile.encode(inMemory), path: "hashed.classify")
        #expect(reloaded.predict(documents) == inMemory.predict(documents))
    }
}
