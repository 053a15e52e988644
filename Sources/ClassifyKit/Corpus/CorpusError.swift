/// A problem with a corpus file: which file, which line or record, and what is wrong.
public struct CorpusError: Error, CustomStringConvertible, Sendable {
    /// The file (or folder) the problem is in.
    public var path: String
    /// The 1-based line (or record) number, where the format has lines.
    public var line: Int?
    /// What is wrong and, where it helps, what to do.
    public var message: String

    public init(path: String, line: Int? = nil, _ message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}
