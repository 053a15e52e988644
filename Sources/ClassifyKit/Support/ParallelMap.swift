import Dispatch
import Synchronization

/// Runs independent pieces of work on all cores and returns their results in input order, so that
/// results never depend on the number of threads.
public enum ParallelMap {
    /// The most threads any caller asks for: more than any machine's cores, and few enough that
    /// per-thread buffers sized by it stay small.
    public static let maximumThreads = 1024

    /// `transform` applied to each element of `range`, in parallel.
    public static func map<T>(_ range: Range<Int>, _ transform: (Int) -> T) -> [T] {
        let count = range.count
        if count <= 1 { return range.map(transform) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let output = results
        withoutActuallyEscaping(transform) { transform in
            nonisolated(unsafe) let work = transform
            DispatchQueue.concurrentPerform(iterations: count) { i in
                output[i] = work(range.lowerBound + i)
            }
        }
        return results.map { $0! }
    }

    /// `transform` applied to each element of `range` on at most `threads` threads, each taking the
    /// next element as it finishes one (so uneven pieces balance out); results in input order.
    public static func map<T>(_ range: Range<Int>, threads: Int, _ transform: (Int) -> T) -> [T] {
        let count = range.count
        if count <= 1 || threads <= 1 { return range.map(transform) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let output = results
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(transform) { transform in
            nonisolated(unsafe) let work = transform
            DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
                while true {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    if i >= count { break }
                    output[i] = work(range.lowerBound + i)
                }
            }
        }
        return results.map { $0! }
    }
}
