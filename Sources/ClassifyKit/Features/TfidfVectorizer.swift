import Foundation

/// Turns texts into L2-normalised TF-IDF vectors over a vocabulary learnt from training texts.
///
/// Fitting keeps terms by document frequency (`minDF`, `maxDF`) and corpus count (`maxFeatures`),
/// then numbers them in byte order, so the same corpus and options always give the same feature ids.
public struct TfidfVectorizer: Sendable {
    /// The settings used.
    public let options: TfidfOptions
    /// Term bytes → feature id: the table, built when first asked for if the vectorizer was read
    /// from a model file (see `terms`).
    public var vocabulary: TermTable { terms.table }
    /// The vocabulary, as given or as read from a model file (table built when first needed).
    public let terms: LazyTermTable
    /// Inverse document frequency of each feature.
    public let idf: [Float]

    /// The number of features.
    public var featureCount: Int { terms.count }

    /// Whether any feature is a title term (`title:…`). A model without one computes the same
    /// features whether or not its options ask for title terms.
    public var hasTitleTerms: Bool {
        guard options.titleTerms else { return false }
        let prefix = TermEnumerator.titlePrefix
        let vocabulary = self.vocabulary
        return (0..<vocabulary.count).contains { id in
            vocabulary.withBytes(of: id) { $0.starts(with: prefix) }
        }
    }

    /// Features `0..<charBlockEnd` are character n-grams (their `#` prefix sorts first), weighted
    /// as a block of their own; 0 when there are none.
    public let charBlockEnd: Int

    /// A vectorizer from stored parts (a model file).
    public init(options: TfidfOptions, vocabulary: TermTable, idf: [Float]) {
        self.options = options
        terms = LazyTermTable(vocabulary)
        self.idf = idf
        var end = 0
        if options.charNgrams {
            while end < vocabulary.count, vocabulary.withBytes(of: end, { $0.first == TermEnumerator.charPrefix }) { end += 1 }
        }
        charBlockEnd = end
    }

    /// A vectorizer from stored parts whose vocabulary is a sorted index (a model file's
    /// front-coded terms), its table built when first needed. `index` must have counted its
    /// leading run of `TermEnumerator.charPrefix` terms when `options.charNgrams` is set.
    public init(options: TfidfOptions, sortedTerms index: SortedTermIndex, idf: [Float]) {
        self.options = options
        terms = LazyTermTable(index)
        self.idf = idf
        charBlockEnd = options.charNgrams ? index.leadingRun : 0
    }

    /// The leading byte a sorted index of this vectorizer's terms should count (`SortedTermIndex`'s
    /// `leadingRun`): that of character n-grams, when there are some.
    public static func leadingByte(_ options: TfidfOptions) -> UInt8? {
        options.charNgrams ? TermEnumerator.charPrefix : nil
    }

    /// This vectorizer with only the features in `kept` (ascending), renumbered `0..<kept.count`:
    /// a document's vector over the kept terms, normalised over them alone.
    public func keepingFeatures(_ kept: [Int]) -> TfidfVectorizer {
        var table = TermTable(minimumCapacity: kept.count)
        let vocabulary = self.vocabulary
        for id in kept { _ = vocabulary.withBytes(of: id) { table.insert($0) } }
        return TfidfVectorizer(options: options, vocabulary: table, idf: kept.map { idf[$0] })
    }

    private var enumerator: TermEnumerator {
        TermEnumerator(options: options)
    }

    /// Learns the vocabulary and idf from `documents` and returns the vectorizer with the training matrix.
    public static func fit(_ documents: [Document], options: TfidfOptions) throws -> (TfidfVectorizer, SparseMatrix) {
        try fit(documents, options: options, chunks: documents.count >= parallelDocuments ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1)
    }

    /// `fit` on untitled texts (a title, if any, is found in each text).
    public static func fit(_ texts: [String], options: TfidfOptions) throws -> (TfidfVectorizer, SparseMatrix) {
        try fit(texts.map { Document(id: "", text: $0) }, options: options)
    }

    /// No IDF reaches this: `1 + ln(1 + documents)` for four billion documents is about 23.
    public static let largestIDF: Float = 64

    /// Batches of at least this many documents are split over the cores.
    static let parallelDocuments = 2000

    /// `fit` with the first pass split into `chunks` runs of documents (any count gives the same result).
    static func fit(_ documents: [Document], options: TfidfOptions, chunks chunkCount: Int) throws -> (TfidfVectorizer, SparseMatrix) {
        try options.validate()
        let chunkSize = (documents.count + chunkCount - 1) / max(chunkCount, 1)
        guard options.exactTerms else {
            let empty = CountedCorpus(table: TermTable(), rowOffsets: [0], ids: [], counts: [], documentFrequency: [], corpusCount: [])
            let vectorizer = learn([], from: empty, options: options, documents: documents.count).0
            return (vectorizer, SparseMatrix(columnCount: 0, rowOffsets: [Int](repeating: 0, count: documents.count + 1), columnIndices: [], values: []))
        }
        let counted = countCorpus(documents, enumerator: TermEnumerator(options: options), chunkCount: chunkCount, chunkSize: chunkSize)
        let kept = try selectTerms(counted, options: options, documents: documents.count)
        let (vectorizer, finalId) = learn(kept, from: counted, options: options, documents: documents.count)
        let matrix = vectorizer.trainingMatrix(counted, finalId: finalId, chunkCount: chunkCount, chunkSize: chunkSize)
        return (vectorizer, matrix)
    }

    /// Every document's terms counted once: the terms of the whole corpus, each document's
    /// (provisional term id, count) runs, and each term's document frequency and corpus count.
    struct CountedCorpus {
        var table: TermTable
        var rowOffsets: [Int]
        var ids: [Int32]
        var counts: [Int32]
        var documentFrequency: [Int32]
        var corpusCount: [Int64]
    }

    /// Pass 1, in parallel over contiguous chunks of documents: each chunk numbers its terms in
    /// order of first appearance and records per-document (term, count) runs. The chunks' tables
    /// are then merged in document order, so the result does not depend on the number of chunks
    /// (final ids are by term bytes anyway).
    static func countCorpus(_ documents: [Document], enumerator: TermEnumerator, chunkCount: Int, chunkSize: Int) -> CountedCorpus {
        var chunks = ParallelMap.map(0..<chunkCount) { c in
            countTerms(documents[min(documents.count, c * chunkSize)..<min(documents.count, (c + 1) * chunkSize)], enumerator: enumerator)
        }
        var table: TermTable
        var rowOffsets: [Int]
        var ids: [Int32]
        var counts: [Int32]
        if chunks.count == 1 {
            let only = chunks.removeLast()
            (table, rowOffsets, ids, counts) = (only.table, only.rowOffsets, only.ids, only.counts)
        } else {
            table = TermTable(minimumCapacity: 1 << 16)
            let entries = chunks.reduce(0) { $0 + $1.ids.count }
            rowOffsets = [0]
            rowOffsets.reserveCapacity(documents.count + 1)
            ids = []
            ids.reserveCapacity(entries)
            counts = []
            counts.reserveCapacity(entries)
            for c in chunks.indices {
                // Each chunk's table and runs are freed once merged, not kept until all are.
                let chunk = chunks[c]
                chunks[c] = TermCounts(table: TermTable(minimumCapacity: 0))
                var map = [Int32](repeating: 0, count: chunk.table.count)
                for local in 0..<chunk.table.count { map[local] = chunk.table.withBytes(of: local) { table.insert($0) } }
                let base = ids.count
                ids.append(contentsOf: chunk.ids.lazy.map { map[Int($0)] })
                counts.append(contentsOf: chunk.counts)
                rowOffsets.append(contentsOf: chunk.rowOffsets.dropFirst().lazy.map { $0 + base })
            }
        }
        var documentFrequency = [Int32](repeating: 0, count: table.count)
        var corpusCount = [Int64](repeating: 0, count: table.count)
        for k in 0..<ids.count {
            let id = Int(ids[k])
            documentFrequency[id] += 1
            corpusCount[id] += Int64(counts[k])
        }
        return CountedCorpus(
            table: table, rowOffsets: rowOffsets, ids: ids, counts: counts, documentFrequency: documentFrequency,
            corpusCount: corpusCount)
    }

    /// The provisional ids of the terms kept by `minDF`, `maxDF` and `maxFeatures`, in byte order.
    /// Character n-grams are a block of their own: only min-df applies to them (as a separate
    /// scikit-learn vectorizer), so max-df and max-features select among the words alone.
    static func selectTerms(_ counted: CountedCorpus, options: TfidfOptions, documents: Int) throws -> [Int] {
        let n = Double(documents)
        let table = counted.table
        let minCount = options.minDF >= 1 ? options.minDF : (options.minDF * n).rounded(.up)
        let maxCount = options.maxDF <= 1 ? (options.maxDF * n).rounded(.down) : options.maxDF
        let isCharNgram = { (id: Int) in options.charNgrams && table.withBytes(of: id) { $0.first == TermEnumerator.charPrefix } }
        guard options.exactTerms else { return [] }
        var kept = (0..<table.count).filter {
            let df = Double(counted.documentFrequency[$0])
            return df >= minCount && (df <= maxCount || isCharNgram($0))
        }
        if let maxFeatures = options.maxFeatures {
            let characters = kept.filter(isCharNgram)
            var words = kept.filter { !isCharNgram($0) }
            if words.count > maxFeatures {
                words.sort { a, b in
                    counted.corpusCount[a] != counted.corpusCount[b] ? counted.corpusCount[a] > counted.corpusCount[b] : table.precedes(a, b)
                }
                words.removeLast(words.count - maxFeatures)
            }
            kept = characters + words
        }
        kept.sort { table.precedes($0, $1) }
        if kept.isEmpty {
            throw FeatureError(
                "no term is left after --min-df \(TfidfOptions.format(options.minDF)) and --max-df \(TfidfOptions.format(options.maxDF)) on \(documents) documents; lower --min-df")
        }
        return kept
    }

    /// The vectorizer of the `kept` terms (numbered in that order, with their idf), and the map
    /// from provisional ids to final ones (-1 for terms not kept).
    static func learn(_ kept: [Int], from counted: CountedCorpus, options: TfidfOptions, documents: Int) -> (TfidfVectorizer, [Int32]) {
        let n = Double(documents)
        var finalId = [Int32](repeating: -1, count: counted.table.count)
        var vocabulary = TermTable(minimumCapacity: kept.count)
        var idf = [Float](repeating: 1, count: kept.count)
        for (newId, oldId) in kept.enumerated() {
            finalId[oldId] = Int32(newId)
            counted.table.withBytes(of: oldId) { _ = vocabulary.insert($0) }
            let df = Double(counted.documentFrequency[oldId])
            if options.useIDF {
                idf[newId] = Float(options.smoothIDF ? log((1 + n) / (1 + df)) + 1 : log(n / df) + 1)
            }
        }
        return (TfidfVectorizer(options: options, vocabulary: vocabulary, idf: idf), finalId)
    }

    /// Pass 2: the training matrix from the stored counts (no second tokenization), its rows in
    /// the same chunks as pass 1, joined in order.
    func trainingMatrix(_ counted: CountedCorpus, finalId: [Int32], chunkCount: Int, chunkSize: Int) -> SparseMatrix {
        let documents = counted.rowOffsets.count - 1
        let parts = ParallelMap.map(0..<chunkCount) { c -> SparseMatrix in
            let rows = min(documents, c * chunkSize)..<min(documents, (c + 1) * chunkSize)
            var part = SparseMatrix(columnCount: featureCount)
            guard !rows.isEmpty else { return part }
            let entries = counted.rowOffsets[rows.upperBound] - counted.rowOffsets[rows.lowerBound]
            part.columnIndices.reserveCapacity(entries)
            part.values.reserveCapacity(entries)
            var pairs: [UInt64] = []
            for row in rows {
                pairs.removeAll(keepingCapacity: true)
                for k in counted.rowOffsets[row]..<counted.rowOffsets[row + 1] {
                    let column = finalId[Int(counted.ids[k])]
                    if column >= 0 { pairs.append(Self.pack(column, counted.counts[k])) }
                }
                pairs.sort()
                appendWeightedRow(pairs, to: &part)
            }
            return part
        }
        var matrix = parts[0]
        for part in parts.dropFirst() { matrix.appendRows(of: part) }
        return matrix
    }

    /// Term statistics gathered one document at a time (for training that does not hold the
    /// corpus): every term with its document frequency and corpus count.
    public struct TermStatistics {
        var table = TermTable(minimumCapacity: 1 << 15)
        var documentFrequency: [Int32] = []
        var corpusCount: [Int64] = []
        /// The last document that used each term.
        var lastSeen: [Int32] = []
        /// The documents added.
        public internal(set) var documents = 0
        /// The distinct terms counted.
        public var termCount: Int { table.count }
        let enumerator: TermEnumerator
        /// Whether terms are counted (`TfidfOptions.exactTerms`).
        let countsTerms: Bool

        public init(options: TfidfOptions) {
            enumerator = TermEnumerator(options: options)
            countsTerms = options.exactTerms
        }

        /// Counts the terms of `document`.
        public mutating func add(_ document: Document) {
            let current = Int32(truncatingIfNeeded: documents)
            documents += 1
            guard countsTerms else { return }
            var text = document.featureText
            text.withUTF8 { bytes in
                enumerator.forEachTerm(in: bytes, knownTitle: document.featureTitleRange) { term in
                    let id = Int(table.insert(term))
                    if id == lastSeen.count {
                        lastSeen.append(-1)
                        documentFrequency.append(0)
                        corpusCount.append(0)
                    }
                    if lastSeen[id] != current {
                        lastSeen[id] = current
                        documentFrequency[id] += 1
                    }
                    corpusCount[id] += 1
                }
            }
        }
    }

    /// The vectorizer learnt from `statistics` (the same as `fit` on the same documents).
    public static func learn(_ statistics: TermStatistics, options: TfidfOptions) throws -> TfidfVectorizer {
        try options.validate()
        let counted = CountedCorpus(
            table: statistics.table, rowOffsets: [0], ids: [], counts: [], documentFrequency: statistics.documentFrequency,
            corpusCount: statistics.corpusCount)
        let kept = try selectTerms(counted, options: options, documents: statistics.documents)
        return learn(kept, from: counted, options: options, documents: statistics.documents).0
    }

    /// Pass 1 of fitting on a run of documents: local term ids in order of first appearance, and
    /// each document's (id, count) runs in order of first appearance within it. No token is sorted:
    /// `lastSeen` marks the document that last used each term, `slot` where its count is.
    struct TermCounts {
        var table = TermTable(minimumCapacity: 1 << 15)
        var rowOffsets: [Int] = [0]
        var ids: [Int32] = []
        var counts: [Int32] = []
    }

    static func countTerms(_ documents: ArraySlice<Document>, enumerator: TermEnumerator) -> TermCounts {
        var result = TermCounts()
        var lastSeen: [Int32] = []
        var slot: [Int32] = []
        for (index, source) in documents.enumerated() {
            let document = Int32(index)
            var text = source.featureText
            text.withUTF8 { bytes in
                enumerator.forEachTerm(in: bytes, knownTitle: source.featureTitleRange) { term in
                    let id = Int(result.table.insert(term))
                    if id == lastSeen.count {
                        lastSeen.append(-1)
                        slot.append(0)
                    }
                    if lastSeen[id] != document {
                        lastSeen[id] = document
                        slot[id] = Int32(result.ids.count)
                        result.ids.append(Int32(id))
                        result.counts.append(1)
                    } else {
                        result.counts[Int(slot[id])] += 1
                    }
                }
            }
            result.rowOffsets.append(result.ids.count)
        }
        return result
    }

    /// `(column, count)` as one integer that sorts by column.
    @inline(__always)
    static func pack(_ column: Int32, _ count: Int32) -> UInt64 { UInt64(UInt32(column)) << 32 | UInt64(UInt32(count)) }

    /// Weights sorted packed `(column, count)` pairs and appends them as one row. With character
    /// n-grams, the row is two blocks (character n-grams, then words), each normalised on its own
    /// and then the two together, as scikit-learn's `normalize(hstack([chars, words]))` of two
    /// normalised blocks (with `--norm none` neither is scaled).
    func appendWeightedRow(_ pairs: [UInt64], to matrix: inout SparseMatrix) {
        let start = matrix.values.count
        var squares: (Float, Float) = (0, 0)
        var absolute: (Float, Float) = (0, 0)
        var split = start  // where the word block starts in the row
        let blockEnd = Int32(charBlockEnd)
        for pair in pairs {
            let column = Int32(truncatingIfNeeded: pair >> 32)
            let count = Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF)
            let tf = options.sublinearTF ? 1 + logf(Float(count)) : Float(count)
            let weight = tf * idf[Int(column)]
            matrix.columnIndices.append(column)
            matrix.values.append(weight)
            if column < blockEnd {
                squares.0 += weight * weight
                absolute.0 += abs(weight)
                split = matrix.values.count
            } else {
                squares.1 += weight * weight
                absolute.1 += abs(weight)
            }
        }
        func scale(_ squares: Float, _ absolute: Float) -> Float {
            switch options.norm {
            case .l2: squares > 0 ? 1 / squares.squareRoot() : 1
            case .l1: absolute > 0 ? 1 / absolute : 1
            case .none: 1
            }
        }
        if blockEnd == 0 {
            let factor = scale(squares.1, absolute.1)
            if factor != 1 {
                for k in start..<matrix.values.count { matrix.values[k] *= factor }
            }
        } else {
            // Each non-empty block to unit norm, then the row: 1/√2 (l2) or 1/2 (l1) with both.
            let both = split > start && split < matrix.values.count
            let together: Float = both ? (options.norm == .l2 ? 1 / Float(2).squareRoot() : (options.norm == .l1 ? 0.5 : 1)) : 1
            let first = scale(squares.0, absolute.0) * together
            let second = scale(squares.1, absolute.1) * together
            for k in start..<split { matrix.values[k] *= first }
            for k in split..<matrix.values.count { matrix.values[k] *= second }
        }
        matrix.rowOffsets.append(matrix.values.count)
    }

    /// Reusable per-thread buffers for batch transforms: a count per feature (all zero between
    /// documents) and the features the current document touched.
    struct Scratch {
        var counts: [Int32]
        var touched: [Int32] = []
        var pairs: [UInt64] = []
        /// Terms looked up a batch at a time.
        let pending = PendingTerms()
    }

    /// Appends the vector of `document` to `matrix`, counting terms in `scratch` instead of sorting
    /// every token (only the distinct terms are sorted).
    func transform(_ document: Document, appendingTo matrix: inout SparseMatrix, scratch: inout Scratch) {
        guard options.exactTerms else { return matrix.rowOffsets.append(matrix.values.count) }
        var text = document.featureText
        let title = document.featureTitleRange
        let enumerator = self.enumerator
        scratch.touched.removeAll(keepingCapacity: true)
        let pending = scratch.pending
        vocabulary.withLookup { table in
            text.withUTF8 { bytes in
                scratch.counts.withUnsafeMutableBufferPointer { counts in
                    func tally(_ id: Int32?) {
                        guard let id else { return }
                        if counts[Int(id)] == 0 { scratch.touched.append(id) }
                        counts[Int(id)] += 1
                    }
                    enumerator.forEachTerm(in: bytes, knownTitle: title) { term in
                        if pending.add(term, in: table) { return }
                        pending.resolve(in: table, tally)
                        if !pending.add(term, in: table) { tally(table.id(of: term)) }
                    }
                    pending.resolve(in: table, tally)
                }
            }
        }
        scratch.touched.sort()
        scratch.pairs.removeAll(keepingCapacity: true)
        for id in scratch.touched {
            scratch.pairs.append(Self.pack(id, scratch.counts[Int(id)]))
            scratch.counts[Int(id)] = 0
        }
        appendWeightedRow(scratch.pairs, to: &matrix)
    }

    /// Appends the vector of untitled `text` to `matrix` as a new row.
    public func transform(_ text: String, appendingTo matrix: inout SparseMatrix) {
        transform(Document(id: "", text: text), appendingTo: &matrix)
    }

    /// Appends the vector of `document` to `matrix` as a new row. Terms not in the vocabulary are
    /// ignored. Looks terms up in the sorted index of a vocabulary read from a model file while
    /// its table is not built and few documents have been (`LazyTermTable`).
    public func transform(_ document: Document, appendingTo matrix: inout SparseMatrix) {
        guard options.exactTerms else { return matrix.rowOffsets.append(matrix.values.count) }
        if let index = terms.indexForLookups(documents: 1) {
            transform(document, appendingTo: &matrix, lookup: index)
        } else {
            vocabulary.withLookup { transform(document, appendingTo: &matrix, lookup: $0) }
        }
    }

    /// Appends the vector of `document` to `matrix`, its terms' ids found by `lookup`.
    private func transform<Lookup: TermIDLookup>(_ document: Document, appendingTo matrix: inout SparseMatrix, lookup: Lookup) {
        var ids: [Int32] = []
        var text = document.featureText
        let title = document.featureTitleRange
        let enumerator = self.enumerator
        text.withUTF8 { bytes in
            enumerator.forEachTerm(in: bytes, knownTitle: title) { term in
                if let id = lookup.id(of: term) { ids.append(id) }
            }
        }
        ids.sort()
        var pairs: [UInt64] = []
        pairs.reserveCapacity(ids.count)
        var i = 0
        while i < ids.count {
            var j = i + 1
            while j < ids.count && ids[j] == ids[i] { j += 1 }
            pairs.append(Self.pack(ids[i], Int32(j - i)))
            i = j
        }
        appendWeightedRow(pairs, to: &matrix)
    }

    /// The matrix of untitled `texts`, one row each.
    public func transform(_ texts: [String]) -> SparseMatrix {
        transform(texts.map { Document(id: "", text: $0) })
    }

    /// The matrix of `documents`, one row each. Uses both cores on large batches; the result does
    /// not depend on the number of threads.
    public func transform(_ documents: [Document]) -> SparseMatrix {
        let chunkCount = documents.count >= Self.parallelDocuments ? ProcessInfo.processInfo.activeProcessorCount : 1
        if chunkCount <= 1 {
            var matrix = SparseMatrix(columnCount: featureCount)
            if documents.count >= 64 {
                var scratch = Scratch(counts: [Int32](repeating: 0, count: featureCount))
                for document in documents { transform(document, appendingTo: &matrix, scratch: &scratch) }
            } else {
                for document in documents { transform(document, appendingTo: &matrix) }
            }
            return matrix
        }
        let chunkSize = (documents.count + chunkCount - 1) / chunkCount
        let parts = ParallelMap.map(0..<chunkCount) { chunk -> SparseMatrix in
            var matrix = SparseMatrix(columnCount: featureCount)
            var scratch = Scratch(counts: [Int32](repeating: 0, count: featureCount))
            let range = (chunk * chunkSize)..<min(documents.count, (chunk + 1) * chunkSize)
            for i in range { transform(documents[i], appendingTo: &matrix, scratch: &scratch) }
            return matrix
        }
        var matrix = parts[0]
        for part in parts.dropFirst() { matrix.appendRows(of: part) }
        return matrix
    }
}
