import Foundation
import Imago
import Testing
import TestSupport

// The README's "Adding a codec" example, verbatim: the test below checks that README.md still shows exactly this code.

/// "TOY1", width and height as big-endian UInt16, then width x height gray bytes.
public enum Toy {
    public static let format = ImageFormat(
        id: "toy", name: "Toy", extensions: ["toy"], mimeTypes: ["image/x-toy"],
        signatures: [MagicSignature("TOY1")], decoder: ToyDecoder(), encoder: ToyEncoder())
}

public struct ToyDecoder: ImageDecoder {
    public func probe(_ data: [UInt8], limits: Limits) throws -> ImageMetadata {
        guard data.count >= 8 else { throw ImageError.truncated("a Toy header has 8 bytes") }
        let width = Int(data[4]) << 8 | Int(data[5])
        let height = Int(data[6]) << 8 | Int(data[7])
        try limits.check(width: width, height: height, format: .gray8)  // before allocating anything
        return ImageMetadata(format: "toy", width: width, height: height, pixelFormat: .gray8)
    }

    public func decode(_ data: [UInt8], options: DecodeOptions) throws -> DecodedImage {
        let info = try probe(data, limits: options.limits)
        let count = info.width * info.height
        guard data.count >= 8 + count else { throw ImageError.truncated() }
        let image = try ImageBuffer(width: info.width, height: info.height, format: .gray8, bytes: data[8..<8 + count])
        return DecodedImage(image: image, metadata: info)
    }
}

public struct ToyEncoder: ImageEncoder {
    public var supportedPixelFormats: Set<PixelFormat> { [.gray8] }

    public func encode(_ image: ImageBuffer, options: EncodeOptions) throws -> [UInt8] {
        try requireSupported(image.format, codec: "Toy")
        guard image.width <= 0xFFFF, image.height <= 0xFFFF else {
            throw ImageError.invalidArgument("Toy images are at most 65535 x 65535 pixels")
        }
        let size = [image.width >> 8, image.width, image.height >> 8, image.height].map { UInt8(truncatingIfNeeded: $0) }
        return Array("TOY1".utf8) + size + image.packedBytes()
    }
}

struct ReadmeCodecExampleTests {
    /// The README's application snippet, with the output captured instead of printed.
    @Test func theApplicationSnippetRuns() throws {
        var printed = ""
        func print(_ items: Any...) { printed = items.map { "\($0)" }.joined(separator: " ") }
        // BEGIN README APP
        var registry = FormatRegistry.standard  // every bundled codec
        try registry.register(Toy.format)  // a second "toy" is refused unless you pass replacing: true
        let image = try ImageBuffer(width: 2, height: 1, format: .gray8, bytes: [0, 255])
        try registry.encode(image, to: "/tmp/two.toy")  // format from the extension; written atomically
        let decoded = try registry.decode(path: "/tmp/two.toy")  // format from the TOY1 magic bytes
        print(decoded.metadata.format, decoded.image.width, decoded.image.height)  // toy 2 1
        // END README APP
        #expect(printed == "toy 2 1")
        #expect(decoded.image.packedBytes() == [0, 255])
        let written = FileManager.default.contents(atPath: "/tmp/two.toy").map { [UInt8]($0) }
        #expect(written == Array("TOY1".utf8) + [0, 2, 0, 1, 0, 255])
        try? FileManager.default.removeItem(atPath: "/tmp/two.toy")
        #expect(throws: ImageError.self) { try registry.register(Toy.format) }
    }

    @Test func theCodecIsFoundByContentAndChecksLimits() throws {
        var registry = FormatRegistry.standard
        try registry.register(Toy.format)
        let bytes = Array("TOY1".utf8) + [0, 1, 0, 2, 7, 9]
        #expect(try registry.decode(bytes).image.packedBytes() == [7, 9])
        #expect(registry.format(forMIMEType: "image/x-toy")?.id == "toy")
        let huge = Array("TOY1".utf8) + [0xFF, 0xFF, 0xFF, 0xFF]
        #expect(imageErrorKind { _ = try registry.decode(huge, options: DecodeOptions(limits: Limits(maxPixels: 1000))) } == .limitExceeded)
        #expect(imageErrorKind { _ = try registry.decode(Array("TOY1".utf8) + [0, 2]) } == .truncated)
    }

    /// Every line of the README's two Swift blocks in "Adding a codec" appears, in order, in this file.
    @Test func readmeShowsExactlyThisCode() throws {
        let readme = try String(contentsOfFile: TestPaths.packageRoot + "/README.md", encoding: .utf8)
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Adding a codec").dropFirst().first)
        let blocks = section.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        try #require(blocks.count >= 2, "README's Adding a codec section has its two Swift blocks")
        func lines(_ text: some StringProtocol) -> [String] {
            text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("import ") }
        }
        let sourceLines = lines(source)
        for block in blocks.prefix(2) {
            let wanted = lines(block)
            let found = sourceLines.indices.contains { start in
                start + wanted.count <= sourceLines.count && Array(sourceLines[start..<start + wanted.count]) == wanted
            }
            #expect(found, "README block not mirrored verbatim here:\n\(block)")
        }
    }
}
