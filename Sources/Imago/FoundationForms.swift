#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ImageKernel
import Registry

// The `URL` and `Data` forms of the Keras functions and of `.npy` I/O; each forwards to the `String` path or
// `[UInt8]` form, whose documentation applies.

/// Loads the image file at `url` (a `file:` URL) as `keras.utils.load_img` does; see
/// ``loadImage(_:colorMode:targetSize:interpolation:keepAspectRatio:options:registry:)-(_,_,ImageSize?,_,_,_,_)``.
public func loadImage(
    contentsOf url: URL,
    colorMode: ColorMode = .rgb,
    targetSize: ImageSize? = nil,
    interpolation: Interpolation = .nearest,
    keepAspectRatio: Bool = false,
    options: LoadOptions = .default,
    registry: FormatRegistry = .standard
) throws -> KerasImage {
    try loadImage(try url.imagoFilePath(), colorMode: colorMode, targetSize: targetSize, interpolation: interpolation,
                  keepAspectRatio: keepAspectRatio, options: options, registry: registry)
}

/// Loads an image from encoded bytes (Keras's `io.BytesIO` input); see
/// ``loadImage(_:colorMode:targetSize:interpolation:keepAspectRatio:options:registry:)-(_,_,ImageSize?,_,_,_,_)``.
public func loadImage(
    data: Data,
    colorMode: ColorMode = .rgb,
    targetSize: ImageSize? = nil,
    interpolation: Interpolation = .nearest,
    keepAspectRatio: Bool = false,
    options: LoadOptions = .default,
    registry: FormatRegistry = .standard
) throws -> KerasImage {
    try loadImage(data: [UInt8](data), colorMode: colorMode, targetSize: targetSize, interpolation: interpolation,
                  keepAspectRatio: keepAspectRatio, options: options, registry: registry)
}

/// Keras's `save_img` to the file at `url` (a `file:` URL); see
/// ``saveImage(_:_:dataFormat:fileFormat:scale:options:registry:)``.
@discardableResult
public func saveImage(
    to url: URL,
    _ array: NDArray,
    dataFormat: DataFormat = .channelsLast,
    fileFormat: String? = nil,
    scale: Bool = true,
    options: EncodeOptions = .default,
    registry: FormatRegistry = .standard
) throws -> [ImagoWarning] {
    try saveImage(try url.imagoFilePath(), array, dataFormat: dataFormat, fileFormat: fileFormat, scale: scale,
                  options: options, registry: registry)
}

/// Saves an image to the file at `url` (a `file:` URL), atomically; see
/// ``saveImage(_:_:fileFormat:options:registry:)``.
@discardableResult
public func saveImage(
    to url: URL,
    _ image: KerasImage,
    fileFormat: String? = nil,
    options: EncodeOptions = .default,
    registry: FormatRegistry = .standard
) throws -> [ImagoWarning] {
    try saveImage(try url.imagoFilePath(), image, fileFormat: fileFormat, options: options, registry: registry)
}

extension NDArray {
    /// Reads the `.npy` file at `url` (a `file:` URL); see ``init(npyPath:)``.
    public init(contentsOf url: URL) throws(ImageError) {
        try self.init(npyPath: try url.imagoFilePath())
    }

    /// Parses the bytes of a `.npy` file; see ``init(npyBytes:)``.
    public init(npyData data: Data) throws(ImageError) {
        try self.init(npyBytes: [UInt8](data))
    }

    /// The bytes of a `.npy` file holding this array, as `Data`; see ``npyBytes()``.
    public func npyData() -> Data { Data(npyBytes()) }

    /// Writes the array as a `.npy` file at `url` (a `file:` URL), atomically; see the path form of `writeNpy(to:)`.
    public func writeNpy(to url: URL) throws(ImageError) {
        try writeNpy(to: try url.imagoFilePath())
    }
}
