#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ImageKernel
import TestSupport
import Testing
@testable import Transforms

/// Random resizes (sizes, boxes, filters, every format family) must give the same bytes on every kernel path: the
/// portable Swift passes, the AVX2 kernels, and the AVX-512 kernels with 1, 2 and 4 window parts (8-bit), and the
/// double passes' plain C, AVX2, AVX-512 and Swift loops (16-bit and float). The Pillow grid (ResizeReferenceTests)
/// is the reference for the arithmetic; this test hunts the layouts' edge cases (partial blocks, windows near the end
/// of a row or of the buffer, odd tap counts) over shapes the grid does not list. Seeded: every run checks the same
/// cases; `IMAGO_DIFFERENTIAL_CASES` sets how many (default 150, which takes a few seconds in a debug build).
@Suite struct KernelDifferentialTests {
    static let formats: [PixelFormat] = [.gray8, .grayAlpha8, .rgb8, .rgba8, .cmyk8, .gray16, .grayF32, .rgb16]
    static let filters: [ResampleFilter] = [.box, .bilinear, .hamming, .bicubic, .lanczos]

    @Test func everyKernelPathAgreesOnRandomResizes() throws {
        let count = getenv("IMAGO_DIFFERENTIAL_CASES").flatMap { Int(String(cString: $0)) } ?? 150
        var random = SeededRandom(seed: 0x1A6_0D1F)
        var failures: [String] = []
        var checked = 0
        for _ in 0..<count {
            let format = Self.formats[random.below(Self.formats.count)]
            let (w, h) = (1 + random.below(random.below(4) == 0 ? 700 : 120), 1 + random.below(random.below(4) == 0 ? 400 : 90))
            let (ow, oh) = (1 + random.below(160), 1 + random.below(160))
            let filter = Self.filters[random.below(Self.filters.count)]
            var box: ResizeBox?
            if random.below(3) == 0 {
                let x0 = Float(random.below(w * 4)) / 8, y0 = Float(random.below(h * 4)) / 8
                let x1 = x0 + Float(random.below(Int((Float(w) - x0) * 8) + 1)) / 8
                let y1 = y0 + Float(random.below(Int((Float(h) - y0) * 8) + 1)) / 8
                box = ResizeBox(x0: x0, y0: y0, x1: min(x1, Float(w)), y1: min(y1, Float(h)))
            }
            let bytes = (0..<(w * h * format.bytesPerPixel)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            var image = try ImageBuffer(width: w, height: h, format: format, bytes: bytes)
            if format.sampleType == .float32 { image = Self.finiteFloats(image) }
            let resize = Resize(width: ow, height: oh, filter: filter, box: box)
            let name = "\(format) \(w)x\(h)->\(ow)x\(oh) \(filter) box \(box.map { "\($0)" } ?? "none")"
            let results = try Self.paths(for: format).map { path in (path.name, try path.run { try resize.apply(image).packedBytes() }) }
            checked += 1
            for (path, bytes) in results.dropFirst() where bytes != results[0].1 {
                if failures.count < 20 { failures.append("\(name): \(path) differs from \(results[0].0)") }
            }
        }
        print("kernel paths: \(checked) random resizes, \(failures.count) disagreements")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    struct Path {
        let name: String
        let run: (() throws -> [UInt8]) throws -> [UInt8]
    }

    /// The kernel paths that run on this CPU for a format: the first is the reference the others must equal.
    static func paths(for format: PixelFormat) -> [Path] {
        if format.sampleType == .uint8 {
            var paths = [Path(name: "portable Swift") { body in try Resample8Backend.$current.withValue(.portable, operation: body) }]
            if Resample8Backend.hasAVX2 {
                paths.append(Path(name: "AVX2") { body in try Resample8Backend.$current.withValue(.avx2, operation: body) })
            }
            if Resample8Backend.hasAVX512 {
                for parts in [1, 2, 4] {
                    paths.append(Path(name: "AVX-512, \(parts)+ parts") { body in
                        try Resample8Backend.$current.withValue(.avx512(minimumParts: parts), operation: body)
                    })
                }
            }
            return paths
        }
        var paths = [Path(name: "portable Swift") { body in try ResampleWideBackend.$current.withValue(.portable, operation: body) }]
        for level in SIMDLevel.allCases where level <= SIMDLevel.cpu {
            paths.append(Path(name: "double kernels, \(level)") { body in
                try ResampleWideBackend.$current.withValue(.kernels(level: Int32(level.rawValue)), operation: body)
            })
        }
        return paths
    }

    /// Float samples from random bytes, with NaNs and infinities replaced (they would compare unequal to themselves).
    static func finiteFloats(_ image: ImageBuffer) -> ImageBuffer {
        var out = image
        out.withUnsafeMutableBytes { raw in
            let floats = raw.bindMemory(to: Float.self)
            for i in floats.indices where !floats[i].isFinite || abs(floats[i]) > 1e30 { floats[i] = Float(i % 511) - 255 }
        }
        return out
    }
}
