import ArgumentParser
import ClassifyKit
import Foundation

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
                exit(reporting: error, arguments: arguments)
            }
        }
        Classify.exit()
    }

    /// Prints `error` on one line (a usage error with where to read more, instead of the usage
    /// screen) and exits with its code; help and `--version` print as they are.
    static func exit(reporting error: any Error, arguments: [String]) -> Never {
        let code = Classify.exitCode(for: error)
        let message = Classify.message(for: error)
        guard code != .success, !message.isEmpty else { Classify.exit(withError: error) }
        var line = "Error: " + oneLine(message)
        if code == .validationFailure {
            let subcommand = Classify.configuration.subcommands.first { $0.configuration.commandName == arguments.first }?.configuration.commandName
            line += " (see classify \(subcommand.map { $0 + " " } ?? "")--help)"
        }
        Console.note(line)
        Classify.exit(withError: ExitCode(code.rawValue))
    }

    /// `message` on one line: its lines joined by "; ", and a list of `- item` lines after a line
    /// ending in a colon as `item, item, …`.
    static func oneLine(_ message: String) -> String {
        var result = ""
        for raw in message.split(separator: "\n") {
            var line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            let isItem = line.hasPrefix("- ")
            if isItem { line.removeFirst(2) }
            if result.isEmpty {
                result = line
            } else if isItem {
                result += (result.hasSuffix(":") ? " " : ", ") + line
            } else {
                result += "; " + line
            }
        }
        return result
    }
}

/// What every subcommand shares while it runs: the classifiers of the program.
enum CommandContext {
    /// The classifiers the running program registers (`ClassifyCommand.main(registry:)`).
    @TaskLocal static var registry = ClassifierRegistry.builtIn
}
