/// How `classify serve` listens and what it accepts.
public struct ServiceSettings: Sendable {
    /// The address to bind: loopback unless told otherwise.
    public var host = "127.0.0.1"
    public var port = 8080
    /// The largest request body accepted (larger: 413).
    public var maximumBodyBytes = ServiceSettings.defaultMaximumBodyBytes
    /// The most documents one request may carry (more: 413).
    public var maximumDocuments = ServiceSettings.defaultMaximumDocuments
    /// Threads a request's documents are scored on.
    public var threads: Int

    /// 4 MiB.
    public static let defaultMaximumBodyBytes = 4 << 20
    public static let defaultMaximumDocuments = 1_000

    public init(threads: Int) {
        self.threads = max(1, threads)
    }
}
