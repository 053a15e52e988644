import ArgumentParser
import ClassifyKit

struct Classifiers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the available classifiers and their options.")

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        if json {
            let list = ClassifierRegistry.all.map { type in
                ["name": type.name, "summary": type.summary,
                 "options": type.parameters.map { "\($0.name)=\($0.defaultValue)" }.joined(separator: " "),
                 "features": type.recommendedFeatures.summary]
            }
            print(try Console.json(list))
            return
        }
        for type in ClassifierRegistry.all {
            let mark = type.name == ClassifierRegistry.defaultName ? " (default)" : ""
            print("\(type.name)\(mark)\n    \(type.summary)")
            for parameter in type.parameters {
                print("    --\(parameter.name) (default \(parameter.defaultValue)): \(parameter.help)")
            }
            print("    features: \(type.recommendedFeatures.summary)")
        }
    }
}
