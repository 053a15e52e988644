import Foundation
import Logging
import Synchronization

/// A swift-log handler that writes each message to standard error as one JSON object per line:
/// `{"time": ISO 8601, "level": …, "label": …, "message": …}` and the message's metadata as
/// further keys, for log collectors that read JSON.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        Self.write(line(event, time: Date()))
    }

    /// The JSON line (with its newline) `event` is written as.
    func line(_ event: LogEvent, time: Date) -> [UInt8] {
        var fields: [String: String] = [:]
        for (key, value) in metadataProvider?.get() ?? [:] { fields[key] = "\(value)" }
        for (key, value) in metadata { fields[key] = "\(value)" }
        for (key, value) in event.metadata ?? [:] { fields[key] = "\(value)" }
        if let error = event.error { fields["error"] = "\(error)" }
        fields["time"] = time.formatted(.iso8601)
        fields["level"] = event.level.rawValue
        fields["label"] = label
        fields["message"] = "\(event.message)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = Array((try? encoder.encode(fields)) ?? Data("{}".utf8))
        line.append(UInt8(ascii: "\n"))
        return line
    }

    private static let output = Mutex(())

    private static func write(_ line: [UInt8]) {
        output.withLock { _ in
            line.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }
}
