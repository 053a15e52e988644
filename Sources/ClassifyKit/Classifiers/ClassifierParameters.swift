/// One option a classifier accepts (for example naive Bayes' `alpha`), with its default and help.
public struct ClassifierParameter: Sendable {
    /// The kind of value and its allowed range.
    public enum Kind: Sendable {
        case number(ClosedRange<Double>)
        case integer(ClosedRange<Int>)
        case boolean
        case choice([String])
        case text
        /// Text that the function accepts: it throws a `ClassifierError` that says what is wrong
        /// (for values such as `auto` or a number in a range), so that a bad value is refused
        /// before any document is read, and in a model file that holds one.
        case checked(@Sendable (String) throws -> Void)
    }

    /// The option name without dashes, as on the command line (`--alpha` → `alpha`).
    public let name: String
    /// The value used when the option is not given.
    public let defaultValue: String
    /// The kind of value.
    public let kind: Kind
    /// One line of help.
    public let help: String

    /// The option that `TrainingOptions.seed` sets when a classifier declares it.
    public static let seedName = "seed"

    public init(_ name: String, default defaultValue: String, _ kind: Kind, help: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.kind = kind
        self.help = help
    }

    func validate(_ value: String, classifier: String) throws {
        let problem: String?
        switch kind {
        case .number(let range):
            if let x = Double(value), x.isFinite {
                problem = range.contains(x) ? nil : "must be between \(range.lowerBound) and \(range.upperBound)"
            } else {
                problem = "must be a number"
            }
        case .integer(let range):
            if let x = Int(value) {
                problem = range.contains(x) ? nil : "must be between \(range.lowerBound) and \(range.upperBound)"
            } else {
                problem = "must be a whole number"
            }
        case .boolean:
            problem = ["true", "false"].contains(value) ? nil : "must be true or false"
        case .choice(let choices):
            problem = choices.contains(value) ? nil : "must be one of \(choices.joined(separator: ", "))"
        case .text:
            problem = nil
        case .checked(let check):
            try check(value)
            problem = nil
        }
        if let problem {
            throw ClassifierError("--\(name) \(problem) for \(classifier) (got \"\(value)\")")
        }
    }
}

/// The resolved option values of one classifier: every declared option, given or defaulted.
public struct ClassifierParameters: Sendable, Equatable, Codable {
    /// Option name → value as text (stored verbatim in the model file).
    public private(set) var values: [String: String]

    public init(values: [String: String]) {
        self.values = values
    }

    /// Fills defaults for `declared` options and checks `given` against them. An option the
    /// classifier does not take is an error that lists what it does take.
    public static func resolve(
        _ given: [String: String], declared: [ClassifierParameter], classifier: String
    ) throws -> ClassifierParameters {
        let known = Dictionary(uniqueKeysWithValues: declared.map { ($0.name, $0) })
        for name in given.keys.sorted() where known[name] == nil {
            let takes = declared.map { "--" + $0.name }.joined(separator: ", ")
            throw ClassifierError(
                "--\(name) does not apply to \(classifier)" + (takes.isEmpty ? "" : " (it takes \(takes))"))
        }
        var values: [String: String] = [:]
        for parameter in declared {
            let value = given[parameter.name] ?? parameter.defaultValue
            try parameter.validate(value, classifier: classifier)
            values[parameter.name] = value
        }
        return ClassifierParameters(values: values)
    }

    /// A copy with `name` set to `value`.
    public func setting(_ name: String, to value: String) -> ClassifierParameters {
        var copy = self
        copy.values[name] = value
        return copy
    }

    /// The value of number option `name`; an error when it is missing or not a finite number.
    public func number(_ name: String) throws -> Double {
        let text = try value(name)
        guard let number = Double(text), number.isFinite else { throw mistyped(name, text, "a number") }
        return number
    }

    /// The value of whole-number option `name`; an error when it is missing or not a whole number.
    public func integer(_ name: String) throws -> Int {
        let text = try value(name)
        guard let number = Int(text) else { throw mistyped(name, text, "a whole number") }
        return number
    }

    /// The value of true/false option `name`; an error when it is missing or neither.
    public func boolean(_ name: String) throws -> Bool {
        switch try value(name) {
        case "true": return true
        case "false": return false
        case let text: throw mistyped(name, text, "true or false")
        }
    }

    /// The value of text or choice option `name`; an error when it is missing.
    public func text(_ name: String) throws -> String { try value(name) }

    private func value(_ name: String) throws -> String {
        guard let text = values[name] else {
            throw ClassifierError("option --\(name) has no value; the classifier reads an option it does not declare, or the model file is damaged")
        }
        return text
    }

    private func mistyped(_ name: String, _ text: String, _ expected: String) -> ClassifierError {
        ClassifierError("option --\(name) is \"\(text)\", not \(expected)")
    }
}
