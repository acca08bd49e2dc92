import Foundation
import Imago
import Testing
import TestSupport

/// The grain path with Imago's own decoders (JPEG, PNG, GIF and BMP files of the fixture tree) against Keras's
/// `_load_image_grain` on the numpy backend, for every colour mode and resize setting.
@Suite(.enabled(if: DatasetFixtures.available, DatasetFixtures.reason))
struct DatasetDecodeTests {
    static let codecsAvailable = FormatRegistry.standard.format(id: .jpeg)?.decoder != nil
        && FormatRegistry.standard.format(id: .png)?.decoder != nil

    @Test(.enabled(if: codecsAvailable, "the JPEG and PNG decoders are not registered in FormatRegistry.standard yet"))
    func grainPixelsFromImagoDecodersMatchKeras() throws {
        let grain = DatasetFixtures.grain
        var compared = 0, identical = 0, worst: Float = 0
        var failures: [String] = []
        for mode in grain.color_modes {
            for config in grain.configs {
                let dataset = try imageDatasetFromDirectory(
                    DatasetFixtures.tree, labelMode: .none, colorMode: ColorMode(rawValue: mode)!,
                    imageSize: (config.height, config.width), shuffle: false,
                    interpolation: ResizeMethod(name: config.interpolation)!,
                    cropToAspectRatio: config.crop, padToAspectRatio: config.pad, followLinks: true, pixelPath: .grain)
                for (i, path) in dataset.filePaths.enumerated() {
                    let lower = path.lowercased()
                    guard [".jpg", ".jpeg", ".png", ".gif", ".bmp"].contains(where: { lower.hasSuffix($0) }) else { continue }
                    let ours = try dataset.image(at: i).elements(as: Float.self)
                    let expected = try DatasetPipelineTests.reference(config.name, mode, path)
                    compared += 1
                    if ours.map(\.bitPattern) == expected.map(\.bitPattern) { identical += 1; continue }
                    let diff = zip(ours, expected).map { abs($0 - $1) }.max() ?? .infinity
                    worst = max(worst, diff)
                    if diff > (config.interpolation == "nearest" ? 0 : 1e-4) {
                        failures.append("\(config.name)/\(mode)/\(DatasetFixtures.relative([path])[0]): max difference \(diff)")
                    }
                }
            }
        }
        #expect(compared > 0)
        #expect(failures.isEmpty, "\(failures.count) of \(compared) differ:\n\(failures.prefix(20).joined(separator: "\n"))")
        print("grain path with Imago decoders: \(identical)/\(compared) bit-identical to Keras, the rest within \(worst)")
    }
}
