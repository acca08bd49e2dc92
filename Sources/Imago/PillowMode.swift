import ImageKernel

/// The Pillow image mode of a ``KerasImage``: what `img.mode` prints in Python.
public enum PillowMode: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// 8-bit gray, held as `gray8`.
    case l = "L"
    /// 16-bit gray at full range (a 16-bit gray PNG or little-endian TIFF in grayscale mode), held as `gray16`.
    case i16 = "I;16"
    /// 32-bit signed integer gray (from `arrayToImage` with one channel and values above 255), held as
    /// `grayF32` whose samples are the integers (exact: they come from float32 values).
    case i = "I"
    /// 8-bit RGB, held as `rgb8`.
    case rgb = "RGB"
    /// 8-bit RGBA (straight alpha), held as `rgba8`.
    case rgba = "RGBA"

    /// The pixel format a buffer of this mode has.
    public var pixelFormat: PixelFormat {
        switch self {
        case .l: .gray8
        case .i16: .gray16
        case .i: .grayF32
        case .rgb: .rgb8
        case .rgba: .rgba8
        }
    }

    /// Pillow's name, as `print(img.mode)` shows it.
    public var description: String { rawValue }

    /// Number of channels (Pillow's `len(img.getbands())`).
    public var channelCount: Int { pixelFormat.channelCount }
}
