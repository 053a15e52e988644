import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The bodies the service answers with: JSON on one line, and `{"error": "…"}` for a refused
/// request.
enum ServiceResponse {
    static let jsonContentType = "application/json"

    /// `text` (one JSON value) with a newline, as `status`.
    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = jsonContentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    /// `{"error": message}` as `status`.
    static func failure(_ error: RequestError) -> Response {
        json((try? encoded(["error": error.message])) ?? "{\"error\":\"bad request\"}", status: .init(code: error.status.rawValue), headers: error.headers)
    }

    /// The answer to an error a handler or the framework threw: its own status and message for
    /// a refused request, 500 (logged) for anything else.
    static func failure(for error: any Error, logger: Logger) -> Response {
        switch error {
        case let error as RequestError:
            return failure(error)
        case let error as any HTTPResponseError where error.status.code < 500:
            return failure(RequestError(status: error.status, message: error.status.reasonPhrase.lowercased()))
        default:
            logger.error("request failed", metadata: ["error": "\(error)"])
            return failure(RequestError(.internalServerError, "the service failed on this request; the log says why"))
        }
    }

    /// `value` as compact JSON with sorted keys.
    static func encoded<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// A request the service refuses: its HTTP status, a one-line message and any headers the status
/// calls for (`Allow`, `Retry-After`, `WWW-Authenticate`).
struct RequestError: Error {
    enum Status: Int {
        case badRequest = 400, unauthorized = 401, forbidden = 403, notFound = 404, methodNotAllowed = 405
        case requestTimeout = 408, contentTooLarge = 413, unprocessableContent = 422, internalServerError = 500, serviceUnavailable = 503
    }

    var status: Status
    var message: String
    var headers: HTTPFields = [:]

    init(_ status: Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// The error of a framework status; codes outside ``Status`` become 400.
    init(status: HTTPResponse.Status, message: String) {
        self.init(Status(rawValue: status.code) ?? .badRequest, message)
    }
}
