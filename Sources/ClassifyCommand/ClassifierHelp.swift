import ClassifyKit
import Synchronization

/// Help text about classifiers, generated from the registry's declared parameters.
enum ClassifierHelp {
    /// The widest line of the help text written here: narrower than an 80-column terminal, so
    /// the help's own wrapping leaves the indentation alone.
    static let lineWidth = 78
    /// The indentation of a classifier's continued options.
    static let continuationIndent = "      "

    /// The summaries made so far, by the classifier types they list: `train`'s configuration,
    /// which holds one, is read several times each time arguments are parsed.
    private static let summaries = Mutex<[[ObjectIdentifier]: String]>([:])

    /// One paragraph per classifier naming its options and their defaults, for `train --help`.
    static func optionSummary(_ registry: ClassifierRegistry) -> String {
        let key = registry.types.map { ObjectIdentifier($0) }
        if let made = summaries.withLock({ $0[key] }) { return made }
        let summary = makeOptionSummary(registry)
        summaries.withLock { $0[key] = summary }
        return summary
    }

    /// The text `optionSummary` gives, made anew.
    private static func makeOptionSummary(_ registry: ClassifierRegistry) -> String {
        var lines = wrapped("Classifiers and their options (set with -O NAME=VALUE or --NAME VALUE; `classify classifiers` explains each):", indent: "")
        for type in registry.types {
            let mark = type.name == registry.defaultName ? " (default)" : ""
            let options = type.parameters.map { "\($0.name) \($0.defaultValue)" }.joined(separator: ", ")
            lines += wrapped("  \(type.name)\(mark): \(options.isEmpty ? "no options" : options)", indent: continuationIndent)
        }
        return lines.joined(separator: "\n")
    }

    /// `text` broken at spaces into lines of at most `lineWidth` characters (a longer word keeps
    /// its own line), every line after the first starting with `indent`.
    static func wrapped(_ text: String, indent: String) -> [String] {
        let leading = String(text.prefix { $0 == " " })
        var lines: [String] = []
        var line = leading
        // The line's length in characters, kept as it grows (counting the string each time
        // would be quadratic, and this runs whenever `train`'s configuration is read).
        var length = leading.count
        var hasWord = false
        for word in text.dropFirst(leading.count).split(separator: " ") {
            let wordLength = word.count
            if hasWord && length + 1 + wordLength > lineWidth {
                lines.append(line)
                line = indent + word
                length = indent.count + wordLength
            } else {
                line += (hasWord ? " " : "") + word
                length += (hasWord ? 1 : 0) + wordLength
            }
            hasWord = true
        }
        lines.append(line)
        return lines
    }
}
