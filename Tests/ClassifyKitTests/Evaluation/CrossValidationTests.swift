import Foundation
import Testing
@testable import ClassifyKit

@Suite struct CrossValidationTests {
    @Test func singleLabelFoldsAreStratifiedAndDeterministic() {
        let labels = (0..<100).map { [$0 < 70 ? "big" : "small"] }
        let folds = StratifiedFolds.assign(labelSets: labels, folds: 5, seed: 3)
        #expect(folds == StratifiedFolds.assign(labelSets: labels, folds: 5, seed: 3))
        #expect(folds != StratifiedFolds.assign(labelSets: labels, folds: 5, seed: 4))
        for f in 0..<5 {
            let members = folds.indices.filter { folds[$0] == f }
            #expect(members.count == 20)
            #expect(members.filter { labels[$0] == ["small"] }.count == 6)
        }
    }

    @Test func multiLabelFoldsSpreadEveryLabel() {
        var labels: [[String]] = []
        for i in 0..<60 {
            var set = ["common"]
            if i % 6 == 0 { set.append("rare") }
            if i % 3 == 0 { set.append("mid") }
            labels.append(set)
        }
        let folds = StratifiedFolds.assign(labelSets: labels, folds: 5, seed: 1)
        #expect(Set(folds) == Set(0..<5))
        for f in 0..<5 {
            let members = folds.indices.filter { folds[$0] == f }
            #expect(members.filter { labels[$0].contains("rare") }.count == 2)
            #expect(members.filter { labels[$0].contains("mid") }.count == 4)
            #expect(members.count == 12)
        }
    }

    @Test func statisticsMatchReferenceValues() {
        // Two-sided p of t = 2.776 with 4 degrees of freedom is 0.05.
        let p = Statistics.regularizedIncompleteBeta(4 / (4 + 2.7764 * 2.7764), 2, 0.5)
        #expect(abs(p - 0.05) < 1e-3)
        let t = Statistics.pairedT([0.9, 0.8, 0.85, 0.95, 0.9], [0.85, 0.78, 0.8, 0.9, 0.88])
        #expect(t.statistic > 4 && t.pValue < 0.02)
        // McNemar: 10 vs 2 discordant → (|10-2|-1)²/12 = 4.083, p ≈ 0.0433.
        let m = Statistics.mcNemar(correctA: Array(repeating: true, count: 10) + Array(repeating: false, count: 2) + [true],
                                   correctB: Array(repeating: false, count: 10) + Array(repeating: true, count: 2) + [true])
        #expect(abs(m.statistic - 49.0 / 12) < 1e-9)
        #expect(abs(m.pValue - 0.0433) < 1e-3)
    }

    @Test func crossValidationComparesClassifiersOnTheSameFolds() throws {
        let documents = ModelFileTests.documents + ModelFileTests.documents.map {
            Document(id: $0.id + "b", text: $0.text + " again", labels: $0.labels)
        }
        var nb = TrainingOptions()
        nb.classifierName = "multinomial-nb"
        nb.tfidf.minDF = 1
        var cnb = nb
        cnb.classifierName = "complement-nb"
        let result = try CrossValidation.run(documents, options: [nb, cnb], folds: 2, seed: 0)
        #expect(result.classifiers.map(\.classifier) == ["multinomial-nb", "complement-nb"])
        #expect(result.classifiers.allSatisfy { $0.folds.count == 2 })
        #expect(result.multiLabel)
        #expect(result.metrics.first == "micro_f1")
        #expect(result.significance?.test == "paired t-test")
        let table = CrossValidation.table(result)
        #expect(table.contains("2-fold cross-validation on \(documents.count) documents (multi-label, iterative stratification, seed 0)"))
        #expect(table.contains("±"))
        #expect(try CrossValidation.run(documents, options: [nb], folds: 2, seed: 0).classifiers[0].mean == result.classifiers[0].mean)
        // Log-loss is compared too, and there the lower mean is the better.
        #expect(result.metrics.last == "log_loss")
        let losses = result.classifiers.map { $0.mean["log_loss"] ?? .nan }
        #expect(losses.allSatisfy { $0.isFinite && $0 > 0 })
        #expect(result.best["log_loss"] == result.classifiers[losses[0] <= losses[1] ? 0 : 1].classifier)
    }

    /// Model comparison marks the lowest log-loss as the best, and the highest accuracy.
    @Test func modelComparisonRanksLossesLowestFirst() throws {
        var options = TrainingOptions()
        options.tfidf.minDF = 1
        options.classifierName = "multinomial-nb"
        let sharp = try ModelTrainer.train(ModelFileTests.documents, options: options)
        options.classifierName = "complement-nb"
        let other = try ModelTrainer.train(ModelFileTests.documents, options: options)
        let result = ModelComparison.compare([sharp, other], names: ["a", "b"], on: ModelFileTests.documents)
        #expect(result.metrics.last == "log_loss")
        let losses = result.reports.map { $0.metric("log_loss") ?? .nan }
        #expect(losses.allSatisfy(\.isFinite) && losses[0] != losses[1])
        #expect(result.best["log_loss"] == (losses[0] < losses[1] ? "a" : "b"))
    }
}
