#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The one pool of worker threads behind every parallel part of Imago: the row-parallel resize passes, the dataset
/// pipeline's decode workers and the command-line tool's batch commands.
///
/// Threads are created on demand and kept for reuse (idle ones wait, using no CPU), with an 8 MiB stack each (as a
/// main thread has: the C codecs use stack). Two kinds of work:
/// - ``forEach(count:width:_:)``: a parallel loop that returns when every index is done. The calling thread takes
///   part, so a loop started from a pool thread (a resize inside a dataset worker) never waits for a free thread:
///   with none free, the caller runs every index itself.
/// - ``start(_:_:)``: long-running workers (the dataset pipeline's), each on its own pool thread until it returns.
///
/// The parallelism of each call is its own (`width`, `count`): the pool never runs a call on more threads than it
/// asks for, so `--jobs 1` means one thread.
public final class WorkerPool: @unchecked Sendable {
    /// The pool every Imago module uses.
    public static let shared = WorkerPool()

    /// The number of online processors (the default parallelism).
    public static let processorCount: Int = {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? n : 1
    }()

    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `lock`:
    private var queue: [@Sendable () -> Void] = []
    /// Waiting threads that no submitted task has claimed yet.
    private var idle = 0
    /// Wake-ups handed to claimed threads and not yet taken (a spurious wake-up takes none).
    private var wakeups = 0
    private var threads = 0

    private init() {
        pthread_mutex_init(lock, nil)
        pthread_cond_init(wake, nil)
    }

    /// Runs `body(index)` once for every index in `0..<count` on at most `width` threads, the calling thread
    /// included, and returns when every call has returned. Indices are handed out in increasing order, one at a time,
    /// so at most `width` are in progress at once. With `width` 1 (or `count` 1) the calls run in order on the calling
    /// thread. `body` must be safe to call concurrently for different indices.
    public func forEach(count: Int, width: Int, _ body: (Int) -> Void) {
        let helpers = min(max(width, 1), count) - 1
        guard helpers > 0 else {
            for index in 0..<count { body(index) }
            return
        }
        withoutActuallyEscaping(body) { escaping in
            let loop = ParallelLoop(count: count, body: escaping)
            for _ in 0..<helpers { submit { loop.run() } }
            loop.run()
            loop.waitUntilDone()
            // Helpers that start from now on find no index; none may hold `body` past this call.
            loop.release()
        }
    }

    /// Starts `count` calls of `body` (each given its worker number, 0..<count), each on its own pool thread, and
    /// returns at once. The threads go back to the pool when `body` returns.
    public func start(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        for worker in 0..<count { submit { body(worker) } }
    }

    private func submit(_ task: @escaping @Sendable () -> Void) {
        pthread_mutex_lock(lock)
        queue.append(task)
        if idle > 0 {
            // Claim a waiting thread for this task: the next submission, before the thread has woken, must not count
            // it again (three `start` workers would otherwise queue behind one thread and never run at once).
            idle -= 1
            wakeups += 1
            pthread_cond_signal(wake)
            pthread_mutex_unlock(lock)
            return
        }
        threads += 1
        pthread_mutex_unlock(lock)
        spawn()
    }

    /// A new pool thread running ``serve()``.
    private func spawn() {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, 8 << 20)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(self).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let status = pthread_create(&thread, &attributes, { context in
            Unmanaged<WorkerPool>.fromOpaque(context!).takeRetainedValue().serve()
            return nil
        }, context)
        if status != 0 {
            // No thread: run the queued work on threads that exist, or here if there are none.
            Unmanaged<WorkerPool>.fromOpaque(context).release()
            pthread_mutex_lock(lock)
            threads -= 1
            let alone = threads == 0
            pthread_mutex_unlock(lock)
            if alone { serveQueued() }
        }
    }

    /// A pool thread's life: run queued tasks, wait when there are none.
    private func serve() {
        pthread_mutex_lock(lock)
        while true {
            if queue.isEmpty {
                idle += 1
                while wakeups == 0 { pthread_cond_wait(wake, lock) }
                wakeups -= 1  // claimed: `submit` took it off `idle`
                continue
            }
            let task = queue.removeFirst()
            pthread_mutex_unlock(lock)
            task()
            pthread_mutex_lock(lock)
        }
    }

    /// Runs what is queued on the calling thread (when no thread could be created).
    private func serveQueued() {
        while true {
            pthread_mutex_lock(lock)
            guard !queue.isEmpty else {
                pthread_mutex_unlock(lock)
                return
            }
            let task = queue.removeFirst()
            pthread_mutex_unlock(lock)
            task()
        }
    }
}

/// One ``WorkerPool/forEach(count:width:_:)`` call: the next index to hand out, and how many have finished.
private final class ParallelLoop: @unchecked Sendable {
    private let count: Int
    private var body: ((Int) -> Void)?
    private let next = Atomic<Int>(0)
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let finishedAll = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var finished = 0  // guarded by `lock`

    init(count: Int, body: @escaping (Int) -> Void) {
        self.count = count
        self.body = body
        pthread_mutex_init(lock, nil)
        pthread_cond_init(finishedAll, nil)
    }

    /// Takes indices until none are left; a helper that starts late finds none and returns at once.
    func run() {
        var done = 0
        while case let index = next.add(1, ordering: .relaxed).oldValue, index < count {
            body!(index)
            done += 1
        }
        guard done > 0 else { return }
        pthread_mutex_lock(lock)
        finished += done
        if finished == count { pthread_cond_broadcast(finishedAll) }
        pthread_mutex_unlock(lock)
    }

    /// Waits until every index has finished (the caller has already taken part).
    func waitUntilDone() {
        pthread_mutex_lock(lock)
        while finished < count { pthread_cond_wait(finishedAll, lock) }
        pthread_mutex_unlock(lock)
    }

    /// Drops `body` once every index is done (no index is left to call it with).
    func release() { body = nil }

    deinit {
        pthread_mutex_destroy(lock)
        pthread_cond_destroy(finishedAll)
        lock.deallocate()
        finishedAll.deallocate()
    }
}
