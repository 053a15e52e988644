/// Trains models from labelled documents: the one training API that the command line, the tests,
/// cross-validation and plugins call.
public enum ModelTrainer {
    /// Vectorises `documents`, trains the chosen classifier on them and, with
    /// `options.thresholdTuning`, tunes per-label thresholds on out-of-fold predictions.
    public static func train(
        _ documents: [Document], options: TrainingOptions, progress: ProgressHandler? = nil
    ) throws -> TrainedModel {
        if options.thresholdTuning != nil && options.multiLabel == false {
            throw ClassifierError("--tune-thresholds applies to multi-label models only; drop --single-label or --tune-thresholds")
        }
        var model = try fit(documents, options: options, progress: progress)
        if let tuning = options.thresholdTuning {
            guard model.isMultiLabel else {
                throw ClassifierError("--tune-thresholds applies to multi-label models only; every training document has one label (add --multi-label to train one-vs-rest)")
            }
            progress?("tuning per-label thresholds on \(tuning.folds) folds…")
            model.thresholds = try ThresholdTuner.tune(
                model: model, documents: documents, options: options, folds: tuning.folds, seed: options.foldSeed,
                rule: tuning.rule, lengths: tuning.lengths, progress: progress)
        }
        try options.labelRules.apply(to: &model, knownLabels: options.knownLabels)
        return model
    }

    /// Vectorises `documents` and trains the chosen classifier on them, with the global threshold.
    static func fit(_ documents: [Document], options: TrainingOptions, progress: ProgressHandler?) throws -> TrainedModel {
        let (classifierType, parameters) = try options.resolvedClassifier()
        let blocks = try options.resolvedFeatureBlocks()
        try options.checkCompression(classifierType)
        guard options.threshold > 0 && options.threshold < 1 else {
            throw ClassifierError("--threshold must be between 0 and 1 (got \(options.threshold))")
        }
        if documents.isEmpty { throw ClassifierError("no training documents") }
        let partial = documents.contains { $0.annotatedLabels != nil }
        if partial && !classifierType.learnsFromPartialAnnotation {
            throw ClassifierError(
                "some documents are annotated for only some labels (\"annotated_labels\") and \(classifierType.name) would take the rest as negatives; train a classifier that learns from partial annotation (\(options.registry.partialAnnotationNames))")
        }
        var targets = try LabelTargets(
            labelSets: documents.map(\.labels), annotatedSets: partial ? documents.map(\.annotatedLabels) : nil,
            multiLabel: options.multiLabel)
        try options.checkLabelCount(targets)
        try options.labelRules.check(targets: targets, knownLabels: options.knownLabels)
        targets.knownLabels = options.knownLabels
        let compression = try options.resolvedCompression(classifierType, multiLabel: targets.isMultiLabel)
        let (stack, features) = try FeatureStack.fit(documents, tfidf: options.tfidf, blocks: blocks)
        progress?("vectorised \(documents.count) documents: \(stack.featureCount) features")
        let classifier: any Classifier
        if let compression, let compressible = classifierType as? any CompressibleClassifier.Type {
            classifier = try compressible.train(
                features: features, targets: targets, parameters: parameters, compression: compression, progress: progress)
        } else {
            classifier = try classifierType.train(features: features, targets: targets, parameters: parameters, progress: progress)
        }
        let model = TrainedModel(
            vectorizer: stack.tfidf, blocks: stack.blocks, labels: targets.labelNames, isMultiLabel: targets.isMultiLabel,
            threshold: options.threshold, classifier: classifier,
            provenance: TrainingProvenance(
                documents: documents.count, corpusDigest: TrainingProvenance.digest(of: documents),
                documentsPerLabel: targets.documentsPerLabel))
        return try compression.map { try model.compressed($0, registry: options.registry) } ?? model
    }
}
