import Testing
@testable import ClassifyKit

@Suite struct ClassifierConformanceTests {
    @Test(arguments: ClassifierRegistry.builtIn.types.map { $0.name })
    func builtInClassifiersPass(classifier: String) throws {
        let passed = try ClassifierConformance.check(try ClassifierRegistry.builtIn.type(named: classifier))
        #expect(passed.contains("single-label: save and load predict identically"))
        #expect(passed.contains("multi-label: learns separable labels"))
    }

    /// A classifier that breaks promises: unnormalised single-label rows, an undeclared chosen
    /// option, and a decoder that accepts any state.
    struct Careless: Classifier {
        static let name = "careless"
        static let origin = "ClassifyKitTests"
        static let summary = "breaks promises on purpose"
        static let parameters: [ClassifierParameter] = []
        let labelCount: Int
        var parameters: ClassifierParameters { ClassifierParameters(values: [:]) }
        var chosenParameters: ClassifierParameters { ClassifierParameters(values: ["invented": "1"]) }

        static func train(features: SparseMatrix, targets: LabelTargets, parameters: ClassifierParameters, progress: ProgressHandler?) throws -> Careless {
            Careless(labelCount: targets.labelCount)
        }

        static func decode(_ state: ClassifierState, featureCount: Int, labelCount: Int) throws -> Careless {
            Careless(labelCount: labelCount)
        }

        func probabilities(for features: SparseMatrix) -> [Float] { [Float](repeating: 0.9, count: features.rowCount * labelCount) }
        func featureWeights(forLabel label: Int) -> [Float] { [] }
        func encode() -> ClassifierState { ClassifierState(parameters: [:], arrays: [.init(name: "nothing", shape: [1], values: [0])]) }
    }

    @Test func aClassifierThatBreaksPromisesFailsWithEachProblemNamed() throws {
        let failure = try #require(throws: ClassifierConformance.Failure.self) { try ClassifierConformance.check(Careless.self) }
        let problems = failure.problems.joined(separator: "\n")
        #expect(problems.contains("single-label: each row sums to 1: row 0 sums to 2.69"))
        #expect(problems.contains("learns separable labels"))
        #expect(problems.contains("feature weights cover every feature"))
        #expect(problems.contains("chosen options are declared"))
        #expect(problems.contains("a damaged state is refused: decoded a state without its \"nothing\" array"))
        #expect(failure.description.hasPrefix("careless fails "))
    }

    @Test func aNameTakenByAnotherClassifierIsReported() throws {
        struct Impostor: Classifier {
            static let name = MultinomialNaiveBayes.name
            static let origin = "ClassifyKitTests"
            static let summary = "shares a built-in's name"
            static let parameters: [ClassifierParameter] = []
            var parameters: ClassifierParameters { ClassifierParameters(values: [:]) }
            static func train(features: SparseMatrix, targets: LabelTargets, parameters: ClassifierParameters, progress: ProgressHandler?) throws -> Impostor { Impostor() }
            static func decode(_ state: ClassifierState, featureCount: Int, labelCount: Int) throws -> Impostor { Impostor() }
            func probabilities(for features: SparseMatrix) -> [Float] { [] }
            func featureWeights(forLabel label: Int) -> [Float] { [] }
            func encode() -> ClassifierState { ClassifierState(parameters: [:], arrays: []) }
        }
        let failure = try #require(throws: ClassifierConformance.Failure.self) { try ClassifierConformance.check(Impostor.self) }
        #expect(failure.problems.first == "registration: the registry has another classifier called \"multinomial-nb\"")
    }
}
