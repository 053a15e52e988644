import Dispatch
import Hummingbird

/// The routes that serve operators rather than clients: reload, metrics and the API document.
enum AdministrationRoutes {
    /// `POST /v1/model/reload`: 403 when no admin token is set, 401 without the token, 422 with
    /// the file's error when the new file does not load (the old model keeps serving), else
    /// what `/healthz` says after the reload.
    static func reload(_ request: Request, reloader: ModelReloader, token: AdminToken?) async throws -> Response {
        guard let token else {
            throw RequestError(.forbidden, "reloading over HTTP is off; start classify serve with --admin-token, or send the process SIGHUP")
        }
        guard token.authorizes(request.headers[.authorization]) else {
            throw RequestError(.unauthorized, "send the admin token as Authorization: Bearer TOKEN", headers: [.wwwAuthenticate: "Bearer"])
        }
        do {
            _ = try await offEventLoop { try reloader.reload(trigger: "POST /v1/model/reload") }
        } catch {
            throw RequestError(.unprocessableContent, "\(error); the previous model keeps serving")
        }
        return ServiceResponse.json(try ServiceResponse.encoded(ClassificationService.Health(reloader.model)))
    }

    /// Runs `work` on a dispatch thread, so that loading a model does not hold up the event loop
    /// and the other connections it serves.
    static func offEventLoop<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// `GET /metrics`: Prometheus text.
    static func metrics(_ metrics: ServiceMetrics) -> Response {
        Response(status: .ok, headers: [.contentType: prometheusContentType], body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }

    /// `GET /openapi.yaml`.
    static func openAPIDocument() -> Response {
        Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
    }
}
