import Foundation
import ImageKernel
import Synchronization

/// Runs one piece of work per input on a fixed number of worker threads.
///
/// Each worker takes the next index when it has finished the previous one, so at most `jobs` inputs are in hand
/// at any time: memory stays bounded by `jobs` images however many inputs there are.
enum ParallelWork {
    /// Every core the process may use: the default of `--jobs`.
    static var defaultJobs: Int { max(ProcessInfo.processInfo.activeProcessorCount, 1) }

    /// Calls `body(index)` once for every index in `0..<count`, on `min(jobs, count)` threads of the shared
    /// ``WorkerPool`` (the calling thread included), and returns when all calls have returned. With one job the calls
    /// run in order on the calling thread.
    static func forEach(count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> Void) {
        WorkerPool.shared.forEach(count: count, width: jobs, body)
    }
}

/// One batch command's inputs run through ``ParallelWork`` with a ``BatchProgress`` bar on stderr, each input's
/// outcome kept in input order (so reports do not depend on which worker finished first).
enum BatchRun {
    /// Runs `work` on every index in `0..<count` with `jobs` workers and returns the results in index order.
    static func run<Output: Sendable>(
        count: Int, jobs: Int, quiet: Bool, unit: String, _ work: @escaping @Sendable (Int) -> Result<Output, any Error>
    ) -> [Result<Output, any Error>] {
        let state = State<Output>(count: count, progress: BatchProgress(total: count, unit: unit, steps: unit, quiet: quiet))
        ParallelWork.forEach(count: count, jobs: jobs) { index in
            let result = work(index)
            state.finish(index, result)
        }
        return state.results
    }

    /// The results so far and the progress bar, shared by the workers.
    private final class State<Output: Sendable>: Sendable {
        private let guarded: Mutex<(results: [Result<Output, any Error>?], progress: BatchProgress)>

        init(count: Int, progress: BatchProgress) {
            guarded = Mutex((Array(repeating: nil, count: count), progress))
        }

        func finish(_ index: Int, _ result: Result<Output, any Error>) {
            guarded.withLock {
                $0.results[index] = result
                $0.progress.advance(items: 1)
            }
        }

        /// Every result, once all are in.
        var results: [Result<Output, any Error>] { guarded.withLock { $0.results.map { $0! } } }
    }
}
