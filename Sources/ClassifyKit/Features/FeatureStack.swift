/// A model's features: the TF-IDF block, then each further feature block's columns in order.
/// Training and prediction both go through it, so they compute the same vector.
public struct FeatureStack: Sendable {
    /// The TF-IDF block (words, title terms, character n-grams): columns `0..<tfidf.featureCount`.
    public var tfidf: TfidfVectorizer
    /// Further blocks, each after the previous one's columns.
    public var blocks: [any FeatureBlock]

    public init(tfidf: TfidfVectorizer, blocks: [any FeatureBlock] = []) {
        self.tfidf = tfidf
        self.blocks = blocks
    }

    /// All columns.
    public var featureCount: Int { blocks.reduce(tfidf.featureCount) { $0 + $1.featureCount } }

    /// Where each further block's columns start.
    public var blockOffsets: [Int] {
        var offsets: [Int] = []
        var next = tfidf.featureCount
        for block in blocks {
            offsets.append(next)
            next += block.featureCount
        }
        return offsets
    }

    /// Fits the TF-IDF block and each of `recipes` on `documents`; returns the stack and the
    /// training matrix.
    public static func fit(
        _ documents: [Document], tfidf options: TfidfOptions, blocks recipes: [FeatureBlockRecipe] = []
    ) throws -> (FeatureStack, SparseMatrix) {
        let (vectorizer, words) = try TfidfVectorizer.fit(documents, options: options)
        guard !recipes.isEmpty else { return (FeatureStack(tfidf: vectorizer), words) }
        let blocks = try recipes.map { try $0.type.fit(documents, parameters: $0.parameters) }
        let stack = FeatureStack(tfidf: vectorizer, blocks: blocks)
        return (stack, stack.appendingBlocks(to: words, documents: documents))
    }

    /// The feature matrix of `documents`, one row each.
    public func transform(_ documents: [Document]) -> SparseMatrix {
        let words = tfidf.transform(documents)
        return blocks.isEmpty ? words : appendingBlocks(to: words, documents: documents)
    }

    /// The feature matrix of untitled `texts`, one row each.
    public func transform(_ texts: [String]) -> SparseMatrix {
        transform(texts.map { Document(id: "", text: $0) })
    }

    /// `words` (the TF-IDF rows of `documents`) with every further block's columns appended to each row.
    func appendingBlocks(to words: SparseMatrix, documents: [Document]) -> SparseMatrix {
        var matrix = SparseMatrix(columnCount: featureCount)
        matrix.columnIndices.reserveCapacity(words.nonZeroCount)
        matrix.values.reserveCapacity(words.nonZeroCount)
        let offsets = blockOffsets
        for (row, document) in documents.enumerated() {
            let range = words.entries(ofRow: row)
            matrix.columnIndices.append(contentsOf: words.columnIndices[range])
            matrix.values.append(contentsOf: words.values[range])
            for (block, offset) in zip(blocks, offsets) {
                for feature in block.features(of: document) {
                    precondition(
                        feature.column >= 0 && Int(feature.column) < block.featureCount && feature.value.isFinite,
                        "feature block \(type(of: block).kind) gave column \(feature.column) = \(feature.value), outside its \(block.featureCount) columns or not finite (FeatureBlockConformance.check finds this)")
                    matrix.columnIndices.append(Int32(offset) + feature.column)
                    matrix.values.append(feature.value)
                }
            }
            matrix.rowOffsets.append(matrix.values.count)
        }
        return matrix
    }

    /// The name of column `column`: a TF-IDF term, or a block's feature prefixed with its kind.
    public func featureName(_ column: Int) -> String {
        if column < tfidf.featureCount { return tfidf.terms.term(column) }
        for (block, offset) in zip(blocks, blockOffsets) where column < offset + block.featureCount {
            return type(of: block).kind + ":" + block.featureName(column - offset)
        }
        return "#\(column)"
    }
}
