import ClassifyKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// The HTTP service of `classify serve`, on Hummingbird. ``OpenAPIDocument`` describes its routes
/// (and is served at `GET /openapi.yaml`):
/// - `POST /v1/classify`: a body of `{"text": …}`, `{"title": …, "text": …}` or
///   `{"documents": [{"id", "title", "text"}, …]}`, answered with what `classify predict --json`
///   prints for each (one object, or `{"predictions": […]}`); `?top=K` keeps the K most probable
///   scores, `?threshold=T` overrides the model's threshold;
/// - `GET /v1/model`: what `classify info --json` says of the model;
/// - `POST /v1/model/reload`: reloads the model file, with `Authorization: Bearer TOKEN`;
/// - `GET /healthz`: the model's generation and how reloads went;
/// - `GET /metrics`: ``ServiceMetrics`` as Prometheus text.
/// A refused request gets its status and `{"error": "…"}` on one line; a wrong method gets 405,
/// an unknown path 404, a request beyond the in-flight limit 503.
public enum ClassificationService {
    /// Every route the service answers.
    public static let routes: [ServiceRoute] = [
        ServiceRoute(.post, "/v1/classify"),
        ServiceRoute(.get, "/v1/model"),
        ServiceRoute(.post, "/v1/model/reload"),
        ServiceRoute(.get, "/healthz"),
        ServiceRoute(.get, "/metrics"),
        ServiceRoute(.get, "/openapi.yaml"),
    ]

    /// The routes, answering with `reloader`'s model and counting into its metrics.
    public static func router(reloader: ModelReloader, settings: ServiceSettings) -> Router<BasicRequestContext> {
        router(reloader: reloader, settings: settings, inFlight: InFlightCounter())
    }

    /// The routes, with the in-flight count of the `/v1/` routes kept in `inFlight`.
    static func router(reloader: ModelReloader, settings: ServiceSettings, inFlight: InFlightCounter) -> Router<BasicRequestContext> {
        let model = reloader.model
        let router = Router()
        router.add(middleware: ObservedRequests(metrics: reloader.metrics, routes: routes))
        router.add(middleware: KnownRoutes(routes))
        let limited = router.group("v1")
            .add(middleware: InFlightLimit(maximum: settings.maximumInFlight, counter: inFlight, metrics: reloader.metrics))
        limited.post("classify") { request, _ -> Response in
            try await ClassificationRoute.classify(request, model: model, settings: settings, metrics: reloader.metrics)
        }
        limited.get("model") { _, _ -> Response in
            ServiceResponse.json(try ServiceResponse.encoded(model.current.description))
        }
        limited.post("model/reload") { request, _ -> Response in
            try await AdministrationRoutes.reload(request, reloader: reloader, token: settings.adminToken)
        }
        router.get("healthz") { _, _ -> Response in
            ServiceResponse.json(try ServiceResponse.encoded(Health(model)))
        }
        router.get("metrics") { _, _ -> Response in
            AdministrationRoutes.metrics(reloader.metrics)
        }
        router.get("openapi.yaml") { _, _ -> Response in
            AdministrationRoutes.openAPIDocument()
        }
        return router
    }

    /// Makes SwiftNIO's event loops run Swift concurrency's tasks, so a request is parsed,
    /// answered and written on one thread instead of hopping between NIO's threads and the
    /// concurrency pool. Call it once, from the main thread, before any task starts; returns
    /// whether it took effect.
    @discardableResult
    public static func runTasksOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Runs the service until SIGTERM or SIGINT (in-flight requests finish, new connections are
    /// refused), reloading the model on SIGHUP. An address that cannot be resolved or bound throws
    /// a `ServiceStartError` naming the option to change.
    public static func run(model: ServedModel, settings: ServiceSettings, logger: Logger) async throws {
        let reloader = ModelReloader(model: model, metrics: ServiceMetrics(), logger: logger)
        let reloads = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        signal(SIGHUP, SIG_IGN)
        reloads.setEventHandler { _ = try? reloader.reload(trigger: "SIGHUP") }
        reloads.resume()
        defer { reloads.cancel() }
        let app = Application(
            router: router(reloader: reloader, settings: settings),
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(settings.idleTimeoutSeconds)))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "classify"),
            logger: logger)
        do {
            try await app.runService()
        } catch {
            throw ServiceStartError.explaining(error, settings: settings) ?? error
        }
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
}

/// One route: a method and a path.
public struct ServiceRoute: Sendable, Hashable {
    public var method: HTTPRequest.Method
    public var path: String

    public init(_ method: HTTPRequest.Method, _ path: String) {
        self.method = method
        self.path = path
    }
}
