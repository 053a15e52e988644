/// The plugin point for features beyond TF-IDF: a block of columns appended to every document's
/// TF-IDF vector (metadata, length statistics, a hashing vectorizer, BM25 weights…). A package
/// adds one by conforming a type and registering it
/// (`ClassifierRegistry.builtIn.adding(featureBlock: MyBlock.self)`); `classify train --block
/// KIND[:NAME=VALUE,…]` then stacks it after the TF-IDF features, and the model file stores its
/// options and state so that prediction computes the same columns.
///
/// Promises a conforming type keeps:
/// - `fit` is deterministic: the same texts and options give the same state.
/// - `features(of:)` gives finite values at ascending columns in `0..<featureCount`; the block
///   scales its own values (the TF-IDF block is unit length, so values near 1 weigh alike).
/// - `decode(encode())` computes the same features, and `decode` throws a `FeatureError` (never
///   traps) on a state it did not write.
public protocol FeatureBlock: Sendable {
    /// The name users pick it by, e.g. `text-statistics`: one word, unique in a registry.
    static var kind: String { get }
    /// The program or package that provides it (recorded in model files, as `Classifier.origin`).
    static var origin: String { get }
    /// One line saying what it adds.
    static var summary: String { get }
    /// The options it takes.
    static var parameters: [ClassifierParameter] { get }

    /// Learns whatever the block needs (a vocabulary, statistics) from the training documents.
    static func fit(_ documents: [Document], parameters: ClassifierParameters) throws -> Self
    /// Restores a block saved by `encode()`.
    static func decode(_ state: FeatureBlockState) throws -> Self

    /// The options it was fitted with.
    var parameters: ClassifierParameters { get }
    /// The number of columns it adds.
    var featureCount: Int { get }
    /// The block's nonzero features of `document` (its title, text or metadata) as (column,
    /// value), columns ascending.
    func features(of document: Document) -> [(column: Int32, value: Float)]
    /// The name of column `column`, for `classify explain`.
    func featureName(_ column: Int) -> String
    /// What to save in a model file.
    func encode() -> FeatureBlockState
}

/// What a feature block saves: its options, named float arrays and a list of names (a vocabulary),
/// written raw in the model file.
public struct FeatureBlockState: Sendable {
    /// The block's options, name → value.
    public var parameters: [String: String]
    /// Float arrays, in a fixed order.
    public var arrays: [ClassifierState.Array]
    /// Names the block needs back (for example its terms); none may contain a line break.
    public var names: [String]

    public init(parameters: [String: String], arrays: [ClassifierState.Array] = [], names: [String] = []) {
        self.parameters = parameters
        self.arrays = arrays
        self.names = names
    }

    /// The array called `name` with exactly `shape`, or an error naming the problem.
    public func array(_ name: String, shape: [Int]) throws -> [Float] {
        do {
            return try ClassifierState(parameters: [:], arrays: arrays).array(name, shape: shape)
        } catch let error as ClassifierError {
            throw FeatureError(error.description)
        }
    }
}

/// A feature block type with the options to fit it with (`TrainingOptions.resolvedFeatureBlocks()`).
public struct FeatureBlockRecipe: Sendable {
    public var type: any FeatureBlock.Type
    public var parameters: ClassifierParameters

    public init(type: any FeatureBlock.Type, parameters: ClassifierParameters) {
        self.type = type
        self.parameters = parameters
    }
}

/// A feature block chosen for training: its kind and the options given for it.
public struct FeatureBlockChoice: Sendable, Equatable {
    public var kind: String
    public var options: [String: String]

    public init(kind: String, options: [String: String] = [:]) {
        self.kind = kind
        self.options = options
    }

    /// Parses `KIND` or `KIND:NAME=VALUE,NAME=VALUE` (the `--block` spelling).
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        kind = String(parts[0])
        options = [:]
        guard !kind.isEmpty else { throw FeatureError("--block takes KIND or KIND:NAME=VALUE,…; got \"\(text)\"") }
        guard parts.count == 2 else { return }
        for pair in parts[1].split(separator: ",") {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw FeatureError("--block \(kind): options are NAME=VALUE separated by commas; got \"\(pair)\"")
            }
            options[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
    }
}
