import ImageKernel
import Testing
import Transforms

/// The scale-and-translate C kernels give the same bits at every SIMD level, and the bits of an independent scalar
/// model of each arithmetic: numpy's fused multiply-add chain (`Float.addingProduct`, one rounding) and TensorFlow's
/// `acc + w * x` (two roundings), summed from 0 in tap order over the axis weights. (Agreement with Keras and
/// TensorFlow themselves is checked in ImagoTests against references computed by them.)
@Suite struct ScaleAndTranslateLevelTests {
    struct Case: Sendable, CustomStringConvertible {
        var inHeight: Int, inWidth: Int, channels: Int, outHeight: Int, outWidth: Int
        var description: String { "\(inWidth)x\(inHeight)x\(channels)->\(outWidth)x\(outHeight)" }
    }

    static let cases = [
        Case(inHeight: 37, inWidth: 53, channels: 3, outHeight: 20, outWidth: 31),
        Case(inHeight: 20, inWidth: 17, channels: 1, outHeight: 45, outWidth: 40),
        Case(inHeight: 31, inWidth: 40, channels: 4, outHeight: 31, outWidth: 23),
        Case(inHeight: 64, inWidth: 48, channels: 3, outHeight: 64, outWidth: 48),
        Case(inHeight: 5, inWidth: 3, channels: 2, outHeight: 1, outWidth: 7),
        // Strong shrinks: the height pass computes only the runs of samples the width pass reads.
        Case(inHeight: 40, inWidth: 700, channels: 3, outHeight: 9, outWidth: 30),
        Case(inHeight: 23, inWidth: 300, channels: 5, outHeight: 4, outWidth: 11),
    ]

    /// A deterministic pseudo-random image in 0...255 (with fractions, so roundings matter).
    static func image(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Float(state % 65_536) / 256
        }
    }

    /// The scalar model: the same passes and order as the core, written out directly.
    static func model(_ pixels: [Float], _ c: Case, kernel: ScaleAndTranslateKernel, arithmetic: ScaleAndTranslateArithmetic) -> [Float] {
        let fused = arithmetic == .numpy
        func sum(_ axis: ScaleAndTranslateAxis, _ j: Int, _ value: (Int) -> Float) -> Float {
            var acc: Float = 0
            for k in 0..<Int(axis.count[j]) {
                let w = axis.weights[Int(axis.offset[j]) + k], x = value(Int(axis.first[j]) + k)
                acc = fused ? acc.addingProduct(x, w) : acc + w * x
            }
            return acc
        }
        var data = pixels, h = c.inHeight, w = c.inWidth
        if !fused || h != c.outHeight {
            let axis = ScaleAndTranslateAxis(input: h, output: c.outHeight, kernel: kernel, arithmetic: arithmetic)
            var next = [Float](repeating: 0, count: c.outHeight * w * c.channels)
            for j in 0..<c.outHeight {
                for i in 0..<(w * c.channels) { next[j * w * c.channels + i] = sum(axis, j) { data[$0 * w * c.channels + i] } }
            }
            data = next
            h = c.outHeight
        }
        if !fused || w != c.outWidth {
            let axis = ScaleAndTranslateAxis(input: w, output: c.outWidth, kernel: kernel, arithmetic: arithmetic)
            var next = [Float](repeating: 0, count: h * c.outWidth * c.channels)
            for y in 0..<h {
                for j in 0..<c.outWidth {
                    for ch in 0..<c.channels {
                        next[(y * c.outWidth + j) * c.channels + ch] = sum(axis, j) { data[(y * w + $0) * c.channels + ch] }
                    }
                }
            }
            data = next
            w = c.outWidth
        }
        return data
    }

    static func resample(_ pixels: [Float], _ c: Case, kernel: ScaleAndTranslateKernel, arithmetic: ScaleAndTranslateArithmetic,
                         level: SIMDLevel) -> [Float] {
        var out = [Float](repeating: .nan, count: c.outHeight * c.outWidth * c.channels)
        var scratch = ResizeScratch()
        SIMDLevel.$maximum.withValue(level) {
            pixels.withUnsafeBytes { raw in
                out.withUnsafeMutableBufferPointer { o in
                    let source = SampleRows(base: raw.baseAddress!, rowStride: c.inWidth * c.channels * 4, height: c.inHeight,
                                            width: c.inWidth, channels: c.channels, sampleType: .float32)
                    ScaleAndTranslateResampler.resample(source, height: c.outHeight, width: c.outWidth, kernel: kernel,
                                                        arithmetic: arithmetic, into: o.baseAddress!, scratch: &scratch)
                }
            }
        }
        return out
    }

    /// The core on integer samples (`bytes`, native-endian `type` samples) at `level`.
    static func resample(_ bytes: [UInt8], _ type: SampleType, _ c: Case, kernel: ScaleAndTranslateKernel,
                         arithmetic: ScaleAndTranslateArithmetic, level: SIMDLevel) -> [Float] {
        var out = [Float](repeating: .nan, count: c.outHeight * c.outWidth * c.channels)
        var scratch = ResizeScratch()
        SIMDLevel.$maximum.withValue(level) {
            bytes.withUnsafeBytes { raw in
                out.withUnsafeMutableBufferPointer { o in
                    let source = SampleRows(base: raw.baseAddress!, rowStride: c.inWidth * c.channels * type.byteCount,
                                            height: c.inHeight, width: c.inWidth, channels: c.channels, sampleType: type)
                    ScaleAndTranslateResampler.resample(source, height: c.outHeight, width: c.outWidth, kernel: kernel,
                                                        arithmetic: arithmetic, into: o.baseAddress!, scratch: &scratch)
                }
            }
        }
        return out
    }

    @Test(arguments: ScaleAndTranslateArithmetic.allCases)
    func everyLevelGivesTheModelsBits(arithmetic: ScaleAndTranslateArithmetic) {
        var compared = 0
        for (n, c) in Self.cases.enumerated() {
            let pixels = Self.image(c.inHeight * c.inWidth * c.channels, seed: UInt64(n + 1))
            for kernel in ScaleAndTranslateKernel.allCases {
                let expected = Self.model(pixels, c, kernel: kernel, arithmetic: arithmetic).map(\.bitPattern)
                for level in SIMDLevel.allCases {
                    let ours = Self.resample(pixels, c, kernel: kernel, arithmetic: arithmetic, level: level).map(\.bitPattern)
                    #expect(ours == expected, "\(c) \(kernel) \(arithmetic) at \(level) (CPU: \(SIMDLevel.cpu))")
                    compared += 1
                }
            }
        }
        #expect(compared == Self.cases.count * ScaleAndTranslateKernel.allCases.count * SIMDLevel.allCases.count)
    }

    /// 8-bit and 16-bit rows (read in place by the height pass, widened by the width-only pass) give the model's
    /// bits for their float conversion, at every level.
    @Test(arguments: ScaleAndTranslateArithmetic.allCases)
    func integerInputEqualsItsFloatConversion(arithmetic: ScaleAndTranslateArithmetic) {
        let cases = [Self.cases[0], Self.cases[5], Case(inHeight: 31, inWidth: 40, channels: 3, outHeight: 31, outWidth: 23),
                     Case(inHeight: 37, inWidth: 53, channels: 1, outHeight: 20, outWidth: 53)]
        for (n, c) in cases.enumerated() {
            let count = c.inHeight * c.inWidth * c.channels
            let values = Self.image(count, seed: UInt64(n + 9)).map { ($0 * 256).rounded(.down) }
            for type in [SampleType.uint8, .uint16] {
                let samples = type == .uint8 ? values.map { $0.truncatingRemainder(dividingBy: 256) } : values
                let bytes: [UInt8] = type == .uint8
                    ? samples.map { UInt8($0) }
                    : samples.flatMap { withUnsafeBytes(of: UInt16($0)) { Array($0) } }
                let expected = Self.model(samples, c, kernel: .lanczos3, arithmetic: arithmetic).map(\.bitPattern)
                for level in SIMDLevel.allCases {
                    let out = Self.resample(bytes, type, c, kernel: .lanczos3, arithmetic: arithmetic, level: level)
                    #expect(out.map(\.bitPattern) == expected, "\(c) \(type) \(arithmetic) at \(level)")
                }
            }
        }
    }

    /// The AVX-512 width pass that packs neighbouring outputs into one vector (8- and 16-bit sources, whose rows are
    /// finite) gives the model's bits for every kernel: shrinks like the dataset's 640 -> 224, gray and 4-channel
    /// rows, enlargements, and groups whose padded taps run past the row's end.
    @Test(arguments: ScaleAndTranslateArithmetic.allCases)
    func regroupedWidthPassGivesTheModelsBits(arithmetic: ScaleAndTranslateArithmetic) {
        let cases = [Case(inHeight: 43, inWidth: 640, channels: 3, outHeight: 15, outWidth: 224),
                     Case(inHeight: 9, inWidth: 150, channels: 1, outHeight: 9, outWidth: 97),
                     Case(inHeight: 12, inWidth: 90, channels: 4, outHeight: 5, outWidth: 41),
                     Case(inHeight: 6, inWidth: 37, channels: 3, outHeight: 11, outWidth: 100),
                     Case(inHeight: 7, inWidth: 61, channels: 2, outHeight: 3, outWidth: 29)]
        for (n, c) in cases.enumerated() {
            let count = c.inHeight * c.inWidth * c.channels
            let samples = Self.image(count, seed: UInt64(n + 21)).map { $0.rounded(.down) }
            let bytes = samples.map { UInt8($0) }
            for kernel in ScaleAndTranslateKernel.allCases {
                let expected = Self.model(samples, c, kernel: kernel, arithmetic: arithmetic).map(\.bitPattern)
                for level in SIMDLevel.allCases {
                    let out = Self.resample(bytes, .uint8, c, kernel: kernel, arithmetic: arithmetic, level: level)
                    #expect(out.map(\.bitPattern) == expected, "\(c) \(kernel) \(arithmetic) at \(level)")
                }
            }
        }
    }
}
