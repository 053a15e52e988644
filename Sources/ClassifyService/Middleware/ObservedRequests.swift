import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The outermost middleware: turns whatever a request ends in into a response (a refused
/// request's one-line JSON error, or 500 for a failure), counts it in the metrics under its
/// route's pattern, tags the response with the request id (`X-Request-Id`) and logs one line with
/// the method, path, route, status and latency.
struct ObservedRequests<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics
    /// The paths the service serves: a request's route label is its path when it is one of
    /// these, whether or not its method is served.
    let servedPaths: Set<String>

    init(metrics: ServiceMetrics, routes: [ServiceRoute]) {
        self.metrics = metrics
        servedPaths = Set(routes.map(\.path))
    }

    static var requestIdField: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = ServiceResponse.failure(for: error, logger: context.logger)
        }
        let duration = clock.now - start
        let route = servedPaths.contains(request.uri.path) ? request.uri.path : ServiceMetrics.unmatchedRoute
        metrics.recordRequest(route: route, method: Self.methodLabel(request.method), status: response.status.code, duration: duration)
        response.headers[Self.requestIdField] = context.id
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)",
                "path": "\(request.uri.path)",
                "route": "\(route)",
                "status": "\(response.status.code)",
                "duration_ms": "\(Self.milliseconds(duration))",
            ])
        return response
    }

    /// The methods HTTP defines; any other is counted as `other`, so clients cannot grow the
    /// metrics without bound.
    static func methodLabel(_ method: HTTPRequest.Method) -> String {
        switch method {
        case .get, .head, .post, .put, .delete, .connect, .options, .trace, .patch: method.rawValue
        default: "other"
        }
    }

    /// `duration` in milliseconds, to the microsecond.
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        return String(format: "%.3f", Double(microseconds) / 1000)
    }
}
