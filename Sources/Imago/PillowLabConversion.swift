import CLittleCMS
import ImageKernel

/// Pillow's `LAB` image converted to `RGB` or `RGBA` as `Image.convert` does it: through LittleCMS (`ImageCms`),
/// from LittleCMS's built-in Lab profile (D50) to its built-in sRGB profile, perceptual intent, 8 bits per channel;
/// alpha 255. Pillow holds a* and b* as the file's signed bytes, LittleCMS's `TYPE_Lab_8` as unsigned with 128 for
/// zero, hence the `^ 0x80`. (Checked against Pillow 13 for all 2^24 Lab triples with the system's LittleCMS 2.14.)
/// Pillow has no LAB -> L conversion: Keras's grayscale mode fails on a LAB image, and so does this.
enum PillowLabConversion {
    static func convert(_ image: ImageBuffer, to colorMode: ColorMode) throws(ImageError) -> (ImageBuffer, PillowMode, converted: Bool) {
        guard colorMode != .grayscale else {
            throw .unsupported("conversion from LAB to L is not supported (Pillow converts a LAB image only to RGB or RGBA)")
        }
        let mode: PillowMode = colorMode == .rgb ? .rgb : .rgba
        var out = try ImageBuffer(width: image.width, height: image.height, format: mode.pixelFormat)
        let lab = cmsCreateLab2Profile(nil), srgb = cmsCreate_sRGBProfile()
        defer {
            if let lab { cmsCloseProfile(lab) }
            if let srgb { cmsCloseProfile(srgb) }
        }
        // TYPE_Lab_8 and TYPE_RGB_8 from lcms2.h, whose function-like macros Swift does not import.
        let labType = UInt32((10 << 16) | (3 << 3) | 1), rgbType = UInt32((4 << 16) | (3 << 3) | 1)
        guard let lab, let srgb,
              let transform = cmsCreateTransform(lab, labType, srgb, rgbType, UInt32(INTENT_PERCEPTUAL), 0) else {
            throw .unsupported("LittleCMS cannot build the Lab -> sRGB transform")
        }
        defer { cmsDeleteTransform(transform) }
        let width = image.width
        var input = [UInt8](repeating: 0, count: width * 3), rgb = [UInt8](repeating: 0, count: width * 3)
        for y in 0..<image.height {
            image.withUnsafeRow(y) { row in
                for i in 0..<(width * 3) { input[i] = i % 3 == 0 ? row[i] : row[i] ^ 0x80 }
            }
            cmsDoTransform(transform, input, &rgb, UInt32(width))
            out.withUnsafeMutableRow(y) { dst in
                for x in 0..<width {
                    let d = mode.channelCount * x
                    dst[d] = rgb[3 * x]; dst[d + 1] = rgb[3 * x + 1]; dst[d + 2] = rgb[3 * x + 2]
                    if mode == .rgba { dst[d + 3] = 255 }
                }
            }
        }
        return (out, mode, true)
    }
}
