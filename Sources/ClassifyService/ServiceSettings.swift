import ClassifyKit

/// How `classify serve` listens and what it accepts.
public struct ServiceSettings: Sendable {
    /// The address to bind: loopback unless told otherwise.
    public var host = "127.0.0.1"
    public var port = 8080
    /// The largest request body accepted (larger: 413).
    public var maximumBodyBytes = ServiceSettings.defaultMaximumBodyBytes
    /// The most documents one request may carry (more: 413).
    public var maximumDocuments = ServiceSettings.defaultMaximumDocuments
    /// The most requests under `/v1/` answered at once (more: 503 with `Retry-After`).
    public var maximumInFlight = ServiceSettings.defaultMaximumInFlight
    /// Seconds a connection may stay silent (no request, or a request that stalls) before it is
    /// closed, so slow or stalled clients do not hold connections.
    public var idleTimeoutSeconds = ServiceSettings.defaultIdleTimeoutSeconds
    /// Seconds a request's body may take to arrive: a part arriving later gets 408.
    public var requestTimeoutSeconds = ServiceSettings.defaultRequestTimeoutSeconds
    /// The token `POST /v1/model/reload` must carry; nil turns reloading over HTTP off (403).
    public var adminToken: AdminToken?
    /// Threads a request's documents are scored on.
    public var threads: Int

    /// 4 MiB.
    public static let defaultMaximumBodyBytes = 4 << 20
    public static let defaultMaximumDocuments = 1_000
    public static let defaultMaximumInFlight = 256
    public static let defaultIdleTimeoutSeconds = 30
    public static let defaultRequestTimeoutSeconds = 30
    /// The largest `?top=K`.
    public static let maximumTop = 100_000

    /// Settings with the defaults, scoring on `threads` threads (clamped to 1...`ParallelMap.maximumThreads`).
    public init(threads: Int) {
        self.threads = min(max(1, threads), ParallelMap.maximumThreads)
    }
}
