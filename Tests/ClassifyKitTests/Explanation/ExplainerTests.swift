import Testing
@testable import ClassifyKit

@Suite struct ExplainerTests {
    @Test(arguments: ClassifierRegistry.builtIn.types.map { $0.name })
    func explainsEveryRegisteredClassifier(classifier: String) throws {
        let model = try ModelFileTests.model(classifier)
        let explainer = Explainer(model: model)
        let explanations = explainer.explain("the army fired artillery and tanks at the front", top: 3)
        #expect(!explanations.isEmpty)
        let war = try #require(explanations.first { $0.label == "war" })
        #expect(!war.up.isEmpty)
        #expect(war.up.count <= 3)
        // Contributions are sorted and signed, and the war words push "war" up.
        #expect(zip(war.up, war.up.dropFirst()).allSatisfy { $0.contribution >= $1.contribution })
        #expect(war.up.allSatisfy { $0.contribution > 0 } && war.down.allSatisfy { $0.contribution < 0 })
        #expect(war.up.contains { ["army", "artillery", "tanks", "front", "fired"].contains($0.term) })
        // Top terms per label.
        let top = explainer.topTerms(2)
        #expect(top.map(\.label) == ["politics", "war"])
        #expect(top[0].terms.count == 2)
    }

    @Test func contributionIsValueTimesRelativeWeight() throws {
        let model = try ModelFileTests.model("logistic-regression")
        let explainer = Explainer(model: model)
        let text = "parliament voted"
        var row = SparseMatrix(columnCount: model.vectorizer.featureCount)
        model.vectorizer.transform(text, appendingTo: &row)
        let explanation = explainer.explain(text, top: 50, labels: [0])[0]
        let weights = model.classifier.featureWeights(forLabel: 0)
        for k in row.entries(ofRow: 0) {
            let j = Int(row.columnIndices[k])
            let expected = row.values[k] * weights[j]
            let term = model.vectorizer.vocabulary.term(j)
            let found = (explanation.up + explanation.down).first { $0.term == term }
            if expected != 0 { #expect(abs((found?.contribution ?? 0) - expected) < 1e-5) }
        }
    }
}
