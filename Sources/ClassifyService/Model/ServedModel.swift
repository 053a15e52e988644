import ClassifyKit
import Synchronization

/// The model a service answers with, loaded from a file and reloaded from it on demand. A reload
/// loads and checks the new file beside the current model and swaps the two in one step, so a
/// request sees one model from start to end; a file that fails to load leaves the current model
/// serving and is remembered as the last reload error.
public final class ServedModel: Sendable {
    /// One loaded model file.
    public struct Snapshot: Sendable {
        public let model: TrainedModel
        /// What `classify info --json` says of the file.
        public let description: ModelDescription
        /// 1 for the model loaded at start, then one more per successful reload.
        public let generation: Int
    }

    /// How reloads have gone.
    public struct ReloadStatus: Sendable, Equatable {
        public var reloads = 0
        public var failedReloads = 0
        /// The error of the last reload when it failed, nil when it succeeded (or none was tried).
        public var lastError: String?
    }

    /// The model file.
    public let path: String
    let registry: ClassifierRegistry
    private let state: Mutex<(current: Snapshot, status: ReloadStatus)>
    /// Held for the whole of a reload: one at a time.
    private let reloading = Mutex(())

    /// Loads the model at `path` with the classifiers of `registry`; throws its one-line error.
    public init(path: String, registry: ClassifierRegistry = .builtIn) throws {
        self.path = path
        self.registry = registry
        let (model, description) = try Self.load(path, registry: registry)
        state = Mutex((Snapshot(model: model, description: description, generation: 1), ReloadStatus()))
    }

    /// The model serving now.
    public var current: Snapshot { state.withLock { $0.current } }

    /// How reloads have gone.
    public var status: ReloadStatus { state.withLock { $0.status } }

    /// Loads the file again and, when it loads, serves it from the next request on. Returns the
    /// new generation, or throws the file's error with the current model still serving. Reloads
    /// run one at a time, so the file read last is the one that serves.
    @discardableResult
    public func reload() throws -> Int {
        try reloading.withLock { _ in
            do {
                let (model, description) = try Self.load(path, registry: registry)
                return state.withLock {
                    let generation = $0.current.generation + 1
                    $0.current = Snapshot(model: model, description: description, generation: generation)
                    $0.status.reloads += 1
                    $0.status.lastError = nil
                    return generation
                }
            } catch {
                state.withLock {
                    $0.status.failedReloads += 1
                    $0.status.lastError = "\(error)"
                }
                throw error
            }
        }
    }

    private static func load(_ path: String, registry: ClassifierRegistry) throws -> (TrainedModel, ModelDescription) {
        let bytes = try ModelFile.readBytes(path)
        let description = try ModelDescription(bytes: bytes, path: path, registry: registry)
        let model = try ModelFile.decode(bytes, path: path, registry: registry)
        // A service answers many requests: its term table is built now, not during one of them.
        _ = model.vectorizer.vocabulary
        return (model, description)
    }
}
