import Foundation
import ImageKernel
import TestSupport
import Testing

/// Reads the Pillow references written by `scripts/fixtures/gen_transforms.py`.
enum PillowFixtures {
    static let area = "transforms"
    static var available: Bool { TestPaths.fixturesAvailable(area) }
    static let missingReason: Comment = "Pillow references missing at \(TestPaths.fixture(area)): run `VENV=/work/venv make fixtures`"

    /// The kernel format Imago uses for a Pillow mode.
    static func format(ofMode mode: String) -> PixelFormat? {
        switch mode {
        case "L": .gray8
        case "LA": .grayAlpha8
        case "RGB": .rgb8
        case "RGBA": .rgba8
        case "CMYK": .cmyk8
        case "I;16": .gray16
        case "F": .grayF32
        default: nil
        }
    }

    /// A flat byte blob (`.npy` of uint8).
    static func blob(_ name: String) throws -> [UInt8] {
        try NpyArray(path: TestPaths.fixture("\(area)/\(name)")).data
    }

    /// The JSON list of cases.
    static func cases(_ name: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("\(area)/\(name)")))
        return try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
    }

    /// `blob[offset ..< offset + count]` for a `[offset, count]` reference.
    static func slice(_ blob: [UInt8], _ ref: Any?) -> ArraySlice<UInt8> {
        let r = ref as! [Int]
        return blob[r[0] ..< r[0] + r[1]]
    }

    static func size(_ any: Any?) -> (Int, Int) {
        let s = any as! [Int]
        return (s[0], s[1])
    }
}
