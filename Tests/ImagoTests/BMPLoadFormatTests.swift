import Foundation
import Imago
import Testing
import TestSupport

/// `loadImage(...).formatName` and `.mode` for BMP and DIB files against Keras's `load_img(...).format` and `.mode`
/// (scripts/fixtures/gen_bmp.py `keras_format.json`): `None` whenever load_img converted the Pillow image.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: TestPaths.fixture("bmp/keras_format.json")),
                "BMP fixtures missing at \(TestPaths.fixture("bmp")): run `make fixtures`"))
struct BMPLoadFormatTests {
    @Test func formatNameAndModeMatchKeras() throws {
        let data = try #require(FileManager.default.contents(atPath: TestPaths.fixture("bmp/keras_format.json")))
        let cases = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: [String: Any]]])
        #expect(cases.count >= 8)
        for (file, modes) in cases.sorted(by: { $0.key < $1.key }) {
            for (colorMode, expected) in modes {
                let image = try loadImage(TestPaths.fixture("bmp/" + file), colorMode: ColorMode(rawValue: colorMode)!)
                let format = expected["format"] as? String
                #expect(image.formatName == format, "\(file) \(colorMode): \(image.formatName ?? "None"), Keras \(format ?? "None")")
                #expect(image.mode.rawValue == expected["mode"] as? String, "\(file) \(colorMode)")
            }
        }
    }
}
