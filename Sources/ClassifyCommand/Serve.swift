import ArgumentParser
import ClassifyKit
import ClassifyService
import Dispatch
import Foundation
import Logging

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a model over HTTP.",
        discussion: """
            POST /v1/classify with {"text": …}, {"title": …, "text": …} or \
            {"documents": [{"id": …, "title": …, "text": …}, …]} answers with what \
            `classify predict --json` prints (?top=K, ?threshold=T); one request's documents \
            are scored together on all cores. GET /v1/model says what `classify info --json` \
            says; GET /healthz reports the model's generation and reloads; GET /metrics gives \
            Prometheus text; GET /openapi.yaml describes the API.

            SIGHUP, or POST /v1/model/reload with `Authorization: Bearer TOKEN` when \
            --admin-token is given, reloads the model file: the new model serves only once it \
            has loaded, and a broken file leaves the old one serving. SIGTERM or SIGINT stops \
            after the requests in flight. Each request is logged with its id, status and \
            latency (--log-format json for one JSON object per line).

            Examples:
              classify serve -m news.classify --port 8080
              curl -s localhost:8080/v1/classify -d '{"text": "The army moved north."}'
              curl -s 'localhost:8080/v1/classify?top=3' -d '{"documents": [{"text": "…"}]}'
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

    @Option(help: ArgumentHelp("The most /v1/ requests answered at once (more: 503 with Retry-After).", valueName: "n"))
    var maxInflight = ServiceSettings.defaultMaximumInFlight

    @Option(help: ArgumentHelp("Close a connection that sends nothing for this long (stalled clients).", valueName: "seconds"))
    var idleTimeout = ServiceSettings.defaultIdleTimeoutSeconds

    @Option(help: ArgumentHelp("Answer 408 when a request's body is still arriving this long after it started (slow clients; checked as its parts arrive).", valueName: "seconds"))
    var requestTimeout = ServiceSettings.defaultRequestTimeoutSeconds

    @Option(help: ArgumentHelp(
        "Turn on POST /v1/model/reload for requests carrying this token (at least \(AdminToken.minimumLength) characters).",
        valueName: "token"))
    var adminToken: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @Option(help: "Log format: text, or json (one object per line).")
    var logFormat: LogFormat = .text

    @Option(help: "Threads a request's documents are scored on (default: one per core).")
    var threads: Int?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535 (got \(port))") }
        guard maxBody >= 1 else { throw ValidationError("--max-body must be at least 1 (got \(maxBody))") }
        guard maxDocuments >= 1 else { throw ValidationError("--max-documents must be at least 1 (got \(maxDocuments))") }
        guard maxInflight >= 1 else { throw ValidationError("--max-inflight must be at least 1 (got \(maxInflight))") }
        guard requestTimeout >= 1 else { throw ValidationError("--request-timeout must be at least 1 second (got \(requestTimeout))") }
        guard idleTimeout >= 1 else { throw ValidationError("--idle-timeout must be at least 1 second (got \(idleTimeout))") }
        if let adminToken, AdminToken(adminToken) == nil {
            throw ValidationError("--admin-token must be at least \(AdminToken.minimumLength) characters (got \(adminToken.utf8.count))")
        }
        if let threads, !(1...ParallelMap.maximumThreads).contains(threads) {
            throw ValidationError("--threads must be from 1 to \(ParallelMap.maximumThreads) (got \(threads))")
        }
    }

    func run() throws {
        let (path, _) = try modelOption.resolve()
        let model = try ServedModel(path: path, registry: CommandContext.registry)
        var settings = ServiceSettings(threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        settings.host = host
        settings.port = port
        settings.maximumBodyBytes = maxBody
        settings.maximumDocuments = maxDocuments
        settings.maximumInFlight = maxInflight
        settings.idleTimeoutSeconds = idleTimeout
        settings.requestTimeoutSeconds = requestTimeout
        settings.adminToken = adminToken.flatMap(AdminToken.init)
        let format = logFormat
        LoggingSystem.bootstrap { label in
            format == .json ? JSONLogHandler(label: label) as any LogHandler : StreamLogHandler.standardError(label: label)
        }
        var logger = Logger(label: "classify")
        logger.logLevel = logLevel
        let (chosen, chosenLogger) = (settings, logger)
        ClassificationService.runTasksOnEventLoops()
        try Self.wait { try await ClassificationService.run(model: model, settings: chosen, logger: chosenLogger) }
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

/// How `classify serve` writes its log.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// The error a detached task ended with, read after it signalled.
private final class OutcomeBox: @unchecked Sendable {
    var error: (any Error)?
}
