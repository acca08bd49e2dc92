import ImageKernel
import Testing
import Transforms

/// Composition and stable identifiers.
@Suite struct PipelineTests {
    @Test func identifiersAreStable() {
        #expect(Resize(width: 224, height: 224, filter: .bilinear).identifier == "resize(224x224,bilinear)")
        #expect(Convert(to: .rgb8).identifier == "convert(rgb8)")
        #expect(Convert(to: .gray8, rules: .pillow).identifier == "convert(gray8,pillow)")
        #expect(ApplyOrientation(.rightTop).identifier == "orient(6)")
        #expect(Rotate(degrees: -90).identifier == "rotate(270)")
        #expect(Crop(x: 1, y: 2, width: 3, height: 4).identifier == "crop(1,2,3x4)")
        let pipeline = ApplyOrientation(.rightTop).then(Resize(width: 4, height: 3, filter: .bicubic)).then(Convert(to: .gray8, rules: .pillow))
        #expect(pipeline.identifier == "orient(6) | resize(4x3,bicubic) | convert(gray8,pillow)")
        #expect(pipeline.steps.count == 3)
    }

    @Test func pipelineAppliesStepsInOrder() throws {
        var image = try ImageBuffer(width: 6, height: 4, format: .rgba8)
        for y in 0..<4 { for x in 0..<6 { for c in 0..<4 { image[x: x, y: y, channel: c] = Double((x * 40 + y * 9 + c * 3) % 256) } } }
        let steps: [any Transform] = [ApplyOrientation(.leftBottom), Resize(width: 3, height: 2, filter: .lanczos), Convert(to: .rgb8, rules: .pillow)]
        var expected = image
        for s in steps { expected = try s.apply(expected) }
        let got = try TransformPipeline(steps).apply(image)
        #expect(got == expected)
        #expect((got.width, got.height) == (3, 2))
        #expect(got.format == .rgb8)
    }

    @Test func resizeRejectsBadArguments() throws {
        let image = try ImageBuffer(width: 5, height: 5, format: .rgb16)
        for (r, message) in [(Resize(width: 0, height: 2, filter: .box), "height and width must be > 0"),
                             (Resize(width: 2, height: 2, filter: .box, box: ResizeBox(x0: -1, y0: 0, x1: 2, y1: 2)), "box offset can't be negative"),
                             (Resize(width: 2, height: 2, filter: .box, box: ResizeBox(x0: 0, y0: 0, x1: 6, y1: 2)), "box can't exceed original image size"),
                             (Resize(width: 2, height: 2, filter: .box, box: ResizeBox(x0: 3, y0: 0, x1: 2, y1: 2)), "box can't be empty")] {
            #expect(throws: ImageError(.invalidArgument, message)) { try r.apply(image) }
        }
    }
}
