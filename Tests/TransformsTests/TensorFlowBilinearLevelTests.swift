import Testing
import Transforms

/// TensorFlow's bilinear kernel on 8-bit samples (`ctk_tf_bilinear_u8`) gives the same bits at every SIMD level, and
/// the bits of a scalar model written from TensorFlow's `resize_bilinear_op.cc` (half-pixel centres; per output sample
/// top = tl + (tr - tl) * xl, bottom = bl + (br - bl) * xl, top + (bottom - top) * yl in float32). Agreement with
/// TensorFlow itself is checked in ImagoTests (TensorFlowPathTests) against tf.image.resize run at test time.
@Suite struct TensorFlowBilinearLevelTests {
    /// (input width, height, channels, output width, height): down and up, every channel count, the dataset's sizes,
    /// rows wider than one 128-byte window per 16 samples (the 8-sample and plain fallbacks), 1-pixel axes.
    static let cases: [(Int, Int, Int, Int, Int)] = [
        (640, 427, 3, 224, 224), (1920, 1080, 3, 224, 224), (640, 427, 1, 224, 224), (640, 427, 4, 224, 224),
        (100, 70, 3, 300, 211), (33, 17, 4, 500, 400), (50, 50, 2, 49, 51), (4000, 30, 3, 97, 7), (1, 1, 3, 5, 4),
        (7, 1, 1, 3, 1), (300, 9, 4, 2, 2),
    ]

    static func model(_ pixels: [UInt8], _ w: Int, _ h: Int, _ c: Int, _ ow: Int, _ oh: Int) -> [Float] {
        func axis(_ input: Int, _ output: Int) -> [(Int, Int, Float)] {
            let scale = Float(input) / Float(output)
            return (0..<output).map { i in
                let position = (Float(i) + 0.5) * scale - 0.5
                let floor = position.rounded(.down)
                return (max(Int(floor), 0), min(Int(position.rounded(.up)), input - 1), position - floor)
            }
        }
        let ys = axis(h, oh), xs = axis(w, ow)
        var out = [Float](repeating: 0, count: oh * ow * c)
        for (y, (y0, y1, yl)) in ys.enumerated() {
            for (x, (x0, x1, xl)) in xs.enumerated() {
                for ch in 0..<c {
                    let tl = Float(pixels[(y0 * w + x0) * c + ch]), tr = Float(pixels[(y0 * w + x1) * c + ch])
                    let bl = Float(pixels[(y1 * w + x0) * c + ch]), br = Float(pixels[(y1 * w + x1) * c + ch])
                    let top = tl + (tr - tl) * xl
                    let bottom = bl + (br - bl) * xl
                    out[(y * ow + x) * c + ch] = top + (bottom - top) * yl
                }
            }
        }
        return out
    }

    @Test func everyLevelGivesTheModelsBits() throws {
        for (n, (w, h, c, ow, oh)) in Self.cases.enumerated() {
            var state = UInt64(n + 1) &* 0x9E37_79B9_7F4A_7C15 | 1
            let pixels: [UInt8] = (0..<(w * h * c)).map { _ in
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                return UInt8(truncatingIfNeeded: state)
            }
            let expected = Self.model(pixels, w, h, c, ow, oh).map(\.bitPattern)
            for level in SIMDLevel.allCases {
                var out = [Float](repeating: .nan, count: oh * ow * c)
                var scratch = ResizeScratch()
                SIMDLevel.$maximum.withValue(level) {
                    pixels.withUnsafeBytes { raw in
                        out.withUnsafeMutableBufferPointer { o in
                            let source = SampleRows(base: raw.baseAddress!, rowStride: w * c, height: h, width: w, channels: c,
                                                    sampleType: .uint8)
                            TensorFlowResize.resize(source, height: oh, width: ow, method: .bilinear, into: o.baseAddress!,
                                                    scratch: &scratch)
                        }
                    }
                }
                #expect(out.map(\.bitPattern) == expected, "\(w)x\(h)x\(c) -> \(ow)x\(oh) at \(level) (CPU: \(SIMDLevel.cpu))")
            }
        }
    }
}
