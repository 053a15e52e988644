/// A compressed-sparse-row matrix of `Float`: row `i` holds the entries
/// `columnIndices[rowOffsets[i]..<rowOffsets[i+1]]` with `values` at the same positions, columns
/// ascending within a row.
public struct SparseMatrix: Sendable, Equatable {
    /// The number of columns (features).
    public var columnCount: Int
    /// `rowCount + 1` offsets into `columnIndices` and `values`.
    public var rowOffsets: [Int]
    /// Column of each stored entry.
    public var columnIndices: [Int32]
    /// Value of each stored entry.
    public var values: [Float]

    /// An empty matrix with `columnCount` columns and no rows.
    public init(columnCount: Int) {
        self.columnCount = columnCount
        self.rowOffsets = [0]
        self.columnIndices = []
        self.values = []
    }

    public init(columnCount: Int, rowOffsets: [Int], columnIndices: [Int32], values: [Float]) {
        self.columnCount = columnCount
        self.rowOffsets = rowOffsets
        self.columnIndices = columnIndices
        self.values = values
    }

    /// The number of rows (documents).
    public var rowCount: Int { rowOffsets.count - 1 }

    /// The number of stored entries.
    public var nonZeroCount: Int { values.count }

    /// Appends a row given as parallel column and value arrays (columns ascending).
    public mutating func appendRow(columns: some Collection<Int32>, values rowValues: some Collection<Float>) {
        columnIndices.append(contentsOf: columns)
        values.append(contentsOf: rowValues)
        rowOffsets.append(columnIndices.count)
    }

    /// Appends every row of `other`.
    public mutating func appendRows(of other: SparseMatrix) {
        let base = columnIndices.count
        columnIndices.append(contentsOf: other.columnIndices)
        values.append(contentsOf: other.values)
        rowOffsets.append(contentsOf: other.rowOffsets.dropFirst().map { $0 + base })
    }

    /// The range of stored entries of row `i`.
    @inline(__always)
    public func entries(ofRow i: Int) -> Range<Int> { rowOffsets[i]..<rowOffsets[i + 1] }

    /// The rows at `indices`, in that order.
    public func rows(_ indices: some Sequence<Int>) -> SparseMatrix {
        var result = SparseMatrix(columnCount: columnCount)
        for i in indices {
            let range = entries(ofRow: i)
            result.appendRow(columns: columnIndices[range], values: values[range])
        }
        return result
    }

    /// The entries of the rows in `kept` alone, over the columns they use: row numbers stay as
    /// they are (every other row is empty), and the columns those rows use are renumbered
    /// `0..<columnCount` in their original order, so each row lists its entries in the same order.
    /// A computation over a few rows then needs memory for their columns, not for every column.
    /// Every row in `kept` must be in `0..<rowCount`; a row listed twice is kept once.
    func keepingOnly(rows kept: some Sequence<Int>) -> SparseMatrix {
        var isKept = [Bool](repeating: false, count: rowCount)
        for row in kept {
            precondition(row >= 0 && row < rowCount, "row \(row) is not in the matrix")
            isKept[row] = true
        }
        var isUsed = [Bool](repeating: false, count: columnCount)
        for row in 0..<rowCount where isKept[row] {
            for k in entries(ofRow: row) { isUsed[Int(columnIndices[k])] = true }
        }
        var newColumn = [Int32](repeating: -1, count: columnCount)
        var used: Int32 = 0
        for column in 0..<columnCount where isUsed[column] {
            newColumn[column] = used
            used += 1
        }
        var offsets = [0]
        offsets.reserveCapacity(rowCount + 1)
        var columns: [Int32] = []
        var entryValues: [Float] = []
        for row in 0..<rowCount {
            if isKept[row] {
                for k in entries(ofRow: row) {
                    columns.append(newColumn[Int(columnIndices[k])])
                    entryValues.append(values[k])
                }
            }
            offsets.append(columns.count)
        }
        return SparseMatrix(columnCount: Int(used), rowOffsets: offsets, columnIndices: columns, values: entryValues)
    }
}
