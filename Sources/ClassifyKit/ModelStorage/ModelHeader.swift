/// The JSON header of a model file: everything but the numbers.
struct ModelHeader: Codable {
    struct ClassifierHeader: Codable {
        var name: String
        /// Where the classifier comes from, when not built in (`Classifier.origin`).
        var origin: String?
        var parameters: [String: String]
        var extra: [String: String]
    }

    struct VocabularyHeader: Codable {
        var terms: Int
        var section: String
    }

    /// A feature block stacked after the TF-IDF features.
    struct FeatureBlockHeader: Codable {
        var kind: String
        /// Where the block comes from, when not built in (`FeatureBlock.origin`).
        var origin: String?
        var parameters: [String: String]
        /// The number of columns it adds.
        var features: Int
    }

    /// One raw section after the header.
    struct Section: Codable {
        var name: String
        /// `f32` (little-endian Float32) or `utf8` (text).
        var type: String
        var shape: [Int]
        var bytes: Int
    }

    var format: String
    var formatVersion: Int
    var classifier: ClassifierHeader
    var labels: [String]
    var multiLabel: Bool
    var threshold: Float
    /// Per-label thresholds, when tuned.
    var thresholds: [Float]?
    /// Rules on each document's labels, when any (absent in files without them).
    var labelRules: LabelRules?
    var vectorizer: TfidfOptions
    var vocabulary: VocabularyHeader
    /// Further feature blocks, in column order (absent when there are none).
    var featureBlocks: [FeatureBlockHeader]?
    var training: TrainingProvenance
    var sections: [Section]

    enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", classifier, labels, multiLabel = "multi_label"
        case threshold, thresholds, labelRules = "label_rules", vectorizer, vocabulary, featureBlocks = "feature_blocks", training, sections
    }
}
