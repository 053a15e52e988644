import Foundation
import Testing
@testable import ClassifyKit

@Suite struct ModelCompressionTests {
    /// A synthetic corpus: three topics of 30 documents, each mixing words of its topic with
    /// common words and rare ones (which earn small weights).
    static let documents: [Document] = {
        var generator = SeededGenerator(seed: 3)
        let common = (0..<40).map { "common\($0)" } + (0..<400).map { "rare\($0)" }
        let topics = ["war": (0..<30).map { "war\($0)" }, "vote": (0..<30).map { "vote\($0)" }, "trade": (0..<30).map { "trade\($0)" }]
        var documents: [Document] = []
        for (label, words) in topics.sorted(by: { $0.key < $1.key }) {
            for i in 0..<30 {
                let text = (0..<25).map { _ in Bool.random(using: &generator) ? words.randomElement(using: &generator)! : common.randomElement(using: &generator)! }
                documents.append(Document(id: "\(label)\(i)", text: text.joined(separator: " "), labels: [label]))
            }
        }
        return documents
    }()

    static func model(_ classifier: String = "logistic-regression", compression: CompressionChoice = .none) throws -> TrainedModel {
        var options = TrainingOptions()
        options.classifierName = classifier
        options.tfidf.minDF = 1
        options.compression = compression
        return try ModelTrainer.train(documents, options: options)
    }

    @Test(arguments: ["logistic-regression", "linear-svm"])
    func aCompressedModelIsSmallerReadsFewerTermsAndStillClassifies(classifier: String) throws {
        let full = try Self.model(classifier, compression: .none)
        let small = try full.compressed(LinearCompression(pruneFraction: 0.2, quantize: true))
        #expect(small.featureCount < full.featureCount)
        #expect(try ModelFile.encode(small).count * 2 < ModelFile.encode(full).count)
        let agree = zip(full.predict(Self.documents), small.predict(Self.documents)).filter { $0.labels == $1.labels }.count
        #expect(agree >= Self.documents.count * 9 / 10, "\(agree) of \(Self.documents.count)")
    }

    @Test func aCompressedModelPredictsTheSameAfterSavingAndTrainingCompressesAsCompressDoes() throws {
        let compression = LinearCompression(pruneFraction: 0.2, quantize: true)
        let small = try Self.model().compressed(compression)
        let bytes = try ModelFile.encode(small)
        #expect(bytes[8] == UInt8(ModelFile.formatVersion))
        let loaded = try ModelFile.decode(bytes, path: "small.classify")
        #expect(loaded.predict(Self.documents) == small.predict(Self.documents))
        #expect(try ModelFile.encode(loaded) == bytes, "saving again gives the same bytes")
        #expect(try ModelFile.encode(try Self.model(compression: .given(compression))) == bytes)
    }

    @Test(arguments: ["logistic-regression", "linear-svm"])
    func compressingACompressedModelAgainChangesNothing(classifier: String) throws {
        let compression = LinearCompression(pruneFraction: 0.2, quantize: true)
        let once = try Self.model(classifier).compressed(compression)
        #expect(try ModelFile.encode(try once.compressed(compression)) == ModelFile.encode(once))
    }

    @Test func keepingAllTermsKeepsTheVocabulary() throws {
        let full = try Self.model()
        let small = try full.compressed(LinearCompression(pruneFraction: 0.2, dropUnusedTerms: false))
        #expect(small.featureCount == full.featureCount)
    }

    @Test func trainingCompressesAsTheClassifierRecommendsUnlessToldOtherwise() throws {
        let full = try Self.model()
        let recommended = try #require(LogisticRegression.recommendedCompression(multiLabel: full.isMultiLabel))
        let byDefault = try Self.model(compression: .recommended)
        #expect(try ModelFile.encode(byDefault) == ModelFile.encode(try full.compressed(recommended)))
        #expect(try Self.model("multinomial-nb", compression: .recommended).featureCount == Self.model("multinomial-nb").featureCount)
    }

    @Test func theRecommendationFollowsTheKindOfLabelsAndTakesChanges() throws {
        #expect(LogisticRegression.recommendedCompression(multiLabel: false)?.pruneFraction == 0.03)
        #expect(LogisticRegression.recommendedCompression(multiLabel: true)?.pruneFraction == 0.01)
        #expect(LinearSVM.recommendedCompression(multiLabel: false)?.pruneFraction == 0.01)
        for multiLabel in [false, true] {
            let recommended = try #require(LogisticRegression.recommendedCompression(multiLabel: multiLabel))
            #expect(try CompressionChoice.recommended.resolved(LogisticRegression.self, multiLabel: multiLabel) == recommended)
            var unquantised = recommended
            unquantised.quantize = false
            unquantised.dropUnusedTerms = false
            #expect(
                try CompressionChoice.recommendedWith(quantize: false, dropUnusedTerms: false).resolved(LogisticRegression.self, multiLabel: multiLabel)
                    == unquantised)
        }
        #expect(try CompressionChoice.recommended.resolved(MultinomialNaiveBayes.self, multiLabel: false) == nil)
        #expect(throws: ClassifierError.self) {
            try CompressionChoice.recommendedWith(quantize: true, dropUnusedTerms: true).resolved(MultinomialNaiveBayes.self, multiLabel: false)
        }
    }

    @Test func classifiersThatCannotCompressSayWhichCan() throws {
        let message = errorText { _ = try Self.model("multinomial-nb").compressed(LinearCompression(pruneFraction: 0.1)) }
        #expect(message == "multinomial-nb models cannot be compressed; compress a model of a classifier that can (logistic-regression, linear-svm)")
        let training = errorText { _ = try Self.model("complement-nb", compression: .given(LinearCompression(pruneFraction: 0.1))) }
        #expect(training?.hasPrefix("complement-nb models cannot be compressed (--prune, --quantize)") == true)
        #expect(training?.contains("train one that can (logistic-regression, linear-svm)") == true)
    }

    @Test func theClassifiersNamedInMessagesComeFromTheRegistry() {
        let builtIn = ClassifierRegistry.builtIn
        #expect(builtIn.compressibleNames == "logistic-regression, linear-svm")
        #expect(builtIn.partialAnnotationNames == "logistic-regression, linear-svm")
        #expect(builtIn.averagingMergeableNames == "logistic-regression, linear-svm")
        let naiveBayesOnly = ClassifierRegistry(types: [MultinomialNaiveBayes.self], defaultName: MultinomialNaiveBayes.name)
        #expect(naiveBayesOnly.compressibleNames == "none is registered")
        let message = errorText {
            _ = try Self.model("multinomial-nb").compressed(LinearCompression(pruneFraction: 0.1), registry: naiveBayesOnly)
        }
        #expect(message == "multinomial-nb models cannot be compressed; compress a model of a classifier that can (none is registered)")
    }
}
