import Foundation

/// Evaluates a model on a stream of labelled documents: each is scored as it arrives (in rounds of
/// batches, as `StreamingPredictor`), and only its true labels, the model's probabilities and a
/// hash of its id are kept for the report, not its text.
///
/// ```swift
/// var stream = EvaluationStream(model: model)
/// try reader.read("test.jsonl") { stream.add($0) }
/// let report = stream.finish()
/// ```
public struct EvaluationStream: Sendable {
    /// What an evaluation keeps of one document.
    typealias Scored = (id: String, labels: [String], probabilities: [Float])

    public let model: TrainedModel
    private var predictor: StreamingPredictor<Scored>
    private var truth: [[String]] = []
    private var probabilities: [Float] = []
    /// Ids that more than one document carried.
    public private(set) var repeatedIds = RepeatedIds()

    /// The number of documents added so far.
    public var count: Int { truth.count + pendingCount }
    private var pendingCount = 0

    public init(
        model: TrainedModel, batchSize: Int = StreamingPrediction.defaultBatchSize,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.model = model
        let index = Dictionary(uniqueKeysWithValues: model.labels.enumerated().map { ($1, $0) })
        let labelCount = model.labels.count
        predictor = StreamingPredictor(model: model, batchSize: batchSize, threads: threads) { document, prediction in
            var row = [Float](repeating: 0, count: labelCount)
            for score in prediction.scores { row[index[score.label]!] = score.probability }
            return (document.id, document.labels, row)
        }
    }

    /// Adds a labelled document.
    public mutating func add(_ document: Document) {
        pendingCount += 1
        var kept: [Scored] = []
        predictor.add(document) { kept = $0 }
        keep(kept)
    }

    /// The report on every document added, with the model's thresholds or `threshold`.
    public mutating func finish(threshold: Float? = nil, modelPath: String? = nil) -> EvaluationReport {
        var kept: [Scored] = []
        predictor.finish { kept = $0 }
        keep(kept)
        return Evaluator.evaluate(model, truth: truth, probabilities: probabilities, threshold: threshold, modelPath: modelPath)
    }

    private mutating func keep(_ scored: [Scored]) {
        pendingCount -= scored.count
        for document in scored {
            repeatedIds.add(document.id)
            truth.append(document.labels)
            probabilities.append(contentsOf: document.probabilities)
        }
    }
}
