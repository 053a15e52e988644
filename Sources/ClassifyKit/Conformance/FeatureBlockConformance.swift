/// The conformance kit for feature-block plugins: one call checks that a `FeatureBlock` keeps the
/// promises the toolkit relies on.
///
/// ```swift
/// @Test func keepsTheFeatureBlockPromises() throws {
///     try FeatureBlockConformance.check(TextStatistics.self)
/// }
/// ```
///
/// It checks a one-word kind and an origin, valid declared defaults, deterministic fitting,
/// features at ascending columns inside the block with finite values (for titled, untitled and
/// blank documents), a save/load round trip that computes the same features, a state with an
/// array missing refused with an error, and a model trained with the block that predicts the same
/// after a model-file round trip.
public enum FeatureBlockConformance {
    /// Checks every promise for `type` fitted with `options`; returns the names of the checks that
    /// passed, or throws a `ClassifierConformance.Failure` listing every one that did not.
    @discardableResult
    public static func check(_ type: any FeatureBlock.Type, options: [String: String] = [:]) throws -> [String] {
        let tally = ClassifierConformance.Tally()
        let documents = ConformanceCorpus.singleLabel(perLabel: 10, seed: 21).enumerated().map { index, document in
            var document = document
            if index % 2 == 0 { document.title = "Title \(index) of \(document.labels[0])" }
            return document
        }
        let probes = documents + [Document(id: "blank", text: ""), Document(id: "new", text: "words no document has", title: "New")]
        tally.expect("kind and origin") {
            type.kind.isEmpty || type.kind.contains(where: { $0.isWhitespace || $0 == ":" }) ? "the kind must be one word without colons"
                : type.origin.isEmpty ? "the origin must name the program or package" : nil
        }
        var fitted: (any FeatureBlock)?
        tally.expect("fits with its declared defaults and the given options") {
            let parameters = try ClassifierParameters.resolve(options, declared: type.parameters, classifier: type.kind)
            fitted = try type.fit(documents, parameters: parameters)
            let again = try type.fit(documents, parameters: parameters)
            return Self.features(again, probes) == Self.features(fitted!, probes) ? nil : "a second fit computes different features"
        }
        guard let block = fitted else { throw ClassifierConformance.Failure(classifier: type.kind, problems: tally.problems) }
        tally.expect("features are inside the block, ascending and finite") { Self.problem(with: block, probes) }
        tally.expect("save and load compute the same features") {
            let restored = try type.decode(block.encode())
            if restored.featureCount != block.featureCount { return "\(restored.featureCount) columns after loading, \(block.featureCount) before" }
            return Self.features(restored, probes) == Self.features(block, probes) ? nil : "the loaded block computes different features"
        }
        tally.expect("a damaged state is refused") {
            let state = block.encode()
            for index in state.arrays.indices {
                var missing = state
                missing.arrays.remove(at: index)
                if (try? type.decode(missing)) != nil { return "decoded a state without its \"\(state.arrays[index].name)\" array" }
            }
            return nil
        }
        // Training stops the program on a block that breaks the feature promises, so it runs only
        // when those hold.
        guard tally.problems.isEmpty else { throw ClassifierConformance.Failure(classifier: type.kind, problems: tally.problems) }
        tally.expect("a model with the block predicts the same after saving") {
            var training = TrainingOptions()
            let builtIn = ClassifierRegistry.builtIn
            training.registry = builtIn.lookupFeatureBlock(type.kind) == nil ? builtIn.adding(featureBlock: type) : builtIn
            training.featureBlocks = [FeatureBlockChoice(kind: type.kind, options: options)]
            training.tfidf.minDF = 1
            training.seed = 1
            let model = try ModelTrainer.train(documents, options: training)
            let restored = try ModelFile.decode(try ModelFile.encode(model), path: "conformance.classify", registry: training.registry)
            return restored.probabilities(for: probes) == model.probabilities(for: probes) ? nil : "the loaded model's probabilities differ"
        }
        guard tally.problems.isEmpty else { throw ClassifierConformance.Failure(classifier: type.kind, problems: tally.problems) }
        return tally.passed
    }

    /// Each document's features as comparable (column, value bits) pairs.
    static func features(_ block: any FeatureBlock, _ documents: [Document]) -> [[UInt64]] {
        documents.map { block.features(of: $0).map { UInt64(UInt32(bitPattern: $0.column)) << 32 | UInt64($0.value.bitPattern) } }
    }

    /// What is wrong with `block`'s features of `documents`, or nil.
    static func problem(with block: any FeatureBlock, _ documents: [Document]) -> String? {
        for document in documents {
            let features = block.features(of: document)
            for (index, feature) in features.enumerated() {
                if feature.column < 0 || Int(feature.column) >= block.featureCount {
                    return "document \"\(document.id)\": column \(feature.column) outside 0..<\(block.featureCount)"
                }
                if !feature.value.isFinite { return "document \"\(document.id)\": column \(feature.column) is not a finite number" }
                if index > 0 && features[index - 1].column >= feature.column {
                    return "document \"\(document.id)\": columns not ascending at \(feature.column)"
                }
            }
        }
        return nil
    }
}
