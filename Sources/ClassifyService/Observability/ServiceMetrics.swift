import CoreMetrics
import Foundation
import Prometheus
import Synchronization

/// The service's metrics, recorded through swift-metrics into a Prometheus registry of their own
/// (so two services in one process never share counts) and exposed as Prometheus text by
/// `GET /metrics`:
/// - `classify_http_requests_total{route, method, status}` and the latency histogram
///   `classify_http_request_duration_seconds{route, method, status}`; `route` is the route's
///   pattern (`/v1/classify`), or `unmatched` for paths the service does not serve, so the
///   label's values stay few whatever clients send;
/// - `classify_documents_scored_total`;
/// - `classify_model_reloads_total` and `classify_model_reload_failures_total`, and
///   `classify_model_generation` (1 at start, one more per reload that took effect);
/// - `classify_requests_in_flight`.
public final class ServiceMetrics: Sendable {
    /// The route label of requests to paths the service does not serve.
    public static let unmatchedRoute = "unmatched"

    /// Latency buckets: fine below a millisecond, where one article's request falls, up to
    /// seconds for large batches.
    public static let latencyBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500),
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    static let requestsName = "classify_http_requests_total"
    static let latencyName = "classify_http_request_duration_seconds"

    /// The registry the metrics live in.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let requestMetrics = Mutex<[RequestKey: (count: CoreMetrics.Counter, latency: CoreMetrics.Timer)]>([:])
    private let documents: CoreMetrics.Counter
    private let reloads: CoreMetrics.Counter
    private let failedReloads: CoreMetrics.Counter
    private let generation: CoreMetrics.Gauge
    private let inFlight: CoreMetrics.Meter

    /// Which requests one counter and one histogram count.
    private struct RequestKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Self.latencyName] = Self.latencyBuckets
        self.factory = factory
        documents = Counter(label: "classify_documents_scored_total", factory: factory)
        reloads = Counter(label: "classify_model_reloads_total", factory: factory)
        failedReloads = Counter(label: "classify_model_reload_failures_total", factory: factory)
        generation = Gauge(label: "classify_model_generation", factory: factory)
        inFlight = Meter(label: "classify_requests_in_flight", factory: factory)
        generation.record(1)
        inFlight.set(0)
    }

    /// Counts one answered request and its latency.
    public func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let key = RequestKey(route: route, method: method, status: status)
        let metrics = requestMetrics.withLock { cache in
            if let metrics = cache[key] { return metrics }
            let dimensions = [("route", route), ("method", method), ("status", String(status))]
            let metrics = (
                Counter(label: Self.requestsName, dimensions: dimensions, factory: factory),
                Timer(label: Self.latencyName, dimensions: dimensions, preferredDisplayUnit: .seconds, factory: factory)
            )
            cache[key] = metrics
            return metrics
        }
        metrics.count.increment()
        metrics.latency.recordNanoseconds(Self.nanoseconds(duration))
    }

    /// Counts `count` documents scored.
    public func recordDocumentsScored(_ count: Int) {
        documents.increment(by: count)
    }

    /// Counts a reload: one that took effect (and the generation it made), or one that failed.
    public func recordReload(succeeded generation: Int?) {
        if let generation {
            reloads.increment()
            self.generation.record(generation)
        } else {
            failedReloads.increment()
        }
    }

    /// Moves the in-flight gauge by `change` (+1 as a request starts, −1 as it ends).
    func recordInFlight(change: Int) {
        if change > 0 { inFlight.increment(by: Double(change)) } else { inFlight.decrement(by: Double(-change)) }
    }

    /// The metrics in Prometheus's text exposition format.
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
