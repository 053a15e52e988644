import HTTPTypes
import Hummingbird

/// Answers a request no route took: 405 with `Allow` when the path is served with other
/// methods, 404 otherwise, both as one-line JSON errors.
struct KnownRoutes<Context: RequestContext>: RouterMiddleware {
    /// The methods each served path answers.
    let methods: [String: [HTTPRequest.Method]]

    init(_ routes: [ServiceRoute]) {
        methods = Dictionary(grouping: routes, by: \.path).mapValues { $0.map(\.method) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            guard let allowed = methods[path] else {
                throw RequestError(.notFound, "no route \(path); the routes are listed at /openapi.yaml")
            }
            let names = allowed.map(\.rawValue).joined(separator: ", ")
            throw RequestError(.methodNotAllowed, "\(path) answers \(names), not \(request.method.rawValue)", headers: [.allow: names])
        }
    }
}
