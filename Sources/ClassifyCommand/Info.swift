import ArgumentParser
import ClassifyKit
import Foundation

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a model file is: classifier, labels, features, options, provenance.")

    @Argument(help: "The model file.")
    var model: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(model) } catch let error as FileAccessError {
            throw ModelFileError(path: model, "cannot read the model: \(error.reason)")
        }
        let description = try ModelDescription(bytes: bytes, path: model, registry: CommandContext.registry)
        if json {
            print(try Console.json(description))
        } else {
            print(description.text)
        }
    }
}
