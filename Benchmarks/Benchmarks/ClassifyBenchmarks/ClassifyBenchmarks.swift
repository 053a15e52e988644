import Benchmark
import ClassifyKit
import Foundation

/// The corpus benchmarks read: `$CLASSIFY_CORPORA/20newsgroups` or `../../shared/corpora/20newsgroups`
/// beside the checkout.
private let corpusFolder: String = {
    let root = ProcessInfo.processInfo.environment["CLASSIFY_CORPORA"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpora").path
    return root + "/20newsgroups"
}()

private func load(_ name: String) -> [Document] {
    (try? CorpusReader(requireLabels: true).readAll([corpusFolder + "/" + name]).documents) ?? []
}

let benchmarks: @Sendable () -> Void = {
    setenv("OPENBLAS_NUM_THREADS", "1", 1)
    let train = load("train.jsonl")
    let test = load("test.jsonl")
    guard !train.isEmpty, !test.isEmpty else {
        print("20 Newsgroups not found at \(corpusFolder); set CLASSIFY_CORPORA")
        return
    }
    let texts = train.map(\.text)
    let bytes = texts.reduce(0) { $0 + $1.utf8.count }
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(5), maxIterations: 20)

    Benchmark("Tokenizer (20NG train, \(bytes / 1_000_000) MB)", configuration: configuration) { benchmark in
        let tokenizer = Tokenizer()
        var tokens = 0
        for _ in benchmark.scaledIterations {
            for var text in texts {
                text.withUTF8 { tokenizer.forEachToken(in: $0) { _ in tokens += 1 } }
            }
        }
        blackHole(tokens)
    }

    var nbOptions = TrainingOptions()
    nbOptions.classifierName = "complement-nb"
    let nbModel = try! ModelTrainer.train(train, options: nbOptions)
    Benchmark("TF-IDF transform (20NG test, 7532 docs)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(nbModel.vectorizer.transform(test.map(\.text))) }
    }

    Benchmark("Naive Bayes train (20NG: vectorise + fit)", configuration: configuration) { benchmark in
        var options = TrainingOptions()
        options.classifierName = "complement-nb"
        for _ in benchmark.scaledIterations { blackHole(try! ModelTrainer.train(train, options: options)) }
    }

    var lrOptions = TrainingOptions()
    lrOptions.classifierName = LogisticRegression.name
    lrOptions.tfidf = LogisticRegression.recommendedFeatures
    lrOptions.classifierOptions = ["l2": "1e-5", "nb-weight": "0", "epochs": "1", "tol": "0"]
    Benchmark("Logistic regression, one epoch (20NG 1-2 grams, with vectorising)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! ModelTrainer.train(train, options: lrOptions)) }
    }

    // The test document of median length.
    let single = test.map(\.text).sorted { $0.utf8.count < $1.utf8.count }[test.count / 2]
    Benchmark("Single-document predict (complement-nb)", configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3))) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(nbModel.predict([single])) }
    }

    let modelBytes = try! ModelFile.encode(nbModel)
    Benchmark("Model load (complement-nb, \(modelBytes.count / 1_000_000) MB)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! ModelFile.decode(modelBytes, path: "bench")) }
    }
}
