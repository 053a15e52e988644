import Logging

/// Reloads a served model on request (SIGHUP or `POST /v1/model/reload`), and reports how it went
/// in the log and the metrics; `/healthz` reads the same outcome from the model.
public struct ModelReloader: Sendable {
    public let model: ServedModel
    public let metrics: ServiceMetrics
    public let logger: Logger

    public init(model: ServedModel, metrics: ServiceMetrics, logger: Logger) {
        self.model = model
        self.metrics = metrics
        self.logger = logger
    }

    /// Reloads the model file; `trigger` says what asked for it (for the log). Returns the new
    /// generation, or throws the file's error with the previous model still serving.
    @discardableResult
    public func reload(trigger: String) throws -> Int {
        do {
            let generation = try model.reload()
            metrics.recordReload(succeeded: generation)
            logger.info("reloaded the model", metadata: ["path": "\(model.path)", "generation": "\(generation)", "trigger": "\(trigger)"])
            return generation
        } catch {
            metrics.recordReload(succeeded: nil)
            logger.error(
                "reload failed; the previous model keeps serving",
                metadata: ["path": "\(model.path)", "error": "\(error)", "trigger": "\(trigger)"])
            throw error
        }
    }
}
