import Foundation
import ImageKernel
import TestSupport
import Testing
import Transforms

/// Flips, rotations, transpose/transverse, EXIF orientations and crops against Pillow 13.0.0.
@Suite struct GeometryReferenceTests {
    static func transform(_ c: [String: Any]) -> any Transform {
        let op = c["op"] as! String
        switch op {
        case "flipHorizontal": return FlipHorizontal()
        case "flipVertical": return FlipVertical()
        case "transpose": return Transpose()
        case "transverse": return Transverse()
        case "crop":
            let b = c["box"] as! [Int]
            return Crop(x: b[0], y: b[1], width: b[2] - b[0], height: b[3] - b[1])
        default:
            let n = Int(op.drop { $0 != "(" }.dropFirst().dropLast())!
            return op.hasPrefix("rotate") ? Rotate(degrees: n) : ApplyOrientation(Orientation(rawValue: n)!)
        }
    }

    @Test(.enabled(if: PillowFixtures.available, PillowFixtures.missingReason))
    func everyCaseMatchesPillow() throws {
        let cases = try PillowFixtures.cases("geometry.json")
        let blob = try PillowFixtures.blob("geometry.npy")
        #expect(cases.count == 3 * 7 * 19)
        for c in cases {
            let mode = c["mode"] as! String
            let (w, h) = PillowFixtures.size(c["in"])
            let input = try ImageBuffer(width: w, height: h, format: PillowFixtures.format(ofMode: mode)!,
                                        bytes: PillowFixtures.slice(blob, c["input"]))
            let t = Self.transform(c)
            #expect(t.identifier == (c["op"] as! String) || c["op"] as! String == "crop")
            let got = try t.apply(input)
            let expected = PillowFixtures.slice(blob, c["output"])
            #expect(got.packedBytes().elementsEqual(expected), "\(mode) \(t.identifier)")
        }
    }

    @Test func orientationsSwapDimensionsAsDeclared() throws {
        let image = try ImageBuffer(width: 3, height: 2, format: .rgba16)
        for o in Orientation.allCases {
            let out = try ApplyOrientation(o).apply(image)
            #expect((out.width, out.height) == (o.swapsDimensions ? (2, 3) : (3, 2)))
        }
        #expect(throws: ImageError.self) { try Rotate(degrees: 45).apply(image) }
    }
}
