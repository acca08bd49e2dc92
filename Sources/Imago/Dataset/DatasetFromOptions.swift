import Foundation

/// What ``imageDatasetFromDirectory(_:options:)-(String,_)`` returns: one dataset, or the training/validation pair of
/// `subset: .both` (Keras returns a dataset or a tuple of two).
public enum DatasetSelection: Sendable {
    /// One dataset (no split, or one subset of it).
    case dataset(ImageDataset)
    /// The training and validation datasets of `subset: .both`.
    case split(DatasetSplit)

    /// The dataset, or `nil` for a split.
    public var dataset: ImageDataset? {
        if case .dataset(let dataset) = self { return dataset }
        return nil
    }

    /// The training/validation pair, or `nil` for one dataset.
    public var split: DatasetSplit? {
        if case .split(let split) = self { return split }
        return nil
    }
}

/// Keras's `image_dataset_from_directory(directory, ...)` with its arguments in one ``DatasetOptions`` value: the single
/// entry point, returning one dataset or (with `subset: .both`) the training/validation pair.
///
/// The keyword functions
/// ``imageDatasetFromDirectory(_:labels:labelMode:classNames:colorMode:batchSize:imageSize:shuffle:seed:validationSplit:subset:interpolation:cropToAspectRatio:padToAspectRatio:dataFormat:followLinks:includeTIFFAndWebP:pixelPath:onlyFiles:applyOrientation:)``
/// and `imageDatasetsFromDirectory` read like the Python call and give the same datasets.
/// - Parameters:
///   - directory: The folder: one sub-folder per class (or any tree with `labels: .none`).
///   - options: Keras's arguments.
/// - Returns: ``DatasetSelection/dataset(_:)``, or ``DatasetSelection/split(_:)`` for `subset: .both`.
/// - Throws: `ImageError/Kind/invalidArgument` with Keras's messages for the argument errors Keras raises, and
///   `ImageError/Kind/io` when `directory` cannot be listed.
public func imageDatasetFromDirectory(_ directory: String, options: DatasetOptions) throws -> DatasetSelection {
    let plan = try DatasetPlan(directory: directory, options: options)
    return options.subset == .both ? .split(try plan.bothSubsets()) : .dataset(try plan.dataset(options.subset))
}

/// ``imageDatasetFromDirectory(_:options:)-(String,_)`` for a file URL.
/// - Parameters:
///   - directory: A `file:` URL of the folder.
///   - options: Keras's arguments.
/// - Throws: `ImageError/Kind/invalidArgument` for a URL that is not a file URL, else what the path form throws.
public func imageDatasetFromDirectory(_ directory: URL, options: DatasetOptions) throws -> DatasetSelection {
    guard directory.isFileURL else { throw ImageError.invalidArgument("not a file URL: \(directory)") }
    return try imageDatasetFromDirectory(directory.path, options: options)
}
