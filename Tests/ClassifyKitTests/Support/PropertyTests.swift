import Foundation
import Testing
@testable import ClassifyKit

/// Invariants checked on many random inputs drawn from a seeded generator (so a failure names its
/// case and reproduces): what is written reads back the same, and TF-IDF rows are unit length.
@Suite struct PropertyTests {
    static let words = ["army", "vote", "goal", "bank", "rates", "troops", "match", "law", "é", "東京", "a\"b", "x\\y", "tab\there"]

    /// A random document: a few random words, sometimes a title, one to three labels.
    static func document(_ index: Int, _ generator: inout SeededGenerator) -> Document {
        let text = (0..<(1 + generator.next(below: 12))).map { _ in words[generator.next(below: words.count)] }.joined(separator: " ")
        let title = generator.next(below: 3) == 0 ? words[generator.next(below: words.count)] + " news" : nil
        let labels = Array(Set((0..<(1 + generator.next(below: 3))).map { _ in "L\(generator.next(below: 4))" })).sorted()
        return Document(id: "d\(index)-\(generator.next(below: 1000))", text: text, title: title, labels: labels)
    }

    @Test(arguments: 0..<40)
    func modelsReadBackAsWritten(seed: Int) throws {
        var generator = SeededGenerator(seed: UInt64(seed))
        var documents = (0..<(8 + generator.next(below: 20))).map { Self.document($0, &generator) }
        documents[0].labels = ["L0"]
        documents[1].labels = ["L1"]
        var options = TrainingOptions()
        options.classifierName = ["multinomial-nb", "complement-nb", "logistic-regression", "linear-svm"][seed % 4]
        options.tfidf.minDF = 1
        options.tfidf.ngramMax = 1 + generator.next(below: 2)
        options.tfidf.titleTerms = generator.next(below: 2) == 0
        if seed % 5 == 0 {
            options.tfidf.exactTerms = false
            options.featureBlocks = [HashedTerms.choice(bits: 6, matching: options.tfidf)]
        }
        options.seed = UInt64(seed)
        let model = try ModelTrainer.train(documents, options: options)
        let bytes = try ModelFile.encode(model)
        let restored = try ModelFile.decode(bytes, path: "seed \(seed)")
        #expect(try ModelFile.encode(restored) == bytes, "seed \(seed)")
        #expect(restored.predict(documents) == model.predict(documents), "seed \(seed)")
    }

    @Test(arguments: 0..<40)
    func jsonLinesReadBackAsWritten(seed: Int) throws {
        var generator = SeededGenerator(seed: UInt64(seed) &+ 1000)
        let documents = (0..<(1 + generator.next(below: 30))).map { Self.document($0, &generator) }
        let lines = try documents.map { document -> String in
            var object: [String: Any] = ["id": document.id, "text": document.text, "labels": document.labels]
            if let title = document.title { object["title"] = title }
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        var read: [Document] = []
        var position = CorpusReader.ParsePosition()
        try CorpusReader(requireLabels: true).parse(
            bytes: Array((lines.joined(separator: "\n") + "\n").utf8), path: "p", id: "p", format: .jsonl, position: &position
        ) { read.append($0) }
        #expect(read.map(\.id) == documents.map(\.id), "seed \(seed)")
        #expect(read.map(\.text) == documents.map(\.text), "seed \(seed)")
        #expect(read.map(\.title) == documents.map(\.title), "seed \(seed)")
        #expect(read.map(\.labels) == documents.map(\.labels), "seed \(seed)")
    }

    @Test(arguments: 0..<40)
    func sparseRowsAndTFIDFNormsHold(seed: Int) throws {
        var generator = SeededGenerator(seed: UInt64(seed) &+ 2000)
        let documents = (0..<(2 + generator.next(below: 30))).map { Self.document($0, &generator) }
        var options = TfidfOptions()
        options.minDF = 1
        options.ngramMax = 1 + generator.next(below: 3)
        let (vectorizer, matrix) = try TfidfVectorizer.fit(documents, options: options)
        #expect(matrix.rowCount == documents.count && matrix.rowOffsets.first == 0 && matrix.rowOffsets.last == matrix.nonZeroCount)
        for row in 0..<matrix.rowCount {
            let entries = matrix.entries(ofRow: row)
            let columns = Array(matrix.columnIndices[entries])
            #expect(columns == columns.sorted() && Set(columns).count == columns.count, "seed \(seed) row \(row)")
            #expect(columns.allSatisfy { $0 >= 0 && Int($0) < matrix.columnCount })
            let norm = matrix.values[entries].reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            #expect(entries.isEmpty || abs(norm - 1) < 1e-5, "seed \(seed) row \(row): norm \(norm)")
        }
        #expect(vectorizer.transform(documents) == matrix, "seed \(seed)")
        let order = (0..<matrix.rowCount).shuffled(using: &generator)
        let picked = matrix.rows(order)
        for (i, row) in order.enumerated() {
            #expect(picked.columnIndices[picked.entries(ofRow: i)] == matrix.columnIndices[matrix.entries(ofRow: row)])
        }
        var joined = matrix.rows(0..<(matrix.rowCount / 2))
        joined.appendRows(of: matrix.rows((matrix.rowCount / 2)..<matrix.rowCount))
        #expect(joined == matrix, "seed \(seed)")
    }
}
