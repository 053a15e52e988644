import Synchronization
import Testing
@testable import ClassifyKit

@Suite struct ParallelMapTests {
    @Test(arguments: [1, 2, 5])
    func boundedMapKeepsOrderAndUsesAtMostItsThreads(threads: Int) {
        let running = Atomic<Int>(0), most = Atomic<Int>(0)
        let results = ParallelMap.map(0..<40, threads: threads) { i -> Int in
            let now = running.wrappingAdd(1, ordering: .relaxed).newValue
            _ = most.max(now, ordering: .relaxed)
            for _ in 0..<(i % 5) * 1000 { _ = running.load(ordering: .relaxed) }
            running.wrappingSubtract(1, ordering: .relaxed)
            return i * i
        }
        #expect(results == (0..<40).map { $0 * $0 })
        #expect(most.load(ordering: .relaxed) <= threads)
    }
}
