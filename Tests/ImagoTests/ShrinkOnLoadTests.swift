import Foundation
@testable import Imago
import Testing
import TestSupport

/// The opt-in shrink-on-load fast path: the reduction chosen, and the result against the exact (Keras) path.
@Suite struct ShrinkOnLoadTests {
    @Test func picksTheLargestReductionThatKeepsTheTarget() {
        // libjpeg's scaled size is ceil(length * n / 8).
        #expect(LoadOptions.shrinkScale(width: 4000, height: 3000, target: (224, 224)) == DecodeScale(1, 8))
        #expect(LoadOptions.shrinkScale(width: 640, height: 427, target: (224, 224)) == DecodeScale(5, 8))
        #expect(LoadOptions.shrinkScale(width: 1920, height: 1080, target: (224, 224)) == DecodeScale(2, 8))
        #expect(LoadOptions.shrinkScale(width: 200, height: 200, target: (224, 224)) == .full)
    }

    @Test(.enabled(if: KerasFixtures.available && KerasFixtures.hasDecoder("jpeg"), "needs the Keras fixtures and the JPEG codec"))
    func fastPathGivesTheTargetSizeCloseToTheExactPath() throws {
        let path = KerasFixtures.path("files/photo.jpg")  // 160x107
        let exact = try imageToArray(loadImage(path, targetSize: ImageSize(height: 24, width: 32), interpolation: .bilinear))
        let fast = try imageToArray(loadImage(path, targetSize: ImageSize(height: 24, width: 32), interpolation: .bilinear, options: .fastShrink))
        #expect(fast.shape == [24, 32, 3])
        // Not Keras-exact by design; the two differ only by the decoder's DCT-domain reduction.
        let a = exact.doubles(), b = fast.doubles()
        let meanDifference = zip(a, b).map { abs($0 - $1) }.reduce(0, +) / Double(a.count)
        #expect(meanDifference < 6, "mean abs difference \(meanDifference)")
    }

    @Test func aspectRatioBoxUsesKerasIntegerFormula() {
        // 640x427 -> 224x224: crop_w = min(640, 427*224 // 224) = 427, x0 = (640 - 427) // 2 = 106.
        let box = aspectRatioBox(width: 640, height: 427, target: (224, 224))
        #expect(box == ResizeBox(x0: 106, y0: 0, x1: 533, y1: 427))
        // No clamp to >= 1: an extreme ratio gives an empty box, as in Keras.
        let flat = aspectRatioBox(width: 160, height: 107, target: (2, 400))
        #expect(flat.y1 - flat.y0 == 0)
    }
}
