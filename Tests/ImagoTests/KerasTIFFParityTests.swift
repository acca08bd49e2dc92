import Foundation
import Imago
import Testing
import TestSupport

/// `loadImage` + `imageToArray` against Keras 3.15.1 (Pillow 13) on the TIFF kinds where Pillow holds other values
/// than the file means (`scripts/fixtures/gen_keras_tiff.py`): 16-bit gray (MinIsWhite not inverted, big-endian
/// clipped), integer samples (mode `I`, unsigned 32-bit wrapped), 16-bit RGB with associated alpha (contiguous and
/// planar, strips and tiles), YCbCr with BT.709 coefficients or studio-range reference black/white (raw: Pillow's own
/// JPEG-style conversion; compressed: libtiff's), and CIELab (through LittleCMS, as Pillow's ImageCms). Every colour
/// mode, with and without a resize.
/// Cases the generator marks with a `deviation` are listed with their reason, not compared.
@Suite struct KerasTIFFParityTests {
    static let area = "keras_tiff"
    static let available = FileManager.default.fileExists(atPath: TestPaths.fixture(area + "/manifest.json"))

    @Test(.enabled(if: available, "Keras TIFF fixtures missing at \(TestPaths.fixture(area)): run `make fixtures`"))
    func everyTIFFKindMatchesKeras() throws {
        let data = try #require(FileManager.default.contents(atPath: TestPaths.fixture(Self.area + "/manifest.json")))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(manifest["load"] as? [[String: Any]])
        var tally = ParityTally(name: "TIFF kinds: load_img + img_to_array")
        var deviations: Set<String> = []
        for c in cases {
            let id = c["id"] as! String
            if let reason = c["deviation"] as? String {
                deviations.insert("\((c["file"] as! String)): \(reason)")
                tally.skip("listed deviation (see NOTE lines)")
                continue
            }
            let target = (c["target_size"] as? [Int]).map { ImageSize(height: $0[0], width: $0[1]) }
            let expectOK = (c["expect"] as! String) == "ok"
            do {
                let image = try loadImage(TestPaths.fixture(Self.area + "/" + (c["file"] as! String)),
                                          colorMode: ColorMode(rawValue: c["color_mode"] as! String)!, targetSize: target,
                                          interpolation: Interpolation(rawValue: c["interpolation"] as! String))
                let array = try imageToArray(image, dataFormat: .channelsLast, dtype: .float32)
                try KerasFixtures.tallyLoaded(image, array, case: c, referencePath: { TestPaths.fixture(Self.area + "/" + $0) },
                                              into: &tally)
            } catch {
                if expectOK { tally.mismatched.append("\(id): Imago failed (\(error)) where Keras loads it") } else { tally.identical += 1 }
            }
        }
        tally.notes = deviations.sorted()
        tally.report()
        #expect(tally.identical > 150, "too few cases compared: \(tally.identical)")
        #expect(tally.mismatched.isEmpty, "\(tally.mismatched.count) TIFF cases differ from Keras")
    }
}
