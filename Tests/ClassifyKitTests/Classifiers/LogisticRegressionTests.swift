import Foundation
import Testing
@testable import ClassifyKit

@Suite struct LogisticRegressionTests {
    func setup(_ x: SparseMatrix, _ labels: [[String]], classWeight: String = "none", multiLabel: Bool? = nil) throws -> AveragedSGD.Setup {
        let targets = try LabelTargets(labelSets: labels, multiLabel: multiLabel)
        return AveragedSGD.Setup(
            features: x, targets: targets, classWeights: try ClassWeights.resolve(classWeight, targets: targets), learnBias: true)
    }

    func parameters(_ values: [String: String]) throws -> ClassifierParameters {
        try ClassifierParameters.resolve(values, declared: LogisticRegression.parameters, classifier: LogisticRegression.name)
    }

    static let x = SparseMatrix(
        columnCount: 4, rowOffsets: [0, 2, 4, 6, 8], columnIndices: [0, 1, 1, 2, 2, 3, 0, 3],
        values: [0.8, 0.6, 0.6, 0.8, 0.28, 0.96, 0.6, 0.8])

    /// The analytic gradient of the loss with respect to the scores matches central differences,
    /// for softmax, for one-vs-rest sigmoids, and with class weights.
    @Test(arguments: [false, true])
    func gradientMatchesFiniteDifferences(multiLabel: Bool) throws {
        let labels = multiLabel ? [["a", "b"], ["b"], ["c"], ["a"]] : [["a"], ["b"], ["c"], ["a"]]
        let setup = try setup(Self.x, labels, classWeight: "balanced", multiLabel: multiLabel)
        let state = SGDState(
            featureCount: 4, labels: 0..<3, lambda: 1e-3, oneVsRest: multiLabel, learnBias: true, eta0: 1,
            averageStart: 0)
        let z: [Float] = [0.3, -1.2, 2.0]
        for row in 0..<4 {
            var g = [Float](repeating: 0, count: 3)
            _ = state.gradient(z: z, truth: setup.targets.documents[row], classWeights: setup.classWeights, into: &g)
            for l in 0..<3 {
                let h: Float = 1e-2
                var up = z, down = z
                up[l] += h
                down[l] -= h
                var scratch = g
                let numeric = (state.gradient(z: up, truth: setup.targets.documents[row], classWeights: setup.classWeights, into: &scratch)
                    - state.gradient(z: down, truth: setup.targets.documents[row], classWeights: setup.classWeights, into: &scratch)) / Double(2 * h)
                #expect(abs(numeric - Double(g[l])) < 1e-3, "row \(row) label \(l): numeric \(numeric), analytic \(g[l])")
            }
        }
    }

    /// The scale-factor bookkeeping of averaged SGD equals plain dense SGD with an explicit running
    /// average, step by step.
    @Test func averagedSGDMatchesADenseReference() throws {
        let setup = try setup(Self.x, [["a"], ["b"], ["c"], ["a"]])
        let lambda = 0.05
        var state = SGDState(featureCount: 4, labels: 0..<3, lambda: lambda, oneVsRest: false, learnBias: true, eta0: 0.5, averageStart: 3)
        let order = [0, 1, 2, 3, 2, 0, 3, 1, 1, 2, 0, 3]
        _ = state.epoch(rows: order, setup: setup)

        var w = [Double](repeating: 0, count: 12), bias = [Double](repeating: 0, count: 3)
        var average = w, averageBias = bias
        for (t, row) in order.enumerated() {
            let eta = 0.5 / pow(1 + lambda * 0.5 * Double(t), 0.75)
            let mu = Double(t) >= 3 ? 1 / (1 + Double(t) - 3) : 1
            let range = Self.x.entries(ofRow: row)
            var z = [Float](repeating: 0, count: 3)
            for k in range { for l in 0..<3 { z[l] += Float(Double(Self.x.values[k]) * w[Int(Self.x.columnIndices[k]) * 3 + l]) } }
            for l in 0..<3 { z[l] += Float(bias[l]) }
            var g = [Float](repeating: 0, count: 3)
            _ = state.gradient(z: z, truth: setup.targets.documents[row], classWeights: setup.classWeights, into: &g)
            for i in 0..<12 { w[i] *= 1 - eta * lambda }
            for k in range { for l in 0..<3 { w[Int(Self.x.columnIndices[k]) * 3 + l] -= eta * Double(Self.x.values[k]) * Double(g[l]) } }
            for l in 0..<3 { bias[l] -= eta * 0.01 * Double(g[l]) }
            if mu < 1 {
                for i in 0..<12 { average[i] += mu * (w[i] - average[i]) }
                for l in 0..<3 { averageBias[l] += mu * (bias[l] - averageBias[l]) }
            } else {
                average = w
                averageBias = bias
            }
        }
        let averaged = state.averagedWeights()
        for i in 0..<12 { #expect(abs(Double(averaged[i]) - average[i]) < 1e-4, "weight \(i): \(averaged[i]) vs \(average[i])") }
        for l in 0..<3 { #expect(abs(Double(state.averageBias[l]) - averageBias[l]) < 1e-5) }
        state.renormalize()
        let renormalized = state.averagedWeights()
        for i in 0..<12 { #expect(abs(renormalized[i] - averaged[i]) < 1e-5) }
    }

    func corpus(multiLabel: Bool = false) -> (SparseMatrix, LabelTargets) {
        // Three separable topics over six features, 60 documents.
        var matrix = SparseMatrix(columnCount: 6)
        var labels: [[String]] = []
        var generator = SeededGenerator(seed: 7)
        for i in 0..<60 {
            let topic = i % 3
            let noise = Float(generator.next(below: 100)) / 400
            let other = (topic + 1) % 3
            var row: [(Int32, Float)] = [(Int32(2 * topic), 0.8), (Int32(2 * topic + 1), 0.5 + noise)]
            if multiLabel && i % 6 == 0 { row.append((Int32(2 * other), 0.7)) }
            row.sort { $0.0 < $1.0 }
            matrix.appendRow(columns: row.map(\.0), values: row.map(\.1))
            var names = ["t\(topic)"]
            if multiLabel && i % 6 == 0 { names.append("t\(other)") }
            labels.append(names)
        }
        return (matrix, try! LabelTargets(labelSets: labels, multiLabel: multiLabel ? true : nil))
    }

    @Test func learnsSeparableTopicsWithProbabilities() throws {
        let (x, y) = corpus()
        let model = try LogisticRegression.train(features: x, targets: y, parameters: parameters(["epochs": "20"]), progress: nil)
        let p = model.probabilities(for: x)
        for row in 0..<60 {
            let slice = Array(p[(row * 3)..<(row * 3 + 3)])
            #expect(abs(slice.reduce(0, +) - 1) < 1e-4)
            #expect(slice.firstIndex(of: slice.max()!)! == row % 3)
        }
        #expect(model.lossHistory.count >= 3)
        #expect(model.lossHistory.last! < model.lossHistory.first!)
    }

    @Test func multiLabelGivesIndependentSigmoids() throws {
        let (x, y) = corpus(multiLabel: true)
        let model = try LogisticRegression.train(features: x, targets: y, parameters: parameters(["epochs": "30", "l2": "1e-4"]), progress: nil)
        let p = model.probabilities(for: x)
        // Row 0 is topic 0 with topic 1 as a second label; row 1 is topic 1 alone.
        #expect(p[0] > 0.5 && p[1] > 0.5 && p[2] < 0.5)
        #expect(p[3] < 0.5 && p[4] > 0.5)
        #expect(p[0] + p[1] + p[2] > 1.2)
    }

    @Test func sameSeedSameBytesOtherSeedOtherWeights() throws {
        let (x, y) = corpus()
        func weights(_ seed: String) throws -> [Float] {
            try LogisticRegression.train(features: x, targets: y, parameters: parameters(["seed": seed]), progress: nil).scorer.weights
        }
        #expect(try weights("3") == weights("3"))
        #expect(try weights("3") != weights("4"))
    }

    @Test func classWeightsShiftDecisionsAndFilesAreChecked() throws {
        let (x, y) = corpus()
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let plain = try LogisticRegression.train(features: x, targets: y, parameters: parameters(["l2": "0.05", "nb-weight": "0"]), progress: nil)
        let file = folder.write("weights.txt", "# heavier t2\nt2 20\n")
        let weighted = try LogisticRegression.train(features: x, targets: y, parameters: parameters(["l2": "0.05", "nb-weight": "0", "class-weight": file]), progress: nil)
        // With t2 weighted 20×, its mean probability rises.
        let meanT2 = { (p: [Float]) in stride(from: 2, to: p.count, by: 3).map { p[$0] }.reduce(0, +) / 60 }
        #expect(meanT2(weighted.probabilities(for: x)) > meanT2(plain.probabilities(for: x)) + 0.05)
        // A label the caller knows from the rest of the corpus (training on a fold) is skipped.
        var known = y
        known.knownLabels = ["t9"]
        let skipping = folder.write("known.txt", "t9 2\nt2 20\n")
        let folded = try LogisticRegression.train(features: x, targets: known, parameters: parameters(["l2": "0.05", "nb-weight": "0", "class-weight": skipping]), progress: nil)
        #expect(folded.probabilities(for: x) == weighted.probabilities(for: x))
        let bad = folder.write("bad.txt", "t9 2\n")
        #expect(errorText { _ = try LogisticRegression.train(features: x, targets: y, parameters: parameters(["class-weight": bad]), progress: nil) }
            == "\(bad):1: unknown label \"t9\" (not in the training data)")
        #expect(errorText { _ = try LogisticRegression.train(features: x, targets: y, parameters: parameters(["l2": "-1"]), progress: nil) }
            == "--l2 must be auto or a number above 0 and at most 1000 (got \"-1\")")
    }

    /// `--solver dual` trains one-vs-rest labels exactly, and is refused for a softmax.
    @Test func dualSolverForOneVsRestOnly() throws {
        let (x, y) = corpus(multiLabel: true)
        let model = try LogisticRegression.train(features: x, targets: y, parameters: parameters(["solver": "dual", "c": "10"]), progress: nil)
        let p = model.probabilities(for: x)
        #expect(p[0] > 0.5 && p[1] > 0.5 && p[2] < 0.5)
        let (single, labels) = corpus()
        #expect(errorText { _ = try LogisticRegression.train(features: single, targets: labels, parameters: parameters(["solver": "dual"]), progress: nil) }
            == "--solver dual solves one-vs-rest (multi-label) logistic regression; a softmax over single labels trains with sgd")
        #expect(errorText { _ = try LogisticRegression.train(features: x, targets: y, parameters: parameters(["solver": "dual", "validation-fraction": "0.2"]), progress: nil) }
            == "--validation-fraction does not apply to --solver dual, which runs each label to convergence; drop one of them")
        #expect(errorText { _ = try LogisticRegression.train(features: x, targets: y, parameters: parameters(["solver": "newton"]), progress: nil) }
            == "--solver must be sgd or dual (got \"newton\")")
    }

    @Test func validationFractionKeepsTheBestEpoch() throws {
        let (x, y) = corpus()
        let model = try LogisticRegression.train(features: x, targets: y, parameters: parameters(["validation-fraction": "0.2", "epochs": "8"]), progress: nil)
        #expect(model.lossHistory.count <= 8)
        #expect(errorText { _ = try LogisticRegression.train(features: x, targets: y, parameters: parameters(["validation-fraction": "0.001"]), progress: nil) }
            == "a held-out fraction of 0.001 leaves no documents to train or to validate on (60 documents)")
    }
}
