/// One batch of an ``ImageDataset``: images, labels and the files they came from, in dataset order.
public struct DatasetBatch: Sendable {
    /// (N, height, width, channels), or (N, channels, height, width) for `.channelsFirst`: float32, or uint8 for the
    /// TensorFlow path's `nearest` (``ImageDataset/imageType``).
    public var images: NDArray
    /// int32 (N,) for `.int`, float32 (N, 1) for `.binary`, one-hot float32 (N, classes) for `.categorical`;
    /// `nil` for `.none`.
    public var labels: NDArray?
    /// The files of the N images, in order.
    public var filePaths: [String]
    /// The position of this batch in the epoch (0-based).
    public var index: Int
    /// Files that could not be read, with their errors (only when iterating with `skipUnreadable: true`;
    /// they are left out of ``images`` and ``labels``), in dataset order.
    public var skippedFiles: [SkippedFile]

    /// ``skippedFiles`` as `(path, error)` tuples, the spelling before ``SkippedFile`` existed (a tuple cannot be
    /// `Equatable`). Kept for source compatibility; new code should use ``skippedFiles``.
    @available(*, deprecated, renamed: "skippedFiles")
    public var skipped: [(path: String, error: ImageError)] {
        get { skippedFiles.map { ($0.path, $0.error) } }
        set { skippedFiles = newValue.map { SkippedFile(path: $0.path, error: $0.error) } }
    }

    /// Number of images.
    public var count: Int { filePaths.count }

    /// A batch; `skipped` lists the unreadable files in order.
    init(images: NDArray, labels: NDArray?, filePaths: [String], index: Int, skippedFiles: [SkippedFile]) {
        self.images = images
        self.labels = labels
        self.filePaths = filePaths
        self.index = index
        self.skippedFiles = skippedFiles
    }
}

/// Encodes integer class labels as Keras's `labels_to_dataset` does for each label mode.
enum DatasetLabelEncoder {
    static func encode(_ labels: [Int], mode: DatasetOptions.LabelMode, classCount: Int) throws(ImageError) -> NDArray? {
        switch mode {
        case .none:
            return nil
        case .int:
            return try NDArray(shape: [labels.count], elements: labels.map { Int32(truncatingIfNeeded: $0) })
        case .binary:
            return try NDArray(shape: [labels.count, 1], elements: labels.map { Float($0) })
        case .categorical:
            // ops.one_hot: an index outside 0..<classCount gives an all-zero row.
            var values = [Float](repeating: 0, count: labels.count * classCount)
            for (row, label) in labels.enumerated() where label >= 0 && label < classCount {
                values[row * classCount + label] = 1
            }
            return try NDArray(shape: [labels.count, classCount], elements: values)
        }
    }
}
