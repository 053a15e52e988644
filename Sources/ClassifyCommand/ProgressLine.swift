#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A live line on standard error for long work over documents: how many so far and how fast,
/// rewritten in place at most `interval` apart and ended with a newline by `finish`. Shown when
/// standard error is a terminal and standard output is not (so that it never mixes with results on
/// one screen), or anywhere with `--progress`; never with `--quiet`. Safe to use from any thread.
final class ProgressLine: @unchecked Sendable {
    /// The shortest time between two updates.
    static let interval: Duration = .milliseconds(250)

    private let enabled: Bool
    private let verb: String
    private let start = ContinuousClock.now
    private var lastShown: ContinuousClock.Instant?
    private var count = 0
    private var finished = false
    private let lock = NSLock()

    /// A line saying "`verb` N documents…"; shown when `forced`, or on a terminal unless `quiet`.
    init(verb: String, quiet: Bool, forced: Bool) {
        self.verb = verb
        enabled = !quiet && (forced || (Console.stderrIsTerminal && isatty(1) != 1))
    }

    /// Whether a document has been counted.
    var hasStarted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return count > 0
    }

    /// Counts one more document, redrawing the line when `interval` has passed.
    func tick() {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        guard enabled, count % 64 == 0 else { return }
        let now = ContinuousClock.now
        if let lastShown, now - lastShown < Self.interval { return }
        lastShown = now
        draw(final: false)
    }

    /// Draws the final count and ends the line (once; nothing when disabled).
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard enabled, !finished else { return }
        finished = true
        draw(final: true)
    }

    private func draw(final: Bool) {
        let seconds = Console.seconds(since: start)
        let rate = seconds > 0 ? Double(count) / seconds : 0
        let text = String(format: "\r%@ %d documents (%.0f/s, %.1f s)%@", verb, count, rate, seconds, final ? "\n" : "")
        FileHandle.standardError.write(Data(text.utf8))
    }
}
