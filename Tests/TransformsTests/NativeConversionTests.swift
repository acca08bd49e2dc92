import ImageKernel
import Testing
import Transforms

/// ``ColorConversion`` against the formulas it documents, computed independently here.
@Suite struct NativeConversionTests {
    @Test func eightToSixteenAndBackIsExact() throws {
        let bytes = (0...255).map { UInt8($0) }
        let image = try ImageBuffer(width: 256, height: 1, format: .gray8, bytes: bytes)
        let wide = try ColorConversion.convert(image, to: .gray16)
        for v in 0..<256 { #expect(wide[x: v, y: 0, channel: 0] == Double(v * 257)) }
        #expect(try ColorConversion.convert(wide, to: .gray8) == image)
    }

    @Test func sixteenToEightRoundsToNearest() throws {
        var image = try ImageBuffer(width: 65536, height: 1, format: .gray16)
        image.withUnsafeMutableBytes { raw in
            let p = raw.bindMemory(to: UInt16.self)
            for v in 0..<65536 { p[v] = UInt16(v) }
        }
        let narrow = try ColorConversion.convert(image, to: .gray8)
        let bad = narrow.withUnsafeBytes { raw in (0..<65536).filter { Double(raw[$0]) != (Double($0) * 255 / 65535).rounded() }.count }
        #expect(bad == 0)
    }

    @Test func everyByteWidensToTheCorrectlyRoundedQuotient() throws {
        let bytes = (0...255).map { UInt8($0) }
        let gray = try ColorConversion.convert(ImageBuffer(width: 256, height: 1, format: .gray8, bytes: bytes), to: .grayF32)
        let rgb = try ColorConversion.convert(ImageBuffer(width: 256, height: 1, format: .gray8, bytes: bytes), to: .rgbF32)
        for v in 0..<256 {
            let expected = Double(Float(Double(v) / 255))
            #expect(gray[x: v, y: 0, channel: 0] == expected)
            #expect(rgb[x: v, y: 0, channel: 1] == expected)
        }
    }

    @Test func floatIsNormalisedAndClamped() throws {
        let image = try ImageBuffer(width: 3, height: 1, format: .gray8, bytes: [0, 128, 255])
        let f = try ColorConversion.convert(image, to: .grayF32)
        #expect(f.pixel(x: 1, y: 0) == [Double(Float(128.0 / 255.0))])
        var g = try ImageBuffer(width: 3, height: 1, format: .grayF32)
        g[x: 0, y: 0, channel: 0] = -0.5
        g[x: 1, y: 0, channel: 0] = 0.5
        g[x: 2, y: 0, channel: 0] = 7
        #expect(try ColorConversion.convert(g, to: .gray8).packedBytes() == [0, 128, 255])
    }

    @Test func alphaIsCompositedOntoTheBackground() throws {
        let image = try ImageBuffer(width: 2, height: 1, format: .rgba8, bytes: [255, 0, 0, 51, 10, 20, 30, 255])
        let onWhite = try ColorConversion.convert(image, to: .rgb8)
        // 0.2 red over white: R = 1, G = B = 0.8
        #expect(onWhite.packedBytes() == [255, 204, 204, 10, 20, 30])
        let onBlack = try ColorConversion.convert(image, to: .rgb8, options: .init(background: SIMD3(0, 0, 0)))
        #expect(onBlack.packedBytes() == [51, 0, 0, 10, 20, 30])
    }

    @Test func luminanceAndReplication() throws {
        let image = try ImageBuffer(width: 1, height: 1, format: .rgb8, bytes: [200, 100, 50])
        let y601 = (0.299 * 200 + 0.587 * 100 + 0.114 * 50).rounded()
        #expect(try ColorConversion.convert(image, to: .gray8).packedBytes() == [UInt8(y601)])
        let y709 = (0.2126 * 200 + 0.7152 * 100 + 0.0722 * 50).rounded()
        #expect(try ColorConversion.convert(image, to: .gray8, options: .init(luminance: .rec709)).packedBytes() == [UInt8(y709)])
        let gray = try ImageBuffer(width: 1, height: 1, format: .gray8, bytes: [77])
        #expect(try ColorConversion.convert(gray, to: .rgba16).pixel(x: 0, y: 0) == [77 * 257, 77 * 257, 77 * 257, 65535])
    }

    @Test func cmykRoundTrip() throws {
        // plain CMYK: 0 = no ink. 50% cyan, 20% black: R = 0.5 * 0.8, G = B = 0.8
        let cmyk = try ImageBuffer(width: 1, height: 1, format: .cmykF32)
        var c = cmyk
        c[x: 0, y: 0, channel: 0] = 0.5
        c[x: 0, y: 0, channel: 3] = 0.2
        let rgb = try ColorConversion.convert(c, to: .rgbF32)
        #expect(rgb.pixel(x: 0, y: 0).map { Float($0) } == [0.4, 0.8, 0.8])
        let back = try ColorConversion.convert(rgb, to: .cmykF32)
        for (a, b) in zip(back.pixel(x: 0, y: 0), [0.5, 0, 0, 0.2]) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func widenToFloat32MatchesScalarConversion() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        var out = [Float](repeating: -1, count: bytes.count)
        bytes.withUnsafeBytes { raw in out.withUnsafeMutableBufferPointer { PixelConversion.widenToFloat32(raw, into: $0.baseAddress!) } }
        #expect(out == bytes.map { Float($0) })
        bytes.withUnsafeBytes { raw in out.withUnsafeMutableBufferPointer { PixelConversion.widenToFloat32(raw, into: $0.baseAddress!, scale: 1 / 255) } }
        #expect(out == bytes.map { Float($0) * (1 / 255 as Float) })
    }

    @Test func pillowRulesForWideFormats() throws {
        // I;16 clips (300 -> 255); other 16-bit formats keep the high byte; F clips then truncates.
        let g16 = try ImageBuffer(width: 2, height: 1, format: .gray16, bytes: [44, 1, 200, 0])  // 300, 200
        #expect(try PillowConversion.convert(g16, to: .gray).packedBytes() == [255, 200])
        let rgb16 = try ImageBuffer(width: 1, height: 1, format: .rgb16, bytes: [0xFF, 0x12, 0x00, 0x34, 0x80, 0x56])
        #expect(try PillowConversion.convert(rgb16, to: .rgb).packedBytes() == [0x12, 0x34, 0x56])
        #expect(throws: ImageError.self) { try Convert(to: .rgb16, rules: .pillow).apply(rgb16) }
    }
}
