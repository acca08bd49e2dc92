import Foundation
import Imago
import Testing
import TestSupport

// The Swift samples of the DocC articles, verbatim: each function below holds one article's code blocks, so this file
// compiles them, and the tests check that every Swift block of the article still appears, line for line, in this file
// (or, for the codec article, in ReadmeCodecExampleTests.swift, which also runs it). The Keras samples read files
// named in the text ("cat.jpg", a "photos" folder) and are compiled, not run: their behaviour is tested against Keras
// by the parity suites.

/// Sources/Imago/Imago.docc/ComingFromKeras.md and the landing page Imago.md.
private func comingFromKerasSamples() async throws {
    // BEGIN DOCC ComingFromKeras
    // img = keras.utils.load_img("cat.jpg", target_size=(224, 224), interpolation="bilinear")
    let img = try loadImage("cat.jpg", targetSize: ImageSize(height: 224, width: 224), interpolation: .bilinear)
    print(img.mode, img.dimensions)  // RGB 224x224
    // x = keras.utils.img_to_array(img)  ->  float32, shape (224, 224, 3)
    let x = try imageToArray(img)
    print(x.dtype, x.shape)  // float32 [224, 224, 3]
    // x = keras.applications.resnet50.preprocess_input(x)
    let input = try preprocessInput(x, for: .resnet50)

    // img = keras.utils.array_to_img(x)  (scaled to 0...255 as Keras scales it)
    let back = try arrayToImage(x)
    print(back.mode)  // RGB
    // keras.utils.save_img("cat.png", x)
    let warnings = try saveImage("cat.png", x)
    for warning in warnings { print(warning) }  // what was lost on the way, e.g. alpha dropped for JPEG

    // y = keras.ops.image.smart_resize(x, (160, 160))  ->  the numpy backend's result
    let y = try smartResize(x, size: ImageSize(height: 160, width: 160))
    print(y.shape)  // [160, 160, 3]
    // z = tf.image.resize(x, (160, 160), method="bicubic")
    let z = try tensorFlowResize(x, size: ImageSize(height: 160, width: 160), method: .bicubic)
    print(z.shape)  // [160, 160, 3]

    // train_ds, val_ds = keras.utils.image_dataset_from_directory(
    //     "photos", image_size=(180, 180), seed=1337, validation_split=0.2, subset="both")
    let split = try imageDatasetsFromDirectory(
        "photos", imageSize: (height: 180, width: 180), seed: 1337, validationSplit: 0.2)
    let (trainDS, valDS) = (split.training, split.validation)
    print(trainDS.classNames ?? [], trainDS.count, valDS.count)
    for try await batch in trainDS {
        // images: float32 [32, 180, 180, 3]; labels: int32 [32], as Keras yields them
        print(batch.images.shape, batch.labels?.shape ?? [])
    }

    // np.save("x.npy", x)  /  x = np.load("x.npy")
    try x.writeNpy(to: "x.npy")
    let loaded = try NDArray(npyPath: "x.npy")
    print(loaded == x)  // true
    // END DOCC ComingFromKeras
    _ = input
}

/// The landing page's sample.
private func landingPageSample() throws -> NDArray {
    let image = try loadImage("bondi_beach.jpg", targetSize: ImageSize(height: 224, width: 224))
    let x = try imageToArray(image)                  // float32, shape [224, 224, 3], as Keras gives it
    let input = try preprocessInput(x, for: .resnet50)
    return input
}

/// Sources/Registry/Registry.docc/Registry.md.
private func registrySample() throws -> DecodedImage {
    var registry = FormatRegistry()
    try registry.register(PNG.format)
    let decoded = try registry.decode(path: "photo.png")
    return decoded
}

/// Sources/Transforms/Transforms.docc/Transforms.md, run on `image`.
private func transformsSample(_ image: ImageBuffer) throws -> ImageBuffer {
    let pipeline = ApplyOrientation(.rightTop)
        .then(Resize(width: 224, height: 224, filter: .bilinear))
        .then(Convert(to: .gray8, rules: .pillow))
    let out = try pipeline.apply(image)
    return out
}

/// Sources/ImageKernel/ImageKernel.docc/LimitsAndSafety.md, run on the file at `upload`; returns what it printed.
private func limitsSamples(upload: String) throws -> [String] {
    var printed: [String] = []
    func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
    // BEGIN DOCC LimitsAndSafety
    // Tighter limits for thumbnails of user uploads:
    let strict = Limits(maxPixels: 40_000_000, maxFrames: 100, maxMetadataBytes: 1 << 20)
    let image = try FormatRegistry.standard.decode(path: upload, options: DecodeOptions(limits: strict))
    let header = try FormatRegistry.standard.probe(path: upload, limits: strict)
    // Keras-style loading takes them through LoadOptions:
    let pixels = try loadImage(upload, options: LoadOptions(limits: strict))

    do {
        _ = try FormatRegistry.standard.decode(path: upload, options: DecodeOptions(limits: Limits(maxPixels: 10)))
    } catch let error as ImageError where error.kind == .limitExceeded {
        print(error.reason)  // image size (4x4) in pixels: 16 exceeds the limit of 10
    }
    // END DOCC LimitsAndSafety
    print(image.image.width, header.width, pixels.width)
    return printed
}

/// The Swift samples in doc comments (EncodeOptions, SIMDLevel, and the PNG, BMP and PNM encode options), run on
/// `image`; returns the options they build and the resized image.
private func docCommentSamples(image: ImageBuffer) throws -> ([EncodeOptions], ImageBuffer) {
    var built: [EncodeOptions] = []
    do {
        var options = EncodeOptions(quality: 90)
        options.set(JPEGEncodeOptions(subsampling: .s444, progressive: true))
        built.append(options)
    }
    let small = try SIMDLevel.$maximum.withValue(.avx2) { try Resize(width: 224, height: 224, filter: .bilinear).apply(image) }
    do {
        var options = EncodeOptions(compressionLevel: 9)
        options.set(PNGEncodeOptions(filter: .paeth, interlaced: true))
        built.append(options)
    }
    do {
        // A gray8 image of indices written as an 8-bit palette BMP (Pillow's mode P):
        let options = EncodeOptions().with(BMPEncodeOptions(mode: .palette([0, 0, 0, 255, 0, 0])))
        built.append(options)
    }
    do {
        let options = EncodeOptions().with(PNMEncodeOptions(ascii: true))
        built.append(options)
    }
    return (built, small)
}

struct DocCExampleTests {
    /// The non-empty, trimmed lines of `text`, without `import` lines.
    static func codeLines(_ text: some StringProtocol) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("import ") }
    }

    /// The ```swift blocks of a DocC article.
    static func swiftBlocks(ofArticle path: String) throws -> [String] {
        let article = try String(contentsOfFile: TestPaths.packageRoot + "/" + path, encoding: .utf8)
        return article.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
    }

    /// Every block's lines appear, consecutively and in order, among `sourceFile`'s lines.
    static func expectMirrored(article: String, in sourceFile: String, minimumBlocks: Int) throws {
        let blocks = try swiftBlocks(ofArticle: article)
        try #require(blocks.count >= minimumBlocks, "\(article) has its \(minimumBlocks) Swift blocks")
        let source = codeLines(try String(contentsOfFile: sourceFile, encoding: .utf8))
        for block in blocks {
            let wanted = codeLines(block)
            let found = source.indices.contains { start in
                start + wanted.count <= source.count && Array(source[start..<start + wanted.count]) == wanted
            }
            #expect(found, "\(article): block not mirrored verbatim in \(sourceFile):\n\(block)")
        }
    }

    @Test func comingFromKerasShowsCompiledCode() throws {
        try Self.expectMirrored(article: "Sources/Imago/Imago.docc/ComingFromKeras.md", in: #filePath, minimumBlocks: 5)
    }

    @Test func landingPageShowsCompiledCode() throws {
        try Self.expectMirrored(article: "Sources/Imago/Imago.docc/Imago.md", in: #filePath, minimumBlocks: 1)
    }

    @Test func registryLandingPageShowsCompiledCode() throws {
        try Self.expectMirrored(article: "Sources/Registry/Registry.docc/Registry.md", in: #filePath, minimumBlocks: 1)
    }

    @Test func transformsLandingPageShowsCompiledCode() throws {
        try Self.expectMirrored(article: "Sources/Transforms/Transforms.docc/Transforms.md", in: #filePath, minimumBlocks: 1)
    }

    /// The Transforms sample runs: a 3x2 RGB image turned upright (orientation 6 turns it to 2x3), resized, made gray.
    @Test func transformsSampleRuns() throws {
        let image = try ImageBuffer(width: 3, height: 2, format: .rgb8, bytes: (0..<18).map { UInt8($0 * 10) })
        let out = try transformsSample(image)
        #expect(out.width == 224 && out.height == 224 && out.format == .gray8)
    }

    @Test func limitsAndSafetyShowsCodeThatRuns() throws {
        try Self.expectMirrored(article: "Sources/ImageKernel/ImageKernel.docc/LimitsAndSafety.md", in: #filePath,
                                minimumBlocks: 2)
        let upload = FileManager.default.temporaryDirectory.appendingPathComponent("docc-limits-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: upload) }
        let gray = try ImageBuffer(width: 4, height: 4, format: .gray8, bytes: [UInt8](repeating: 128, count: 16))
        try FormatRegistry.standard.encode(gray, to: upload)
        let printed = try limitsSamples(upload: upload)
        #expect(printed == ["image size (4x4) in pixels: 16 exceeds the limit of 10", "4 4 4"])
    }

    /// Every ```swift block of a doc comment in Sources/ is mirrored above, and the samples do what they say.
    @Test func docCommentSamplesCompileAndRun() throws {
        let source = Self.codeLines(try String(contentsOfFile: #filePath, encoding: .utf8))
        let sources = TestPaths.packageRoot + "/Sources"
        let files = FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        var blocks = 0
        for file in files {
            let lines = try String(contentsOfFile: sources + "/" + file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            var index = 0
            while index < lines.count {
                guard lines[index] == "/// ```swift" else { index += 1; continue }
                var block: [String] = []
                index += 1
                while index < lines.count, lines[index] != "/// ```", lines[index].hasPrefix("///") {
                    block.append(String(lines[index].dropFirst(3)))
                    index += 1
                }
                blocks += 1
                let wanted = Self.codeLines(block.joined(separator: "\n"))
                let found = source.indices.contains { start in
                    start + wanted.count <= source.count && Array(source[start..<start + wanted.count]) == wanted
                }
                #expect(found, "\(file): doc comment sample not compiled here:\n\(block.joined(separator: "\n"))")
            }
        }
        #expect(blocks >= 5)
        let image = try ImageBuffer(width: 4, height: 3, format: .rgb8, bytes: [UInt8](repeating: 7, count: 36))
        let (built, small) = try docCommentSamples(image: image)
        #expect(built[0].quality == 90 && built[0].codecOptions(JPEGEncodeOptions.self)?.subsampling == .s444)
        #expect(built[1].codecOptions(PNGEncodeOptions.self)?.filter == .paeth)
        #expect(built[2].codecOptions(BMPEncodeOptions.self) != nil)
        #expect(built[3].codecOptions(PNMEncodeOptions.self)?.ascii == true)
        #expect(small.width == 224 && small.height == 224 && small.format == .rgb8)
    }

    /// The codec article shows the README's codec, which ReadmeCodecExampleTests compiles and runs.
    @Test func writingACodecShowsTestedCode() throws {
        let codecTest = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("ReadmeCodecExampleTests.swift").path
        try Self.expectMirrored(article: "Sources/ImageKernel/ImageKernel.docc/WritingACodec.md", in: codecTest,
                                minimumBlocks: 2)
    }
}

/// The sample of `DatasetOptions`'s doc comment (compiled; it names a folder that does not exist here).
private func datasetOptionsDocSample() throws -> DatasetSplit {
    var options = DatasetOptions(imageSize: ImageSize(height: 224, width: 224), seed: 1337)
    options.validationSplit = 0.2
    options.subset = .both
    let split = try imageDatasetFromDirectory("photos", options: options).split!
    return split
}
