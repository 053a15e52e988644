import ArgumentParser
import ClassifyKit
import Foundation

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show what a model file is: classifier, labels, features, options, provenance.")

    @Argument(help: "The model file.")
    var model: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let bytes = try ModelFile.readBytes(model)
        let description = try ModelDescription(bytes: bytes, path: model, registry: CommandContext.registry)
        if json {
            Console.line(try Console.json(description))
        } else {
            Console.line(description.text)
        }
    }
}
