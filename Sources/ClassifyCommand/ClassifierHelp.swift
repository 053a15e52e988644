import ClassifyKit

/// Help text about classifiers, generated from the registry's declared parameters.
enum ClassifierHelp {
    /// One paragraph per classifier naming its options and their defaults, for `train --help`.
    static func optionSummary(_ registry: ClassifierRegistry) -> String {
        var lines = ["Classifiers and their options (set with -O NAME=VALUE or --NAME VALUE; `classify classifiers` explains each):"]
        for type in registry.types {
            let mark = type.name == registry.defaultName ? " (default)" : ""
            let options = type.parameters.map { "\($0.name) \($0.defaultValue)" }.joined(separator: ", ")
            lines.append("  \(type.name)\(mark): \(options.isEmpty ? "no options" : options)")
        }
        return lines.joined(separator: "\n")
    }
}
