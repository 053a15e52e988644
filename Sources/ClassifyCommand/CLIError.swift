/// A problem found while running a command (after its arguments parsed), printed as one line.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
