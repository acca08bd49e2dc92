import Foundation

/// The parallel, ordered, bounded producer behind ``ImageDataset``'s batches.
///
/// `jobs` worker threads take the next element in dataset order, decode and resize it straight into its slot of a
/// preallocated batch array, and mark it done. While the consumer holds batch b, the workers fill batches b+1 to
/// b+1+`prefetch`, so memory stays at about `prefetch + 2` batches whatever the dataset's size, and the consumer
/// receives batches in order, whatever order the workers finish in.
final class DatasetPipeline: @unchecked Sendable {
    struct Plan: Sendable {
        var paths: [String]
        var labels: [Int]?
        var labelMode: DatasetOptions.LabelMode
        var classCount: Int
        var batchSize: Int
        var recipe: DatasetElementRecipe
        var skipUnreadable: Bool
    }

    private final class Slot {
        var images: NDArray
        let base: UnsafeMutableRawPointer
        var remaining: Int
        var errors: [Int: ImageError] = [:]

        /// A batch of `count` elements, in `recycled` storage when given (its old contents are overwritten), else in
        /// new storage left unzeroed: the workers write every byte of every element, and a failed element is
        /// dropped when the batch is compacted.
        init(count: Int, recipe: DatasetElementRecipe, recycled: consuming NDArray?) throws(ImageError) {
            images = try Self.storage(count: count, recipe: recipe, recycled: recycled.take())
            base = images.withUnsafeMutableBytes { $0.baseAddress! }
            remaining = count
        }

        /// `recycled` when no other reference to its storage is left, else new storage: writing into shared storage
        /// would first copy all of it (copy-on-write), only for the copy to be overwritten.
        private static func storage(count: Int, recipe: DatasetElementRecipe,
                                    recycled: consuming NDArray?) throws(ImageError) -> NDArray {
            if var reused = recycled.take(), reused.holdsStorageAlone() { return reused }
            return try NDArray(shape: [count] + recipe.elementShape, dtype: recipe.elementType, zeroed: false, hugePages: true)
        }
    }

    private let plan: Plan
    private let condition = NSCondition()
    /// Bytes of one element.
    private let elementSize: Int
    private let batchCount: Int
    private let prefetch: Int
    /// One job: batches are produced on the consumer's thread, on demand (no worker, no prefetch).
    private let inline: Bool
    /// The consumer's buffers when ``inline``.
    private var inlineScratch = DatasetElementScratch()
    // Guarded by `condition` (`failure` is an allocation failure; file errors stay with their batch):
    private var nextElement = 0
    private var consumedBatches = 0
    private var slots: [Int: Slot] = [:]
    private var waiter: (batch: Int, continuation: CheckedContinuation<Void, Never>)?
    private var stopped = false
    private var failure: ImageError?
    /// Batch arrays handed to the consumer, newest last: once the consumer has dropped one (its storage is held here
    /// alone), a new batch of the same shape reuses its memory instead of mapping and faulting in fresh pages.
    private var handedOut: [NDArray] = []

    /// - Parameter inline: with one job, produce the batches on the consumer's thread (more jobs always use workers).
    init(plan: Plan, jobs: Int, prefetch: Int, inline: Bool) {
        self.plan = plan
        self.elementSize = plan.recipe.elementBytes
        self.batchCount = (plan.paths.count + plan.batchSize - 1) / plan.batchSize
        self.prefetch = max(prefetch, 1)
        self.inline = jobs <= 1 && inline
        // Workers of the shared pool: each keeps this pipeline alive until it returns (at the end, or once stopped);
        // the consumer's handle stops them when the iteration is abandoned. Inline (one job, by default) there are
        // none: the consumer's thread decodes each batch when it asks for it, so one job is one thread.
        if !self.inline { WorkerPool.shared.start(max(jobs, 1)) { [self] _ in work() } }
    }

    /// Stops the workers (they finish the element in hand and exit).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        let pending = waiter
        waiter = nil
        condition.unlock()
        pending?.continuation.resume()
    }

    /// The next batch in order, or `nil` at the end. Cancelling the calling task stops the workers and throws
    /// `CancellationError`.
    func next() async throws -> DatasetBatch? {
        try Task.checkCancellation()
        guard let batch = currentBatch() else { return nil }
        if inline { return try produceInline(batch) }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                resumeWhenReady(batch, continuation)
            }
        } onCancel: {
            stop()
        }
        if Task.isCancelled {
            stop()
            throw CancellationError()
        }
        guard let slot = try take(batch) else { return nil }
        return try finish(slot, batch: batch)
    }

    /// The next batch in order, waiting on the calling thread; `nil` at the end.
    func nextBlocking() throws -> DatasetBatch? {
        guard let batch = currentBatch() else { return nil }
        if inline { return try produceInline(batch) }
        condition.lock()
        while !isReady(batch) && !stopped { condition.wait() }
        condition.unlock()
        guard let slot = try take(batch) else { return nil }
        return try finish(slot, batch: batch)
    }

    private func currentBatch() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        return consumedBatches >= batchCount || stopped ? nil : consumedBatches
    }

    private func resumeWhenReady(_ batch: Int, _ continuation: CheckedContinuation<Void, Never>) {
        condition.lock()
        if isReady(batch) || stopped {
            condition.unlock()
            continuation.resume()
        } else {
            waiter = (batch, continuation)
            condition.unlock()
        }
    }

    /// Removes a finished batch from the window and lets the workers move on.
    private func take(_ batch: Int, inline: Slot? = nil) throws(ImageError) -> Slot? {
        condition.lock()
        defer { condition.unlock() }
        if let failure, !stopped {
            stopped = true
            condition.broadcast()
            throw failure
        }
        guard !stopped, let slot = inline ?? slots.removeValue(forKey: batch) else { return nil }
        consumedBatches += 1
        condition.broadcast()
        return slot
    }

    private func isReady(_ batch: Int) -> Bool {
        if failure != nil { return true }
        guard let slot = slots[batch] else { return false }
        return slot.remaining == 0
    }

    private func range(of batch: Int) -> Range<Int> {
        let start = batch * plan.batchSize
        return start..<min(start + plan.batchSize, plan.paths.count)
    }

    private func work() {
        var scratch = DatasetElementScratch()
        while true {
            condition.lock()
            while !stopped && nextElement < plan.paths.count
                && nextElement / plan.batchSize > consumedBatches + prefetch {
                condition.wait()
            }
            if stopped || nextElement >= plan.paths.count {
                condition.unlock()
                return
            }
            let element = nextElement
            nextElement += 1
            let batch = element / plan.batchSize
            let slot: Slot
            if let existing = slots[batch] {
                slot = existing
            } else {
                do {
                    let count = range(of: batch).count
                    slot = try Slot(count: count, recipe: plan.recipe, recycled: reusableBatch(count: count))
                } catch {
                    failure = error
                    condition.broadcast()
                    resumeWaiter()
                    condition.unlock()
                    return
                }
                slots[batch] = slot
            }
            condition.unlock()

            let offset = element - batch * plan.batchSize
            let elementError = load(element, into: slot, at: offset, scratch: &scratch)

            condition.lock()
            if let elementError { slot.errors[offset] = elementError }
            slot.remaining -= 1
            if slot.remaining == 0 { condition.broadcast() }
            if let waiting = waiter, isReady(waiting.batch) {
                resumeWaiter()
            }
            condition.unlock()
        }
    }

    /// Decodes element `element` into row `offset` of `slot`; returns its error, named by its file.
    private func load(_ element: Int, into slot: Slot, at offset: Int, scratch: inout DatasetElementScratch) -> ImageError? {
        let destination = UnsafeMutableRawBufferPointer(start: slot.base + offset * elementSize, count: elementSize)
        do {
            try plan.recipe.load(plan.paths[element], into: destination, scratch: &scratch)
            return nil
        } catch let error as ImageError {
            return error.naming(file: plan.paths[element])
        } catch {
            return ImageError(.io, "\(error)", file: plan.paths[element])
        }
    }

    /// Batch `batch` decoded on the calling thread (one job).
    private func produceInline(_ batch: Int) throws -> DatasetBatch? {
        let indices = range(of: batch)
        condition.lock()
        var recycled = reusableBatch(count: indices.count)
        condition.unlock()
        // `take()` moves the array into the slot: a copy of it left here would make the slot's storage shared.
        let slot = try Slot(count: indices.count, recipe: plan.recipe, recycled: recycled.take())
        for (offset, element) in indices.enumerated() {
            if let error = load(element, into: slot, at: offset, scratch: &inlineScratch) { slot.errors[offset] = error }
        }
        slot.remaining = 0
        guard let taken = try take(batch, inline: slot) else { return nil }
        return try finish(taken, batch: batch)
    }

    /// A handed-out batch array of `count` elements that the consumer no longer holds, removed from the list; `nil`
    /// when there is none. Call with the lock held.
    private func reusableBatch(count: Int) -> NDArray? {
        for i in handedOut.indices where handedOut[i].shape.first == count && handedOut[i].holdsStorageAlone() {
            return handedOut.remove(at: i)
        }
        return nil
    }

    /// Keeps `images` (a whole batch just handed out) for reuse, bounding the list to the window's size.
    private func remember(_ images: NDArray) {
        condition.lock()
        defer { condition.unlock() }
        handedOut.append(images)
        if handedOut.count > prefetch + 2 { handedOut.removeFirst() }
    }

    /// Resumes the waiting consumer. Call with the lock held.
    private func resumeWaiter() {
        if let pending = waiter {
            waiter = nil
            pending.continuation.resume()
        }
    }

    private func finish(_ slot: Slot, batch: Int) throws(ImageError) -> DatasetBatch {
        let indices = range(of: batch)
        var paths = Array(plan.paths[indices])
        var labels = plan.labels.map { Array($0[indices]) }
        var images = slot.images
        var skipped: [SkippedFile] = []
        if !slot.errors.isEmpty && !plan.skipUnreadable {
            stop()
            throw slot.errors[slot.errors.keys.min()!]!
        }
        if !slot.errors.isEmpty {
            let keep = (0..<indices.count).filter { slot.errors[$0] == nil }
            skipped = slot.errors.keys.sorted().map { SkippedFile(path: paths[$0], error: slot.errors[$0]!) }
            var compact = try NDArray(shape: [keep.count] + plan.recipe.elementShape, dtype: plan.recipe.elementType)
            compact.withUnsafeMutableBytes { out in
                for (row, index) in keep.enumerated() {
                    (out.baseAddress! + row * elementSize).copyMemory(from: slot.base + index * elementSize, byteCount: elementSize)
                }
            }
            images = compact
            paths = keep.map { paths[$0] }
            labels = labels.map { l in keep.map { l[$0] } }
        }
        if slot.errors.isEmpty { remember(images) }
        let encoded = try labels.flatMap { l throws(ImageError) in
            try DatasetLabelEncoder.encode(l, mode: plan.labelMode, classCount: plan.classCount)
        }
        return DatasetBatch(images: images, labels: encoded, filePaths: paths, index: batch, skippedFiles: skipped)
    }

    deinit {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
