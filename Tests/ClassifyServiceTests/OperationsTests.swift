import ClassifyKit
import Foundation
import HTTPTypes
import Logging
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ClassifyService

/// What operators see and use: wrong methods and paths, the in-flight limit, reloading over HTTP
/// and the metrics.
@Suite struct OperationsTests {
    let fixture = ClassificationServiceTests()

    func call(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, body: String = "", headers: HTTPFields = [:]
    ) async throws -> (status: Int, body: String, headers: HTTPFields) {
        try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body)) {
            ($0.status.code, String(buffer: $0.body), $0.headers)
        }
    }

    @Test func wrongMethodsAre405AndUnknownPaths404() async throws {
        let (folder, path, _) = try ClassificationServiceTests.modelFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await fixture.app(try ServedModel(path: path)).test(.router) { client in
            let put = try await call(client, .put, "/v1/classify")
            #expect(put.status == 405 && put.headers[.allow] == "POST" && put.body == "{\"error\":\"/v1/classify answers POST, not PUT\"}\n")
            let postHealth = try await call(client, .post, "/healthz")
            #expect(postHealth.status == 405 && postHealth.headers[.allow] == "GET")
            let unknown = try await call(client, .get, "/v2/classify")
            #expect(unknown.status == 404 && unknown.body == "{\"error\":\"no route /v2/classify; the routes are listed at /openapi.yaml\"}\n")
            #expect(unknown.headers[HTTPField.Name("X-Request-Id")!]?.isEmpty == false)
        }
    }

    @Test func requestsBeyondTheInFlightLimitAre503WithRetryAfter() async throws {
        let (folder, path, _) = try ClassificationServiceTests.modelFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var settings = ServiceSettings(threads: 1)
        settings.maximumInFlight = 2
        let inFlight = InFlightCounter()
        try await fixture.app(try ServedModel(path: path), settings, inFlight: inFlight).test(.router) { client in
            #expect(inFlight.enter(maximum: 2) && inFlight.enter(maximum: 2))
            let refused = try await call(client, .post, "/v1/classify", body: "{\"text\": \"tanks\"}")
            #expect(refused.status == 503 && refused.headers[.retryAfter] == "1")
            #expect(refused.body == "{\"error\":\"2 requests are in flight, the most allowed (--max-inflight); retry shortly\"}\n")
            let health = try await call(client, .get, "/healthz")
            #expect(health.status == 200, "health checks are not limited")
            inFlight.leave()
            let served = try await call(client, .post, "/v1/classify", body: "{\"text\": \"tanks\"}")
            #expect(served.status == 200)
            #expect(inFlight.current == 1)
        }
    }

    /// A command reading a model looks its first documents up in the vocabulary's sorted index;
    /// a service builds the term table when it loads, so that no request pays for it.
    @Test func aServedModelHasItsTermTableBuiltBeforeTheFirstRequest() throws {
        let (folder, path, _) = try ClassificationServiceTests.modelFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(!(try ModelFile.read(path)).vectorizer.terms.isBuilt)
        let served = try ServedModel(path: path)
        #expect(served.current.model.vectorizer.terms.isBuilt)
        try served.reload()
        #expect(served.current.model.vectorizer.terms.isBuilt && served.current.generation == 2)
    }

    @Test func reloadOverHTTPNeedsTheAdminToken() async throws {
        let (folder, path, _) = try ClassificationServiceTests.modelFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let served = try ServedModel(path: path)
        try await fixture.app(served).test(.router) { client in
            let off = try await call(client, .post, "/v1/model/reload")
            #expect(off.status == 403 && off.body.contains("--admin-token"))
        }
        var settings = ServiceSettings(threads: 1)
        let token = "a-token-of-24-characters"
        settings.adminToken = try #require(AdminToken(token))
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        try await fixture.app(served, settings).test(.router) { client in
            for header in [nil, "Bearer wrong-token-of-24-chars!", "Basic " + token, "Bearer " + token + "x"] {
                let refused = try await call(client, .post, "/v1/model/reload", headers: header.map { [.authorization: $0] } ?? [:])
                #expect(refused.status == 401 && refused.headers[.wwwAuthenticate] == "Bearer", "\(header ?? "no header")")
            }
            let reloaded = try await call(client, .post, "/v1/model/reload", headers: [.authorization: "Bearer " + token])
            #expect(reloaded.status == 200 && reloaded.body == "{\"failed_reloads\":0,\"generation\":2,\"reloads\":1,\"status\":\"ok\"}\n")
            let before = try await call(client, .post, "/v1/classify", body: "{\"text\": \"tanks at the border\"}")
            try good.prefix(good.count / 3).write(to: URL(fileURLWithPath: path))
            let broken = try await call(client, .post, "/v1/model/reload", headers: [.authorization: "Bearer " + token])
            #expect(broken.status == 422 && broken.body.contains("truncated model file") && broken.body.contains("the previous model keeps serving"))
            let after = try await call(client, .post, "/v1/classify", body: "{\"text\": \"tanks at the border\"}")
            #expect(after.status == 200 && after.body == before.body)
        }
    }

    @Test func metricsCountRequestsDocumentsAndReloads() async throws {
        let (folder, path, _) = try ClassificationServiceTests.modelFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let served = try ServedModel(path: path)
        let metrics = ServiceMetrics()
        try await fixture.app(served, metrics: metrics).test(.router) { client in
            _ = try await call(client, .post, "/v1/classify", body: "{\"text\": \"tanks\"}")
            _ = try await call(client, .post, "/v1/classify", body: "{\"documents\": [{\"text\": \"a vote\"}, {\"text\": \"a goal\"}]}")
            _ = try await call(client, .post, "/v1/classify", body: "{}")
            _ = try await call(client, .delete, "/v1/model")
            _ = try await call(client, .get, "/nothing/here")
            _ = try await call(client, HTTPRequest.Method("BREW")!, "/v1/model")
            let reloader = ModelReloader(model: served, metrics: metrics, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            try reloader.reload(trigger: "test")
            try Data().write(to: URL(fileURLWithPath: path))
            #expect(throws: (any Error).self) { try reloader.reload(trigger: "test") }
            let scrape = try await call(client, .get, "/metrics")
            #expect(scrape.status == 200 && scrape.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            let lines = Set(scrape.body.split(separator: "\n").map(String.init))
            for expected in [
                "classify_http_requests_total{route=\"/v1/classify\",method=\"POST\",status=\"200\"} 2",
                "classify_http_requests_total{route=\"/v1/classify\",method=\"POST\",status=\"400\"} 1",
                "classify_http_requests_total{route=\"/v1/model\",method=\"DELETE\",status=\"405\"} 1",
                "classify_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1",
                "classify_http_requests_total{route=\"/v1/model\",method=\"other\",status=\"405\"} 1",
                "classify_http_request_duration_seconds_count{route=\"/v1/classify\",method=\"POST\",status=\"200\"} 2",
                "classify_documents_scored_total 3",
                "classify_model_reloads_total 1",
                "classify_model_reload_failures_total 1",
                "classify_model_generation 2.0",
                "classify_requests_in_flight 0.0",
            ] {
                #expect(lines.contains(expected), "\(expected)")
            }
        }
    }
}
