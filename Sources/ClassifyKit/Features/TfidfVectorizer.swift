import Foundation

/// Turns texts into L2-normalised TF-IDF vectors over a vocabulary learnt from training texts.
///
/// Fitting keeps terms by document frequency (`minDF`, `maxDF`) and corpus count (`maxFeatures`),
/// then numbers them in byte order, so the same corpus and options always give the same feature ids.
public struct TfidfVectorizer: Sendable {
    /// The settings used.
    public let options: TfidfOptions
    /// Term bytes → feature id.
    public let vocabulary: TermTable
    /// Inverse document frequency of each feature.
    public let idf: [Float]

    /// The number of features.
    public var featureCount: Int { vocabulary.count }

    /// A vectorizer from stored parts (a model file).
    public init(options: TfidfOptions, vocabulary: TermTable, idf: [Float]) {
        self.options = options
        self.vocabulary = vocabulary
        self.idf = idf
    }

    private var enumerator: TermEnumerator {
        TermEnumerator(
            tokenizer: Tokenizer(options: options.tokenizer), ngramMin: options.ngramMin, ngramMax: options.ngramMax)
    }

    /// Learns the vocabulary and idf from `texts` and returns the vectorizer with the training matrix.
    public static func fit(_ texts: [String], options: TfidfOptions) throws -> (TfidfVectorizer, SparseMatrix) {
        try options.validate()
        let enumerator = TermEnumerator(
            tokenizer: Tokenizer(options: options.tokenizer), ngramMin: options.ngramMin, ngramMax: options.ngramMax)

        // Pass 1: provisional ids in order of first appearance, per-document (id, count) runs.
        var table = TermTable(minimumCapacity: 1 << 16)
        var documentFrequency: [Int32] = []
        var corpusCount: [Int64] = []
        var rowOffsets: [Int] = [0]
        var provisionalIds: [Int32] = []
        var provisionalCounts: [Int32] = []
        var ids: [Int32] = []
        for text in texts {
            ids.removeAll(keepingCapacity: true)
            var text = text
            text.withUTF8 { bytes in
                enumerator.forEachTerm(in: bytes) { term in ids.append(table.insert(term)) }
            }
            if documentFrequency.count < table.count {
                documentFrequency.append(contentsOf: repeatElement(0, count: table.count - documentFrequency.count))
                corpusCount.append(contentsOf: repeatElement(0, count: table.count - corpusCount.count))
            }
            ids.sort()
            var i = 0
            while i < ids.count {
                let id = ids[i]
                var j = i + 1
                while j < ids.count && ids[j] == id { j += 1 }
                provisionalIds.append(id)
                provisionalCounts.append(Int32(j - i))
                documentFrequency[Int(id)] += 1
                corpusCount[Int(id)] += Int64(j - i)
                i = j
            }
            rowOffsets.append(provisionalIds.count)
        }

        // Select terms by document frequency and count.
        let n = Double(texts.count)
        let minCount = options.minDF >= 1 ? options.minDF : (options.minDF * n).rounded(.up)
        let maxCount = options.maxDF <= 1 ? (options.maxDF * n).rounded(.down) : options.maxDF
        var kept = (0..<table.count).filter {
            let df = Double(documentFrequency[$0])
            return df >= minCount && df <= maxCount
        }
        if let maxFeatures = options.maxFeatures, kept.count > maxFeatures {
            kept.sort { a, b in
                corpusCount[a] != corpusCount[b] ? corpusCount[a] > corpusCount[b] : table.precedes(a, b)
            }
            kept.removeLast(kept.count - maxFeatures)
        }
        kept.sort { table.precedes($0, $1) }
        if kept.isEmpty {
            throw FeatureError(
                "no term is left after --min-df \(TfidfOptions.format(options.minDF)) and --max-df \(TfidfOptions.format(options.maxDF)) on \(texts.count) documents; lower --min-df")
        }

        var finalId = [Int32](repeating: -1, count: table.count)
        var vocabulary = TermTable(minimumCapacity: kept.count)
        var idf = [Float](repeating: 1, count: kept.count)
        for (newId, oldId) in kept.enumerated() {
            finalId[oldId] = Int32(newId)
            table.withBytes(of: oldId) { _ = vocabulary.insert($0) }
            let df = Double(documentFrequency[oldId])
            if options.useIDF {
                idf[newId] = Float(options.smoothIDF ? log((1 + n) / (1 + df)) + 1 : log(n / df) + 1)
            }
        }
        let vectorizer = TfidfVectorizer(options: options, vocabulary: vocabulary, idf: idf)

        // Pass 2: the training matrix from the stored counts (no second tokenization).
        var matrix = SparseMatrix(columnCount: kept.count)
        matrix.columnIndices.reserveCapacity(provisionalIds.count)
        matrix.values.reserveCapacity(provisionalIds.count)
        var pairs: [(Int32, Int32)] = []
        for row in 0..<texts.count {
            pairs.removeAll(keepingCapacity: true)
            for k in rowOffsets[row]..<rowOffsets[row + 1] {
                let column = finalId[Int(provisionalIds[k])]
                if column >= 0 { pairs.append((column, provisionalCounts[k])) }
            }
            pairs.sort { $0.0 < $1.0 }
            vectorizer.appendWeightedRow(pairs, to: &matrix)
        }
        return (vectorizer, matrix)
    }

    /// Weights sorted `(column, count)` pairs and appends them as one row.
    func appendWeightedRow(_ pairs: [(Int32, Int32)], to matrix: inout SparseMatrix) {
        let start = matrix.values.count
        var squares: Float = 0
        var absolute: Float = 0
        for (column, count) in pairs {
            let tf = options.sublinearTF ? 1 + logf(Float(count)) : Float(count)
            let weight = tf * idf[Int(column)]
            matrix.columnIndices.append(column)
            matrix.values.append(weight)
            squares += weight * weight
            absolute += abs(weight)
        }
        let scale: Float
        switch options.norm {
        case .l2: scale = squares > 0 ? 1 / squares.squareRoot() : 1
        case .l1: scale = absolute > 0 ? 1 / absolute : 1
        case .none: scale = 1
        }
        if scale != 1 {
            for k in start..<matrix.values.count { matrix.values[k] *= scale }
        }
        matrix.rowOffsets.append(matrix.values.count)
    }

    /// Appends the vector of `text` to `matrix` as a new row. Terms not in the vocabulary are ignored.
    public func transform(_ text: String, appendingTo matrix: inout SparseMatrix) {
        var ids: [Int32] = []
        var text = text
        let enumerator = self.enumerator
        let table = vocabulary
        text.withUTF8 { bytes in
            enumerator.forEachTerm(in: bytes) { term in
                if let id = table.id(of: term) { ids.append(id) }
            }
        }
        ids.sort()
        var pairs: [(Int32, Int32)] = []
        pairs.reserveCapacity(ids.count)
        var i = 0
        while i < ids.count {
            var j = i + 1
            while j < ids.count && ids[j] == ids[i] { j += 1 }
            pairs.append((ids[i], Int32(j - i)))
            i = j
        }
        appendWeightedRow(pairs, to: &matrix)
    }

    /// The matrix of `texts`, one row each. Uses both cores on large batches; the result does not
    /// depend on the number of threads.
    public func transform(_ texts: [String]) -> SparseMatrix {
        let chunkCount = texts.count >= 2000 ? ProcessInfo.processInfo.activeProcessorCount : 1
        if chunkCount <= 1 {
            var matrix = SparseMatrix(columnCount: featureCount)
            for text in texts { transform(text, appendingTo: &matrix) }
            return matrix
        }
        let chunkSize = (texts.count + chunkCount - 1) / chunkCount
        let parts = ParallelMap.map(0..<chunkCount) { chunk -> SparseMatrix in
            var matrix = SparseMatrix(columnCount: featureCount)
            let range = (chunk * chunkSize)..<min(texts.count, (chunk + 1) * chunkSize)
            for i in range { transform(texts[i], appendingTo: &matrix) }
            return matrix
        }
        var matrix = parts[0]
        for part in parts.dropFirst() { matrix.appendRows(of: part) }
        return matrix
    }
}
