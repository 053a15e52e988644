import Testing
@testable import ClassifyKit

@Suite struct LinearSVMTests {
    let shared = LogisticRegressionTests()

    func parameters(_ values: [String: String]) throws -> ClassifierParameters {
        try ClassifierParameters.resolve(values, declared: LinearSVM.parameters, classifier: LinearSVM.name)
    }

    @Test func learnsSeparableTopicsWithProbabilities() throws {
        let (x, y) = shared.corpus()
        let model = try LinearSVM.train(features: x, targets: y, parameters: parameters([:]), progress: nil)
        let p = model.probabilities(for: x)
        for row in 0..<60 {
            let slice = Array(p[(row * 3)..<(row * 3 + 3)])
            #expect(abs(slice.reduce(0, +) - 1) < 1e-4)
            #expect(slice.firstIndex(of: slice.max()!)! == row % 3)
        }
        // C = 1 (LIBLINEAR's default) unless told otherwise: λ = 1/(C·documents).
        #expect(abs(model.lambda - 1.0 / 60) < 1e-12)
    }

    @Test func multiLabelGivesIndependentOutputs() throws {
        let (x, y) = shared.corpus(multiLabel: true)
        let model = try LinearSVM.train(
            features: x, targets: y, parameters: parameters(["class-weight": "none"]), progress: nil)
        let p = model.probabilities(for: x)
        #expect(p[0] > 0.5 && p[1] > 0.5 && p[2] < 0.5)
        #expect(p[3] < 0.5 && p[4] > 0.5)
    }

    @Test func roundTripsThroughItsState() throws {
        let (x, y) = shared.corpus()
        let model = try LinearSVM.train(features: x, targets: y, parameters: parameters([:]), progress: nil)
        let restored = try LinearSVM.decode(model.encode(), featureCount: 6, labelCount: 3)
        #expect(restored.probabilities(for: x) == model.probabilities(for: x))
        #expect(restored.chosenParameters.values == model.chosenParameters.values)
    }
}

@Suite struct ClassWeightTests {
    @Test func cappedBalancedAndAuto() throws {
        // 10 documents: a on 8, b on 1, c on 1 (multi-label).
        let sets: [[String]] = [["a", "b"], ["a", "c"]] + Array(repeating: ["a"], count: 6) + [["d"], ["d"]]
        let multi = try LabelTargets(labelSets: sets, multiLabel: true)
        let capped = try ClassWeights.resolve("balanced:3", targets: multi)
        // Odds against: a 2/8 → 1 (floor), b 9/1 → 3 (cap), d 8/2 → 3 (cap); negatives weigh 1.
        let a = multi.labelNames.firstIndex(of: "a")!, b = multi.labelNames.firstIndex(of: "b")!
        #expect(capped.positive[a] == 1 && capped.positive[b] == 3)
        #expect(capped.negative.allSatisfy { $0 == 1 })
        #expect(try ClassWeights.resolve("auto", targets: multi).positive[b] == Float(ClassWeights.automaticCap))
        let single = try LabelTargets(labelSets: [["a"], ["a"], ["a"], ["b"]])
        #expect(try ClassWeights.resolve("auto", targets: single).positive == [1, 1])
        #expect(try ClassWeights.resolve("balanced:1.5", targets: single).positive == [Float(4) / 6, 1.5])
        #expect(errorText { _ = try ClassWeights.resolve("balanced:x", targets: single) }
            == "--class-weight balanced:K needs a number K ≥ 1 (got \"balanced:x\")")
    }
}
