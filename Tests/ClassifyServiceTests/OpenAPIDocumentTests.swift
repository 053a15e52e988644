import ClassifyKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ClassifyService

/// The OpenAPI document names the routes the service answers, no more and no fewer.
@Suite struct OpenAPIDocumentTests {
    /// The (method, path) pairs under `paths:` in the document: paths indented two spaces, their
    /// operations four.
    static func documentedRoutes() -> Set<ServiceRoute> {
        var routes: Set<ServiceRoute> = []
        var path: String?
        var inPaths = false
        for line in OpenAPIDocument.yaml.split(separator: "\n", omittingEmptySubsequences: true) {
            let indent = line.prefix(while: { $0 == " " }).count
            let text = line.trimmingCharacters(in: .whitespaces)
            if indent == 0 { inPaths = text == "paths:"; continue }
            guard inPaths, text.hasSuffix(":") else { continue }
            let name = String(text.dropLast())
            if indent == 2 { path = name }
            if indent == 4, let path, let method = HTTPRequest.Method(name.uppercased()), ["get", "post", "put", "delete", "patch"].contains(name) {
                routes.insert(ServiceRoute(method, path))
            }
        }
        return routes
    }

    @Test func documentNamesExactlyTheServedRoutes() {
        #expect(Self.documentedRoutes() == Set(ClassificationService.routes))
        #expect(OpenAPIDocument.yaml.hasPrefix("openapi: 3.0.3\n"))
    }

    @Test func everyDocumentedRouteIsAnsweredAndTheDocumentIsServed() async throws {
        let (folder, path, _) = try ClassificationServiceTests.modelFile()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await ClassificationServiceTests().app(try ServedModel(path: path)).test(.router) { client in
            for route in Self.documentedRoutes() {
                let status = try await client.execute(uri: route.path, method: route.method, body: ByteBuffer(string: "{\"text\": \"a\"}")) { $0.status.code }
                #expect(![404, 405].contains(status), "\(route.method) \(route.path)")
            }
            let served = try await client.execute(uri: "/openapi.yaml", method: .get) { String(buffer: $0.body) }
            #expect(served == OpenAPIDocument.yaml)
        }
    }
}
