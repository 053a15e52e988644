#if canImport(Glibc)
import Glibc
#endif
import ClassifyKit
import Foundation

/// Terminal output: results on standard output, progress and notes on standard error.
enum Console {
    /// Whether standard error is a terminal (progress lines are shown only then).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Writes `text` to standard output now (not when the process ends), so that a reader of a
    /// pipe sees each part as soon as it is ready. A reader that closed the pipe ends the process
    /// quietly (SIGPIPE, exit status 141), as for any filter.
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else if written < 0 && errno == EPIPE {
                    // The reader is gone (where SIGPIPE is ignored): stop quietly, as a filter does.
                    exit(0)
                } else {
                    let reason = written < 0 ? String(cString: strerror(errno)).lowercased() : "nothing could be written"
                    note("Error: standard output: \(reason)")
                    exit(1)
                }
            }
        }
    }

    /// Writes `text` and a line break to standard output, as `write` does.
    static func line(_ text: String) {
        write(text + "\n")
    }

    /// Writes a line to standard error.
    static func note(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Warns on standard error (unless `quiet`) when documents share ids: they are all used, but
    /// per-document output and evaluation then name several documents alike.
    static func warnAboutRepeatedIds(_ documents: [Document], quiet: Bool) {
        let repeated = Document.repeatedIds(in: documents)
        warnAboutRepeatedIds(count: repeated.count, first: repeated.first, quiet: quiet)
    }

    /// Warns (unless `quiet`) about the ids a stream saw more than once.
    static func warnAboutRepeatedIds(_ repeated: RepeatedIds, quiet: Bool) {
        warnAboutRepeatedIds(count: repeated.count, first: repeated.examples.first, quiet: quiet)
    }

    /// Warns (unless `quiet`) that `count` ids, the first `first`, occur more than once.
    private static func warnAboutRepeatedIds(count: Int, first: String?, quiet: Bool) {
        guard !quiet, let first else { return }
        note("warning: \(count) document id\(count == 1 ? " occurs" : "s occur") more than once (first: \"\(first)\"); every document is used — check the corpus for duplicates")
    }

    /// A progress handler that writes to standard error on a terminal, unless `quiet`.
    static func progress(quiet: Bool, forced: Bool = false) -> (@Sendable (String) -> Void)? {
        guard !quiet && (forced || stderrIsTerminal) else { return nil }
        return { line in note(line) }
    }

    /// Seconds since `start`.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// A byte count as "4.6 MB".
    static func size(_ bytes: Int) -> String {
        bytes >= 1_000_000 ? String(format: "%.1f MB", Double(bytes) / 1e6) : String(format: "%.1f KB", Double(bytes) / 1e3)
    }

    /// JSON text of a value with sorted keys, on one line.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
