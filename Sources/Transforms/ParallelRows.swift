import ImageKernel

/// Splits `0..<count` rows into contiguous chunks and runs `body` on them, on several threads of the shared
/// ``WorkerPool`` when `work` (an estimate of inner-loop operations) is large enough to pay for it. Results must not
/// depend on the split.
enum ParallelRows {
    /// Below this many inner-loop operations a pass runs on the calling thread.
    static let threshold = 2_000_000

    static func run(count: Int, work: Int, threshold: Int = ParallelRows.threshold, _ body: (Range<Int>) -> Void) {
        let threads = min(ProcessInfoLite.activeProcessorCount, 8)
        guard threads > 1, work >= threshold, count >= 2 * threads else {
            body(0..<count)
            return
        }
        let chunks = threads
        WorkerPool.shared.forEach(count: chunks, width: threads) { c in
            let lo = count * c / chunks
            let hi = count * (c + 1) / chunks
            if lo < hi { body(lo..<hi) }
        }
    }
}

/// Wraps a value the caller promises is used safely across threads (disjoint rows of one buffer).
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The number of online processors, without Foundation.
enum ProcessInfoLite {
    static var activeProcessorCount: Int { WorkerPool.processorCount }
}
