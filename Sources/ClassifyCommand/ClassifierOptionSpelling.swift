import ArgumentParser
import ClassifyKit
import Foundation

/// Lets a classifier option be written `--NAME VALUE` (or `--NAME=VALUE`) as well as
/// `-O NAME=VALUE`, for every option a registered classifier declares, without listing any by hand.
///
/// The arguments are parsed as given first; only when that fails, and only for a subcommand that
/// takes `-O`, are the `--NAME` spellings of declared classifier options that this subcommand does
/// not define itself rewritten to `-O NAME=VALUE` and parsed again. So a command's own option
/// (`--seed`, `--threshold`) always wins, and a classifier option of the same name is set with `-O`.
enum ClassifierOptionSpelling {
    /// The long name of the option that sets classifier options (`-O`, `--option`).
    static let optionName = "option"

    /// The parsed command for `arguments`, with classifier-option spellings rewritten when needed.
    static func parse(_ arguments: [String], registry: ClassifierRegistry) throws -> ParsableCommand {
        let arguments = joiningNegativeValues(arguments)
        do {
            return try Classify.parseAsRoot(arguments)
        } catch {
            // `--help` and `--version` end parsing successfully; there is nothing to rewrite.
            guard Classify.exitCode(for: error) != .success, let own = subcommandOptionNames(arguments), own.contains(optionName) else {
                throw error
            }
            let rewritten = rewrite(arguments, declared: Set(registry.parameterNames).subtracting(own))
            guard rewritten != arguments else { throw error }
            return try Classify.parseAsRoot(rewritten)
        }
    }

    /// `arguments` with each `--NAME` followed by a negative number (`-1`, `-0.5`, `-inf`) joined
    /// into `--NAME=-1`, so that the value reaches the option's own range check instead of being
    /// taken for an option itself. Nothing after `--` changes.
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                result += arguments[index...]
                break
            }
            if argument.hasPrefix("--"), !argument.contains("="), index + 1 < arguments.count,
                isNegativeNumber(arguments[index + 1])
            {
                result.append(argument + "=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }

    /// Whether `text` reads as a negative number.
    static func isNegativeNumber(_ text: String) -> Bool {
        text.hasPrefix("-") && text.count > 1 && Double(text) != nil
    }

    /// The long option names of the subcommand `arguments` run (the first argument that names
    /// one), read from the command's own description; nil when there is none or it cannot be read.
    static func subcommandOptionNames(_ arguments: [String]) -> Set<String>? {
        guard let info = try? JSONDecoder().decode(HelpDump.self, from: Data(Classify._dumpHelp().utf8)),
            let subcommand = (info.command.subcommands ?? []).first(where: { arguments.first == $0.commandName })
        else { return nil }
        var names = Set<String>()
        for argument in (subcommand.arguments ?? []) + (info.command.arguments ?? []) {
            for name in argument.names ?? [] where name.kind == "long" { names.insert(name.name) }
        }
        return names
    }

    /// `arguments` with each `--NAME VALUE` and `--NAME=VALUE` whose NAME is in `declared` turned
    /// into `-O NAME=VALUE`. Arguments after `--` are left alone.
    static func rewrite(_ arguments: [String], declared: Set<String>) -> [String] {
        var out: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                out += arguments[(index - 1)...]
                break
            }
            guard argument.hasPrefix("--") else {
                out.append(argument)
                continue
            }
            let body = argument.dropFirst(2)
            if let equals = body.firstIndex(of: "="), declared.contains(String(body[..<equals])) {
                out += ["-O", String(body)]
            } else if declared.contains(String(body)), index < arguments.count {
                out += ["-O", "\(body)=\(arguments[index])"]
                index += 1
            } else {
                out.append(argument)
            }
        }
        return out
    }
}

/// The part of ArgumentParser's help dump (`--experimental-dump-help`) that names options.
private struct HelpDump: Decodable {
    struct Command: Decodable {
        var commandName: String
        var arguments: [Argument]?
        var subcommands: [Command]?
    }

    struct Argument: Decodable {
        var names: [Name]?
    }

    struct Name: Decodable {
        var kind: String
        var name: String
    }

    var command: Command
}
