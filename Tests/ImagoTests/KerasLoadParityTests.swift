import Foundation
import Imago
import Testing
import TestSupport

/// `loadImage` + `imageToArray` against Keras 3.15.1's `load_img` + `img_to_array` on the project's own corpus.
@Suite struct KerasLoadParityTests {
    @Test(.enabled(if: KerasFixtures.available, KerasFixtures.missingReason))
    func loadGridMatchesKeras() throws {
        var tally = ParityTally(name: "load_img + img_to_array")
        for c in KerasFixtures.cases("load") {
            let id = c["id"] as! String
            let codec = c["codec"] as! String
            guard KerasFixtures.hasDecoder(codec) else {
                tally.skip("the \(codec) codec is not merged yet (no decoder in FormatRegistry.standard)")
                continue
            }
            let target = (c["target_size"] as? [Int]).map { ImageSize(height: $0[0], width: $0[1]) }
            let expectOK = (c["expect"] as! String) == "ok"
            let colorMode = ColorMode(rawValue: c["color_mode"] as! String)!
            let dataFormat = DataFormat(rawValue: c["data_format"] as! String)!
            do {
                let image = try loadImage(KerasFixtures.path(c["file"] as! String), colorMode: colorMode, targetSize: target,
                                          interpolation: Interpolation(rawValue: c["interpolation"] as! String),
                                          keepAspectRatio: c["keep_aspect_ratio"] as! Bool)
                let array = try imageToArray(image, dataFormat: dataFormat, dtype: .float32)
                try KerasFixtures.tallyLoaded(image, array, case: c, referencePath: KerasFixtures.path, into: &tally)
            } catch let error as ImageError where error.kind == .unsupported && error.reason.contains("not implemented") {
                tally.skip("not merged yet: \(error.reason)")
            } catch {
                if expectOK {
                    tally.mismatched.append("\(id): Imago failed (\(error)) where Keras loads it")
                } else {
                    tally.identical += 1
                }
            }
        }
        tally.report()
        #expect(tally.mismatched.isEmpty, "\(tally.mismatched.count) load cases differ from Keras")
    }
}
