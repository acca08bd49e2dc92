import Foundation

/// A folder of images as batches, built by ``imageDatasetFromDirectory(_:labels:labelMode:classNames:colorMode:batchSize:imageSize:shuffle:seed:validationSplit:subset:interpolation:cropToAspectRatio:padToAspectRatio:dataFormat:followLinks:includeTIFFAndWebP:pixelPath:onlyFiles:applyOrientation:)``.
///
/// An `AsyncSequence` of ``DatasetBatch``: `for try await batch in dataset { ... }` decodes and resizes on every
/// core with a bounded prefetch (see ``batches(jobs:prefetch:skipUnreadable:)`` to choose), and yields the batches in
/// ``filePaths`` order.
///
/// Order: Keras reshuffles the elements again on every epoch with tf.data's or grain's shuffle buffer, which cannot
/// be reproduced outside those libraries. Imago's element order is ``filePaths``, the post-shuffle, post-split
/// order Keras also exposes as `file_paths`; ``reshuffled(seed:)`` gives a new epoch order from a seed.
public struct ImageDataset: AsyncSequence, Sendable {
    /// Each element is one batch (or one image, with `batchSize: nil`) with its labels and file paths.
    public typealias Element = DatasetBatch

    /// The class names (`nil` when the dataset has no labels).
    public let classNames: [String]?
    /// The files, in element order (Keras's `file_paths`).
    public internal(set) var filePaths: [String]
    /// The integer label of each file (`nil` without labels).
    public internal(set) var labels: [Int]?
    /// How labels are encoded in batches.
    public let labelMode: DatasetOptions.LabelMode
    /// Images per batch; `nil` means unbatched (every batch holds one image, with the same (1, H, W, C) shape).
    public let batchSize: Int?
    var recipe: DatasetElementRecipe

    /// Number of images.
    public var count: Int { filePaths.count }
    /// Number of batches per epoch.
    public var batchCount: Int {
        let size = batchSize ?? 1
        return (count + size - 1) / size
    }
    /// The shape of one image: (height, width, channels), or (channels, height, width) for `.channelsFirst`.
    public var imageShape: [Int] { recipe.elementShape }

    init(classNames: [String]?, filePaths: [String], labels: [Int]?, labelMode: DatasetOptions.LabelMode,
         batchSize: Int?, recipe: DatasetElementRecipe) {
        self.classNames = classNames
        self.filePaths = filePaths
        self.labels = labels
        self.labelMode = labelMode
        self.batchSize = batchSize
        self.recipe = recipe
    }

    /// The same dataset with its files (and labels) permuted by `np.random.RandomState(seed).shuffle`.
    public func reshuffled(seed: UInt32) -> ImageDataset {
        var copy = self
        var generator = NumPyRandomState(seed: seed)
        generator.shuffle(&copy.filePaths)
        if var l = copy.labels {
            var again = NumPyRandomState(seed: seed)
            again.shuffle(&l)
            copy.labels = l
        }
        return copy
    }

    /// The same dataset with the decode step replaced by `decode`, which returns a file's colour-converted
    /// (H, W, C) float32 pixels (the resize of the dataset's pixel path still follows). For callers with their own decoder.
    public func decodingWith(
        _ decode: @escaping @Sendable (String) throws -> (pixels: [Float], height: Int, width: Int, channels: Int)
    ) -> ImageDataset {
        var copy = self
        copy.recipe.decodeOverride = decode
        return copy
    }

    /// The element type: uint8 for the TensorFlow path's `nearest` (as Keras's dataset yields it), float32 otherwise.
    public var imageType: NDArray.DType { recipe.elementType }

    /// Loads one element: the image of `filePaths[index]`, shaped ``imageShape``, of type ``imageType``.
    public func image(at index: Int) throws -> NDArray {
        var array = try NDArray(shape: imageShape, dtype: recipe.elementType)
        try array.withUnsafeMutableBytes { out throws in
            try recipe.load(filePaths[index], into: out)
        }
        return array
    }

    /// The batches, produced by `jobs` worker threads (default: every core) with at most `prefetch + 1` batches
    /// decoded ahead of the one the consumer holds (default `prefetch` 2: at most 4 batches in memory). With `skipUnreadable`, files that fail are left out of their
    /// batch and listed in ``DatasetBatch/skipped``; otherwise the first failure (in order) is thrown when its
    /// batch is reached, as Keras raises.
    public func batches(jobs: Int? = nil, prefetch: Int = 2, skipUnreadable: Bool = false) -> DatasetBatches {
        DatasetBatches(dataset: self, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                       prefetch: prefetch, skipUnreadable: skipUnreadable)
    }

    /// An iterator over one epoch with the default parallelism (one worker per core, 2 batches of prefetch);
    /// `for try await batch in dataset` calls it. Unreadable files throw, as Keras raises.
    public func makeAsyncIterator() -> DatasetBatches.AsyncIterator {
        batches().makeAsyncIterator()
    }

    var pipelinePlan: (Bool) -> DatasetPipeline.Plan {
        { skip in
            DatasetPipeline.Plan(paths: filePaths, labels: labelMode == .none ? nil : labels, labelMode: labelMode,
                                 classCount: classNames?.count ?? 0, batchSize: batchSize ?? 1, recipe: recipe,
                                 skipUnreadable: skip)
        }
    }
}

/// The batches of an ``ImageDataset`` with a chosen parallelism; iterate it once per epoch.
public struct DatasetBatches: AsyncSequence, Sendable {
    /// Each element is one batch, in ``ImageDataset/filePaths`` order.
    public typealias Element = DatasetBatch
    let dataset: ImageDataset
    let jobs: Int
    let prefetch: Int
    let skipUnreadable: Bool
    /// Whether one job still gets a worker thread (see ``producedOnWorkerThreads()``).
    var onWorkerThreads = false

    /// These batches with one job produced on a worker thread too, not on the consumer's thread between its calls:
    /// for a consumer that waits rather than computes (`imago dataset` writing each batch with direct I/O), whose waits
    /// then overlap the decoding. More jobs always run on workers.
    package func producedOnWorkerThreads() -> DatasetBatches {
        var copy = self
        copy.onWorkerThreads = true
        return copy
    }

    /// Starts the workers for one epoch and returns the iterator that yields its batches in order.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: PipelineHandle(makePipeline()))
    }

    /// Calls `body` with each batch in order on the calling thread (for synchronous callers such as a
    /// command-line tool); the workers still run in parallel. Stops the workers if `body` throws.
    public func forEach(_ body: (DatasetBatch) throws -> Void) throws {
        let handle = PipelineHandle(makePipeline())
        while let batch = try handle.pipeline.nextBlocking() {
            try body(batch)
        }
    }

    private func makePipeline() -> DatasetPipeline {
        DatasetPipeline(plan: dataset.pipelinePlan(skipUnreadable), jobs: jobs, prefetch: prefetch,
                        inline: jobs <= 1 && !onWorkerThreads)
    }

    /// Yields the batches in order; stops the workers when it is dropped.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let handle: PipelineHandle

        /// The next batch, waiting for the workers when it is not decoded yet; `nil` after the last batch.
        /// - Throws: the `ImageError` of the first unreadable file, unless unreadable files are skipped.
        public mutating func next() async throws -> DatasetBatch? {
            try await handle.pipeline.next()
        }
    }
}

/// Owns a pipeline for one iteration and stops its workers when the iteration is abandoned.
final class PipelineHandle: Sendable {
    let pipeline: DatasetPipeline
    init(_ pipeline: DatasetPipeline) { self.pipeline = pipeline }
    deinit { pipeline.stop() }
}
