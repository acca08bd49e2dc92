/// Keras's `keras.utils.image_dataset_from_directory` (3.15.1), returning an ``ImageDataset`` (or, for
/// `subset: .both`, use ``imageDatasetsFromDirectory(_:labels:labelMode:classNames:colorMode:batchSize:imageSize:shuffle:seed:validationSplit:interpolation:cropToAspectRatio:padToAspectRatio:dataFormat:followLinks:includeTIFFAndWebP:pixelPath:onlyFiles:applyOrientation:)->_``).
///
/// The listing, labels, class names, seeded shuffle and split are exactly Keras's (see ``DirectoryIndex``,
/// ``NumPyRandomState`` and ``ValidationSplit``): the same seed selects the same training and validation files
/// as in Python. Pixels follow Keras's default `format="tf"` (TensorFlow's decode and `tf.image.resize`) unless another
/// ``DatasetOptions/PixelPath`` is chosen.
///
/// Differences, all deliberate: a split that leaves the training set empty throws instead of silently emptying it;
/// on the grain path `area`/`gaussian`/`mitchellcubic` are rejected up front (the numpy backend fails on them later); with `seed: nil` and `shuffle: true` a random seed in `0..<1_000_000` is drawn from the system
/// generator (Keras draws `np.random.randint(1e6)` from NumPy's global state); the per-epoch tf.data/grain shuffle
/// is not reproduced (see ``ImageDataset``).
///
/// - Parameters:
///   - directory: the folder to index (`directory`); with `labels: .inferred`, one subfolder per class.
///   - labels: `.inferred` (Keras's default `"inferred"`: the subfolder names are the classes), `.none`
///     (`labels=None`), or `.explicit` with one integer per file in listing order.
///   - labelMode: `.int` (default), `.categorical` (one-hot), `.binary` (exactly two classes, float labels) or `.none`
///     (`label_mode=None`: images only); forced to `.none` when `labels` is `.none`, as in Keras.
///   - classNames: only with `labels: .inferred`: the subfolders to use, in this order (`class_names`).
///   - colorMode: `.rgb` (3 channels, default), `.grayscale` (1) or `.rgba` (4) (`color_mode`).
///   - batchSize: images per batch (Keras's default 32), or `nil` for one image per element (`batch_size=None`).
///   - imageSize: (height, width) every image is resized to (`image_size`, default (256, 256)).
///   - shuffle: shuffle the listing with NumPy's `RandomState(seed)` before the split (`shuffle`, default true).
///   - seed: the shuffle's seed; `nil` draws one (required with `validationSplit` and `shuffle`, as in Keras).
///   - validationSplit: the fraction (0 < f < 1) of the files kept for validation (`validation_split`).
///   - subset: `.training` or `.validation`, required exactly when `validationSplit` is given (`.both` is refused
///     here: it returns two datasets, see
///     ``imageDatasetsFromDirectory(_:labels:labelMode:classNames:colorMode:batchSize:imageSize:shuffle:seed:validationSplit:interpolation:cropToAspectRatio:padToAspectRatio:dataFormat:followLinks:includeTIFFAndWebP:pixelPath:onlyFiles:applyOrientation:)->_``).
///   - interpolation: the resize method (`interpolation`, default bilinear); which methods a pixel path accepts is
///     Keras's rule for that path.
///   - cropToAspectRatio: crop the largest centred window of the target aspect ratio before resizing (Keras's
///     `smart_resize` crop).
///   - padToAspectRatio: pad with zeros to the target aspect ratio instead of distorting (`pad_to_aspect_ratio`;
///     exclusive with `cropToAspectRatio`).
///   - dataFormat: `.channelsLast` (height, width, channels; default) or `.channelsFirst`.
///   - followLinks: descend into symbolic links to folders (`follow_links`, default false).
///   - includeTIFFAndWebP: also list `.tif`, `.tiff` and `.webp` files (Keras never does).
///   - pixelPath: which Keras decode-and-resize path the pixels follow: `.tensorflow` (`format="tf"`, the default),
///     `.grain` (`format="grain"`) or `.loadImg` (`load_img` + `img_to_array`).
///   - onlyFiles: Imago's addition: use only these files of the listing, before the shuffle and split (the dataset
///     Keras builds when the folder holds only them; see ``DirectoryIndex/restrict(toFiles:)``).
///   - applyOrientation: opt-in, not Keras: turn each image upright by its EXIF orientation before resizing
///     (``LoadOptions/applyOrientation``).
/// - Returns: the dataset, lazily decoded: files are read when its batches are iterated.
/// - Throws: `ImageError/Kind/invalidArgument` with Keras's messages for the argument errors Keras raises, and
///   `ImageError/Kind/io` when `directory` cannot be listed.
public func imageDatasetFromDirectory(
    _ directory: String,
    labels: DirectoryIndex.Labels = .inferred,
    labelMode: DatasetOptions.LabelMode = .int,
    classNames: [String]? = nil,
    colorMode: ColorMode = .rgb,
    batchSize: Int? = 32,
    imageSize: (height: Int, width: Int) = (256, 256),
    shuffle: Bool = true,
    seed: UInt32? = nil,
    validationSplit: Double? = nil,
    subset: ValidationSplit.Subset? = nil,
    interpolation: ResizeMethod = .bilinear,
    cropToAspectRatio: Bool = false,
    padToAspectRatio: Bool = false,
    dataFormat: DataFormat = .channelsLast,
    followLinks: Bool = false,
    includeTIFFAndWebP: Bool = false,
    pixelPath: DatasetOptions.PixelPath = .tensorflow,
    onlyFiles: [String]? = nil,
    applyOrientation: Bool = false
) throws -> ImageDataset {
    guard subset != .both else {
        throw ImageError.invalidArgument("subset .both returns two datasets: call imageDatasetsFromDirectory")
    }
    let options = DatasetOptions(
        labels: labels, labelMode: labelMode, classNames: classNames, colorMode: colorMode, batchSize: batchSize,
        imageSize: ImageSize(height: imageSize.height, width: imageSize.width), shuffle: shuffle, seed: seed,
        validationSplit: validationSplit, subset: subset, interpolation: interpolation, cropToAspectRatio: cropToAspectRatio,
        padToAspectRatio: padToAspectRatio, dataFormat: dataFormat, followLinks: followLinks,
        includeTIFFAndWebP: includeTIFFAndWebP, pixelPath: pixelPath, onlyFiles: onlyFiles, applyOrientation: applyOrientation)
    return try DatasetPlan(directory: directory, options: options).dataset(subset)
}

/// `image_dataset_from_directory(..., subset="both")`: the training and the validation datasets, from one
/// listing, one shuffle and one split.
///
/// The arguments mean what they mean for
/// ``imageDatasetFromDirectory(_:labels:labelMode:classNames:colorMode:batchSize:imageSize:shuffle:seed:validationSplit:subset:interpolation:cropToAspectRatio:padToAspectRatio:dataFormat:followLinks:includeTIFFAndWebP:pixelPath:onlyFiles:applyOrientation:)``;
/// `validationSplit` is required here.
/// - Returns: the training subset (the first `1 - validationSplit` of the shuffled files) and the validation subset
///   (the rest), as Keras's `subset="both"` returns them. (The `(training:, validation:)` tuple this returned before
///   ``DatasetSplit`` is still available, deprecated: `let (train, val) = try imageDatasetsFromDirectory(...)`.)
/// - Throws: `ImageError/Kind/invalidArgument` with Keras's messages (also when either subset would be empty), and
///   `ImageError/Kind/io` when `directory` cannot be listed.
public func imageDatasetsFromDirectory(
    _ directory: String,
    labels: DirectoryIndex.Labels = .inferred,
    labelMode: DatasetOptions.LabelMode = .int,
    classNames: [String]? = nil,
    colorMode: ColorMode = .rgb,
    batchSize: Int? = 32,
    imageSize: (height: Int, width: Int) = (256, 256),
    shuffle: Bool = true,
    seed: UInt32? = nil,
    validationSplit: Double,
    interpolation: ResizeMethod = .bilinear,
    cropToAspectRatio: Bool = false,
    padToAspectRatio: Bool = false,
    dataFormat: DataFormat = .channelsLast,
    followLinks: Bool = false,
    includeTIFFAndWebP: Bool = false,
    pixelPath: DatasetOptions.PixelPath = .tensorflow,
    onlyFiles: [String]? = nil,
    applyOrientation: Bool = false
) throws -> DatasetSplit {
    let options = DatasetOptions(
        labels: labels, labelMode: labelMode, classNames: classNames, colorMode: colorMode, batchSize: batchSize,
        imageSize: ImageSize(height: imageSize.height, width: imageSize.width), shuffle: shuffle, seed: seed,
        validationSplit: validationSplit, subset: .both, interpolation: interpolation, cropToAspectRatio: cropToAspectRatio,
        padToAspectRatio: padToAspectRatio, dataFormat: dataFormat, followLinks: followLinks,
        includeTIFFAndWebP: includeTIFFAndWebP, pixelPath: pixelPath, onlyFiles: onlyFiles, applyOrientation: applyOrientation)
    return try DatasetPlan(directory: directory, options: options).bothSubsets()
}

/// The checked arguments, the shuffled listing and the element recipe shared by the subsets of one call.
struct DatasetPlan {
    let directory: String
    let index: DirectoryIndex
    let labelMode: DatasetOptions.LabelMode
    let batchSize: Int?
    let split: ValidationSplit?
    let recipe: DatasetElementRecipe

    /// The plan of one call with Keras's arguments in `options`.
    init(directory: String, options o: DatasetOptions) throws(ImageError) {
        try self.init(
            directory: directory, labels: o.labels, labelMode: o.labelMode, classNames: o.classNames, colorMode: o.colorMode,
            batchSize: o.batchSize, imageSize: (o.imageSize.height, o.imageSize.width), shuffle: o.shuffle, seed: o.seed,
            validationSplit: o.validationSplit, subset: o.subset, interpolation: o.interpolation,
            cropToAspectRatio: o.cropToAspectRatio, padToAspectRatio: o.padToAspectRatio, dataFormat: o.dataFormat,
            followLinks: o.followLinks, includeTIFFAndWebP: o.includeTIFFAndWebP, pixelPath: o.pixelPath,
            onlyFiles: o.onlyFiles, applyOrientation: o.applyOrientation)
    }

    /// The training and validation datasets of `subset: .both`.
    func bothSubsets() throws -> DatasetSplit {
        DatasetSplit(training: try dataset(.training), validation: try dataset(.validation))
    }

    init(directory: String, labels: DirectoryIndex.Labels, labelMode: DatasetOptions.LabelMode, classNames: [String]?,
         colorMode: ColorMode, batchSize: Int?, imageSize: (height: Int, width: Int), shuffle: Bool, seed: UInt32?,
         validationSplit: Double?, subset: ValidationSplit.Subset?, interpolation: ResizeMethod,
         cropToAspectRatio: Bool, padToAspectRatio: Bool, dataFormat: DataFormat, followLinks: Bool, includeTIFFAndWebP: Bool,
         pixelPath: DatasetOptions.PixelPath, onlyFiles: [String]? = nil, applyOrientation: Bool = false) throws(ImageError) {
        if case .explicit = labels, let classNames, !classNames.isEmpty {
            throw .invalidArgument(
                "You can only pass `class_names` if `labels=\"inferred\"`. Received: labels=\(labels), and class_names=\(classNames)")
        }
        var effectiveLabels = labels
        var effectiveMode = labelMode
        if case .none = labels { effectiveMode = .none }
        if labelMode == .none { effectiveLabels = .none }
        if let batchSize, batchSize <= 0 {
            throw .invalidArgument("`batch_size` must be a positive integer or None, received: \(batchSize)")
        }
        // check_validation_split_arg
        let splitGiven = validationSplit.map { $0 != 0 } ?? false
        if let validationSplit, splitGiven, !(validationSplit > 0 && validationSplit < 1) {
            throw .invalidArgument("`validation_split` must be between 0 and 1, received: \(validationSplit)")
        }
        if splitGiven != (subset != nil) {
            throw .invalidArgument("If `subset` is set, `validation_split` must be set, and inversely.")
        }
        if splitGiven && shuffle && seed == nil {
            throw .invalidArgument(
                "If using `validation_split` and shuffling the data, you must provide a `seed` argument, to make sure that there is no overlap between the training and validation subset.")
        }
        var recipe = try DatasetElementRecipe(
            colorMode: colorMode, height: imageSize.height, width: imageSize.width, interpolation: interpolation,
            cropToAspectRatio: cropToAspectRatio, padToAspectRatio: padToAspectRatio, pixelPath: pixelPath, dataFormat: dataFormat)
        recipe.applyOrientation = applyOrientation
        self.recipe = recipe

        let extensions = DirectoryIndex.kerasExtensions + (includeTIFFAndWebP ? DirectoryIndex.tiffAndWebPExtensions : [])
        var index = try DirectoryIndex(directory: directory, labels: effectiveLabels, extensions: extensions,
                                       classNames: classNames, followLinks: followLinks)
        if effectiveMode == .binary, index.classNames?.count != 2 {
            throw .invalidArgument(
                "When passing `label_mode=\"binary\"`, there must be exactly 2 class_names. Received: class_names=\(index.classNames ?? [])")
        }
        if let onlyFiles { try index.restrict(toFiles: onlyFiles) }
        if shuffle {
            index.shuffle(seed: seed ?? UInt32.random(in: 0..<1_000_000))
        }
        self.directory = directory
        self.index = index
        self.labelMode = effectiveMode
        self.batchSize = batchSize
        self.split = try validationSplit.flatMap { f throws(ImageError) in f == 0 ? nil : try ValidationSplit(fraction: f) }
    }

    func dataset(_ subset: ValidationSplit.Subset?) throws(ImageError) -> ImageDataset {
        var selected = index
        if let split, let subset {
            selected.restrict(to: try split.range(of: subset, count: index.filePaths.count))
        }
        guard !selected.filePaths.isEmpty else {
            let which = subset.map { "\($0.rawValue) " } ?? ""
            throw .invalidArgument(
                "No \(which)images found in directory \(directory). Allowed formats: \(DirectoryIndex.kerasExtensions)")
        }
        return ImageDataset(classNames: selected.classNames, filePaths: selected.filePaths, labels: selected.labels,
                            labelMode: labelMode, batchSize: batchSize, recipe: recipe)
    }
}
