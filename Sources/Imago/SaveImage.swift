import ImageKernel
import Registry

/// Keras's `save_img`: `arrayToImage(array, dataFormat:, scale:)` then ``saveImage(_:_:fileFormat:options:registry:)``.
///
/// - Returns: the warnings Keras would issue (e.g. alpha dropped for JPEG).
@discardableResult
public func saveImage(
    _ path: String,
    _ array: NDArray,
    dataFormat: DataFormat = .channelsLast,
    fileFormat: String? = nil,
    scale: Bool = true,
    options: EncodeOptions = .default,
    registry: FormatRegistry = .standard
) throws -> [ImagoWarning] {
    let image = try arrayToImage(array, dataFormat: dataFormat, scale: scale)
    return try saveImage(path, image, fileFormat: fileFormat, options: options, registry: registry)
}

/// Saves an image, atomically (a failure leaves no partial file and an existing file untouched).
///
/// The format is `fileFormat` (a registry id, extension or MIME type, any case) or else the path's extension,
/// through the registry: every spelling it knows works, so `.tif` and `.jpe` save where Keras raises `KeyError`.
/// An `RGBA` image saved as JPEG loses its alpha (no compositing) with Keras's warning, whatever the spelling
/// (Keras only converts for the lower-case name). A mode `I` image is written as 16-bit gray, clamped to 0...65535,
/// as Pillow writes mode `I` to PNG.
///
/// Where Keras (Pillow) refuses the pixel format for the file format (mode `I`, i.e. 16-bit gray, or `LA` as JPEG;
/// `RGBA` as JPEG through an upper-case `fileFormat`), the image is instead converted to the nearest pixel format the
/// encoder stores, by the registry's negotiation (`FormatRegistry/encodable(_:for:)`, the rules in
/// `PixelFormatNegotiation`), and the lossy steps are returned as one warning: the same conversion and warning as
/// `imago convert`.
@discardableResult
public func saveImage(
    _ path: String,
    _ image: KerasImage,
    fileFormat: String? = nil,
    options: EncodeOptions = .default,
    registry: FormatRegistry = .standard
) throws -> [ImagoWarning] {
    let format: ImageFormat
    do {
        format = try registry.encodingFormat(path: path, explicit: fileFormat.map { FormatID($0) })
    } catch {
        throw error.naming(file: path)
    }
    var warnings: [ImagoWarning] = []
    var buffer = image.buffer
    switch image.mode {
    case .rgba where format.id == .jpeg:
        warnings.append(ImagoWarning("The JPEG format does not support RGBA images, converting to RGB."))
        buffer = try PillowModeConversion.convert(buffer, to: .rgb).0
    case .i:
        buffer = try int32ToGray16(buffer)
    default:
        break
    }
    warnings += try registry.encode(buffer, to: path, format: format.id, options: options)
    return warnings
}

/// Mode `I` (int32 held as floats) to 16-bit gray, clamped to 0...65535.
func int32ToGray16(_ image: ImageBuffer) throws(ImageError) -> ImageBuffer {
    var out = try ImageBuffer(width: image.width, height: image.height, format: .gray16)
    for y in 0..<image.height {
        image.withUnsafeRow(y) { row in
            out.withUnsafeMutableRow(y) { dst in
                for x in 0..<image.width {
                    let v = row.loadUnaligned(fromByteOffset: 4 * x, as: Float.self)
                    dst.storeBytes(of: UInt16(max(0, min(65535, v))), toByteOffset: 2 * x, as: UInt16.self)
                }
            }
        }
    }
    return out
}
