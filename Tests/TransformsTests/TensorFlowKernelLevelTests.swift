import ImageKernel
import Testing
import Transforms

/// TensorFlow's bicubic and area kernels (`ctk_tf_bicubic`, `ctk_tf_area`) and the scale-and-translate methods give
/// the same bits at every SIMD level and for every sample type holding the same values (8-bit, 16-bit and float rows
/// are read in place). Agreement with TensorFlow itself is checked in ImagoTests (TensorFlowPathTests) against
/// tf.image.resize run at test time, on 8-bit and float inputs with 1, 3 and 4 channels.
@Suite struct TensorFlowKernelLevelTests {
    /// (input width, height, channels, output width, height): down and up, 1 to 5 channels, strong shrinks (a few
    /// columns per output, far apart), rows shorter than a vector, 1-pixel axes.
    static let cases: [(Int, Int, Int, Int, Int)] = [
        (640, 427, 3, 224, 224), (700, 40, 3, 30, 9), (450, 50, 4, 20, 5), (1000, 30, 1, 40, 12), (100, 70, 2, 300, 211),
        (33, 17, 5, 50, 40), (300, 23, 5, 11, 4), (7, 5, 3, 3, 2), (3, 5, 4, 7, 1), (1, 1, 3, 5, 4), (5, 1, 1, 1, 1),
    ]

    static func resize(_ bytes: [UInt8], _ c: (Int, Int, Int, Int, Int), _ type: SampleType, method: TensorFlowResizeMethod?,
                       level: SIMDLevel) -> [UInt32] {
        let (w, h, channels, ow, oh) = c
        var out = [Float](repeating: .nan, count: oh * ow * channels)
        var scratch = ResizeScratch()
        SIMDLevel.$maximum.withValue(level) {
            bytes.withUnsafeBytes { raw in
                out.withUnsafeMutableBufferPointer { o in
                    let source = SampleRows(base: raw.baseAddress!, rowStride: w * channels * type.byteCount, height: h, width: w,
                                            channels: channels, sampleType: type)
                    if let method {
                        TensorFlowResize.resize(source, height: oh, width: ow, method: method, into: o.baseAddress!, scratch: &scratch)
                    } else {
                        ScaleAndTranslateResampler.resample(source, height: oh, width: ow, kernel: .lanczos3, arithmetic: .tensorFlow,
                                                            into: o.baseAddress!, scratch: &scratch)
                    }
                }
            }
        }
        return out.map(\.bitPattern)
    }

    @Test(arguments: [TensorFlowResizeMethod.bicubic, .area, nil])
    func everyLevelAndSampleTypeGivesTheSameBits(method: TensorFlowResizeMethod?) {
        for (n, c) in Self.cases.enumerated() {
            var state = UInt64(n + 1) &* 0x9E37_79B9_7F4A_7C15 | 1
            let values: [UInt8] = (0..<(c.0 * c.1 * c.2)).map { _ in
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                return UInt8(truncatingIfNeeded: state)
            }
            let inputs: [(SampleType, [UInt8])] = [
                (.uint8, values),
                (.uint16, values.flatMap { withUnsafeBytes(of: UInt16($0)) { Array($0) } }),
                (.float32, values.flatMap { withUnsafeBytes(of: Float($0)) { Array($0) } }),
            ]
            let expected = Self.resize(values, c, .uint8, method: method, level: .portable)
            #expect(!expected.contains(Float.nan.bitPattern), "\(c): an output left unwritten")
            for (type, bytes) in inputs {
                for level in SIMDLevel.allCases {
                    #expect(Self.resize(bytes, c, type, method: method, level: level) == expected,
                            "\(String(describing: method)) \(c) \(type) at \(level) (CPU: \(SIMDLevel.cpu))")
                }
            }
        }
    }
}
