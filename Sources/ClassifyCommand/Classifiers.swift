import ArgumentParser
import ClassifyKit

struct Classifiers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classifiers",
        abstract: "List the available classifiers and their options.",
        discussion: """
            Every classifier this program registers (the built-ins and those a \
            plugin adds), with its options, their defaults and the feature \
            settings it recommends. Set an option when training with \
            -O NAME=VALUE, or --NAME VALUE.
            """)

    @Flag(help: "Print JSON: one object per classifier with its name, origin, summary, options and features.")
    var json = false

    func run() throws {
        let registry = CommandContext.registry
        if json {
            Console.line(try Console.json(registry.types.map(ClassifierListing.init)))
            return
        }
        for type in registry.types {
            let mark = type.name == registry.defaultName ? " (default)" : ""
            let origin = type.origin == ClassifierRegistry.builtInOrigin ? "" : " [from \(type.origin)]"
            Console.line("\(type.name)\(mark)\(origin)\n    \(type.summary)")
            for parameter in type.parameters {
                Console.line("    --\(parameter.name) (default \(parameter.defaultValue)): \(parameter.help)")
            }
            Console.line("    features: \(type.recommendedFeatures.summary)")
        }
        for type in registry.featureBlockTypes {
            Console.line("feature block \(type.kind) [from \(type.origin)] (train --block \(type.kind)[:NAME=VALUE,…])\n    \(type.summary)")
            for parameter in type.parameters {
                Console.line("    \(parameter.name) (default \(parameter.defaultValue)): \(parameter.help)")
            }
        }
    }
}

/// One classifier in `classify classifiers --json`.
struct ClassifierListing: Encodable {
    var name: String
    var origin: String
    var summary: String
    /// `name=default` pairs, space-separated.
    var options: String
    var features: String

    init(_ type: any Classifier.Type) {
        name = type.name
        origin = type.origin
        summary = type.summary
        options = type.parameters.map { "\($0.name)=\($0.defaultValue)" }.joined(separator: " ")
        features = type.recommendedFeatures.summary
    }
}
