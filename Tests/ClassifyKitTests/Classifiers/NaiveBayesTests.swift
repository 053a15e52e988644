import Foundation
import Testing
@testable import ClassifyKit

@Suite struct NaiveBayesTests {
    /// Two documents, two features: doc 0 = [1, 0] labelled A, doc 1 = [0, 1] labelled B.
    func tinyProblem(multiLabel: Bool? = nil, labels: [[String]] = [["A"], ["B"]]) throws -> (SparseMatrix, LabelTargets) {
        let matrix = SparseMatrix(columnCount: 2, rowOffsets: [0, 1, 2], columnIndices: [0, 1], values: [1, 1])
        return (matrix, try LabelTargets(labelSets: labels, multiLabel: multiLabel))
    }

    func parameters(_ type: any Classifier.Type, _ values: [String: String]) throws -> ClassifierParameters {
        try ClassifierParameters.resolve(values, declared: type.parameters, classifier: type.name)
    }

    @Test func multinomialMatchesTheFormula() throws {
        let (x, y) = try tinyProblem()
        let model = try MultinomialNaiveBayes.train(
            features: x, targets: y, parameters: parameters(MultinomialNaiveBayes.self, ["alpha": "1"]), progress: nil)
        // P(f0 | A) = (1 + 1) / (1 + 2) = 2/3, P(f0 | B) = 1/3, equal priors → P(A | [1, 0]) = 2/3.
        let p = model.probabilities(for: x)
        #expect(abs(p[0] - 2.0 / 3) < 1e-6 && abs(p[1] - 1.0 / 3) < 1e-6)
        #expect(abs(p[2] - 1.0 / 3) < 1e-6 && abs(p[3] - 2.0 / 3) < 1e-6)
        #expect(abs(model.featureWeights(forLabel: 0)[0] - logf(2.0 / 3)) < 1e-6)
    }

    @Test func complementMatchesScikitLearnsFormula() throws {
        // Three classes over three features; compare with sklearn's ComplementNB (norm=False):
        // w_cj = -log((Σ_all_j + α - count_cj) / Σ_k (Σ_all_k + α - count_ck)), scores = X · wᵀ.
        let x = SparseMatrix(
            columnCount: 3, rowOffsets: [0, 2, 3, 5, 6], columnIndices: [0, 1, 1, 1, 2, 2],
            values: [0.6, 0.8, 1, 0.28, 0.96, 1])
        let y = try LabelTargets(labelSets: [["a"], ["b"], ["b"], ["c"]])
        let alpha = 0.3
        let model = try ComplementNaiveBayes.train(
            features: x, targets: y, parameters: parameters(ComplementNaiveBayes.self, ["alpha": "0.3"]), progress: nil)
        let dense: [[Double]] = [[0.6, 0.8, 0], [0, 1, 0], [0, 0.28, 0.96], [0, 0, 1]]
        let classOf = [0, 1, 1, 2]
        var counts = Array(repeating: [0.0, 0, 0], count: 3)
        for (row, c) in zip(dense, classOf) { for j in 0..<3 { counts[c][j] += row[j] } }
        let all = (0..<3).map { j in counts.reduce(0) { $0 + $1[j] } }
        var expectedWeights: [[Double]] = []
        for c in 0..<3 {
            let complement = (0..<3).map { all[$0] + alpha - counts[c][$0] }
            let total = complement.reduce(0, +)
            let expected = complement.map { -log($0 / total) }
            expectedWeights.append(expected)
            let weights = model.featureWeights(forLabel: c)
            for j in 0..<3 { #expect(abs(Double(weights[j]) - expected[j]) < 1e-5) }
        }
        // Probabilities are the softmax of X · wᵀ.
        let p = model.probabilities(for: x)
        for (row, values) in dense.enumerated() {
            let scores = expectedWeights.map { w in zip(values, w).reduce(0) { $0 + $1.0 * $1.1 } }
            let exps = scores.map { exp($0 - scores.max()!) }
            for c in 0..<3 { #expect(abs(Double(p[row * 3 + c]) - exps[c] / exps.reduce(0, +)) < 1e-5) }
        }
    }

    @Test func multiLabelGivesIndependentProbabilities() throws {
        let x = SparseMatrix(columnCount: 3, rowOffsets: [0, 1, 2, 4], columnIndices: [0, 1, 0, 2], values: [1, 1, 0.6, 0.8])
        let y = try LabelTargets(labelSets: [["war"], ["vote"], ["war", "main"]])
        #expect(y.isMultiLabel)
        for type in [MultinomialNaiveBayes.self, ComplementNaiveBayes.self] as [any Classifier.Type] {
            let model = try type.train(features: x, targets: y, parameters: parameters(type, [:]), progress: nil)
            let p = model.probabilities(for: x)
            #expect(p.allSatisfy { $0 > 0 && $0 < 1 })
            // Document 2 carries war and main: both above one half; vote below.
            let labels = y.labelNames
            #expect(p[6 + labels.firstIndex(of: "war")!] > 0.5)
            #expect(p[6 + labels.firstIndex(of: "main")!] > 0.5)
            #expect(p[6 + labels.firstIndex(of: "vote")!] < 0.5)
        }
    }

    @Test func parametersAreValidated() {
        #expect(errorText { _ = try parameters(ComplementNaiveBayes.self, ["alpha": "-1"]) } == "--alpha must be between 1e-09 and 1000000000.0 for complement-nb (got \"-1\")")
        #expect(errorText { _ = try parameters(MultinomialNaiveBayes.self, ["c": "1"]) } == "--c does not apply to multinomial-nb (it takes --alpha)")
        #expect(errorText { _ = try ClassifierRegistry.builtIn.type(named: "svm") }?.hasPrefix("unknown classifier \"svm\"; choose one of: multinomial-nb, complement-nb") == true)
    }

    @Test func singleLabelFlagRejectsMultiLabelData() {
        #expect(errorText { _ = try LabelTargets(labelSets: [["a", "b"], ["a"]], multiLabel: false) } == "--single-label was given but document 1 carries 2 labels; drop --single-label")
        #expect(errorText { _ = try LabelTargets(labelSets: [["a"], ["a"]]) }?.hasPrefix("the training corpus has 1 label (a)") == true)
    }
}
