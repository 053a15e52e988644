import HTTPTypes
import Hummingbird
import Synchronization

/// Refuses a request with 503 and `Retry-After` while `maximum` others are being answered, so a
/// burst queues in clients, not in the service's memory.
struct InFlightLimit<Context: RequestContext>: RouterMiddleware {
    let maximum: Int
    let counter: InFlightCounter
    let metrics: ServiceMetrics

    /// Seconds a refused client is asked to wait.
    static var retryAfterSeconds: Int { 1 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard counter.enter(maximum: maximum) else {
            throw RequestError(
                .serviceUnavailable, "\(maximum) requests are in flight, the most allowed (--max-inflight); retry shortly",
                headers: [.retryAfter: String(Self.retryAfterSeconds)])
        }
        metrics.recordInFlight(change: 1)
        defer {
            counter.leave()
            metrics.recordInFlight(change: -1)
        }
        return try await next(request, context)
    }
}

/// How many requests are being answered.
final class InFlightCounter: Sendable {
    private let count = Atomic<Int>(0)

    /// Counts one more request, unless `maximum` are in flight already.
    func enter(maximum: Int) -> Bool {
        if count.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue <= maximum { return true }
        count.wrappingSubtract(1, ordering: .acquiringAndReleasing)
        return false
    }

    func leave() {
        count.wrappingSubtract(1, ordering: .acquiringAndReleasing)
    }

    var current: Int { count.load(ordering: .acquiring) }
}
