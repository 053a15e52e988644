/// The classifiers and feature blocks a program knows, by name: the built-ins, plus whatever a
/// plugin package adds.
///
/// A registry is a value that training, model loading, evaluation and the command line take, so a
/// package that depends on ClassifyKit extends it without editing this one:
///
/// ```swift
/// let registry = ClassifierRegistry.builtIn.adding(NearestCentroid.self)
/// let model = try ModelFile.read("news.classify", registry: registry)
/// ```
public struct ClassifierRegistry: Sendable {
    /// The registered classifier types, in the order `classify classifiers` lists them.
    public private(set) var types: [any Classifier.Type]
    /// The name used when none is given.
    public var defaultName: String
    /// The registered feature blocks beyond TF-IDF (none are built in), in the order `classify
    /// classifiers` lists them.
    public private(set) var featureBlockTypes: [any FeatureBlock.Type] = []

    /// The `origin` of every built-in classifier.
    public static let builtInOrigin = "classify"

    /// The classifiers and feature blocks that come with ClassifyKit; logistic regression is the
    /// default classifier.
    public static let builtIn = ClassifierRegistry(
        types: [MultinomialNaiveBayes.self, ComplementNaiveBayes.self, LogisticRegression.self, LinearSVM.self],
        defaultName: LogisticRegression.name
    ).adding(featureBlock: HashedTerms.self)

    /// A registry of `types` whose default is `defaultName` (which must be one of them).
    public init(types: [any Classifier.Type], defaultName: String) {
        self.types = []
        self.defaultName = defaultName
        for type in types { register(type) }
        precondition(types.contains { $0.name == defaultName }, "the default classifier \"\(defaultName)\" is not registered")
    }

    /// Adds `type` after the classifiers already registered. A name can be registered once: a
    /// second classifier of the same name is a programming error and stops the program.
    public mutating func register(_ type: any Classifier.Type) {
        precondition(!type.name.isEmpty && !type.name.contains(where: \.isWhitespace), "a classifier name is one word, got \"\(type.name)\"")
        precondition(!types.contains { $0.name == type.name }, "classifier \"\(type.name)\" is registered twice (\(type.origin) and \(types.first { $0.name == type.name }!.origin))")
        types.append(type)
    }

    /// A copy with `type` registered too.
    public func adding(_ type: any Classifier.Type) -> ClassifierRegistry {
        var copy = self
        copy.register(type)
        return copy
    }

    /// Adds feature block `type`; a kind can be registered once (a second is a programming error).
    public mutating func register(featureBlock type: any FeatureBlock.Type) {
        precondition(!type.kind.isEmpty && !type.kind.contains(where: { $0.isWhitespace || $0 == ":" }), "a feature block kind is one word without colons, got \"\(type.kind)\"")
        precondition(lookupFeatureBlock(type.kind) == nil, "feature block \"\(type.kind)\" is registered twice")
        featureBlockTypes.append(type)
    }

    /// A copy with feature block `type` registered too.
    public func adding(featureBlock type: any FeatureBlock.Type) -> ClassifierRegistry {
        var copy = self
        copy.register(featureBlock: type)
        return copy
    }

    /// The feature block type of `kind`, if registered.
    public func lookupFeatureBlock(_ kind: String) -> (any FeatureBlock.Type)? {
        featureBlockTypes.first { $0.kind == kind }
    }

    /// The feature block type of `kind`, or an error listing the known kinds.
    public func featureBlockType(named kind: String) throws -> any FeatureBlock.Type {
        if let type = lookupFeatureBlock(kind) { return type }
        let known = featureBlockTypes.map { $0.kind }
        throw FeatureError(
            "unknown feature block \"\(kind)\"; " + (known.isEmpty ? "this build registers none (a plugin package adds them)" : "choose one of: \(known.joined(separator: ", "))"))
    }

    /// The registered names, in order.
    public var names: [String] { types.map { $0.name } }

    /// The registered classifiers whose models can be compressed (`CompressibleClassifier`), as
    /// a comma-separated list for messages.
    public var compressibleNames: String {
        listing(types.filter { $0 is any CompressibleClassifier.Type })
    }

    /// The registered classifiers that learn from partially annotated documents
    /// (`learnsFromPartialAnnotation`), as a comma-separated list for messages.
    public var partialAnnotationNames: String { listing(types.filter { $0.learnsFromPartialAnnotation }) }

    /// The registered classifiers whose models a round of parameter mixing can start from
    /// (`AveragingMergeable`), as a comma-separated list for messages.
    public var averagingMergeableNames: String { listing(types.filter { $0 is any AveragingMergeable.Type }) }

    /// `types`' names joined by commas, or a note that none is registered.
    private func listing(_ types: [any Classifier.Type]) -> String {
        types.isEmpty ? "none is registered" : types.map { $0.name }.joined(separator: ", ")
    }

    /// The classifier type called `name`, if registered.
    public func lookup(_ name: String) -> (any Classifier.Type)? {
        types.first { $0.name == name }
    }

    /// The classifier type called `name`, or an error listing the known names.
    public func type(named name: String) throws -> any Classifier.Type {
        if let type = lookup(name) { return type }
        throw ClassifierError(
            "unknown classifier \"\(name)\"; choose one of: \(names.joined(separator: ", ")) (see `classify classifiers`)")
    }

    /// Every option name any registered classifier declares, sorted.
    public var parameterNames: [String] {
        Set(types.flatMap { $0.parameters.map(\.name) }).sorted()
    }
}
