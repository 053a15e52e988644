import ClassifyKit
import Hummingbird

/// `POST /v1/classify`: the documents of the body, scored together as one batch on the
/// service's threads, answered with what `classify predict --json` prints.
enum ClassificationRoute {
    static func classify(_ request: Request, model: ServedModel, settings: ServiceSettings, metrics: ServiceMetrics) async throws -> Response {
        try checkQueryNames(request)
        let body = try await collectBody(request, settings: settings)
        let top = try queryInteger(request, "top", range: 1...ServiceSettings.maximumTop)
        let threshold = try queryThreshold(request)
        let parsed = try ClassifyRequest.parse(Array(buffer: body), maximumDocuments: settings.maximumDocuments)
        let lines = score(parsed.documents, model: model.current.model, top: top, threshold: threshold, threads: settings.threads)
        metrics.recordDocumentsScored(lines.count)
        return ServiceResponse.json(parsed.isSingle ? lines[0] : "{\"predictions\":[" + lines.joined(separator: ",") + "]}")
    }

    /// The request's body, at most `settings.maximumBodyBytes` (413 beyond, at once when its
    /// `Content-Length` says so, before any of it is read). A body still arriving
    /// `settings.requestTimeoutSeconds` after the request started gets 408 as its next part
    /// arrives, and a connection that goes silent is closed after the idle timeout, so a client
    /// that sends slowly holds a request slot for at most the two timeouts together. (Checking
    /// as parts arrive needs no timer per request.)
    static func collectBody(_ request: Request, settings: ServiceSettings) async throws -> ByteBuffer {
        let limit = settings.maximumBodyBytes
        if let declared = request.headers[.contentLength], let length = Int(declared), length > limit {
            throw RequestError(.contentTooLarge, "the body is declared as \(length) bytes, more than the \(limit) allowed (--max-body)")
        }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(settings.requestTimeoutSeconds)
        var body = ByteBuffer()
        for try await part in request.body {
            guard body.readableBytes + part.readableBytes <= limit else {
                throw RequestError(.contentTooLarge, "the body is larger than the \(limit) bytes allowed (--max-body)")
            }
            var part = part
            body.writeBuffer(&part)
            if clock.now > deadline {
                throw RequestError(.requestTimeout, "the body took longer than \(settings.requestTimeoutSeconds) seconds to arrive (--request-timeout)")
            }
        }
        return body
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

    /// The query parameters the route takes.
    static let queryParameterNames: [Substring] = ["top", "threshold"]

    /// Throws for a query parameter the route does not take, or one given twice: a misspelt
    /// parameter is an error, as a misspelt body field is, not silently ignored.
    static func checkQueryNames(_ request: Request) throws(RequestError) {
        var seen: [Substring] = []
        for parameter in request.uri.queryParameters {
            guard queryParameterNames.contains(parameter.key) else {
                let names = queryParameterNames.map { "?\($0)" }.joined(separator: " and ")
                throw RequestError(.badRequest, "unknown query parameter \"\(parameter.key)\"; the parameters are \(names)")
            }
            guard !seen.contains(parameter.key) else { throw RequestError(.badRequest, "?\(parameter.key) is given twice; give it once") }
            seen.append(parameter.key)
        }
    }

    static func queryInteger(_ request: Request, _ name: String, range: ClosedRange<Int>) throws(RequestError) -> Int? {
        guard let text = request.uri.queryParameters[name[...]] else { return nil }
        guard let value = Int(String(text)), range.contains(value) else {
            throw RequestError(.badRequest, "?\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound) (got \"\(text)\")")
        }
        return value
    }

    static func queryThreshold(_ request: Request) throws(RequestError) -> Float? {
        guard let text = request.uri.queryParameters["threshold"] else { return nil }
        guard let value = Double(String(text)), value > 0 && value < 1 else {
            throw RequestError(.badRequest, "?threshold must be between 0 and 1 (got \"\(text)\")")
        }
        // Any value strictly between 0 and 1 stays so in single precision.
        return min(max(Float(value), .leastNonzeroMagnitude), Float(1).nextDown)
    }
}
