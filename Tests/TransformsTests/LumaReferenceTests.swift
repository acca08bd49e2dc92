#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ImageKernel
import Testing
@testable import Transforms

/// RGB/RGBA -> L (Pillow's `(19595 R + 38470 G + 7471 B + 0x8000) >> 16`) on every backend (the best C kernel, the
/// AVX2 kernel, the portable Swift loop) against the formula computed independently here in UInt64: over all 2^24
/// colours, at odd widths (kernel tails), with padded row strides, and with reads fenced by an unreadable page.
@Suite struct LumaReferenceTests {
    static let backends: [LumaBackend] = [.automatic, .avx2, .portable]

    /// Pillow's formula, in UInt64 so nothing can wrap.
    static func expected(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let red: UInt64 = 19595 * UInt64(r), green: UInt64 = 38470 * UInt64(g), blue: UInt64 = 7471 * UInt64(b)
        return UInt8((red + green + blue + 0x8000) >> 16)
    }

    /// A deterministic byte sequence (xorshift), so failures reproduce.
    static func noise(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed | 1
        return (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    @Test func levelInUse() {
        let names = ["plain C (portable Swift runs instead)", "AVX2", "AVX-512 (VBMI, VNNI)"]
        print("RGB->L kernels: this CPU runs \(names[SIMDLevel.cpu.rawValue]); tests also force AVX2 and portable")
        #expect(SIMDLevel.allCases.contains(SIMDLevel.cpu))
    }

    @Test(arguments: [ChannelLayout.rgb, .rgba])
    func everyColour(_ layout: ChannelLayout) throws {
        let side = 4096, channels = layout.channelCount
        var image = try ImageBuffer(width: side, height: side, format: PixelFormat(layout, .uint8))
        var expected = [UInt8](repeating: 0, count: side * side)
        image.withUnsafeMutableBytes { raw in
            let p = raw.bindMemory(to: UInt8.self)
            for i in 0..<(side * side) {
                let r = UInt8(truncatingIfNeeded: i >> 16), g = UInt8(truncatingIfNeeded: i >> 8), b = UInt8(truncatingIfNeeded: i)
                p[channels * i] = r
                p[channels * i + 1] = g
                p[channels * i + 2] = b
                if channels == 4 { p[4 * i + 3] = UInt8(truncatingIfNeeded: i &* 7) }  // alpha must not matter
                expected[i] = Self.expected(r, g, b)
            }
        }
        for backend in Self.backends {
            let gray = try LumaBackend.$current.withValue(backend) { try PillowConversion.convert(image, to: .gray) }
            let mismatches = gray.withUnsafeBytes { raw in (0..<(side * side)).count { raw[$0] != expected[$0] } }
            #expect(mismatches == 0, "\(layout) -> L on \(backend): \(mismatches) of 16,777,216 colours differ")
        }
    }

    /// Odd widths (every tail length of the 8-, 16-, 32- and 64-pixel blocks), one and several rows, packed rows
    /// (converted as one long row) and padded source rows (converted row by row).
    @Test(arguments: [ChannelLayout.rgb, .rgba])
    func oddWidthsAndPaddedRows(_ layout: ChannelLayout) throws {
        let channels = layout.channelCount
        var failures: [String] = []
        for width in Array(1...72) + [127, 128, 129, 255, 257, 640] {
            for height in [1, 3] {
                for padding in [0, 1, 5, 64] {
                    let stride = width * channels + padding
                    let bytes = Self.noise(stride * height, seed: UInt64(width * 1000 + height * 100 + padding))
                    var image = try ImageBuffer(width: width, height: height, format: PixelFormat(layout, .uint8),
                                                rowStride: stride)
                    image.withUnsafeMutableBytes { $0.copyBytes(from: bytes) }
                    var want = [UInt8]()
                    for y in 0..<height {
                        for x in 0..<width {
                            let p = y * stride + x * channels
                            want.append(Self.expected(bytes[p], bytes[p + 1], bytes[p + 2]))
                        }
                    }
                    for backend in Self.backends {
                        let got = try LumaBackend.$current.withValue(backend) { try PillowConversion.convert(image, to: .gray) }
                        if got.packedBytes() != want { failures.append("\(backend) \(width)x\(height) +\(padding)") }
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(layout) -> L differs from the formula: \(failures.prefix(20))")
    }

    /// The C kernels straight, at each level: the source ends where an unreadable page begins (a read past the last
    /// pixel would crash the test), and destination padding bytes must stay untouched.
    @Test(arguments: [3, 4])
    func kernelsReadAndWriteOnlyThePixels(_ bytesPerPixel: Int) throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let region = 8 * page
        let base = try #require(mmap(nil, region, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        try #require(base != MAP_FAILED)
        defer { munmap(base, region) }
        try #require(mprotect(base + region - page, page, PROT_NONE) == 0)
        let fenceStart = base + region - page
        var failures: [String] = []
        for backend in [LumaBackend.automatic, .avx2] {
            for width in [1, 7, 8, 9, 15, 16, 17, 21, 31, 32, 33, 63, 64, 65, 69, 70, 71, 100, 200] {
                for (height, padding) in [(1, 0), (2, 0), (3, 7)] {
                    let srcStride = width * bytesPerPixel + padding, dstStride = width + padding
                    let srcBytes = srcStride * (height - 1) + width * bytesPerPixel  // the last row ends at the fence
                    let src = (fenceStart - srcBytes).assumingMemoryBound(to: UInt8.self)
                    let noise = Self.noise(srcBytes, seed: UInt64(width * 10 + height))
                    for i in 0..<srcBytes { src[i] = noise[i] }
                    var dst = [UInt8](repeating: 0xA5, count: dstStride * height + 16)
                    let ran = dst.withUnsafeMutableBufferPointer { d in
                        LumaBackend.$current.withValue(backend) {
                            LumaBackend.convertWithKernel(source: src, sourceStride: srcStride, bytesPerPixel: bytesPerPixel,
                                                          destination: d.baseAddress!, destinationStride: dstStride,
                                                          width: width, rows: height)
                        }
                    }
                    guard ran else { continue }  // no AVX2 on this CPU: only the portable loop runs
                    for y in 0..<height {
                        for x in 0..<dstStride {
                            let p = y * srcStride + x * bytesPerPixel
                            let want = x < width ? Self.expected(src[p], src[p + 1], src[p + 2]) : 0xA5
                            if dst[y * dstStride + x] != want { failures.append("\(backend) w\(width) h\(height) (\(x), \(y))") }
                        }
                    }
                    if dst[(dstStride * height)...].contains(where: { $0 != 0xA5 }) {
                        failures.append("\(backend) w\(width) h\(height): wrote past the last row")
                    }
                }
            }
        }
        #expect(failures.isEmpty, "bpp \(bytesPerPixel): \(failures.prefix(20))")
    }
}
