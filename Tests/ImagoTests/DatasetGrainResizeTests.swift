import Foundation
import Imago
import Testing
import TestSupport

/// Grain-path resize (numpy backend `keras.ops.image.resize`, float32 input) compared with Keras: nearest bit for bit,
/// the interpolating methods to within 1e-4 (OpenBLAS summation order, see ``GrainResize``),
/// on the Pillow-decoded arrays of the fixture tree.
@Suite(.enabled(if: DatasetFixtures.available, DatasetFixtures.reason))
struct DatasetGrainResizeTests {
    @Test func resizeMatchesKerasGrainPath() throws {
        let grain = DatasetFixtures.grain
        var compared = 0, identical = 0, mismatched: [String] = []
        var worst: Float = 0
        for mode in grain.color_modes {
            for file in grain.files {
                let decoded = try NpyArray(path: TestPaths.fixture("dataset/grain/decoded/\(mode)/\(file).npy"))
                let pixels = decoded.doubles.map(Float.init)
                for config in grain.configs {
                    let resize = try GrainResize(
                        height: config.height, width: config.width, method: ResizeMethod(rawValue: config.interpolation)!,
                        cropToAspectRatio: config.crop, padToAspectRatio: config.pad)
                    let ours = resize.apply(pixels, height: decoded.shape[0], width: decoded.shape[1], channels: decoded.shape[2])
                    let expected = try NpyArray(path: TestPaths.fixture("dataset/grain/\(config.name)/\(mode)/\(file).npy"))
                    #expect(expected.shape == [config.height, config.width, decoded.shape[2]])
                    let reference = expected.doubles.map(Float.init)
                    compared += 1
                    guard ours.count == reference.count else {
                        mismatched.append("\(config.name)/\(mode)/\(file): size differs"); continue
                    }
                    if ours.map(\.bitPattern) == reference.map(\.bitPattern) { identical += 1; continue }
                    let diff = zip(ours, reference).map { abs($0 - $1) }.max() ?? .infinity
                    worst = max(worst, diff)
                    // Exact where no BLAS contraction is involved; a few float32 ulps of BLAS summation order otherwise.
                    let tolerance: Float = config.interpolation == "nearest" ? 0 : 1e-4
                    if diff > tolerance {
                        mismatched.append("\(config.name)/\(mode)/\(file): max difference \(diff)")
                    }
                }
            }
        }
        #expect(mismatched.isEmpty, "\(mismatched.count) of \(compared) arrays differ:\n\(mismatched.prefix(20).joined(separator: "\n"))")
        print("grain resize: \(identical)/\(compared) arrays bit-identical to Keras, the rest within \(worst) (BLAS summation order)")
    }
}
