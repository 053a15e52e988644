import Foundation
import Testing
@testable import ClassifyKit

/// The train and test documents of a corpus in `../shared/corpora`.
private func trainAndTest(_ corpus: String) throws -> (train: [Document], test: [Document]) {
    let folder = try #require(Fixtures.sharedCorpora(corpus))
    let reader = CorpusReader(requireLabels: true)
    return (try reader.readAll([folder + "/train.jsonl"]).documents, try reader.readAll([folder + "/test.jsonl"]).documents)
}

/// Trains and evaluates on the real corpora in `../shared/corpora` (skipped where they are absent).
@Suite(.serialized, .tags(.realData), .enabled(if: Fixtures.sharedCorporaPresent, "needs ../shared/corpora"))
struct RealCorpusTests {
    func run(_ corpus: String, _ classifier: String, options: [String: String] = [:], titleTerms: Bool = true) throws -> EvaluationReport {
        let (train, test) = try trainAndTest(corpus)
        var training = TrainingOptions()
        training.classifierName = classifier
        training.classifierOptions = options
        training.tfidf.titleTerms = titleTerms
        let model = try ModelTrainer.train(train, options: training)
        let report = Evaluator.evaluate(model, on: test)
        print("\(corpus) \(classifier) title terms \(titleTerms): accuracy \(report.accuracy ?? .nan), micro-F1 \(report.microF1), macro-F1 \(report.macroF1)")
        return report
    }

    @Test func complementNaiveBayesOn20Newsgroups() throws {
        let report = try run("20newsgroups", "complement-nb")
        #expect(report.documents == 7532)
        #expect(try #require(report.accuracy) >= 0.85)
    }

    /// Title terms find each post's `Subject:` header: measured 0.8555 with them, 0.8342 without.
    @Test func multinomialNaiveBayesOn20NewsgroupsWithAndWithoutTitleTerms() throws {
        let with = try run("20newsgroups", "multinomial-nb")
        let without = try run("20newsgroups", "multinomial-nb", titleTerms: false)
        #expect(try #require(with.accuracy) >= 0.85)
        #expect(try #require(without.accuracy) >= 0.83)
        #expect(try #require(with.accuracy) >= #require(without.accuracy) + 0.01)
    }

    @Test func complementNaiveBayesOnBBC() throws {
        let report = try run("bbc", "complement-nb")
        #expect(try #require(report.accuracy) >= 0.97)
    }

    @Test func multiLabelReuters() throws {
        let report = try run("reuters21578", "multinomial-nb")
        #expect(report.multiLabel)
        #expect(report.labels.count == 90)
        #expect(report.microF1 >= 0.78)
        #expect(report.samplesF1 != nil)
    }

    @Test func agNewsFromTheRawCSV() throws {
        let folder = try #require(Fixtures.sharedCorpora("agnews"))
        let documents = try CorpusReader(requireLabels: true).readAll([folder + "/raw/test.csv"]).documents
        #expect(documents.count == 7600)
        #expect(Set(documents.flatMap(\.labels)) == ["1", "2", "3", "4"])
    }
}

/// Logistic regression and the linear SVM on the real corpora: the targets where met (see
/// README for the measured figures).
@Suite(.serialized, .tags(.realData), .enabled(if: Fixtures.sharedCorporaPresent, "needs ../shared/corpora"))
struct RealCorpusLogisticRegressionTests {
    func run(
        _ corpus: String, classifier: any Classifier.Type = LogisticRegression.self, options: [String: String] = [:],
        tuneThresholds: Bool = false
    ) throws -> EvaluationReport {
        let (train, test) = try trainAndTest(corpus)
        var training = TrainingOptions()
        training.classifierName = classifier.name
        training.tfidf = classifier.recommendedFeatures
        training.classifierOptions = options
        training.thresholdTuning = tuneThresholds ? ThresholdTuning(folds: 5) : nil
        let model = try ModelTrainer.train(train, options: training)
        let report = Evaluator.evaluate(model, on: test)
        print("\(corpus) \(classifier.name) \(options) tuned thresholds \(tuneThresholds): accuracy \(report.accuracy ?? .nan), micro-F1 \(report.microF1), macro-F1 \(report.macroF1)")
        // The model file round-trips with identical predictions.
        let restored = try ModelFile.decode(try ModelFile.encode(model), path: corpus)
        let sample = test.prefix(200).map(\.text)
        #expect(restored.predictionIds(for: sample) == model.predictionIds(for: sample))
        return report
    }

    @Test func bbc() throws {
        let report = try run("bbc")
        // 440 of 444, scikit-learn's best (LogisticRegression, 0.9910 rounded).
        #expect(try #require(report.accuracy) >= 440.0 / 444)
    }

    @Test func twentyNewsgroups() throws {
        let report = try run("20newsgroups")
        // The target (scikit-learn's best: 0.863, 0.869 hand-tuned); measured 0.8747.
        #expect(try #require(report.accuracy) >= 0.870)
    }

    @Test func reuters() throws {
        let report = try run("reuters21578")
        // The targets (scikit-learn's best: micro 0.871, macro 0.473); measured 0.879 / 0.511.
        #expect(report.microF1 >= 0.875)
        #expect(report.macroF1 >= 0.50)
    }

    /// Per-label thresholds lift Reuters' macro-F1 to at least 0.60 with logistic
    /// regression (`--solver dual --tune-thresholds`; measured 0.6100, against 0.4309 with one
    /// global threshold), and the report carries both.
    @Test func reutersTunedThresholdsWithTheDualSolver() throws {
        let report = try run("reuters21578", options: ["solver": "dual"], tuneThresholds: true)
        print("one global threshold: \(report.globalThresholdMicroF1 ?? .nan) / \(report.globalThresholdMacroF1 ?? .nan)")
        #expect(report.macroF1 >= 0.60)
        #expect(try #require(report.globalThresholdMacroF1) < report.macroF1)
        #expect(report.microF1 >= 0.875)
    }

    @Test func twentyNewsgroupsWithTheLinearSVM() throws {
        let report = try run("20newsgroups", classifier: LinearSVM.self)
        // The target (scikit-learn's LinearSVC on its default features: 0.863); measured 0.8780.
        #expect(try #require(report.accuracy) >= 0.870)
    }

    @Test func agNews() throws {
        let report = try run("agnews")
        #expect(try #require(report.accuracy) >= 0.86)
    }
}

/// Training in a stream on 20 Newsgroups: naive Bayes gives the in-memory model's bytes, and the
/// linear models trained from the feature cache stay within half a point of in-memory accuracy.
@Suite(.serialized, .tags(.realData), .enabled(if: Fixtures.sharedCorporaPresent, "needs ../shared/corpora"))
struct RealCorpusStreamingTrainingTests {
    /// The accuracy on 20 Newsgroups test of `classifier` trained in memory and in a stream.
    func accuracies(_ classifier: any Classifier.Type, blocks: [FeatureBlockChoice] = [], exactTerms: Bool = true) throws -> (inMemory: Double, streamed: Double, sameBytes: Bool) {
        let folder = try #require(Fixtures.sharedCorpora("20newsgroups"))
        let (train, test) = try trainAndTest("20newsgroups")
        var options = TrainingOptions()
        options.classifierName = classifier.name
        options.tfidf = classifier.recommendedFeatures
        options.tfidf.exactTerms = exactTerms
        options.featureBlocks = blocks
        let inMemory = try ModelTrainer.train(train, options: options)
        let streamed = try StreamingTrainer.train([folder + "/train.jsonl"], reader: CorpusReader(requireLabels: true), options: options).model
        let a = try #require(Evaluator.evaluate(inMemory, on: test).accuracy)
        let b = try #require(Evaluator.evaluate(streamed, on: test).accuracy)
        print("20newsgroups \(classifier.name) \(blocks.map(\.kind)): in memory \(a), in a stream \(b)")
        return (a, b, try ModelFile.encode(inMemory) == ModelFile.encode(streamed))
    }

    @Test func naiveBayesIsByteIdentical() throws {
        #expect(try accuracies(MultinomialNaiveBayes.self).sameBytes)
    }

    @Test func logisticRegressionFromTheCacheIsWithinHalfAPoint() throws {
        let (inMemory, streamed, _) = try accuracies(LogisticRegression.self)
        // Measured 0.8747 in memory and 0.8748 from the cache.
        #expect(abs(inMemory - streamed) <= 0.005)
    }

    @Test func linearSVMFromTheCacheIsWithinHalfAPoint() throws {
        let (inMemory, streamed, _) = try accuracies(LinearSVM.self)
        // Measured 0.8780 in memory (exact dual solver) and 0.8765 from the cache (averaged SGD).
        #expect(abs(inMemory - streamed) <= 0.005)
    }

    @Test func hashedFeaturesMatchTheExactVocabulary() throws {
        let (inMemory, streamed, _) = try accuracies(
            LogisticRegression.self, blocks: [HashedTerms.choice(bits: 20, matching: LogisticRegression.recommendedFeatures)], exactTerms: false)
        // Measured 0.8772 in memory and 0.8768 from the cache, against 0.8747 with the exact vocabulary.
        #expect(inMemory >= 0.87 && streamed >= 0.87)
    }
}
