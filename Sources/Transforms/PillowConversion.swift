import ImageKernel

/// Colour conversions with Pillow 13's exact arithmetic (`Image.convert`), as Keras applies them.
public enum PillowConversion {
    /// Converts `image` to 8-bit `layout` (gray, rgb or rgba) with Pillow's rules.
    public static func convert(_ image: ImageBuffer, to layout: ChannelLayout) throws -> ImageBuffer {
        throw ImageError.unsupported("Pillow conversion is not implemented yet")
    }
}
