/// A model file that cannot be used, and why.
public struct ModelFileError: Error, CustomStringConvertible, Sendable {
    /// The model file.
    public var path: String
    /// What is wrong with it and what to do.
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
