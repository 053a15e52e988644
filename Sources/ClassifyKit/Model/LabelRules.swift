/// Rules on the set of labels a multi-label model predicts for one document, applied after the
/// per-label thresholds (`TrainedModel.decide`) and stored in the model file.
///
/// - A label in `neverAlone` (a flag such as a front-page marker, which sits on top of a topic) is
///   not predicted on its own: when the thresholds choose only such labels, the most probable
///   other label is added.
/// - `maximumLabels` caps the labels per document: the most probable are kept, and when the kept
///   ones would all be never-alone labels the last of them gives way to the most probable other
///   chosen label.
public struct LabelRules: Sendable, Equatable, Codable {
    /// At most this many labels per document; nil: no cap.
    public var maximumLabels: Int?
    /// Labels never predicted alone, sorted by bytes.
    public var neverAlone: [String]

    /// The rules that change nothing.
    public static let none = LabelRules()

    public init(maximumLabels: Int? = nil, neverAlone: [String] = []) {
        self.maximumLabels = maximumLabels
        self.neverAlone = neverAlone.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Whether the rules change nothing.
    public var isEmpty: Bool { maximumLabels == nil && neverAlone.isEmpty }

    enum CodingKeys: String, CodingKey {
        case maximumLabels = "max_labels", neverAlone = "never_alone"
    }

    /// Throws when the rules do not fit a model with `labels`: a cap below 1, a never-alone label
    /// the model does not have, or every label never alone.
    public func check(labels: [String]) throws {
        if let maximumLabels, maximumLabels < 1 {
            throw ClassifierError("--max-labels must be at least 1 (got \(maximumLabels))")
        }
        let names = Set(labels)
        for label in neverAlone where !names.contains(label) {
            throw ClassifierError("--never-alone \"\(label)\" is not a label of the training corpus")
        }
        if !neverAlone.isEmpty && Set(neverAlone).isSuperset(of: names) {
            throw ClassifierError("--never-alone names every label, so no prediction could satisfy it")
        }
    }

    /// Throws unless the rules can apply to a model of `targets`: multi-label, and every
    /// never-alone label among its labels or `knownLabels` (the whole corpus's, when training on a
    /// fold of it). Checked before training, so that a mistyped label costs no training time.
    public func check(targets: LabelTargets, knownLabels: Set<String> = []) throws {
        guard !isEmpty else { return }
        guard targets.isMultiLabel else { throw Self.singleLabelError }
        try restricted(to: targets.labelNames, knownLabels: knownLabels).check(labels: targets.labelNames)
    }

    /// Gives `model` these rules, keeping the never-alone labels it has; throws as
    /// `check(targets:knownLabels:)` does.
    public func apply(to model: inout TrainedModel, knownLabels: Set<String> = []) throws {
        guard !isEmpty else { return }
        guard model.isMultiLabel else { throw Self.singleLabelError }
        let kept = try restricted(to: model.labels, knownLabels: knownLabels)
        try kept.check(labels: model.labels)
        model.labelRules = kept
    }

    /// The rules with only the never-alone labels among `labels`; throws for one that is neither
    /// there nor in `knownLabels`.
    private func restricted(to labels: [String], knownLabels: Set<String>) throws -> LabelRules {
        let names = Set(labels)
        for label in neverAlone where !names.contains(label) && !knownLabels.contains(label) {
            throw ClassifierError("--never-alone \"\(label)\" is not a label of the training corpus")
        }
        return LabelRules(maximumLabels: maximumLabels, neverAlone: neverAlone.filter { names.contains($0) })
    }

    private static let singleLabelError = ClassifierError(
        "--max-labels and --never-alone apply to multi-label models only; every training document has one label (add --multi-label to train one-vs-rest)")

    /// The label ids to predict from `chosen` (the labels over their thresholds, most probable
    /// first) and `ranked` (every label, most probable first; called only when needed), where
    /// `isNeverAlone(l)` says whether label `l` is never alone.
    func apply(chosen: [Int], ranked: () -> [Int], isNeverAlone: (Int) -> Bool) -> [Int] {
        var result = chosen
        if !neverAlone.isEmpty, !result.contains(where: { !isNeverAlone($0) }) {
            let order = ranked()
            if let companion = order.first(where: { !isNeverAlone($0) }) {
                result.append(companion)
                result.sort { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }
            }
        }
        guard let maximumLabels, maximumLabels >= 1, result.count > maximumLabels else { return result }
        var kept = Array(result.prefix(maximumLabels))
        if !neverAlone.isEmpty, !kept.contains(where: { !isNeverAlone($0) }),
            let companion = result.first(where: { !isNeverAlone($0) })
        {
            kept[kept.count - 1] = companion
        }
        return kept
    }
}
