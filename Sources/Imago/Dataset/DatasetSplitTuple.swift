/// The `(training:, validation:)` tuple form of
/// ``imageDatasetsFromDirectory(_:labels:labelMode:classNames:colorMode:batchSize:imageSize:shuffle:seed:validationSplit:interpolation:cropToAspectRatio:padToAspectRatio:dataFormat:followLinks:includeTIFFAndWebP:pixelPath:onlyFiles:applyOrientation:)->_``,
/// as it was before ``DatasetSplit``: chosen only where a tuple is asked for (`let (train, val) = try ...`).
@available(*, deprecated, message: "a tuple cannot be Equatable or named in an API; use the DatasetSplit result (.training, .validation)")
@_disfavoredOverload
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
) throws -> (training: ImageDataset, validation: ImageDataset) {
    let split: DatasetSplit = try imageDatasetsFromDirectory(
        directory, labels: labels, labelMode: labelMode, classNames: classNames, colorMode: colorMode,
        batchSize: batchSize, imageSize: imageSize, shuffle: shuffle, seed: seed, validationSplit: validationSplit,
        interpolation: interpolation, cropToAspectRatio: cropToAspectRatio, padToAspectRatio: padToAspectRatio,
        dataFormat: dataFormat, followLinks: followLinks, includeTIFFAndWebP: includeTIFFAndWebP, pixelPath: pixelPath,
        onlyFiles: onlyFiles, applyOrientation: applyOrientation)
    return (split.training, split.validation)
}
