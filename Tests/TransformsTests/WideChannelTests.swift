import CTransformsKernels
import ImageKernel
import Testing
@testable import Transforms

/// Imago's multi-channel 16-bit and float formats without alpha (rgb16, cmyk16, rgbF32, cmykF32) resize each channel
/// with the I;16 / F arithmetic, which the Pillow references check on one channel (ResizeReferenceTests). So an
/// interleaved resize must equal its planes resized one by one as gray16 / grayF32, on every backend of the
/// double-precision passes. Sizes cover widths and heights that are not multiples of the kernels' 8 lanes, both pass
/// orders, upscales, and passes large enough to split over threads.
@Suite struct WideChannelTests {
    static let backends: [(String, ResampleWideBackend)] = [
        ("automatic", .automatic), ("plain C", .kernels(level: Int32(CTK_LEVEL_PLAIN))),
        ("AVX2", .kernels(level: Int32(CTK_LEVEL_AVX2))), ("portable Swift", .portable),
    ]
    /// (input, output) sizes as (width, height).
    static let sizes = [((37, 29), (13, 11)), ((23, 61), (64, 150)), ((61, 203), (50, 20)), ((9, 9), (1, 1)),
                        ((1000, 700), (224, 224))]

    @Test(arguments: [PixelFormat.rgb16, .cmyk16, .rgbF32, .cmykF32])
    func interleavedChannelsResizeLikeTheirPlanes(_ format: PixelFormat) throws {
        let gray = PixelFormat(.gray, format.sampleType)
        let channels = format.channelCount, size = format.sampleType == .uint16 ? 2 : 4
        for ((w, h), (ow, oh)) in Self.sizes {
            let image = try ImageBuffer(width: w, height: h, format: format, bytes: Self.samples(w * h * channels, format.sampleType))
            let packed = image.packedBytes()
            let filters: [ResampleFilter] = w * h > 100_000 ? [.bilinear, .lanczos] : [.box, .bilinear, .hamming, .bicubic, .lanczos]
            for filter in filters {
                let resize = Resize(width: ow, height: oh, filter: filter)
                // The planes, on the automatic backend (checked against Pillow).
                let planes = try (0..<channels).map { c in
                    try resize.apply(ImageBuffer(width: w, height: h, format: gray, bytes: Self.plane(packed, c, channels, size))).packedBytes()
                }
                for (name, backend) in Self.backends {
                    let got = try ResampleWideBackend.$current.withValue(backend) { try resize.apply(image) }.packedBytes()
                    let mismatched = (0..<channels).filter { Self.plane(got, $0, channels, size) != planes[$0] }
                    #expect(mismatched.isEmpty, "\(format) \(w)x\(h)->\(ow)x\(oh) \(filter) on \(name): channels \(mismatched) differ from their planes")
                }
            }
        }
    }

    /// `count` samples, deterministic and spread: uint16 over the full range, floats over [-20, 280).
    static func samples(_ count: Int, _ type: SampleType) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 4)
        for _ in 0..<count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let r = UInt32(truncatingIfNeeded: state >> 33)
            if type == .uint16 {
                withUnsafeBytes(of: UInt16(truncatingIfNeeded: r)) { bytes += $0 }
            } else {
                withUnsafeBytes(of: Float(r % 3_000_000) / 10_000 - 20) { bytes += $0 }
            }
        }
        return bytes
    }

    /// Channel `c` of packed pixels of `channels` samples of `size` bytes.
    static func plane(_ packed: [UInt8], _ c: Int, _ channels: Int, _ size: Int) -> [UInt8] {
        stride(from: c * size, to: packed.count, by: channels * size).flatMap { packed[$0..<$0 + size] }
    }
}
