import Foundation
import Imago
import Testing
import TestSupport

/// `arrayToImage` / `saveImage` against Keras's `array_to_img` / `save_img`, and `smartResize` against
/// `keras.preprocessing.image.smart_resize` (numpy backend).
@Suite struct KerasArrayParityTests {
    @Test(.enabled(if: KerasFixtures.available, KerasFixtures.missingReason))
    func arrayToImageAndSaveMatchKeras() throws {
        var pixels = ParityTally(name: "array_to_img pixels")
        var saves = ParityTally(name: "save_img files (decoded)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("imago-keras-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for c in KerasFixtures.cases("roundtrip") {
            let id = c["id"] as! String
            let input = try NDArray(npyPath: KerasFixtures.path(c["input"] as! String))
            let dataFormat = DataFormat(rawValue: c["data_format"] as! String)!
            let scale = c["scale"] as! Bool
            let image: KerasImage
            do {
                image = try arrayToImage(input, dataFormat: dataFormat, scale: scale)
            } catch {
                if (c["expect"] as! String) == "error" { pixels.identical += 1 } else { pixels.mismatched.append("\(id): Imago failed: \(error)") }
                continue
            }
            guard (c["expect"] as! String) == "ok" else {
                pixels.mismatched.append("\(id): Keras rejects it (\(c["error"] as! String)) but Imago accepted it")
                continue
            }
            let reference = try NpyArray(path: KerasFixtures.path(c["pixels"] as! String))
            let ours = try imageToArray(image, dataFormat: .channelsLast, dtype: .float64)
            let flat = try ours.reshaped(reference.shape)
            if image.mode.rawValue != c["mode"] as! String {
                pixels.mismatched.append("\(id): mode \(image.mode.rawValue), Keras \(c["mode"] as! String)")
            } else if let diff = KerasFixtures.maxAbsDiff(flat, reference), diff == 0 {
                pixels.identical += 1
            } else {
                pixels.mismatched.append("\(id): pixels differ (max abs diff \(KerasFixtures.maxAbsDiff(flat, reference) ?? .nan))")
            }

            for save in c["saves"] as? [[String: Any]] ?? [] {
                let ext = save["extension"] as! String
                let label = "\(id).\(ext)"
                let codec = ["jpg": "jpeg", "tif": "tiff"][ext] ?? ext
                guard KerasFixtures.hasEncoder(codec), KerasFixtures.hasDecoder(codec) else {
                    saves.skip("the \(codec) codec is not merged yet")
                    continue
                }
                let out = directory + "/\(id).\(ext)"
                let warnings: [ImagoWarning]
                do {
                    warnings = try saveImage(out, input, dataFormat: dataFormat, scale: scale)
                } catch let error as ImageError where error.kind == .unsupported && error.reason.contains("not implemented") {
                    saves.skip("not merged yet: \(error.reason)")
                    continue
                } catch {
                    saves.mismatched.append("\(label): Imago failed to save: \(error)")
                    continue
                }
                guard (save["expect"] as! String) == "ok" else {
                    // Deliberate differences, documented in the README (Coming from Keras): `.tif` (Keras: KeyError) and mode I PNG
                    // (Pillow 13: cannot write mode I as PNG) are written by Imago.
                    saves.identical += 1
                    saves.notes.append("\(label): Keras fails (\(save["error"] as! String)); Imago saves it (deliberate difference)")
                    continue
                }
                let kerasWarnings = save["warnings"] as? [String] ?? []
                if warnings.map(\.message) != kerasWarnings {
                    saves.mismatched.append("\(label): warnings \(warnings.map(\.message)), Keras \(kerasWarnings)")
                    continue
                }
                let decoded = try FormatRegistry.standard.decode(path: out)
                let reference = try NpyArray(path: KerasFixtures.path(save["decoded"] as! String))
                let decodedImage = try KerasImage(buffer: decoded.image, mode: decoded.image.channelCount == 1 ? .l : (decoded.image.channelCount == 3 ? .rgb : .rgba))
                let array = try imageToArray(decodedImage, dtype: .float64).reshaped(reference.shape)
                if let diff = KerasFixtures.maxAbsDiff(array, reference), diff == 0 {
                    saves.identical += 1
                } else {
                    saves.mismatched.append("\(label): decoded pixels differ from Keras's file (max abs diff \(KerasFixtures.maxAbsDiff(array, reference) ?? .nan))")
                }
            }
        }
        pixels.report()
        saves.report()
        #expect(pixels.mismatched.isEmpty)
        #expect(saves.mismatched.isEmpty)
    }

    @Test(.enabled(if: KerasFixtures.available, KerasFixtures.missingReason))
    func smartResizeMatchesNumpyBackend() throws {
        var tally = ParityTally(name: "smart_resize (numpy backend; identical = exact, or within the BLAS-order tolerance listed in the notes)")
        var worstFloat = 0.0
        for c in KerasFixtures.cases("smart_resize") {
            let id = c["id"] as! String
            let input = try NDArray(npyPath: KerasFixtures.path(c["input"] as! String))
            let size = c["size"] as! [Int]
            let output = try smartResize(input, size: ImageSize(height: size[0], width: size[1]),
                                         interpolation: ResizeMethod(rawValue: c["interpolation"] as! String)!,
                                         dataFormat: DataFormat(rawValue: c["data_format"] as! String)!)
            let reference = try NpyArray(path: KerasFixtures.path(c["output"] as! String))
            guard output.dtype.rawValue == c["dtype"] as! String, let diff = KerasFixtures.maxAbsDiff(output, reference) else {
                tally.mismatched.append("\(id): dtype/shape \(output.dtype) \(output.shape), Keras \(c["dtype"]!) \(reference.shape)")
                continue
            }
            if diff == 0 {
                tally.identical += 1
            } else if !output.dtype.isInteger && diff <= 1e-4 {
                // NumPy sums through BLAS (tensordot) in an unspecified order: float results may differ in the last bits.
                tally.identical += 1
                worstFloat = max(worstFloat, diff)
            } else if output.dtype.isInteger && diff <= 1 {
                // The same BLAS order, seen through round-half-to-even: a sample next to a tie can move by one.
                let differing = zip(output.doubles(), reference.doubles).filter { $0 != $1 }.count
                tally.identical += 1
                tally.notes.append("\(id): \(differing) of \(output.count) samples off by 1 (BLAS summation order next to a rounding tie)")
            } else {
                tally.mismatched.append("\(id): max abs diff \(diff)")
            }
        }
        tally.notes.append("largest float difference accepted (BLAS summation order): \(worstFloat)")
        tally.report()
        #expect(tally.mismatched.isEmpty)
    }
}
