import ImageKernel
import Registry

// The `targetSize` tuple spellings of `loadImage`, kept for one release (see CHANGELOG.md). They forward to the
// ``ImageSize`` forms; `@_disfavoredOverload` keeps `targetSize: nil` and calls without a target size on those.

/// Deprecated: `targetSize` is now an `ImageSize`.
@available(*, deprecated, message: "pass targetSize: ImageSize(height:width:)")
@_disfavoredOverload
public func loadImage(
    _ path: String,
    colorMode: ColorMode = .rgb,
    targetSize: (height: Int, width: Int)?,
    interpolation: Interpolation = .nearest,
    keepAspectRatio: Bool = false,
    options: LoadOptions = .default,
    registry: FormatRegistry = .standard
) throws -> KerasImage {
    try loadImage(path, colorMode: colorMode, targetSize: targetSize.map { ImageSize(height: $0.height, width: $0.width) },
                  interpolation: interpolation, keepAspectRatio: keepAspectRatio, options: options, registry: registry)
}

/// Deprecated: `targetSize` is now an `ImageSize`.
@available(*, deprecated, message: "pass targetSize: ImageSize(height:width:)")
@_disfavoredOverload
public func loadImage(
    _ path: String,
    grayscale: Bool,
    colorMode: ColorMode = .rgb,
    targetSize: (height: Int, width: Int)?,
    interpolation: Interpolation = .nearest,
    keepAspectRatio: Bool = false,
    options: LoadOptions = .default,
    registry: FormatRegistry = .standard
) throws -> KerasImage {
    try loadImage(path, grayscale: grayscale, colorMode: colorMode,
                  targetSize: targetSize.map { ImageSize(height: $0.height, width: $0.width) },
                  interpolation: interpolation, keepAspectRatio: keepAspectRatio, options: options, registry: registry)
}

/// Deprecated: `targetSize` is now an `ImageSize`.
@available(*, deprecated, message: "pass targetSize: ImageSize(height:width:)")
@_disfavoredOverload
public func loadImage(
    data: [UInt8],
    colorMode: ColorMode = .rgb,
    targetSize: (height: Int, width: Int)?,
    interpolation: Interpolation = .nearest,
    keepAspectRatio: Bool = false,
    options: LoadOptions = .default,
    registry: FormatRegistry = .standard
) throws -> KerasImage {
    try loadImage(data: data, colorMode: colorMode, targetSize: targetSize.map { ImageSize(height: $0.height, width: $0.width) },
                  interpolation: interpolation, keepAspectRatio: keepAspectRatio, options: options, registry: registry)
}
