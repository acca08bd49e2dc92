import ImageKernel
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The shared worker pool: every index exactly once, never more threads in flight than asked, in order on the caller
/// with one, nested loops from pool threads without deadlock, and long-running workers truly concurrent.
@Suite struct WorkerPoolTests {
    final class Tally: Sendable {
        let calls = Atomic<Int>(0)
        let inFlight = Atomic<Int>(0)
        let most = Atomic<Int>(0)
    }

    @Test(arguments: [1, 2, 3, 8])
    func everyIndexOnceWithinTheWidth(width: Int) {
        let tally = Tally()
        // Each call writes its index into the next free slot (a slot per call: no lock, so ThreadSanitizer, which
        // cannot see inside `Mutex`'s futex on Linux, checks the pool's own hand-over instead).
        let order = UnsafeMutableBufferPointer<Int>.allocate(capacity: 500)
        order.initialize(repeating: -1)
        defer { order.deallocate() }
        WorkerPool.shared.forEach(count: 500, width: width) { index in
            let now = tally.inFlight.add(1, ordering: .relaxed).newValue
            var most = tally.most.load(ordering: .relaxed)
            while now > most, !tally.most.compareExchange(expected: most, desired: now, ordering: .relaxed).exchanged {
                most = tally.most.load(ordering: .relaxed)
            }
            if index % 50 == 0 { usleep(200) }
            order[tally.calls.add(1, ordering: .relaxed).oldValue] = index
            tally.inFlight.subtract(1, ordering: .relaxed)
        }
        let hits = Array(order)
        #expect(hits.sorted() == Array(0..<500))
        #expect(tally.most.load(ordering: .relaxed) <= width)
        if width == 1 { #expect(hits == Array(0..<500)) }
    }

    @Test func nestedLoopsFromPoolThreadsFinish() {
        let total = Atomic<Int>(0)
        // More outer workers than cores, each running an inner parallel loop: the callers take part, so nothing waits
        // for a thread that is busy waiting itself.
        WorkerPool.shared.forEach(count: 16, width: 16) { _ in
            WorkerPool.shared.forEach(count: 100, width: 4) { _ in total.add(1, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == 1600)
    }

    @Test func startedWorkersRunConcurrently() {
        // Leave one pool thread waiting first (one helper for a two-index loop, then time to go idle): the three
        // workers must still get three threads, not queue behind the one that is waiting.
        WorkerPool.shared.forEach(count: 2, width: 2) { _ in usleep(2000) }
        usleep(20_000)
        let arrived = Atomic<Int>(0), met = Atomic<Int>(0), done = Atomic<Int>(0)
        WorkerPool.shared.start(3) { _ in
            arrived.add(1, ordering: .relaxed)
            // Each waits (up to 10 s) for all three: only possible if all three run at once.
            for _ in 0..<10_000 where arrived.load(ordering: .relaxed) < 3 { usleep(1000) }
            if arrived.load(ordering: .relaxed) == 3 { met.add(1, ordering: .relaxed) }
            done.add(1, ordering: .relaxed)
        }
        for _ in 0..<20_000 where done.load(ordering: .relaxed) < 3 { usleep(1000) }
        #expect(met.load(ordering: .relaxed) == 3)
    }
}
