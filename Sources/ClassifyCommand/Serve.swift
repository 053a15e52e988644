import ArgumentParser
import ClassifyKit
import ClassifyService
import Dispatch
import Foundation
import Logging

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a model over HTTP.",
        discussion: """
            POST /v1/classify with {"text": …}, {"title": …, "text": …} or \
            {"documents": [{"id": …, "title": …, "text": …}, …]} answers with what \
            `classify predict --json` prints (?top=K, ?threshold=T). GET /v1/model says \
            what `classify info --json` says; GET /healthz reports the model's generation \
            and reloads. SIGHUP reloads the model file: the new one serves only once it has \
            loaded, and a broken file leaves the old one serving. SIGTERM or SIGINT stops \
            after the requests in flight.

            Examples:
              classify serve -m news.classify --port 8080
              curl -s localhost:8080/v1/classify -d '{"text": "The army moved north."}'
            """)

    @OptionGroup var modelOption: ModelOption

    @Option(help: "The address to listen on (loopback by default).")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: ArgumentHelp("The largest request body accepted, in bytes (larger: 413).", valueName: "bytes"))
    var maxBody = ServiceSettings.defaultMaximumBodyBytes

    @Option(help: ArgumentHelp("The most documents one request may carry (more: 413).", valueName: "n"))
    var maxDocuments = ServiceSettings.defaultMaximumDocuments

    @Option(help: "Threads a request's documents are scored on (default: one per core).")
    var threads: Int?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535 (got \(port))") }
        guard maxBody >= 1 else { throw ValidationError("--max-body must be at least 1 (got \(maxBody))") }
        guard maxDocuments >= 1 else { throw ValidationError("--max-documents must be at least 1 (got \(maxDocuments))") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let (path, _) = try modelOption.resolve()
        let model = try ServedModel(path: path, registry: CommandContext.registry)
        var settings = ServiceSettings(threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        settings.host = host
        settings.port = port
        settings.maximumBodyBytes = maxBody
        settings.maximumDocuments = maxDocuments
        let logger = Logger(label: "classify")
        let chosen = settings
        try Self.wait { try await ClassificationService.run(model: model, settings: chosen, logger: logger) }
    }

    /// Runs `work` on the concurrency pool and waits on this thread until it ends.
    static func wait(_ work: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = OutcomeBox()
        Task.detached {
            do { try await work() } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }
}

/// The error a detached task ended with, read after it signalled.
private final class OutcomeBox: @unchecked Sendable {
    var error: (any Error)?
}
