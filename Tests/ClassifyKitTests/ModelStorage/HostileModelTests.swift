import Foundation
import Testing
@testable import ClassifyKit

/// Model files whose checksum is right but whose values no training run writes: each is refused
/// with one line naming the problem.
@Suite struct HostileModelTests {
    /// A small trained model's bytes, as (header JSON, everything after it without the checksum).
    func parts(classifier: String = "complement-nb", multiLabel: Bool? = nil) throws -> (version: UInt32, header: String, body: [UInt8]) {
        var options = TrainingOptions()
        options.classifierName = classifier
        options.multiLabel = multiLabel
        options.tfidf.minDF = 1
        let bytes = try ModelFile.encode(try ModelTrainer.train(ModelFileTests.documents, options: options))
        let version = UInt32(bytes[8]) | UInt32(bytes[9]) << 8
        let length = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        let header = String(decoding: bytes[16..<(16 + length)], as: UTF8.self)
        return (version, header, Array(bytes[((16 + length + 7) & ~7)..<(bytes.count - 8)]))
    }

    /// A sealed model file from a header and a body.
    func file(version: UInt32, header: String, body: [UInt8]) -> [UInt8] {
        var out = ModelFile.magic
        withUnsafeBytes(of: version.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(header.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        out += Array(header.utf8)
        while out.count % 8 != 0 { out.append(0) }
        return ModelFile.sealed(out + body)
    }

    func refusal(_ bytes: [UInt8]) -> String? {
        errorText { _ = try ModelFile.decode(bytes, path: "m.classify") }
    }

    @Test func headerValuesOutsideTheirRangesAreRefused() throws {
        let (version, header, body) = try parts()
        #expect(refusal(file(version: version, header: header, body: body)) == nil, "the untouched model loads")
        let cases: [(String, String, String)] = [
            ("\"threshold\":0.5", "\"threshold\":5", "m.classify: the model's threshold 5.0 is not between 0 and 1; the file is damaged"),
            ("\"threshold\":0.5", "\"threshold\":-1", "m.classify: the model's threshold -1.0 is not between 0 and 1; the file is damaged"),
            ("\"format_version\":\(version)", "\"format_version\":99", "m.classify: the header says format version 99, the file \(version); the file is damaged"),
        ]
        for (pattern, replacement, message) in cases {
            #expect(header.contains(pattern), "\(pattern)")
            #expect(refusal(file(version: version, header: header.replacingOccurrences(of: pattern, with: replacement), body: body)) == message)
        }
        let blank = header.replacingOccurrences(of: "\"labels\":[\"", with: "\"labels\":[\" \",\"")
        #expect(refusal(file(version: version, header: blank, body: body))?.hasSuffix("the file is damaged") == true)
    }

    /// A multi-label model whose scores are a softmax, a chosen temperature or naive Bayes weight
    /// no fit gives, and a record of training documents that does not add up are all damage.
    @Test func choicesAndRecordsNoTrainingWritesAreRefused() throws {
        let (version, header, body) = try parts(classifier: "logistic-regression", multiLabel: true)
        #expect(refusal(file(version: version, header: header, body: body)) == nil, "the untouched model loads")
        let documents = try #require(header.range(of: #""documents":\d+"#, options: .regularExpression))
        let perLabel = try #require(header.range(of: #""documents_per_label":\[[0-9,]*\]"#, options: .regularExpression))
        let temperature = try #require(header.range(of: #""temperature":"[^"]*""#, options: .regularExpression))
        let nbWeight = try #require(header.range(of: #""nb_weight":"[^"]*""#, options: .regularExpression))
        let damaged = "the file is damaged"
        let cases: [(Range<String.Index>, String, String)] = [
            (try #require(header.range(of: "\"activation\":\"sigmoid\"")), "\"activation\":\"softmax\"",
             "m.classify: a multi-label model's scores are one-vs-rest, but this one's are a softmax; \(damaged)"),
            (documents, "\"documents\":-5", "m.classify: the model's record of its training documents (in all and per label) is invalid; \(damaged)"),
            (perLabel, "\"documents_per_label\":[5]", "m.classify: the model's record of its training documents (in all and per label) is invalid; \(damaged)"),
            (temperature, "\"temperature\":\"nan\"", "m.classify: the model's chosen temperature is \"nan\", which no training run writes; it is damaged"),
            (temperature, "\"temperature\":\"-1\"", "m.classify: the model's chosen temperature is \"-1\", which no training run writes; it is damaged"),
            (nbWeight, "\"nb_weight\":\"inf\"", "m.classify: the model's chosen nb_weight is \"inf\", which no training run writes; it is damaged"),
        ]
        for (range, replacement, message) in cases {
            #expect(refusal(file(version: version, header: header.replacingCharacters(in: range, with: replacement), body: body)) == message, "\(replacement)")
        }
    }

    @Test func anOlderVersionCannotHoldNewerFeatures() throws {
        let (version, header, body) = try parts()
        #expect(version == ModelFile.formatVersion)
        let older = header.replacingOccurrences(of: "\"format_version\":\(ModelFile.formatVersion)", with: "\"format_version\":2")
        #expect(refusal(file(version: 2, header: older, body: body)) == "m.classify: a format 2 model cannot hold a front-coded vocabulary; the file is damaged")
    }

    @Test func anIDFOutsideItsRangeIsRefused() throws {
        let (version, header, body) = try parts()
        // The idf section follows the vocabulary: find it by its declared sizes.
        let marker = try #require(header.range(of: "\"sections\":[{\"bytes\":"))
        let vocabularyBytes = try #require(Int(header[marker.upperBound...].prefix { $0.isNumber }))
        #expect(header.contains("\"bytes\":\(vocabularyBytes),\"name\":\"vocabulary\""))
        let idfStart = (vocabularyBytes + 7) & ~7
        for bad: Float in [3e38, -1] {
            var damaged = body
            withUnsafeBytes(of: bad.bitPattern.littleEndian) { damaged.replaceSubrange(idfStart..<(idfStart + 4), with: $0) }
            #expect(refusal(file(version: version, header: header, body: damaged))
                == "m.classify: an IDF weight is negative, above 64 or not a number; the file is damaged", "\(bad)")
        }
    }

    /// The body offset of each section of `header`, by name.
    func sectionOffsets(_ header: String) throws -> [String: (offset: Int, bytes: Int, type: String)] {
        let json = try #require(JSONSerialization.jsonObject(with: Data(header.utf8)) as? [String: Any])
        let sections = try #require(json["sections"] as? [[String: Any]])
        var offset = 0
        var result: [String: (offset: Int, bytes: Int, type: String)] = [:]
        for section in sections {
            let bytes = try #require(section["bytes"] as? Int)
            result[try #require(section["name"] as? String)] = (offset, bytes, try #require(section["type"] as? String))
            offset = (offset + bytes + 7) & ~7
        }
        return result
    }

    @Test func damagedSparseWeightsAreRefused() throws {
        var options = TrainingOptions()
        options.classifierName = "logistic-regression"
        options.tfidf.minDF = 1
        options.compression = .given(LinearCompression(pruneFraction: 0.01, quantize: true))
        let bytes = try ModelFile.encode(try ModelTrainer.train(ModelFileTests.documents, options: options))
        let length = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        let header = String(decoding: bytes[16..<(16 + length)], as: UTF8.self)
        let body = Array(bytes[((16 + length + 7) & ~7)..<(bytes.count - 8)])
        let version = UInt32(ModelFile.formatVersion)
        #expect(refusal(file(version: version, header: header, body: body)) == nil, "the untouched model loads")
        let sections = try sectionOffsets(header)
        let labels = try #require(sections["classifier.weights.labels"])
        let lengths = try #require(sections["classifier.weights.lengths"])
        #expect(labels.type == "u8" && lengths.type == "u8" && sections["classifier.weights.values"]?.type == "i8")
        let cases: [(offset: Int, byte: UInt8, message: String)] = [
            (labels.offset, 9, "the model's \"weights.labels\" array holds a value that is not a whole number below 2; it is damaged"),
            (lengths.offset, 200, "the model's \"weights.lengths\" array holds a value that is not a whole number below 3; it is damaged"),
        ]
        for (offset, byte, message) in cases {
            var damaged = body
            damaged[offset] = byte
            #expect(refusal(file(version: version, header: header, body: damaged)) == "m.classify: " + message)
        }
        // Two weights of one feature for the same label: out of order.
        let twoLabelFeature = try #require((0..<lengths.bytes).first { body[lengths.offset + $0] == 2 })
        let firstEntry = (0..<twoLabelFeature).reduce(0) { $0 + Int(body[lengths.offset + $1]) }
        var repeated = body
        repeated[labels.offset + firstEntry + 1] = repeated[labels.offset + firstEntry]
        #expect(refusal(file(version: version, header: header, body: repeated))?.contains("out of order or out of range") == true)
        let older = header.replacingOccurrences(of: "\"format_version\":\(version)", with: "\"format_version\":7")
        #expect(refusal(file(version: 7, header: older, body: body))?.hasSuffix("the file is damaged") == true)
    }
}
