import Foundation
import Synchronization
import Imago
import Testing
import TestSupport

/// imageDatasetFromDirectory end to end against Keras: file order after shuffle and split, labels in each mode,
/// batch shapes, and grain-path pixels (decoded by Pillow for these tests, so they run before the codecs land).
@Suite(.enabled(if: DatasetFixtures.available, DatasetFixtures.reason))
struct DatasetPipelineTests {
    /// Pillow's decoded float32 arrays, written by the fixture generator, keyed by path.
    static func pillowDecoded(_ mode: String) -> @Sendable (String) throws -> (pixels: [Float], height: Int, width: Int, channels: Int) {
        { path in
            let relative = DatasetFixtures.relative([path])[0]
            let array = try NpyArray(path: TestPaths.fixture("dataset/grain/decoded/\(mode)/\(relative).npy"))
            return (array.doubles.map(Float.init), array.shape[0], array.shape[1], array.shape[2])
        }
    }

    static func reference(_ config: String, _ mode: String, _ path: String) throws -> [Float] {
        let relative = DatasetFixtures.relative([path])[0]
        return try NpyArray(path: TestPaths.fixture("dataset/grain/\(config)/\(mode)/\(relative).npy")).doubles.map(Float.init)
    }

    @Test(arguments: [1, 2, 3])
    func batchesFollowKerasOrderLabelsAndPixels(jobs: Int) async throws {
        let keras = DatasetFixtures.index.shuffles.first { $0.seed == 42 }!
        let split = keras.splits.first { $0.split == 0.25 && $0.subset == "training" }!
        let dataset = try imageDatasetFromDirectory(
            DatasetFixtures.tree, labelMode: .categorical, batchSize: 5, imageSize: (12, 16), seed: 42,
            validationSplit: 0.25, subset: .training, followLinks: true, pixelPath: .grain
        ).decodingWith(Self.pillowDecoded("rgb"))
        #expect(DatasetFixtures.relative(dataset.filePaths) == split.file_paths)
        #expect(dataset.labels == split.labels)
        #expect(dataset.classNames == ["Cats", "cats", "dogs", "emptyclass", "linked"])

        var seen: [String] = []
        var index = 0
        for try await batch in dataset.batches(jobs: jobs, prefetch: 1) {
            #expect(batch.index == index)
            let n = batch.count
            #expect(batch.images.shape == [n, 12, 16, 3])
            #expect(batch.labels?.shape == [n, 5])
            let oneHot = batch.labels!.elements(as: Float.self)
            let images = batch.images.elements(as: Float.self)
            for (row, path) in batch.filePaths.enumerated() {
                let label = split.labels[seen.count + row]
                #expect(Array(oneHot[(row * 5)..<(row * 5 + 5)]) == (0..<5).map { $0 == label ? 1 : 0 })
                let expected = try Self.reference("bilinear_12x16", "rgb", path)
                let ours = Array(images[(row * expected.count)..<((row + 1) * expected.count)])
                let worst = zip(ours, expected).map { abs($0 - $1) }.max()!
                #expect(worst <= 1e-4, "\(path): max difference \(worst)")
            }
            seen += batch.filePaths
            index += 1
        }
        #expect(seen == dataset.filePaths)
        #expect(index == dataset.batchCount)
    }

    @Test func labelModesHaveKerasShapesAndTypes() async throws {
        let base = try imageDatasetFromDirectory(
            DatasetFixtures.tree, labelMode: .int, classNames: ["dogs", "Cats"], batchSize: 4, imageSize: (8, 8), shuffle: false)
        let dataset = base.decodingWith(Self.pillowDecoded("rgb"))
        var iterator = dataset.makeAsyncIterator()
        let first = try await iterator.next()!
        #expect(first.labels?.dtype == .int32)
        #expect(first.labels?.shape == [4])
        #expect(first.labels?.elements(as: Int32.self) == [0, 0, 0, 0])

        let binary = try imageDatasetFromDirectory(
            DatasetFixtures.tree, labelMode: .binary, classNames: ["dogs", "Cats"], batchSize: nil, imageSize: (8, 8), shuffle: false
        ).decodingWith(Self.pillowDecoded("rgb"))
        var count = 0
        for try await element in binary {
            #expect(element.labels?.shape == [1, 1])
            #expect(element.labels?.dtype == .float32)
            #expect(element.images.shape == [1, 8, 8, 3])
            count += 1
        }
        #expect(count == 7)

        let unlabeled = try imageDatasetFromDirectory(
            DatasetFixtures.tree, labelMode: .none, colorMode: .grayscale, imageSize: (12, 16), shuffle: false
        ).decodingWith(Self.pillowDecoded("grayscale"))
        #expect(unlabeled.classNames == nil)
        #expect(DatasetFixtures.relative(unlabeled.filePaths) == DatasetFixtures.index.listings.first { $0.name == "none" }!.file_paths)
        for try await batch in unlabeled {
            #expect(batch.labels == nil)
            #expect(batch.images.shape == [unlabeled.count, 12, 16, 1])
        }
    }

    @Test func unreadableFilesAreSkippedOrThrown() async throws {
        let decode = Self.pillowDecoded("rgb")
        let dataset = try imageDatasetFromDirectory(DatasetFixtures.tree, batchSize: 4, imageSize: (8, 8), shuffle: false)
            .decodingWith { path in
                if path.hasSuffix(".gif") || path.hasSuffix("2.jpg") { throw ImageError.corrupt("broken on purpose") }
                return try decode(path)
            }
        var skipped: [String] = []
        var kept = 0
        for try await batch in dataset.batches(jobs: 2, skipUnreadable: true) {
            skipped += batch.skippedFiles.map(\.path)
            kept += batch.count
            #expect(batch.images.shape[0] == batch.count)
            #expect(batch.labels?.shape == [batch.count])
        }
        #expect(DatasetFixtures.relative(skipped) == ["cats/2.jpg", "cats/e.gif"])
        #expect(kept == dataset.count - 2)

        await #expect(throws: ImageError.self) {
            for try await _ in dataset.batches(jobs: 2) {}
        }
    }

    @Test func argumentErrorsAreTyped() throws {
        let tree = DatasetFixtures.tree
        func kind(_ body: () throws -> Any) -> ImageError.Kind? {
            do { _ = try body(); return nil } catch let e as ImageError { return e.kind } catch { return nil }
        }
        #expect(kind { try imageDatasetFromDirectory(tree, labelMode: .binary) } == .invalidArgument)
        #expect(kind { try imageDatasetFromDirectory(tree, subset: .training) } == .invalidArgument)
        #expect(kind { try imageDatasetFromDirectory(tree, validationSplit: 0.2, subset: .training) } == .invalidArgument)
        #expect(kind { try imageDatasetFromDirectory(tree, seed: 1, validationSplit: 1.5, subset: .training) } == .invalidArgument)
        #expect(kind { try imageDatasetFromDirectory(tree, cropToAspectRatio: true, padToAspectRatio: true) } == .invalidArgument)
        #expect(kind { try imageDatasetFromDirectory(tree, interpolation: .area, pixelPath: .grain) } == .invalidArgument)
        #expect(kind { try imageDatasetFromDirectory(tree, labels: .explicit([1]), classNames: ["cats"]) } == .invalidArgument)
        #expect(kind { try imageDatasetFromDirectory(tree, labelMode: .none, classNames: ["cats"]) } == .invalidArgument)
        #expect(kind { try imageDatasetFromDirectory(tree, batchSize: 0) } == .invalidArgument)
        // Keras would return an empty training set here (int(0.01 * 22) == 0); Imago says why.
        #expect(kind { try imageDatasetFromDirectory(tree, seed: 3, validationSplit: 0.01, subset: .training) } == .invalidArgument)
        let both = try imageDatasetsFromDirectory(tree, seed: 7, validationSplit: 0.5, followLinks: true)
        let keras = DatasetFixtures.index.shuffles.first { $0.seed == 7 }!
        #expect(DatasetFixtures.relative(both.training.filePaths) == keras.splits.first { $0.split == 0.5 && $0.subset == "training" }!.file_paths)
        #expect(DatasetFixtures.relative(both.validation.filePaths) == keras.splits.first { $0.split == 0.5 && $0.subset == "validation" }!.file_paths)
    }

    /// Memory stays bounded: while the consumer holds batch b, workers only start elements of batches b+1 ... b+1+prefetch.
    @Test func prefetchWindowIsBounded() throws {
        final class Probe: @unchecked Sendable {
            let lock = NSLock()
            var consumed = 0
            var worstLead = 0
            var positions: [String: Int] = [:]
        }
        let probe = Probe()
        let decode = Self.pillowDecoded("rgb")
        let base = try imageDatasetFromDirectory(DatasetFixtures.tree, batchSize: 2, imageSize: (8, 8), shuffle: false, followLinks: true)
        for (i, path) in base.filePaths.enumerated() { probe.positions[path] = i }
        let dataset = base.decodingWith { path in
            probe.lock.lock()
            probe.worstLead = max(probe.worstLead, probe.positions[path]! / 2 - probe.consumed)
            probe.lock.unlock()
            return try decode(path)
        }
        try dataset.batches(jobs: 3, prefetch: 1).forEach { _ in
            usleep(2000)
            probe.lock.lock()
            probe.consumed += 1
            probe.lock.unlock()
        }
        #expect(probe.worstLead <= 2, "an element was started \(probe.worstLead) batches ahead of the consumer")
    }

    /// One job is one thread: every element is decoded on the thread that iterates (so `--jobs 1` uses one core).
    @Test func oneJobDecodesOnTheConsumersThread() throws {
        let threads = Mutex<Set<String>>([])
        let decode = Self.pillowDecoded("rgb")
        let dataset = try imageDatasetFromDirectory(DatasetFixtures.tree, batchSize: 3, imageSize: (8, 8), shuffle: false, followLinks: true)
            .decodingWith { path in
                threads.withLock { _ = $0.insert("\(pthread_self())") }
                return try decode(path)
            }
        var batches = 0
        try dataset.batches(jobs: 1).forEach { _ in batches += 1 }
        #expect(batches > 1)
        #expect(threads.withLock { $0 } == ["\(pthread_self())"])
    }

    /// Cancelling the task that iterates the batches throws CancellationError and stops the workers: no element is
    /// started after the cancellation has been seen (beyond the ones already in hand).
    @Test func cancellingTheConsumerStopsTheWorkers() async throws {
        let started = Mutex(0)
        let decode = Self.pillowDecoded("rgb")
        let base = try imageDatasetFromDirectory(DatasetFixtures.tree, batchSize: 1, imageSize: (8, 8), shuffle: false, followLinks: true)
        let dataset = base.decodingWith { path in
            started.withLock { $0 += 1 }
            usleep(20_000)
            return try decode(path)
        }
        let consumer = Task {
            var batches = 0
            for try await _ in dataset.batches(jobs: 2, prefetch: 1) {
                batches += 1
                if batches == 1 { withUnsafeCurrentTask { $0?.cancel() } }
            }
            return batches
        }
        await #expect(throws: CancellationError.self) { try await consumer.value }
        let atCancel = started.withLock { $0 }
        try await Task.sleep(nanoseconds: 200_000_000)
        // Workers finish the element in hand (at most one each) and start no other.
        #expect(started.withLock { $0 } <= atCancel + 2)
        #expect(atCancel < base.filePaths.count)
    }

    @Test func channelsFirstTransposesEachImage() throws {
        let last = try imageDatasetFromDirectory(DatasetFixtures.tree, classNames: ["dogs"], imageSize: (12, 16), shuffle: false)
            .decodingWith(Self.pillowDecoded("rgb"))
        let first = try imageDatasetFromDirectory(DatasetFixtures.tree, classNames: ["dogs"], imageSize: (12, 16), shuffle: false,
                                                  dataFormat: .channelsFirst).decodingWith(Self.pillowDecoded("rgb"))
        #expect(first.imageShape == [3, 12, 16])
        let hwc = try last.image(at: 1).elements(as: Float.self)
        let chw = try first.image(at: 1).elements(as: Float.self)
        for y in 0..<12 {
            for x in 0..<16 {
                for c in 0..<3 { #expect(chw[(c * 12 + y) * 16 + x] == hwc[(y * 16 + x) * 3 + c]) }
            }
        }
    }

    /// A batch the consumer has dropped is written again in place: every full batch after the first uses the first
    /// one's storage. (A copy-on-write copy of the recycled array, the bug this guards against, makes the addresses
    /// alternate between two blocks and copies a whole batch each time.)
    @Test(arguments: [1, 2])
    func droppedBatchesAreReusedInPlace(jobs: Int) async throws {
        let dataset = try imageDatasetFromDirectory(DatasetFixtures.tree, batchSize: 2, imageSize: (12, 16), seed: 7,
                                                    followLinks: true, pixelPath: .grain)
            .decodingWith(Self.pillowDecoded("rgb"))
        var addresses: [UInt] = []
        for try await batch in dataset.batches(jobs: jobs, prefetch: 1) where batch.count == 2 {
            addresses.append(batch.images.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) })
        }
        #expect(addresses.count >= 4)
        // With workers, the batches in flight when one is dropped (the prefetch window) hold their own blocks.
        let blocks = Set(addresses.dropFirst(jobs == 1 ? 0 : 3))
        #expect(blocks.count <= (jobs == 1 ? 1 : 3), "batch storage: \(addresses.map { String($0, radix: 16) })")
    }
}
