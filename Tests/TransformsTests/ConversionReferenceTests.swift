import Foundation
import ImageKernel
import TestSupport
import Testing
import Transforms

/// `PillowConversion` against Pillow 13.0.0's `Image.convert` (RGB/RGBA -> L over every colour: `LumaReferenceTests`).
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
}
