import Foundation
import ImageKernel
import TestSupport
import Testing
import Transforms

/// `PillowConversion` against Pillow 13.0.0's `Image.convert`, and RGB -> L over every colour against the formula.
@Suite struct ConversionReferenceTests {
    @Test(.enabled(if: PillowFixtures.available, PillowFixtures.missingReason))
    func everyConversionMatchesPillow() throws {
        let cases = try PillowFixtures.cases("convert.json")
        let blob = try PillowFixtures.blob("convert.npy")
        #expect(cases.count >= 26)
        for c in cases {
            let from = c["from"] as! String, to = c["to"] as! String
            let (w, h) = PillowFixtures.size(c["in"])
            let input = try ImageBuffer(width: w, height: h, format: PillowFixtures.format(ofMode: from)!,
                                        bytes: PillowFixtures.slice(blob, c["input"]))
            let layout = PillowFixtures.format(ofMode: to)!.layout
            let got = try (c["transparency"] as? [Int]).map { try PillowConversion.convert(input, to: layout, transparentKey: $0) }
                ?? PillowConversion.convert(input, to: layout)
            #expect(got.format == PixelFormat(layout, .uint8), "\(from)->\(to)")
            let expected = PillowFixtures.slice(blob, c["output"])
            let bytes = got.packedBytes()
            let diff = zip(bytes, expected).filter { $0 != $1 }.count
            #expect(bytes.count == expected.count && diff == 0, "\(from)->\(to): \(diff) of \(expected.count) bytes differ")
        }
    }

    /// All 2^24 colours, checked against Pillow's documented formula computed independently here in UInt64.
    @Test func rgbToLuminanceOverEveryColour() throws {
        let side = 4096
        var image = try ImageBuffer(width: side, height: side, format: .rgb8)
        image.withUnsafeMutableBytes { raw in
            let p = raw.bindMemory(to: UInt8.self)
            for i in 0..<(side * side) {
                p[3 * i] = UInt8(truncatingIfNeeded: i >> 16)
                p[3 * i + 1] = UInt8(truncatingIfNeeded: i >> 8)
                p[3 * i + 2] = UInt8(truncatingIfNeeded: i)
            }
        }
        let gray = try PillowConversion.convert(image, to: .gray)
        let mismatches = gray.withUnsafeBytes { raw -> Int in
            var bad = 0
            for i in 0..<(side * side) {
                let r = UInt64(i >> 16), g = UInt64((i >> 8) & 255), b = UInt64(i & 255)
                let expected = (19595 * r + 38470 * g + 7471 * b + 0x8000) >> 16
                if UInt64(raw[i]) != expected { bad += 1 }
            }
            return bad
        }
        print("RGB->L over 16,777,216 colours: \(mismatches) mismatches")
        #expect(mismatches == 0)
    }
}
