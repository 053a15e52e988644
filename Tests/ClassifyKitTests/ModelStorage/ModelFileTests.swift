import Foundation
import Testing
@testable import ClassifyKit

@Suite struct ModelFileTests {
    static let documents: [Document] = [
        Document(id: "1", text: "the army fired artillery at the front line", labels: ["war"]),
        Document(id: "2", text: "troops and tanks moved to the front", labels: ["war"]),
        Document(id: "3", text: "parliament voted on the budget law", labels: ["politics"]),
        Document(id: "4", text: "the minister lost the vote in parliament", labels: ["politics"]),
        Document(id: "5", text: "the army and the minister met parliament about troops", labels: ["war", "politics"]),
        Document(id: "6", text: "Army drill\nthe troops marched at the front", labels: ["war"]),
        Document(id: "7", text: "Budget vote\nparliament passed the budget law", labels: ["politics"]),
    ]

    static func model(_ classifier: String = "complement-nb", titleTerms: Bool = true, compression: CompressionChoice = .recommended) throws -> TrainedModel {
        var options = TrainingOptions()
        options.classifierName = classifier
        options.compression = compression
        options.tfidf.minDF = 1
        options.tfidf.ngramMax = 2
        options.tfidf.titleTerms = titleTerms
        return try ModelTrainer.train(documents, options: options)
    }

    @Test(arguments: ClassifierRegistry.builtIn.types.map { $0.name })
    func roundTripGivesIdenticalPredictions(classifier: String) throws {
        let model = try Self.model(classifier)
        let bytes = try ModelFile.encode(model)
        let restored = try ModelFile.decode(bytes, path: "m.classify")
        let texts = Self.documents.map(\.text) + ["tanks in parliament", "nothing known here", "Army budget\ntanks in parliament"]
        #expect(restored.predict(texts) == model.predict(texts))
        #expect(restored.labels == model.labels && restored.isMultiLabel == model.isMultiLabel)
        #expect(restored.vectorizer.options == model.vectorizer.options)
        #expect(restored.vectorizer.hasTitleTerms)
        #expect(try ModelFile.encode(restored) == bytes)
    }

    /// Uncompressed linear models store their weights in half precision: 2 bytes a weight, the
    /// same predictions.
    @Test(arguments: [LogisticRegression.name, LinearSVM.name])
    func linearWeightsAreStoredInHalfPrecision(classifier: String) throws {
        let model = try Self.model(classifier, compression: .none)
        let bytes = try ModelFile.encode(model)
        let headerLength = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        let header = try JSONSerialization.jsonObject(with: Data(bytes[16..<(16 + headerLength)])) as! [String: Any]
        let sections = header["sections"] as! [[String: Any]]
        let weights = try #require(sections.first { $0["name"] as? String == "classifier.weights" })
        #expect(weights["type"] as? String == "f16")
        // Every file is written in the current format (its checksum is XXHash64).
        #expect(bytes[8] == UInt8(ModelFile.formatVersion))
        #expect(weights["bytes"] as? Int == model.vectorizer.featureCount * model.labels.count * 2)
        #expect(ClassifierState.roundedToHalf([1, 0.1, 1e6, -1e6]) == [1, Float(Float16(0.1)), 65504, -65504])
    }

    /// The fast half-to-single conversion agrees with Swift's on every one of the 65,536 patterns.
    @Test func halfToFloatMatchesFloat16OnEveryPattern() {
        var mismatches = 0
        for bits in 0...UInt16.max {
            let reference = Float(Float16(bitPattern: bits))
            let fast = ModelFile.halfToFloat(bits)
            if reference.isNaN ? !fast.isNaN : fast.bitPattern != reference.bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test func trainingIsDeterministic() throws {
        #expect(try ModelFile.encode(Self.model()) == ModelFile.encode(Self.model()))
    }

    @Test func writesAtomicallyAndReadsBack() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.path + "/m.classify"
        try ModelFile.write(Self.model(), to: path)
        #expect(try ModelFile.read(path).labels == ["politics", "war"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["m.classify"])
        #expect(errorText { try ModelFile.write(Self.model(), to: folder.path + "/missing/m.classify") }
            == "\(folder.path)/missing/m.classify: the folder \(folder.path)/missing does not exist; create it first")
    }

    /// A file written before title terms existed (no `title_terms` key) loads with them off.
    @Test func modelsFromBeforeTitleTermsLoadWithoutThem() throws {
        let model = try Self.model("logistic-regression", titleTerms: false)
        let bytes = try ModelFile.encode(model)
        #expect(CraftedModel.header(bytes).contains("\"title_terms\":false,"))
        let old = CraftedModel.rewritingHeader(bytes) { $0.replacingOccurrences(of: "\"title_terms\":false,", with: "") }

        let restored = try ModelFile.decode(old, path: "old.classify")
        #expect(!restored.vectorizer.options.titleTerms)
        let texts = ["Army budget\ntanks in parliament", "Budget vote\nthe troops marched"]
        #expect(restored.predict(texts) == model.predict(texts))
    }

    /// A value that is not a finite number (in single or half precision) is refused at load:
    /// it would turn every prediction into NaN.
    @Test func nonFiniteValuesAreRefused() throws {
        func patched(_ bytes: [UInt8], section name: String, with value: [UInt8]) throws -> [UInt8] {
            let length = CraftedModel.headerLength(bytes)
            let header = try JSONSerialization.jsonObject(with: Data(bytes[16..<(16 + length)])) as! [String: Any]
            var offset = ModelFile.aligned(16 + length)
            for section in header["sections"] as! [[String: Any]] {
                if section["name"] as? String == name { break }
                offset += ModelFile.aligned(section["bytes"] as! Int)
            }
            var body = Array(bytes[0..<(bytes.count - 8)])
            body.replaceSubrange(offset..<(offset + value.count), with: value)
            return CraftedModel.withChecksum(body)
        }
        let nan = withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { Array($0) }
        let idf = try patched(ModelFile.encode(Self.model()), section: "idf", with: nan)
        #expect(errorText { _ = try ModelFile.decode(idf, path: "m") } == "m: the idf array holds a value that is not a finite number; the file is damaged")
        let infinity: [UInt8] = [0x00, 0x7C]  // half-precision +infinity
        let weights = try patched(ModelFile.encode(Self.model("logistic-regression", compression: .none)), section: "classifier.weights", with: infinity)
        #expect(errorText { _ = try ModelFile.decode(weights, path: "m") } == "m: the classifier.weights array holds a value that is not a finite number; the file is damaged")
        let scales = try patched(ModelFile.encode(Self.model("logistic-regression")), section: "classifier.weights.scales", with: nan)
        #expect(errorText { _ = try ModelFile.decode(scales, path: "m") } == "m: the classifier.weights.scales array holds a value that is not a finite number; the file is damaged")
    }

    @Test func rejectsDamagedFiles() throws {
        let bytes = try ModelFile.encode(Self.model())
        func message(_ damaged: [UInt8]) -> String? { errorText { _ = try ModelFile.decode(damaged, path: "m") } }

        #expect(message(Array(bytes.prefix(bytes.count - 100))) == "m: truncated model file: \(bytes.count - 100) bytes, expected \(bytes.count); train or copy it again")
        #expect(message(Array(bytes.prefix(10))) == "m: truncated model file (10 bytes); train or copy it again")
        #expect(message(Array("{\"not\": \"a model\"}".utf8)) == "m: not a classify model (wrong magic number); train one with `classify train`")
        #expect(message([]) == "m: not a classify model (wrong magic number); train one with `classify train`")
        var newer = bytes
        newer[8] = UInt8(ModelFile.formatVersion + 1)
        #expect(message(newer) == "m: model format version \(ModelFile.formatVersion + 1) is newer than this classify reads (\(ModelFile.formatVersion)); upgrade classify")
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        #expect(message(flipped) == "m: checksum mismatch: the model file is corrupted; train or copy it again")
        #expect(message(bytes + [0]) == "m: 1 unexpected bytes after the end of the model; the file is damaged")
    }

    @Test func unreadableModelIsAnError() {
        #expect(errorText { _ = try ModelFile.read("/nonexistent/m.classify") } == "/nonexistent/m.classify: cannot read the model: no such file or directory")
    }
}
