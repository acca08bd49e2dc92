/// The two datasets of one validation split: what Keras's `image_dataset_from_directory(..., subset="both")` returns
/// as a `(train_ds, val_ds)` pair, built from one listing, one shuffle and one split.
///
/// `Sendable`, not `Equatable`: a dataset may carry a caller-supplied decode closure, which cannot be compared.
public struct DatasetSplit: Sendable {
    /// The first `n - k` files of the shuffled listing (Keras's `subset="training"`).
    public var training: ImageDataset
    /// The last `k = int(validationSplit * n)` files (Keras's `subset="validation"`).
    public var validation: ImageDataset

    /// The pair of datasets.
    public init(training: ImageDataset, validation: ImageDataset) {
        self.training = training
        self.validation = validation
    }
}
