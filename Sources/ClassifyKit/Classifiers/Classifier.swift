/// How a classifier's scores become label probabilities.
public enum OutputActivation: String, Codable, Sendable {
    /// The key of `ClassifierState.extra` that records a linear scorer's activation.
    public static let key = "activation"

    /// One of many: the probabilities of all labels sum to 1.
    case softmax
    /// One-vs-rest: each label has its own independent probability.
    case sigmoid
}

/// Reports training progress (for example the loss after each epoch).
public typealias ProgressHandler = @Sendable (String) -> Void

/// The plugin point for classifiers. A classifier trains on TF-IDF rows and label targets, gives
/// label probabilities for new rows, and saves and restores its own parameters. A package adds one
/// by conforming a type and registering it (`ClassifierRegistry.builtIn.adding(MyClassifier.self)`);
/// `ClassifierConformance.check` verifies the promises below.
///
/// Promises a conforming type keeps:
/// - `probabilities(for:)` gives finite values in [0, 1]; for single-label targets each row is a
///   distribution over the labels (it sums to 1), for multi-label targets each value is that
///   label's own probability.
/// - `decode(encode())` predicts exactly what the trained classifier predicts, and `decode` throws a
///   `ClassifierError` (never traps) on a state it did not write.
/// - Training is deterministic: the same rows, targets and parameters give the same state.
public protocol Classifier: Sendable {
    /// The name users pick it by, e.g. `complement-nb`: one word, unique in a registry.
    static var name: String { get }
    /// The program or package that provides it (`ClassifierRegistry.builtInOrigin` for the
    /// built-ins), recorded in model files so that a build without it can say which one has it.
    static var origin: String { get }
    /// One line saying what it is.
    static var summary: String { get }
    /// The options it takes.
    static var parameters: [ClassifierParameter] { get }
    /// The feature settings it works best with; options given by the user override them.
    static var recommendedFeatures: TfidfOptions { get }
    /// Whether it learns from documents judged for only some labels (`LabelTargets.annotated`),
    /// leaving each unjudged document–label pair out of that label's loss. Training refuses such a
    /// corpus for a classifier that does not (it would take every unjudged label as a negative).
    static var learnsFromPartialAnnotation: Bool { get }

    /// Throws when `parameters` cannot train any model, for what their declared kinds cannot
    /// check: a file they name that is missing or malformed, say. Called before any document is
    /// read; the default accepts everything.
    static func checkBeforeTraining(_ parameters: ClassifierParameters) throws

    /// Trains a classifier on `features` (one row per document) and `targets`.
    static func train(
        features: SparseMatrix, targets: LabelTargets, parameters: ClassifierParameters,
        progress: ProgressHandler?
    ) throws -> Self

    /// Restores a classifier saved by `encode()`; `featureCount` and `labelCount` are those of the model.
    static func decode(_ state: ClassifierState, featureCount: Int, labelCount: Int) throws -> Self

    /// The options it was trained with.
    var parameters: ClassifierParameters { get }
    /// The options with every value it chose itself (such as `--l2 auto`) replaced by the choice:
    /// training again with these reproduces the same kind of model without tuning again.
    var chosenParameters: ClassifierParameters { get }

    /// Label probabilities for each row of `features`, row-major `rows × labelCount` (see the
    /// promises above).
    func probabilities(for features: SparseMatrix) -> [Float]

    /// How much one unit of each feature moves the score of `label` (for `classify explain`):
    /// a coefficient for linear models, a log-probability ratio for naive Bayes.
    func featureWeights(forLabel label: Int) -> [Float]

    /// The parameters to save in a model file.
    func encode() -> ClassifierState
}

extension Classifier {
    public static func checkBeforeTraining(_ parameters: ClassifierParameters) throws {}
    public static var recommendedFeatures: TfidfOptions { TfidfOptions() }
    public static var learnsFromPartialAnnotation: Bool { false }
    public var chosenParameters: ClassifierParameters { parameters }
}

/// What a classifier saves: named float arrays, written raw in the model file.
public struct ClassifierState: Sendable {
    /// A named array with its shape.
    public struct Array: Sendable {
        /// How an array's values are written in a model file.
        public enum Encoding: String, Sendable {
            /// IEEE single precision, 4 bytes a value.
            case float32
            /// IEEE half precision, 2 bytes a value. The classifier must hold values already rounded
            /// to half precision (`ClassifierState.roundedToHalf`), so that a model predicts the
            /// same before and after saving.
            case float16
            /// Whole numbers from -127 to 127, one byte each (8-bit quantised weights; the
            /// classifier keeps their scale in another array).
            case int8
            /// Whole numbers from 0 to 2²⁴ (indices and counts), in the fewest bytes that hold the
            /// largest of them: 1, 2 or 4.
            case unsigned
        }

        public var name: String
        public var shape: [Int]
        public var values: [Float]
        /// How `values` are written.
        public var encoding: Encoding

        /// Stored as IEEE half precision (2 bytes a value) instead of single.
        public var halfPrecision: Bool {
            get { encoding == .float16 }
            set { encoding = newValue ? .float16 : .float32 }
        }

        public init(name: String, shape: [Int], values: [Float], halfPrecision: Bool = false) {
            self.init(name: name, shape: shape, values: values, encoding: halfPrecision ? .float16 : .float32)
        }

        public init(name: String, shape: [Int], values: [Float], encoding: Encoding) {
            self.name = name
            self.shape = shape
            self.values = values
            self.encoding = encoding
        }

        /// The largest whole number an `.unsigned` or `.int8` array holds exactly.
        public static let largestWholeNumber: Float = 16_777_216
    }

    /// `values` rounded to the nearest half-precision number (finite values beyond its range stay
    /// at ±65504), as they will be stored.
    public static func roundedToHalf(_ values: [Float]) -> [Float] {
        values.map { Float(Float16(min(max($0, -65504), 65504))) }
    }

    /// Rounds `values` in place to the nearest half-precision number, as `roundedToHalf` does.
    public static func roundToHalf(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { values in
            for i in values.indices { values[i] = Float(Float16(min(max(values[i], -65504), 65504))) }
        }
    }

    /// The classifier's options, name → value.
    public var parameters: [String: String]
    /// The arrays, in a fixed order.
    public var arrays: [Array]
    /// Extra values the classifier needs besides its options (for example the output activation).
    public var extra: [String: String]

    public init(parameters: [String: String], arrays: [Array], extra: [String: String] = [:]) {
        self.parameters = parameters
        self.arrays = arrays
        self.extra = extra
    }

    /// The array called `name` with exactly `shape`, or an error naming the problem.
    public func array(_ name: String, shape: [Int]) throws -> [Float] {
        guard let array = arrays.first(where: { $0.name == name }) else {
            throw ClassifierError("the model has no \"\(name)\" array; it is damaged or from another program")
        }
        guard array.shape == shape, array.values.count == shape.reduce(1, *) else {
            throw ClassifierError("the model's \"\(name)\" array has shape \(array.shape), expected \(shape)")
        }
        return array.values
    }
}
