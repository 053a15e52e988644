import Testing
@testable import ClassifyKit

@Suite struct PendingTermsTests {
    /// Looked up in batches (full ones, one cut short by a term too long for the batch's bytes,
    /// and a last partial one), every term gets the id it gets alone, in the order given.
    @Test func batchedLookupsGiveTheIdsOfSingleLookupsInOrder() {
        let known = (0..<500).map { "term\($0)" } + [String(repeating: "k", count: 700)]
        let table = TermTable(terms: known)
        var queries = (0..<90).map { $0 % 3 == 0 ? "absent\($0)" : "term\($0 * 5)" }
        queries.insert(String(repeating: "k", count: 700), at: 20)
        queries.insert(String(repeating: "z", count: PendingTerms.byteCapacity + 1), at: 50)
        queries.insert(String(repeating: "k", count: 700), at: 60)
        queries.insert("", at: 70)
        let pending = PendingTerms()
        var batched: [Int32?] = []
        table.withLookup { lookup in
            for query in queries {
                var query = query
                query.withUTF8 { term in
                    if pending.add(term, in: lookup) { return }
                    pending.resolve(in: lookup) { batched.append($0) }
                    if !pending.add(term, in: lookup) { batched.append(lookup.id(of: term)) }
                }
            }
            pending.resolve(in: lookup) { batched.append($0) }
        }
        #expect(pending.count == 0)
        let single = queries.map { query -> Int32? in
            var query = query
            return query.withUTF8 { table.id(of: $0) }
        }
        #expect(batched.count == queries.count)
        #expect(batched == single)
        #expect(single.contains { $0 == nil } && single.contains { $0 == Int32(known.count - 1) })
    }

    /// Long documents fill many batches: a batch of documents (counted into reused buffers) and
    /// each document alone give the same rows.
    @Test func longDocumentsTransformAlikeInABatchAndAlone() throws {
        let words = (0..<300).map { "w\($0)" }
        let documents = (0..<80).map { i in
            Document(id: "\(i)", text: "Title \(i % 7)\n" + (0..<(40 + i * 3)).map { words[($0 * (i + 1)) % words.count] }.joined(separator: " ")
                + (i % 10 == 0 ? " " + String(repeating: "y", count: PendingTerms.byteCapacity + 5) : ""))
        }
        var options = TfidfOptions()
        options.minDF = 1
        options.ngramMax = 2
        options.titleTerms = true
        let (vectorizer, matrix) = try TfidfVectorizer.fit(documents, options: options)
        #expect(documents.count >= LazyTermTable.indexedDocumentLimit, "the batch path counts into reused buffers")
        #expect(vectorizer.transform(documents) == matrix)
        var alone = SparseMatrix(columnCount: vectorizer.featureCount)
        for document in documents { vectorizer.transform(document, appendingTo: &alone) }
        #expect(alone == matrix)
    }
}
