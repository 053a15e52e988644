import ClassifyKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import ClassifyService

@Suite struct ClassificationServiceTests {
    /// A small model trained on the fixture documents, written to a fresh folder.
    static func modelFile() throws -> (folder: String, path: String, model: TrainedModel) {
        let folder = NSTemporaryDirectory() + "classify-service-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var options = TrainingOptions()
        options.classifierName = "complement-nb"
        options.tfidf.minDF = 1
        let model = try ModelTrainer.train(documents, options: options)
        let path = folder + "/m.classify"
        try ModelFile.write(model, to: path)
        return (folder, path, try ModelFile.read(path))
    }

    static let documents: [Document] = [
        Document(id: "m1", text: "The army moved tanks and troops to the border.", labels: ["Military"]),
        Document(id: "m2", text: "Soldiers and artillery shelled the front line.", labels: ["Military"]),
        Document(id: "p1", text: "Parliament passed the budget after a long vote.", labels: ["Politics"]),
        Document(id: "p2", text: "The minister resigned before the election.", labels: ["Politics"]),
        Document(id: "s1", text: "A late goal won the cup final for the home team.", labels: ["Sport"]),
        Document(id: "s2", text: "The striker scored twice in the league match.", labels: ["Sport"]),
    ]

    func app(
        _ model: ServedModel, _ settings: ServiceSettings = ServiceSettings(threads: 2), metrics: ServiceMetrics = ServiceMetrics(),
        inFlight: InFlightCounter = InFlightCounter()
    ) -> some ApplicationProtocol {
        let reloader = ModelReloader(model: model, metrics: metrics, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        return Application(router: ClassificationService.router(reloader: reloader, settings: settings, inFlight: inFlight))
    }

    func post(_ client: some TestClientProtocol, _ uri: String, _ body: String) async throws -> (status: Int, body: String) {
        try await client.execute(uri: uri, method: .post, body: ByteBuffer(string: body)) { ($0.status.code, String(buffer: $0.body)) }
    }

    @Test func answersWhatPredictJsonPrints() async throws {
        let (folder, path, model) = try Self.modelFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let served = try ServedModel(path: path)
        let texts = ["tanks at the border", "the vote on the budget", "a goal in the final"]
        let expected = model.predict(texts.map { Document(id: "", text: $0) }).map { PredictionJSON.line(id: "", labels: $0.labels, scores: $0.scores) }
        try await app(served).test(.router) { client in
            for (text, line) in zip(texts, expected) {
                let single = try await post(client, "/v1/classify", "{\"text\": \"\(text)\"}")
                #expect(single.status == 200 && single.body == line + "\n")
            }
            let body = "{\"documents\": [" + texts.enumerated().map { "{\"id\": \"d\($0)\", \"text\": \"\($1)\"}" }.joined(separator: ",") + "]}"
            let batch = try await post(client, "/v1/classify", body)
            let lines = model.predict(texts.map { Document(id: "", text: $0) }).enumerated().map { PredictionJSON.line(id: "d\($0)", labels: $1.labels, scores: $1.scores) }
            #expect(batch.status == 200 && batch.body == "{\"predictions\":[" + lines.joined(separator: ",") + "]}\n")
            let top = try await post(client, "/v1/classify?top=1&threshold=0.9", "{\"title\": \"Cup final\", \"text\": \"a late goal\"}")
            let prediction = model.predict([Document(id: "", text: "a late goal", title: "Cup final")], threshold: 0.9)[0]
            #expect(top.body == PredictionJSON.line(id: "", labels: prediction.labels, scores: Array(prediction.scores.prefix(1))) + "\n")
            let info = try await client.execute(uri: "/v1/model", method: .get) { String(buffer: $0.body) }
            #expect(info.contains("\"classifier\":\"complement-nb\""))
        }
    }

    @Test func badRequestsAreOneLineJSONErrors() async throws {
        let (folder, path, _) = try Self.modelFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var settings = ServiceSettings(threads: 1)
        settings.maximumDocuments = 2
        settings.maximumBodyBytes = 200
        try await app(try ServedModel(path: path), settings).test(.router) { client in
            let cases: [(String, String, Int, String)] = [
                ("/v1/classify", "not json", 400, "the body is not JSON; send {\\\"text\\\": …} or {\\\"documents\\\": [{\\\"id\\\": …, \\\"text\\\": …}, …]}"),
                ("/v1/classify", "[1]", 400, "the body is not a JSON object; send {\\\"text\\\": …} or {\\\"documents\\\": […]}"),
                ("/v1/classify", "null", 400, "the body is not a JSON object; send {\\\"text\\\": …} or {\\\"documents\\\": […]}"),
                ("/v1/classify", "\"words\"", 400, "the body is not a JSON object; send {\\\"text\\\": …} or {\\\"documents\\\": […]}"),
                ("/v1/classify", "{\"title\": \"a\"}", 400, "text is missing"),
                ("/v1/classify", "{\"txt\": \"a\"}", 400, "unknown field \\\"txt\\\"; the fields are \\\"id\\\", \\\"text\\\", \\\"title\\\""),
                ("/v1/classify", "{\"documents\": [{\"text\": \"a\"}], \"text\": \"b\"}", 400, "unknown field \\\"text\\\"; the fields are \\\"documents\\\""),
                ("/v1/classify", "{\"documents\": [{\"text\": \"a\", \"label\": \"b\"}]}", 400, "unknown field \\\"documents[0].label\\\"; the fields are \\\"id\\\", \\\"text\\\", \\\"title\\\""),
                ("/v1/classify", "{\"title\": \"Cup final\", \"text\": \" \"}", 400, "text is empty (a title alone is not enough)"),
                ("/v1/classify", "{\"text\": 5}", 400, "text must be a string"),
                ("/v1/classify", "{\"text\": \"  \"}", 400, "text is empty (a title alone is not enough)"),
                ("/v1/classify", "{\"documents\": []}", 400, "\\\"documents\\\" must be a non-empty array of objects"),
                ("/v1/classify", "{\"documents\": [{\"text\": \"a\"}, 3]}", 400, "documents[1] is not an object"),
                ("/v1/classify", "{\"documents\": [{\"text\": \"a\"}, {\"text\": \"b\"}, {\"text\": \"c\"}]}", 413, "3 documents in one request, more than the 2 allowed (--max-documents)"),
                // Its Content-Length says so before any of it is read.
                ("/v1/classify", "{\"text\": \"" + String(repeating: "a", count: 300) + "\"}", 413, "the body is declared as 312 bytes, more than the 200 allowed (--max-body)"),
                ("/v1/classify?top=0", "{\"text\": \"a\"}", 400, "?top must be a whole number from 1 to 100000 (got \\\"0\\\")"),
                ("/v1/classify?top=100001", "{\"text\": \"a\"}", 400, "?top must be a whole number from 1 to 100000 (got \\\"100001\\\")"),
                ("/v1/classify?threshold=2", "{\"text\": \"a\"}", 400, "?threshold must be between 0 and 1 (got \\\"2\\\")"),
                ("/v1/classify?tpo=3", "{\"text\": \"a\"}", 400, "unknown query parameter \\\"tpo\\\"; the parameters are ?top and ?threshold"),
                ("/v1/classify?top=1&top=2", "{\"text\": \"a\"}", 400, "?top is given twice; give it once"),
            ]
            for (uri, body, status, message) in cases {
                let response = try await post(client, uri, body)
                #expect(response.status == status && response.body == "{\"error\":\"\(message)\"}\n", "\(body): \(response.body)")
            }
            let invalid = try await client.execute(uri: "/v1/classify", method: .post, body: ByteBuffer(bytes: [0x7B, 0x22, 0xFF, 0x22, 0x7D])) { ($0.status.code, String(buffer: $0.body)) }
            #expect(invalid.0 == 400 && invalid.1 == "{\"error\":\"the body is not UTF-8\"}\n")
        }
    }

    @Test func aBrokenFileLeavesTheOldModelServing() async throws {
        let (folder, path, _) = try Self.modelFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let served = try ServedModel(path: path)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        try await app(served).test(.router) { client in
            let before = try await post(client, "/v1/classify", "{\"text\": \"tanks at the border\"}")
            try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: path))
            #expect(throws: ModelFileError.self) { try served.reload() }
            let after = try await post(client, "/v1/classify", "{\"text\": \"tanks at the border\"}")
            #expect(after.status == 200 && after.body == before.body)
            let health = try await client.execute(uri: "/healthz", method: .get) { String(buffer: $0.body) }
            #expect(health.hasPrefix("{\"failed_reloads\":1,\"generation\":1,\"last_reload_error\":\"") && health.contains("truncated model file"))
            try good.write(to: URL(fileURLWithPath: path))
            #expect(try served.reload() == 2)
            let healed = try await client.execute(uri: "/healthz", method: .get) { String(buffer: $0.body) }
            #expect(healed == "{\"failed_reloads\":1,\"generation\":2,\"reloads\":1,\"status\":\"ok\"}\n")
        }
    }

    @Test func reloadsDuringRequestsNeverFailOne() async throws {
        let (folder, path, _) = try Self.modelFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let served = try ServedModel(path: path)
        try await app(served).test(.router) { client in
            let reloading = Task.detached { for _ in 0..<100 { _ = try? served.reload() } }
            var failures = 0
            for _ in 0..<200 {
                let response = try await post(client, "/v1/classify", "{\"text\": \"tanks at the border\"}")
                if response.status != 200 { failures += 1 }
            }
            await reloading.value
            #expect(failures == 0)
            #expect(served.status.reloads == 100 && served.status.failedReloads == 0)
        }
    }
}
