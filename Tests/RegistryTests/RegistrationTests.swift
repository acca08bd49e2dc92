import Foundation
import ImageKernel
import PNMCodec
import Registry
import Testing

/// Registration rules, atomic writes, and sharing across threads.
struct RegistrationTests {
    @Test func aSecondCodecWithTheSameIdIsRefused() throws {
        var registry = try BundledFormats.registry()
        let error = #expect(throws: ImageError.self) { try registry.register(PNM.format) }
        #expect(error?.kind == .invalidArgument)
        #expect(throws: ImageError.self) { try FormatRegistry([PNM.format, PNM.format]) }
    }

    @Test func explicitReplacementTakesThePlaceOfTheFirst() throws {
        var registry = try BundledFormats.registry()
        let count = registry.formats.count
        var replacement = PNM.format
        replacement.decoder = DispatchProbe(id: "pnm-replaced")
        try registry.register(replacement, replacing: true)
        #expect(registry.formats.count == count)
        #expect(try registry.decode(Array("P5\n1 1\n255\n".utf8) + [0]).metadata.format == "pnm-replaced")
    }

    @Test func aFailedEncodeLeavesTheExistingFileAndNoTemporaryFile() throws {
        var registry = FormatRegistry()
        try registry.register(ImageFormat(id: "fail", name: "Failing", extensions: ["fail"], mimeTypes: [], signatures: [],
                                          decoder: nil, encoder: FailingEncoder()))
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/existing.fail"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: path))
        let image = try ImageBuffer(width: 1, height: 1, format: .gray8)
        let error = #expect(throws: ImageError.self) { try registry.encode(image, to: path) }
        #expect(error?.kind == .encodeFailed && error?.file == path)
        #expect(FileManager.default.contents(atPath: path) == Data("precious".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["existing.fail"])
    }

    @Test func aFailedWriteInsideTheProducerLeavesNothingBehind() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.bin"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ImageError.self) {
            try FileIO.writeAtomically(to: path) { fd throws(ImageError) in
                _ = "partial".withCString { write(fd, $0, 7) }
                throw .io("disk on fire", file: path)
            }
        }
        #expect(FileManager.default.contents(atPath: path) == Data("old".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.bin"])
        try FileIO.writeAtomically(Array("new".utf8), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("new".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.bin"])
    }

    @Test func writingIntoAMissingFolderIsAnIOError() throws {
        let image = try ImageBuffer(width: 1, height: 1, format: .gray8)
        let error = #expect(throws: ImageError.self) {
            try FormatRegistry([PNM.format]).encode(image, to: "/nonexistent-folder-imago/x.pgm")
        }
        #expect(error?.kind == .io)
    }

    @Test func fileExtensionsAndFolders() {
        #expect(FileIO.fileExtension(of: "/a/b.c/photo.JPG") == "jpg")
        #expect(FileIO.fileExtension(of: "/a/b.c/.hidden") == "")
        #expect(FileIO.fileExtension(of: "noext") == "")
        #expect(FileIO.parentDirectory(of: "/a/b/c.png") == "/a/b")
        #expect(FileIO.parentDirectory(of: "c.png") == ".")
        #expect(FileIO.parentDirectory(of: "/c.png") == "/")
    }

    @Test func oneRegistryIsSharedAcrossThreads() async throws {
        let registry = try BundledFormats.registry()
        let bytes = Array("P5\n3 1\n255\n".utf8) + [1, 2, 3]
        let results = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<16 { group.addTask { try registry.decode(bytes).image.packedBytes() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 16 && results.allSatisfy { $0 == [1, 2, 3] })
    }
}
