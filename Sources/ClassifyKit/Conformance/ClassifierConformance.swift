/// The conformance kit for classifier plugins, as scikit-learn's `check_estimator`: one call checks
/// that a `Classifier` keeps the promises the toolkit relies on, through the same training, model
/// file and prediction paths the command line uses.
///
/// ```swift
/// @Test func keepsTheClassifierPromises() throws {
///     try ClassifierConformance.check(NearestCentroid.self)
/// }
/// ```
///
/// It checks, for single- and multi-label targets: probabilities finite and in [0, 1], rows of
/// single-label models summing to 1; the synthetic labels learnt; a save/load round trip that
/// predicts identically and writes the same bytes again; the same bytes from a second training;
/// feature weights of the right length; chosen options that are all declared; a state with missing
/// or misshapen arrays refused with an error. And that an empty and a one-document corpus are
/// clear errors, an undeclared option is refused, and the declared defaults are valid.
public enum ClassifierConformance {
    /// The broken promises of one classifier (or feature block), one line each.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// The classifier's name or the feature block's kind.
        public var classifier: String
        public var problems: [String]
        public var description: String {
            "\(classifier) fails \(problems.count) conformance check\(problems.count == 1 ? "" : "s"):\n"
                + problems.map { "- " + $0 }.joined(separator: "\n")
        }
    }

    /// The smallest share of the synthetic held-out documents a classifier must get right.
    public static let minimumAccuracy = 0.8
    /// How far a single-label row of probabilities may sum from 1.
    public static let probabilitySumTolerance: Float = 1e-3

    /// Checks every promise for `type`, trained with `options` (classifier options by name) and
    /// registered beside the built-ins unless `registry` already has it. Returns the names of the
    /// checks that passed; throws a `Failure` listing every one that did not.
    @discardableResult
    public static func check(
        _ type: any Classifier.Type, options: [String: String] = [:], registry: ClassifierRegistry = .builtIn
    ) throws -> [String] {
        let run = Run(type: type, options: options, registry: registry.lookup(type.name) == nil ? registry.adding(type) : registry)
        if let registered = run.registry.lookup(type.name), registered != type {
            run.fail("registration", "the registry has another classifier called \"\(type.name)\"")
        }
        run.checkDeclaration()
        run.checkCorpusErrors()
        run.checkTraining(multiLabel: false)
        run.checkTraining(multiLabel: true)
        guard run.problems.isEmpty else { throw Failure(classifier: type.name, problems: run.problems) }
        return run.passed
    }
}

extension ClassifierConformance {
    /// What passed and what did not in one check.
    class Tally {
        var passed: [String] = []
        var problems: [String] = []

        func fail(_ check: String, _ problem: String) { problems.append("\(check): \(problem)") }

        /// Runs `body` as the check `name`: passed when it returns nil, failed with its problem
        /// (or the error it threw) otherwise.
        func expect(_ name: String, _ body: () throws -> String?) {
            do {
                if let problem = try body() { fail(name, problem) } else { passed.append(name) }
            } catch {
                fail(name, "threw \(error)")
            }
        }
    }

    /// The state of one classifier `check`.
    final class Run: Tally {
        let type: any Classifier.Type
        let options: [String: String]
        let registry: ClassifierRegistry

        init(type: any Classifier.Type, options: [String: String], registry: ClassifierRegistry) {
            self.type = type
            self.options = options
            self.registry = registry
        }

        func trainingOptions(multiLabel: Bool?) throws -> TrainingOptions {
            var training = try TrainingOptions.forClassifier(type.name, registry: registry, classifierOptions: options, features: { $0 })
            training.multiLabel = multiLabel
            training.seed = 1
            return training
        }

        func checkDeclaration() {
            expect("name and origin") {
                type.name.isEmpty || type.name.contains(where: \.isWhitespace) ? "the name must be one word"
                    : type.origin.isEmpty ? "the origin must name the program or package" : nil
            }
            expect("declared options") {
                let names = type.parameters.map(\.name)
                if Set(names).count != names.count { return "an option is declared twice" }
                _ = try ClassifierParameters.resolve([:], declared: type.parameters, classifier: type.name)
                return nil
            }
            expect("an undeclared option is refused") {
                var training = try trainingOptions(multiLabel: nil)
                training.classifierOptions["no-such-option"] = "1"
                return Self.throwsOneLine { _ = try ModelTrainer.train(ConformanceCorpus.singleLabel(perLabel: 4, seed: 1), options: training) }
            }
        }

        func checkCorpusErrors() {
            expect("an empty corpus is an error") {
                let training = try trainingOptions(multiLabel: nil)
                return Self.throwsOneLine { _ = try ModelTrainer.train([], options: training) }
            }
            expect("a one-document corpus is an error") {
                let training = try trainingOptions(multiLabel: nil)
                return Self.throwsOneLine { _ = try ModelTrainer.train(Array(ConformanceCorpus.singleLabel(perLabel: 1, seed: 1).prefix(1)), options: training) }
            }
        }

        func checkTraining(multiLabel: Bool) {
            let mode = multiLabel ? "multi-label" : "single-label"
            let train = multiLabel ? ConformanceCorpus.multiLabel(count: 72, seed: 11) : ConformanceCorpus.singleLabel(perLabel: 20, seed: 11)
            let test = multiLabel ? ConformanceCorpus.multiLabel(count: 36, seed: 12, prefix: "t") : ConformanceCorpus.singleLabel(perLabel: 10, seed: 12, prefix: "t")
            let model: TrainedModel
            let bytes: [UInt8]
            do {
                model = try ModelTrainer.train(train, options: trainingOptions(multiLabel: multiLabel))
                bytes = try ModelFile.encode(model)
                passed.append("\(mode): trains and encodes")
            } catch {
                fail("\(mode): trains and encodes", "threw \(error)")
                return
            }
            let texts = test.map(\.text) + ["", "words no document has"]
            let probabilities = model.probabilities(for: texts)
            expect("\(mode): probabilities are finite and in [0, 1]") {
                if probabilities.count != texts.count * model.labels.count { return "\(probabilities.count) values for \(texts.count) documents × \(model.labels.count) labels" }
                return probabilities.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 } ? nil : "a value is not a probability"
            }
            if !multiLabel {
                expect("single-label: each row sums to 1") {
                    for row in 0..<texts.count {
                        let sum = probabilities[(row * model.labels.count)..<((row + 1) * model.labels.count)].reduce(0, +)
                        if abs(sum - 1) > probabilitySumTolerance { return "row \(row) sums to \(sum)" }
                    }
                    return nil
                }
            }
            expect("\(mode): learns separable labels") {
                let report = Evaluator.evaluate(model, on: test)
                let score = multiLabel ? report.microF1 : report.accuracy ?? 0
                return score >= minimumAccuracy ? nil : "held-out \(multiLabel ? "micro-F1" : "accuracy") \(score), expected at least \(minimumAccuracy)"
            }
            expect("\(mode): save and load predict identically") {
                let restored = try ModelFile.decode(bytes, path: "conformance.classify", registry: registry)
                if restored.probabilities(for: texts) != probabilities { return "the loaded model's probabilities differ" }
                return try ModelFile.encode(restored) == bytes ? nil : "the loaded model encodes to different bytes"
            }
            expect("\(mode): the same seed gives the same bytes") {
                try ModelFile.encode(ModelTrainer.train(train, options: trainingOptions(multiLabel: multiLabel))) == bytes ? nil : "a second training wrote different bytes"
            }
            expect("\(mode): feature weights cover every feature") {
                for label in 0..<model.labels.count {
                    let weights = model.classifier.featureWeights(forLabel: label)
                    if weights.count != model.featureCount { return "label \(label) has \(weights.count) weights for \(model.featureCount) features" }
                    if !weights.allSatisfy(\.isFinite) { return "label \(label) has a weight that is not finite" }
                }
                return nil
            }
            expect("\(mode): chosen options are declared") {
                _ = try ClassifierParameters.resolve(model.classifier.chosenParameters.values, declared: type.parameters, classifier: type.name)
                return nil
            }
            checkDamagedState(model.classifier.encode(), featureCount: model.featureCount, labelCount: model.labels.count, mode: mode)
        }

        /// A state with an array missing or cut short must be refused with an error, not trap.
        func checkDamagedState(_ state: ClassifierState, featureCount: Int, labelCount: Int, mode: String) {
            expect("\(mode): a damaged state is refused") {
                for index in state.arrays.indices {
                    var missing = state
                    missing.arrays.remove(at: index)
                    if (try? type.decode(missing, featureCount: featureCount, labelCount: labelCount)) != nil {
                        return "decoded a state without its \"\(state.arrays[index].name)\" array"
                    }
                    var short = state
                    short.arrays[index].values.removeLast(min(1, short.arrays[index].values.count))
                    short.arrays[index].shape = [short.arrays[index].values.count]
                    if (try? type.decode(short, featureCount: featureCount, labelCount: labelCount)) != nil {
                        return "decoded a state whose \"\(state.arrays[index].name)\" array is too short"
                    }
                }
                return nil
            }
        }

        /// Nil when `body` throws an error of one line; otherwise what went wrong.
        static func throwsOneLine(_ body: () throws -> Void) -> String? {
            do {
                try body()
                return "no error was thrown"
            } catch {
                let text = String(describing: error)
                return text.isEmpty || text.contains("\n") ? "the error is not one line: \(text)" : nil
            }
        }
    }
}
