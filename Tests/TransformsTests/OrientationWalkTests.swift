import ImageKernel
import TestSupport
import Testing
import Transforms

/// Every EXIF orientation at random sizes and pixel sizes against the orientations' definitions written pixel by
/// pixel (TIFF 6.0 / EXIF 2.3: where the stored row 0 and column 0 go), covering the edges of the 32x32 tiles and the
/// 4x4 vector blocks of the quarter turns at sizes the Pillow references (`GeometryReferenceTests`) do not reach.
@Suite struct OrientationWalkTests {
    /// The source pixel (x, y) that the upright pixel (x, y) of an image stored `width` x `height` comes from.
    static func source(of x: Int, _ y: Int, orientation: Int, width w: Int, height h: Int) -> (Int, Int) {
        switch orientation {
        case 2: (w - 1 - x, y)
        case 3: (w - 1 - x, h - 1 - y)
        case 4: (x, h - 1 - y)
        case 5: (y, x)
        case 6: (y, h - 1 - x)
        case 7: (w - 1 - y, h - 1 - x)
        case 8: (w - 1 - y, x)
        default: (x, y)
        }
    }

    @Test(arguments: [PixelFormat.gray8, .grayAlpha8, .rgb8, .rgba8, .grayF32, .rgb16, .rgba16, .rgbF32, .rgbaF32])
    func everyOrientationMovesEveryPixelWhereItsDefinitionSays(_ format: PixelFormat) throws {
        var random = SeededRandom(seed: 42)
        let bpp = format.bytesPerPixel
        var sizes = [(1, 1), (4, 4), (32, 32), (33, 31), (64, 36), (3, 97)]
        for _ in 0..<12 { sizes.append((Int(random.below(90)) + 1, Int(random.below(90)) + 1)) }
        for (w, h) in sizes {
            let bytes = (0..<(w * h * bpp)).map { _ in UInt8(random.below(256)) }
            let image = try ImageBuffer(width: w, height: h, format: format, bytes: bytes)
            for orientation in 1...8 {
                let out = try ApplyOrientation(Orientation(rawValue: orientation)!).apply(image).packedBytes()
                let swaps = orientation >= 5
                let (ow, oh) = swaps ? (h, w) : (w, h)
                var expected = [UInt8](repeating: 0, count: ow * oh * bpp)
                for y in 0..<oh {
                    for x in 0..<ow {
                        let (sx, sy) = Self.source(of: x, y, orientation: orientation, width: w, height: h)
                        let from = (sy * w + sx) * bpp, to = (y * ow + x) * bpp
                        expected[to..<to + bpp] = bytes[from..<from + bpp]
                    }
                }
                #expect(out == expected, "\(format) \(w)x\(h) orientation \(orientation)")
            }
        }
    }
}
