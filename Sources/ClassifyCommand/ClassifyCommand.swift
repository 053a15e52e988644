import ArgumentParser
import ClassifyKit

/// The `classify` command line as a library: the stock executable runs it with the built-in
/// classifiers, and a plugin package's executable runs it with its own added:
///
/// ```swift
/// import ClassifyCommand
/// import ClassifyKit
///
/// ClassifyCommand.main(registry: ClassifierRegistry.builtIn.adding(NearestCentroid.self))
/// ```
public enum ClassifyCommand {
    /// Parses `arguments` (default: the process's), runs the subcommand they name with the
    /// classifiers of `registry`, and exits: 0 on success, otherwise after printing the error on
    /// one line.
    public static func main(registry: ClassifierRegistry = .builtIn, arguments: [String]? = nil) -> Never {
        let arguments = arguments ?? Array(CommandLine.arguments.dropFirst())
        CommandContext.$registry.withValue(registry) {
            do {
                var command = try ClassifierOptionSpelling.parse(arguments, registry: registry)
                try command.run()
            } catch {
                Classify.exit(withError: error)
            }
        }
        Classify.exit()
    }
}

/// What every subcommand shares while it runs: the classifiers of the program.
enum CommandContext {
    /// The classifiers the running program registers (`ClassifyCommand.main(registry:)`).
    @TaskLocal static var registry = ClassifierRegistry.builtIn
}
