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
        if let found = DefaultModel.locate(executablePath: CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0] : Bundle.main.executablePath ?? CommandLine.arguments[0]) {
            return found
        }
        throw ValidationError("no model given and no default model found; pass -m MODEL or set $\(DefaultModel.environmentVariable)")
    }
}
