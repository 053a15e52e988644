import ClassifyKit
import Foundation
import Hummingbird
import Logging

/// The HTTP service of `classify serve`, on Hummingbird:
/// - `POST /v1/classify`: a body of `{"text": …}`, `{"title": …, "text": …}` or
///   `{"documents": [{"id", "title", "text"}, …]}`, answered with what `classify predict --json`
///   prints for each (one object, or `{"predictions": […]}`); `?top=K` keeps the K most probable
///   scores, `?threshold=T` overrides the model's threshold;
/// - `GET /v1/model`: what `classify info --json` says of the model;
/// - `GET /healthz`: `{"status": "ok"}`, with the model's generation and how reloads went.
/// A refused request gets its status and `{"error": "…"}` on one line.
public enum ClassificationService {
    /// The routes, answering with `model`.
    public static func router(model: ServedModel, settings: ServiceSettings) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("v1/classify") { request, _ -> Response in
            do {
                return try await classify(request, model: model, settings: settings)
            } catch let error as RequestError {
                return failure(error)
            }
        }
        router.get("v1/model") { _, _ -> Response in
            let snapshot = model.current
            return json(try encoded(snapshot.description))
        }
        router.get("healthz") { _, _ -> Response in
            json(try encoded(Health(model)))
        }
        return router
    }

    /// Runs the service until SIGTERM or SIGINT (in-flight requests finish), reloading the model
    /// on SIGHUP.
    public static func run(model: ServedModel, settings: ServiceSettings, logger: Logger) async throws {
        let reloads = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        signal(SIGHUP, SIG_IGN)
        reloads.setEventHandler {
            do {
                let generation = try model.reload()
                logger.info("reloaded the model", metadata: ["path": "\(model.path)", "generation": "\(generation)"])
            } catch {
                logger.error("reload failed; the previous model keeps serving", metadata: ["error": "\(error)"])
            }
        }
        reloads.resume()
        defer { reloads.cancel() }
        let app = Application(
            router: router(model: model, settings: settings),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "classify"),
            logger: logger)
        try await app.runService()
    }

    static func classify(_ request: Request, model: ServedModel, settings: ServiceSettings) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: settings.maximumBodyBytes)
        } catch let error as HTTPResponseError where error.status == .contentTooLarge {
            throw RequestError(.contentTooLarge, "the body is larger than the \(settings.maximumBodyBytes) bytes allowed (--max-body)")
        }
        let top = try queryInteger(request, "top", range: 1...Int.max)
        let threshold = try queryThreshold(request)
        let parsed = try ClassifyRequest.parse(Array(buffer: body), maximumDocuments: settings.maximumDocuments)
        let lines = score(parsed.documents, model: model.current.model, top: top, threshold: threshold, threads: settings.threads)
        return json(parsed.isSingle ? lines[0] : "{\"predictions\":[" + lines.joined(separator: ",") + "]}")
    }

    /// The `predict --json` line of each of `documents`, scored in batches on `threads` threads.
    static func score(_ documents: [Document], model: TrainedModel, top: Int?, threshold: Float?, threads: Int) -> [String] {
        var predictor = StreamingPredictor(
            model: model, batchSize: max(1, (documents.count + threads - 1) / threads), threads: threads, threshold: threshold
        ) { document, prediction in
            PredictionJSON.line(id: document.id, labels: prediction.labels, scores: top.map { Array(prediction.scores.prefix($0)) } ?? prediction.scores)
        }
        var lines: [String] = []
        lines.reserveCapacity(documents.count)
        for document in documents { predictor.add(document) { lines += $0 } }
        predictor.finish { lines += $0 }
        return lines
    }

    static func queryInteger(_ request: Request, _ name: String, range: ClosedRange<Int>) throws(RequestError) -> Int? {
        guard let text = request.uri.queryParameters[name[...]] else { return nil }
        guard let value = Int(String(text)), range.contains(value) else {
            throw RequestError(.badRequest, "?\(name) must be a whole number of at least \(range.lowerBound) (got \"\(text)\")")
        }
        return value
    }

    static func queryThreshold(_ request: Request) throws(RequestError) -> Float? {
        guard let text = request.uri.queryParameters["threshold"] else { return nil }
        guard let value = Float(String(text)), value > 0 && value < 1 else {
            throw RequestError(.badRequest, "?threshold must be between 0 and 1 (got \"\(text)\")")
        }
        return value
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func failure(_ error: RequestError) -> Response {
        json((try? encoded(["error": error.message])) ?? "{\"error\":\"bad request\"}", status: .init(code: error.status.rawValue))
    }

    /// What `GET /healthz` says.
    struct Health: Encodable {
        var status = "ok"
        var generation: Int
        var reloads: Int
        var failedReloads: Int
        var lastReloadError: String?

        init(_ model: ServedModel) {
            let status = model.status
            generation = model.current.generation
            reloads = status.reloads
            failedReloads = status.failedReloads
            lastReloadError = status.lastError
        }

        enum CodingKeys: String, CodingKey {
            case status, generation, reloads, failedReloads = "failed_reloads", lastReloadError = "last_reload_error"
        }
    }

    static func encoded<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
