import Synchronization

/// Finds a term's feature id: all that vectorizing asks of a vocabulary.
protocol TermIDLookup {
    /// The id of `key`, or nil.
    func id(of key: UnsafeBufferPointer<UInt8>) -> Int32?
}

extension TermTable.Lookup: TermIDLookup {}
extension SortedTermIndex: TermIDLookup {}

/// A vocabulary's `TermTable`, either given or built from a `SortedTermIndex` the first time it is
/// needed. Until then a few documents are looked up in the index, so a model opened to predict one
/// document never builds the table; batches, and every document after `indexedDocumentLimit`
/// looked up in the index, use the table. Both give every term the same id. Safe to share between
/// threads: the table is built once, under a lock.
public final class LazyTermTable: Sendable {
    /// The documents looked up in the index before the table is built: building it costs about as
    /// much as looking up this many documents' terms in the index, several times over.
    public static let indexedDocumentLimit = 64

    /// The number of terms.
    public let count: Int
    /// The sorted index the table is built from; nil when the table was given.
    let index: SortedTermIndex?
    private let built: Mutex<TermTable?>
    private let indexedDocuments = Atomic<Int>(0)

    /// A vocabulary of a built table.
    public init(_ table: TermTable) {
        count = table.count
        index = nil
        built = Mutex(table)
    }

    /// A vocabulary of the terms of `index`, its table built when first needed.
    public init(_ index: SortedTermIndex) {
        count = index.count
        self.index = index
        built = Mutex(nil)
    }

    /// The table, built now when it was not.
    public var table: TermTable {
        built.withLock { table in
            if let table { return table }
            let made = index!.table()
            table = made
            return made
        }
    }

    /// Whether the table is built (or was given).
    public var isBuilt: Bool { built.withLock { $0 != nil } }

    /// The index, when the table is not built and `documents` more documents may be looked up in
    /// it (counted against `indexedDocumentLimit`); nil when the table should be used.
    func indexForLookups(documents: Int) -> SortedTermIndex? {
        guard let index, documents < Self.indexedDocumentLimit, !isBuilt else { return nil }
        let before = indexedDocuments.add(documents, ordering: .relaxed).oldValue
        return before + documents <= Self.indexedDocumentLimit ? index : nil
    }

    /// The id of `key`, or nil: from the table when built, otherwise from the index (without
    /// building the table or counting against `indexedDocumentLimit`).
    public func id(of key: UnsafeBufferPointer<UInt8>) -> Int32? {
        if let index, !isBuilt { return index.id(of: key) }
        return table.id(of: key)
    }

    /// The bytes of term `id`, from the table when built, otherwise from the index.
    public func term(_ id: Int) -> String {
        if let index, !isBuilt { return String(decoding: index.term(id), as: UTF8.self) }
        return table.term(id)
    }
}
