import Foundation

/// Predicts a stream of documents in rounds of batches scored on `threads` threads, turns each
/// prediction into an `Output` on the same threads (`render`: an output line, say), and hands out
/// each round's outputs in input order as soon as they are done. Memory holds one round
/// (`4 × threads × batchSize` documents) whatever the length of the stream, and the predictions do not
/// depend on the batch size or the thread count (each document is scored on its own).
///
/// ```swift
/// var predictor = StreamingPredictor(model: model) { document, prediction in "\(document.id) \(prediction.labels)\n" }
/// try reader.read(path) { document in
///     predictor.add(document) { lines in print(lines.joined(), terminator: "") }
/// }
/// predictor.finish { lines in print(lines.joined(), terminator: "") }
/// ```
public struct StreamingPredictor<Output: Sendable>: Sendable {
    /// Makes the output of one document from its prediction.
    public typealias Render = @Sendable (Document, Prediction) -> Output

    public let model: TrainedModel
    /// Documents scored together by one thread (at most `StreamingPrediction.maximumBatchSize`).
    public let batchSize: Int
    /// Threads that score the batches of a round (at most `ParallelMap.maximumThreads`).
    public let threads: Int
    /// Overrides the model's multi-label thresholds when set.
    public let threshold: Float?
    /// Keep in each prediction's scores only the predicted labels and this many most probable
    /// (`TrainedModel.predict(_:threshold:rules:top:)`); every label when nil.
    public let top: Int?
    /// Makes each document's output.
    public let render: Render
    private var pending: [Document] = []
    /// Batches per thread in a round: threads that finish early take the next batch, so a round
    /// of uneven documents keeps every thread busy.
    static var batchesPerThread: Int { 4 }
    /// The documents of a round: scored together once this many wait.
    private var roundSize: Int { batchSize * threads * Self.batchesPerThread }

    public init(
        model: TrainedModel, batchSize: Int = StreamingPrediction.defaultBatchSize,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount, threshold: Float? = nil, top: Int? = nil,
        render: @escaping Render
    ) {
        self.model = model
        self.top = top
        self.render = render
        self.batchSize = min(max(1, batchSize), StreamingPrediction.maximumBatchSize)
        self.threads = min(max(1, threads), ParallelMap.maximumThreads)
        self.threshold = threshold
        pending.reserveCapacity(min(roundSize, StreamingPrediction.reservedDocuments))
    }

    /// Adds `document`; when a round of batches is waiting, predicts them and calls `emit` with
    /// their results in input order.
    public mutating func add(_ document: Document, emit: ([Output]) throws -> Void) rethrows {
        pending.append(document)
        if pending.count >= roundSize { try flush(emit) }
    }

    /// Predicts whatever is waiting and calls `emit` with it (nothing when nothing waits).
    public mutating func finish(emit: ([Output]) throws -> Void) rethrows {
        if !pending.isEmpty { try flush(emit) }
    }

    private mutating func flush(_ emit: ([Output]) throws -> Void) rethrows {
        let documents = pending
        pending.removeAll(keepingCapacity: true)
        let batches = stride(from: 0, to: documents.count, by: batchSize).map { $0..<min(documents.count, $0 + batchSize) }
        let model = self.model, threshold = self.threshold, top = self.top, render = self.render
        let outputs = ParallelMap.map(0..<batches.count, threads: threads) { b -> [Output] in
            let batch = Array(documents[batches[b]])
            return zip(batch, model.predict(batch, threshold: threshold, top: top)).map { render($0, $1) }
        }
        try emit(Array(outputs.joined()))
    }
}

/// Settings shared by every `StreamingPredictor`.
public enum StreamingPrediction {
    /// Documents per batch when none is given.
    public static let defaultBatchSize = 256
    /// The largest batch: a larger one is taken as this.
    public static let maximumBatchSize = 1 << 20
    /// The most documents reserved room for before any arrives; a longer round grows as it fills.
    static let reservedDocuments = 1 << 16
}
