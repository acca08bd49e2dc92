import Foundation
import ImageKernel
import PNMCodec
import Registry
import Testing

/// Content detection, extensions, MIME types and explicit formats.
struct DetectionTests {
    @Test(arguments: BundledFormats.samples)
    func detectsTheFormatFromItsFirstBytes(_ expected: FormatID, _ bytes: [UInt8]) throws {
        let registry = try BundledFormats.registry()
        #expect(registry.detect(bytes)?.id == expected)
    }

    @Test(arguments: [
        ("png", FormatID.png), ("PNG", .png), ("jpg", .jpeg), ("JPG", .jpeg), ("jpeg", .jpeg), ("Jpeg", .jpeg), ("jpe", .jpeg),
        ("jfif", .jpeg), ("JFIF", .jpeg), ("tif", .tiff), ("TIFF", .tiff), ("webp", .webp), ("WebP", .webp), ("pnm", .pnm),
        ("pbm", .pnm), ("PGM", .pnm), ("ppm", .pnm), ("pam", .pnm), (".png", .png), (".JPEG", .jpeg),
    ])
    func findsTheFormatOfAnExtensionInAnyCase(_ ext: String, _ expected: FormatID) throws {
        let registry = try BundledFormats.registry()
        #expect(registry.format(forExtension: ext)?.id == expected)
        let path = "/some/folder.with.dots/image." + (ext.hasPrefix(".") ? String(ext.dropFirst()) : ext)
        let inferred = try? registry.encodingFormat(path: path)
        // Only PNM can encode in this target: the others are found but refuse as unsupported.
        if expected == .pnm { #expect(inferred?.id == .pnm) }
    }

    @Test(arguments: [
        ("image/png", FormatID.png), ("IMAGE/PNG", .png), ("image/jpeg", .jpeg), ("image/pjpeg", .jpeg), ("image/tiff", .tiff),
        ("image/webp", .webp), ("image/x-portable-anymap", .pnm), ("image/x-portable-bitmap", .pnm),
        ("image/x-portable-graymap", .pnm), ("image/x-portable-pixmap", .pnm), ("image/x-portable-arbitrarymap", .pnm),
    ])
    func findsTheFormatOfAMIMEType(_ mime: String, _ expected: FormatID) throws {
        #expect(try BundledFormats.registry().format(forMIMEType: mime)?.id == expected)
    }

    @Test func explicitFormatWinsOverTheExtension() throws {
        let registry = try BundledFormats.registry()
        #expect(try registry.encodingFormat(path: "picture.png", explicit: .pnm).id == .pnm)
        #expect(try registry.encodingFormat(path: nil, explicit: "PNM").id == .pnm)
        #expect(try registry.encodingFormat(path: "x", explicit: "image/x-portable-graymap").id == .pnm)
        #expect(try registry.encodingFormat(path: "x.bin", explicit: "pgm").id == .pnm)

        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let image = try ImageBuffer(width: 2, height: 1, format: .gray8, bytes: [1, 2])
        try registry.encode(image, to: directory + "/out.png", format: .pnm)
        let written = [UInt8](FileManager.default.contents(atPath: directory + "/out.png") ?? Data())
        #expect(written == Array("P5\n2 1\n255\n".utf8) + [1, 2])
    }

    @Test func unknownExtensionsAndFormatsAreUnknownFormat() throws {
        let registry = try BundledFormats.registry()
        for (path, explicit) in [("noextension", nil), ("a.xyz", nil), ("a.png", FormatID("gif"))] {
            let error = #expect(throws: ImageError.self) { try registry.encodingFormat(path: path, explicit: explicit) }
            #expect(error?.kind == .unknownFormat, "\(path)")
        }
    }

    @Test func formatsThatCannotEncodeSaySo() throws {
        let registry = try BundledFormats.registry()
        let error = #expect(throws: ImageError.self) { try registry.encodingFormat(path: "a.png") }
        #expect(error?.kind == .unsupported)
    }

    @Test func garbageIsUnknownFormatEvenWhenNamedLikeAnImage() throws {
        let registry = try BundledFormats.registry()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, bytes) in [("garbage.png", Array("this is not a picture".utf8)), ("empty.png", []), ("p5.pgm", Array("P5".utf8)),
                              ("short.jpg", [0xFF, 0xD8])] {
            let path = directory + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: ImageError.self) { try registry.decode(path: path) }
            #expect(error?.kind == .unknownFormat, "\(name)")
            #expect(error?.file == path, "the error names the file")
            #expect(error.map { String(describing: $0).hasPrefix(path + ": ") } == true)
        }
    }

    @Test func contentWinsOverTheFileName() throws {
        let registry = try BundledFormats.registry()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pngNamedJPEG = directory + "/photo.jpg"
        try Data(BundledFormats.samples[0].1).write(to: URL(fileURLWithPath: pngNamedJPEG))
        #expect(try registry.decode(path: pngNamedJPEG).metadata.format == .png)
        let pgmNamedPNG = directory + "/photo.png"
        try Data(Array("P5\n1 1\n255\n".utf8) + [42]).write(to: URL(fileURLWithPath: pgmNamedPNG))
        let decoded = try registry.decode(path: pgmNamedPNG)
        #expect(decoded.metadata.format == .pnm && decoded.image.packedBytes() == [42])
    }

    @Test func formatsWithoutADecoderAreNotDetected() throws {
        var registry = FormatRegistry()
        try registry.register(ImageFormat(id: "mute", name: "Mute", extensions: ["mute"], mimeTypes: [],
                                          signatures: [MagicSignature("MUTE")], decoder: nil, encoder: nil))
        #expect(registry.detect(Array("MUTE....".utf8)) == nil)
    }

    @Test func magicSignaturesHaveWildcardsAndOffsets() {
        let webp = MagicSignature("RIFF????WEBP")
        #expect(webp.matches(Array("RIFFabcdWEBPVP8 ".utf8)))
        #expect(!webp.matches(Array("RIFFabcdWEBX".utf8)))
        #expect(!webp.matches(Array("RIFFabcdWEB".utf8)))
        let shifted = MagicSignature(bytes: [0x01, nil, 0x03], offset: 2)
        #expect(shifted.matches([9, 9, 1, 7, 3]))
        #expect(!shifted.matches([1, 7, 3]))
        #expect(shifted.length == 5)
    }
}

func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "imago-registry-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
