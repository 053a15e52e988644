import Foundation
/// What a model file holds, for `classify info`: read from its header after full validation.
public struct ModelDescription: Encodable, Sendable {
    public var path: String
    public var formatVersion: Int
    public var bytes: Int
    public var classifier: String
    /// The program or package that provides the classifier (nil for the built-ins).
    public var classifierOrigin: String?
    public var classifierOptions: [String: String]
    /// What the classifier chose or fitted itself (for example `lambda` under `--l2 auto`).
    public var classifierChoices: [String: String]
    public var labels: [String]
    public var multiLabel: Bool
    public var threshold: Float
    public var thresholds: [Float]?
    /// Rules on each document's labels (`--max-labels`, `--never-alone`), when any.
    public var labelRules: LabelRules?
    /// Every column the classifier sees: TF-IDF terms and the further blocks' columns.
    public var features: Int
    /// The non-zero weights a compressible (linear) classifier stores; nil for other classifiers.
    public var storedWeights: Int?
    public var vectorizer: TfidfOptions
    /// Further feature blocks after the TF-IDF features: kind, columns and options.
    public var featureBlocks: [FeatureBlockDescription]?
    public var training: TrainingProvenance

    enum CodingKeys: String, CodingKey {
        case path, formatVersion = "format_version", bytes, classifier, classifierOrigin = "classifier_origin", classifierOptions = "classifier_options", classifierChoices = "classifier_choices"
        case labels, multiLabel = "multi_label", threshold, thresholds, labelRules = "label_rules", features, storedWeights = "stored_weights", vectorizer, featureBlocks = "feature_blocks", training
    }

    /// Validates the model bytes (magic, version, lengths, checksum, arrays) and describes them.
    /// `registry` must have the model's classifier, whose decoding is part of the validation.
    public init(bytes: [UInt8], path: String, registry: ClassifierRegistry = .builtIn) throws {
        let (model, header) = try ModelFile.decodeWithHeader(bytes, path: path, registry: registry)
        self.storedWeights = (model.classifier as? any CompressibleClassifier)?.storedWeightCount
        self.path = path
        self.formatVersion = header.formatVersion
        self.bytes = bytes.count
        self.classifier = header.classifier.name
        self.classifierOrigin = header.classifier.origin
        self.classifierOptions = header.classifier.parameters
        self.classifierChoices = header.classifier.extra.filter { $0.key != OutputActivation.key }
        self.labels = header.labels
        self.multiLabel = header.multiLabel
        self.threshold = header.threshold
        self.thresholds = header.thresholds
        self.labelRules = header.labelRules
        self.features = (header.featureBlocks ?? []).reduce(header.vocabulary.terms) { $0 + $1.features }
        self.vectorizer = header.vectorizer
        self.featureBlocks = header.featureBlocks.map { blocks in
            blocks.map { FeatureBlockDescription(kind: $0.kind, origin: $0.origin, features: $0.features, options: $0.parameters) }
        }
        self.training = header.training
    }

    /// A readable summary.
    public var text: String {
        var lines: [String] = ([
            "model       \(path) (\(bytes) bytes, format version \(formatVersion))",
            "classifier  \(classifier)\(classifierOrigin.map { " from \($0)" } ?? "") (\(classifierOptions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))",
            classifierChoices.isEmpty ? nil : "chosen      " + classifierChoices.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
            "labels      \(labels.count), \(multiLabel ? (thresholds == nil ? "multi-label (threshold \(threshold))" : "multi-label (per-label thresholds tuned on held-out folds)") : "single-label")",
            labelRules.map { rules in
                "label rules " + ([rules.maximumLabels.map { "at most \($0) per document" }, rules.neverAlone.isEmpty ? nil : "never alone: " + rules.neverAlone.joined(separator: ", ")] as [String?])
                    .compactMap { $0 }.joined(separator: "; ")
            },
            "features    \(features) (\(vectorizer.summary))",
            storedWeights.map { "weights     \($0) non-zero" },
        ] + (featureBlocks ?? []).map { "            + \($0.kind): \($0.features) (\($0.options.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))" } + [
            "trained on  \(training.documents) documents, corpus digest \(training.corpusDigest)",
            "",
            thresholds == nil ? "label (training documents)" : "label (training documents, threshold)",
        ] as [String?]).compactMap { $0 }
        for (i, (label, count)) in zip(labels, training.documentsPerLabel).enumerated() {
            lines.append("  \(label) (\(count)" + (thresholds.map { ", \(String(format: "%.3f", $0[i]))" } ?? "") + ")")
        }
        return lines.joined(separator: "\n")
    }
}

/// A feature block in a model's description.
public struct FeatureBlockDescription: Codable, Sendable, Equatable {
    public var kind: String
    /// Where it comes from (nil for built-ins).
    public var origin: String?
    /// The columns it adds.
    public var features: Int
    public var options: [String: String]
}
