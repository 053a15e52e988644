/// Fits a feature block one document at a time (`StreamingFeatureBlock`).
public protocol FeatureBlockAccumulator {
    /// Learns from one more training document.
    mutating func add(_ document: Document)
    /// The block fitted on the documents added: the same as `fit` on them in the same order.
    func finish() throws -> any FeatureBlock
}

/// A feature block that can be fitted one document at a time, so that training in a stream
/// (`classify train --max-memory`) can stack it.
public protocol StreamingFeatureBlock: FeatureBlock {
    /// An empty accumulator for a block with `parameters`.
    static func accumulator(parameters: ClassifierParameters) throws -> any FeatureBlockAccumulator
}
