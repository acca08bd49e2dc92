// Transform rows: resizes to 224x224 (bilinear, bicubic, lanczos) of RGB, I;16 and F images, RGB->L and
// uint8->float32 (fresh and reused outputs; the C row is the AVX2 loop), each result checked byte for byte against
// Pillow 13's output that make_inputs.py wrote (`"exact"` in the JSON line).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CBaselines
import ImageKernel
import Registry
import Transforms

/// `IMAGO_BENCH_MAX_LEVEL` (`portable`, `avx2`) caps Imago's kernels; rows are then reported as `imago-<level>`.
let maxLevel: SIMDLevel = {
    switch getenv("IMAGO_BENCH_MAX_LEVEL").map({ String(cString: $0) }) {
    case "portable": .portable
    case "avx2": .avx2
    default: .avx512
    }
}()
let transformTool = maxLevel == .avx512 ? "imago" : "imago-\(maxLevel)"

func reference(_ inputs: Inputs, _ name: String) -> [UInt8]? { try? FileIO.read("\(inputs.directory)/\(name)") }

func exactness(_ ok: Bool) -> String { ", \"exact\": \(ok)" }

func transformRows(_ inputs: Inputs) throws {
    try SIMDLevel.$maximum.withValue(maxLevel) {
        for size in inputs.sizes {
            let (w, h) = inputs.dimensions(size)
            let image = try inputs.rgb(size)
            let wide: [(String, String, PixelFormat)] = [("RGB", "rgb", .rgb8), ("I;16", "i16", .gray16), ("F", "f", .grayF32)]
            for (mode, prefix, format) in wide {
                let source = try ImageBuffer(width: w, height: h, format: format,
                                             bytes: FileIO.read("\(inputs.directory)/\(prefix)_\(size).raw"))
                for filter in [ResampleFilter.bilinear, .bicubic, .lanczos] {
                    let resize = Resize(width: 224, height: 224, filter: filter)
                    let out = try resize.apply(source)
                    let exact = out.packedBytes() == reference(inputs, "pillow_\(prefix)_\(filter.rawValue)_\(size).raw")
                    row("resize \(mode) 224 \(filter.rawValue)", size, transformTool, extra: exactness(exact)) {
                        _ = try resize.apply(source)
                    }
                }
            }
            let gray = try PillowConversion.convert(image, to: .gray)
            let grayExact = gray.packedBytes() == reference(inputs, "pillow_L_\(size).raw")
            row("RGB->L", size, transformTool, extra: exactness(grayExact)) {
                _ = try PillowConversion.convert(image, to: .gray)
            }
            var reusedGray = try ImageBuffer(width: w, height: h, format: .gray8)
            row("RGB->L (reused output)", size, transformTool, extra: exactness(grayExact)) {
                try PillowConversion.convert(image, to: .gray, into: &reusedGray)
            }
            let pixels = image.packedBytes()
            pairedRows("UInt8->Float32", size, c: { try check(cb_widen(pixels, pixels.count)) }, imagoTool: transformTool) {
                var floats = try ImageBuffer(width: w, height: h, format: .rgbF32, zeroed: false)  // fresh and unfilled, as numpy allocates one
                image.withUnsafeBytes { src in
                    floats.withUnsafeMutableBytes { dst in
                        PixelConversion.widenToFloat32(src, into: dst.baseAddress!.assumingMemoryBound(to: Float.self))
                    }
                }
            }
            var reused = try ImageBuffer(width: w, height: h, format: .rgbF32)
            row("UInt8->Float32 (reused output)", size, transformTool) {
                image.withUnsafeBytes { src in
                    reused.withUnsafeMutableBytes { dst in
                        PixelConversion.widenToFloat32(src, into: dst.baseAddress!.assumingMemoryBound(to: Float.self))
                    }
                }
            }
        }
    }
}
