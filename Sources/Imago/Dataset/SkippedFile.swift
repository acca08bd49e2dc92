/// A file a dataset could not read, with the reason: listed in ``DatasetBatch/skippedFiles`` and
/// ``ShardWriteSummary/skippedFiles`` when iterating with `skipUnreadable: true` (Keras has no such mode: its
/// iterator raises on the first unreadable file, as Imago's does by default).
public struct SkippedFile: Sendable, Equatable {
    /// The file's path, as listed in the dataset's ``ImageDataset/filePaths``.
    public var path: String
    /// Why it could not be read (missing, unreadable, corrupt, no decoder for its format...).
    public var error: ImageError

    /// A skipped file.
    public init(path: String, error: ImageError) {
        self.path = path
        self.error = error
    }
}
