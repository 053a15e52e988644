import Foundation
import Testing
@testable import ClassifyKit

@Suite struct FeatureCacheTests {
    let folder = TemporaryDirectory()

    /// Rows of a few entries each over `columns` columns, with one or two labels.
    func rows(_ count: Int, columns: Int) -> (SparseMatrix, [[Int32]]) {
        var matrix = SparseMatrix(columnCount: columns)
        var labels: [[Int32]] = []
        var generator = SeededGenerator(seed: 7)
        for i in 0..<count {
            let picked = Set((0..<(i % 9)).map { _ in Int32(generator.next() % UInt64(columns)) }).sorted()
            matrix.appendRow(columns: picked, values: picked.map { _ in Float(generator.next() % 1000) / 999 })
            labels.append(i % 5 == 0 ? [0, Int32(i % 3)].uniqueSorted : [Int32(i % 3)])
        }
        return (matrix, labels)
    }

    @Test func rowsComeBackInOrderWithHalfPrecisionValues() throws {
        defer { folder.remove() }
        let (matrix, labels) = rows(20_000, columns: 300_000)
        let cache = try FeatureCache(columnCount: 300_000, folder: folder.path, blockBytes: 1)
        for row in 0..<matrix.rowCount { try cache.append(matrix, row: row, labels: labels[row]) }
        try cache.finish()
        #expect(cache.rowCount == 20_000 && cache.nonZeroCount == matrix.nonZeroCount)
        #expect(cache.blockCount > 1, "64 KiB blocks split 20,000 rows")
        var read = SparseMatrix(columnCount: 300_000)
        var readLabels: [[Int32]] = []
        for index in 0..<cache.blockCount {
            let block = try cache.block(index)
            read.appendRows(of: block.features)
            readLabels += block.labels
        }
        #expect(read.rowOffsets == matrix.rowOffsets && read.columnIndices == matrix.columnIndices)
        #expect(read.values == matrix.values.map { Float(Float16($0)) })
        #expect(readLabels == labels)
    }

    @Test func theCacheLeavesNothingOnDisk() throws {
        defer { folder.remove() }
        let (matrix, labels) = rows(100, columns: 50)
        let cache = try FeatureCache(columnCount: 50, folder: folder.path, blockBytes: 1)
        for row in 0..<matrix.rowCount { try cache.append(matrix, row: row, labels: labels[row]) }
        try cache.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        #expect(try cache.block(0).features.rowCount == 100)
    }

    @Test func anUnwritableFolderIsAOneLineError() throws {
        #expect(errorText { _ = try FeatureCache(columnCount: 5, folder: "/nonexistent/folder", blockBytes: 1) }
            == "/nonexistent/folder: cannot make the feature cache folder: no such file or directory; set TMPDIR to a writable folder")
    }
}

@Suite struct MemoryBudgetTests {
    @Test func sizesParseWithBinaryUnits() throws {
        #expect(try MemoryBudget(parsing: "512M").bytes == 512 << 20)
        #expect(try MemoryBudget(parsing: "2g").bytes == 2 << 30)
        #expect(try MemoryBudget(parsing: "1.5GiB").bytes == 3 << 29)
        #expect(try MemoryBudget(parsing: "100000000").bytes == 100_000_000)
        for bad in ["", "M", "-1G", "inf", "1e400", "12Q", "nan"] {
            #expect(errorText { _ = try MemoryBudget(parsing: bad) } == "--max-memory takes a size such as 512M or 2G (got \"\(bad)\")")
        }
        #expect(errorText { _ = try MemoryBudget(parsing: "1M") } == "--max-memory 1M is below the smallest budget, 16M")
    }

    @Test func theSampleAndTheModelAreBoundedByTheBudget() throws {
        let budget = MemoryBudget(bytes: 64 << 20)
        #expect(budget.sampleDocuments(bytesPerDocument: 1 << 10) == 16_384)
        #expect(MemoryBudget.standard.sampleDocuments(bytesPerDocument: 100) == MemoryBudget.maximumSampleDocuments)
        #expect(budget.blockBytes == 2 << 20)
        try budget.check(features: 10_000, labels: 20, bytesPerWeight: 40)
        #expect(errorText { try budget.check(features: 1_000_000, labels: 20, bytesPerWeight: 40) }
            == "training 1000000 features × 20 labels needs about 763M, more than --max-memory 64M; raise --max-memory or shrink the vocabulary (--min-df, --max-features)")
    }

    @Test func theSamplerTakesEverythingOrAboutItsSize() {
        var all = DocumentSampler(size: 10, of: 10, seed: 1)
        #expect((0..<10).allSatisfy { _ in all.takesNext() })
        var some = DocumentSampler(size: 1_000, of: 10_000, seed: 1)
        let taken = (0..<10_000).filter { _ in some.takesNext() }
        #expect(taken.count > 900 && taken.count < 1_100)
        var again = DocumentSampler(size: 1_000, of: 10_000, seed: 1)
        #expect((0..<10_000).filter { _ in again.takesNext() } == taken)
    }
}

extension Array where Element == Int32 {
    fileprivate var uniqueSorted: [Int32] { Set(self).sorted() }
}
