/// A problem choosing, configuring or training a classifier.
public struct ClassifierError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
