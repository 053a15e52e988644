import ArgumentParser
import ClassifyKit
import Foundation

/// `-m MODEL`, falling back to the default model.
struct ModelOption: ParsableArguments {
    @Option(name: [.customShort("m"), .long], help: "The model file (default: $CLASSIFY_MODEL, or the bundled Models/default.classify).")
    var model: String?

    /// The model path and how it was chosen.
    func resolve() throws -> (path: String, source: String) {
        if let model { return (model, "-m") }
        return try Self.defaultModel()
    }

    /// The default model's path and how it was found, or an error saying how to give one.
    static func defaultModel() throws -> (path: String, source: String) {
        let executable = CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0] : Bundle.main.executablePath ?? CommandLine.arguments[0]
        if let found = DefaultModel.locate(executablePath: executable) { return found }
        throw CLIError("no model given and no default model found; pass -m MODEL or set $\(DefaultModel.environmentVariable)")
    }
}
