import Foundation
import Imago
import Testing
import TestSupport

// The README's Swift samples outside "Adding a codec" (which ReadmeCodecExampleTests compiles and runs), verbatim, so
// that they compile; the test checks that every Swift block of the README is mirrored here or there. They name files
// that do not exist here ("bondi_beach.jpg", an upload), so they are compiled, not run: `imago demo` runs the
// tutorial, and the parity suites test its behaviour against Keras.

/// The tutorial (Swift next to Python). Deprecated context: the tutorial prints `img.size`, Keras's `(width, height)`
/// tuple, which is deprecated in favour of `dimensions`.
@available(*, deprecated, message: "compiles the README tutorial, which prints the deprecated KerasImage.size")
private func tutorialSample() throws {
    let img = try loadImage("bondi_beach.jpg")
    print(img.pillowClassName)       // <class 'PIL.JpegImagePlugin.JpegImageFile'>
    print(img.formatName ?? "None")  // JPEG
    print(img.mode)                  // RGB
    print(img.size)                  // (width: 640, height: 427)

    let imgArray = try imageToArray(img)
    print(imgArray.dtype)            // float32
    print(imgArray.shape)            // [427, 640, 3]
    let imgPIL = try arrayToImage(imgArray)
    print(imgPIL.pillowClassName)    // <class 'PIL.Image.Image'>

    let gray = try loadImage("bondi_beach.jpg", colorMode: .grayscale)
    let grayArray = try imageToArray(gray)                      // [427, 640, 1]
    try saveImage("bondi_beach_grayscale.jpg", grayArray)
    let reloaded = try loadImage("bondi_beach_grayscale.jpg")   // RGB: a gray file loaded with the default colour mode
    print(reloaded.pillowClassName, reloaded.formatName ?? "None", reloaded.mode, reloaded.size)
    // <class 'PIL.Image.Image'> None RGB (width: 640, height: 427)
}

/// Datasets: the options struct and the single entry point.
private func datasetOptionsSample() async throws {
    let options = DatasetOptions(imageSize: ImageSize(height: 224, width: 224), seed: 1337, validationSplit: 0.2, subset: .both)
    let split = try imageDatasetFromDirectory("photos", options: options).split!
    for try await batch in split.training.batches(jobs: 2) {
        print(batch.images.shape, batch.labels?.shape ?? [])  // [32, 224, 224, 3] [32]
    }
}

/// Safety: changing the limits per call.
private func limitsSample(upload: String, path: String) throws -> [Int] {
    // Tighter limits for thumbnails of user uploads:
    let strict = Limits(maxPixels: 40_000_000, maxFrames: 100, maxMetadataBytes: 1 << 20)
    let image = try FormatRegistry.standard.decode(path: upload, options: DecodeOptions(limits: strict))
    let header = try FormatRegistry.standard.probe(path: upload, limits: strict)

    // Keras-style loading takes them through LoadOptions:
    let pixels = try loadImage(path, options: LoadOptions(limits: strict))

    // A huge scan you trust:
    let scan = try FormatRegistry.standard.decode(path: "scan.tiff", options: DecodeOptions(limits: .none))
    return [image.image.width, header.width, pixels.width, scan.image.width]
}

struct ReadmeSampleTests {
    /// Every Swift block of README.md appears, line for line, in this file or in ReadmeCodecExampleTests.swift.
    @Test func everyReadmeSwiftBlockIsCompiled() throws {
        let here = URL(fileURLWithPath: #filePath)
        let sources = try [here, here.deletingLastPathComponent().appendingPathComponent("ReadmeCodecExampleTests.swift")]
            .map { DocCExampleTests.codeLines(try String(contentsOf: $0, encoding: .utf8)) }
        let blocks = try DocCExampleTests.swiftBlocks(ofArticle: "README.md")
        try #require(blocks.count >= 4, "the README has its Swift samples")
        for block in blocks {
            let wanted = DocCExampleTests.codeLines(block)
            let found = sources.contains { source in
                source.indices.contains { start in
                    start + wanted.count <= source.count && Array(source[start..<start + wanted.count]) == wanted
                }
            }
            #expect(found, "README block not compiled by a test:\n\(block)")
        }
    }
}
