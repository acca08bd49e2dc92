import Foundation
import ImageKernel
import Testing
import TestSupport
import TIFFCodec

extension TIFFTestSuite {
    /// Pages, loops, metadata, limits and truncation, against Pillow's page counts and `tiffinfo`'s tag dump.
    @Suite(.enabled(if: TestPaths.corpusAvailable, "shared corpus missing at \(TestPaths.corpus)"))
    struct TIFFDecoderTests {
        let decoder = TIFFDecoder()
        func file(_ path: String) -> [UInt8] { TestPaths.bytes(TestPaths.corpusFile("tiff/" + path)) }

        @Test func descriptor() {
            #expect(TIFF.format.id == .tiff)
            #expect(TIFF.format.extensions == ["tif", "tiff"])
            #expect(TIFF.format.mimeTypes == ["image/tiff"])
            for magic: [UInt8] in [[0x49, 0x49, 0x2A, 0], [0x4D, 0x4D, 0, 0x2A], [0x49, 0x49, 0x2B, 0], [0x4D, 0x4D, 0, 0x2B]] {
                #expect(TIFF.format.matches(magic + [0, 0, 0, 8]))
            }
            #expect(!TIFF.format.matches([0x49, 0x49, 0x2C, 0, 0, 0, 0, 8]))
        }

        /// Page counts equal Pillow's `n_frames` (from the fixtures), IFD loops included.
        @Test func pageCountsEqualPillow() throws {
            try #require(TestPaths.fixturesAvailable("tiff"), "Pillow references missing: run `make fixtures`")
            var checked = 0
            for name in ["pillow/multipage.tiff", "pillow/multipage-lastframe.tif", "image-tiff/seq/seq-1c-8b-multipage-adeefdcc.tiff",
                         "libtiff/test_ifd_loop_to_self.tif", "libtiff/test_ifd_loop_to_first.tif", "libtiff/test_ifd_loop_subifd.tif",
                         "libtiff/test_two_ifds.tif", "pillow/g4-multi.tiff"] {
                let json = try #require(FileManager.default.contents(atPath: TestPaths.fixture("tiff/tiff/\(name).json")))
                let pillow = try #require((try JSONSerialization.jsonObject(with: json) as? [String: Any])?["n_frames"] as? Int)
                let info = try decoder.probe(file(name), limits: .default)
                #expect(info.frameCount == pillow, "\(name)")
                let pages = try decoder.decodeFrames(file(name), options: .default)
                #expect(pages.count == info.frameCount, "\(name)")
                let last = try decoder.decode(file(name), options: DecodeOptions(frameIndex: info.frameCount - 1))
                #expect(last.image == pages[pages.count - 1].image, "\(name)")
                checked += 1
            }
            #expect(checked == 8)
        }

        @Test func pagesOfAMultiPageFileDiffer() throws {
            let pages = try decoder.decodeFrames(file("pillow/g4-multi.tiff"), options: .default)
            #expect(pages.count == 3)
            #expect(pages[0].image != pages[1].image)
            #expect(throws: ImageError.self) { try decoder.decode(file("pillow/g4-multi.tiff"), options: DecodeOptions(frameIndex: 3)) }
        }

        // tiffinfo: ICC Profile 3144 bytes, Resolution 96, 96 pixels/inch.
        @Test func readsICCAndResolution() throws {
            let info = try decoder.probe(file("pillow/hopper.iccprofile.tif"), limits: .default)
            #expect(info.iccProfile?.count == 3144)
            #expect(info.resolution == Resolution(x: 96, y: 96, unit: .inch))
        }

        // tiffinfo: DocumentName flower-rgb-planar-16.tif, Software GraphicsMagick 1.2 unreleased Q32 ...
        @Test func readsTextTags() throws {
            let info = try decoder.probe(file("libtiffpic/depth/flower-rgb-planar-16.tif"), limits: .default)
            #expect(info.text.contains(TextEntry(key: "DocumentName", value: "flower-rgb-planar-16.tif")))
            #expect(info.text.contains { $0.key == "Software" && $0.value.hasPrefix("GraphicsMagick 1.2") })
            #expect(info.pixelFormat == .rgb16)
        }

        // Manifest: 16bit.MM.cropped.tif is Pillow I;16B, 16bit.cropped.tif I;16, int16.tif I, 10ct_32bit_128.tiff F.
        @Test func reportsByteOrderAndSampleFormat() throws {
            let mm = try decoder.probe(file("pillow/16bit.MM.cropped.tif"), limits: .default)
            #expect(mm.properties["tiff.byteOrder"] == "MM" && mm.pixelFormat == .gray16)
            #expect(try decoder.probe(file("pillow/16bit.cropped.tif"), limits: .default).properties["tiff.byteOrder"] == "II")
            let int = try decoder.probe(file("image-tiff/int16.tif"), limits: .default)
            #expect(int.properties["tiff.sampleFormat"] == "int" && int.pixelFormat == .grayF32)
            let float = try decoder.probe(file("pillow/10ct_32bit_128.tiff"), limits: .default)
            #expect(float.properties["tiff.sampleFormat"] == "float" && float.pixelFormat == .grayF32)
        }

        @Test(arguments: 1...8)
        func orientationTag(_ n: Int) throws {
            let info = try decoder.probe(file("pillow/g4_orientation_\(n).tif"), limits: .default)
            #expect(info.orientation.rawValue == n)
        }

        @Test func limitsAreCheckedBeforeAllocating() throws {
            let data = file("pillow/hopper.tif")  // 128 x 128 RGB
            for limits in [Limits(maxPixels: 128 * 127), Limits(maxBytes: 128 * 128 * 3 - 1)] {
                do {
                    _ = try decoder.decode(data, options: DecodeOptions(limits: limits))
                    Issue.record("no error for \(limits)")
                } catch let error as ImageError {
                    #expect(error.kind == .limitExceeded)
                }
            }
            do {
                _ = try decoder.probe(file("pillow/multipage.tiff"), limits: Limits(maxFrames: 2))
                Issue.record("no error")
            } catch let error as ImageError {
                #expect(error.kind == .limitExceeded)
            }
            do {
                _ = try decoder.decodeFrames(file("pillow/multipage.tiff"), options: DecodeOptions(limits: Limits(maxTotalBytes: 10 * 10 * 3 * 2)))
                Issue.record("no error")
            } catch let error as ImageError {
                #expect(error.kind == .limitExceeded)
            }
            // A header claiming 16 x 303,169,682 pixels is refused from the header.
            let bomb = TestPaths.bytes(TestPaths.corpusFile("broken/tiff/pillow/oom-225817ca0f8c663be7ab4b9e717b02c661e66834.tif"))
            #expect(throws: ImageError.self) { try decoder.decode(bomb, options: .default) }
        }

        @Test func truncationIsTypedAndAllowTruncatedKeepsTheRest() throws {
            let data = file("pillow/hopper.tif")  // uncompressed, one strip, IFD first
            // The directory sits at 49160: a cut before it loses pixels or the directory.
            for cut in stride(from: 1, to: 49160, by: 49160 / 29) {
                do {
                    _ = try decoder.decode(Array(data[..<cut]), options: .default)
                    Issue.record("cut at \(cut) decoded")
                } catch let error as ImageError {
                    #expect([.truncated, .corrupt, .unknownFormat].contains(error.kind), "\(cut): \(error)")
                }
            }
            let lzw = file("pillow/hopper_lzw.tif")  // tiffdump: directory at 38088, 21 entries, values after it
            for cut in [300, 20000, lzw.count / 2] {
                #expect(throws: ImageError.self) { try decoder.decode(Array(lzw[..<(lzw.count - cut)]), options: .default) }
            }
            // Cutting only the out-of-line value of ImageDescription: the tag is skipped (as Pillow skips a tag whose
            // value lies past the end) and reported; the pixels are intact.
            let damaged = try decoder.decode(Array(lzw[..<(lzw.count - 10)]), options: .default)
            #expect(damaged.image == (try decoder.decode(lzw, options: .default)).image)
            #expect(damaged.metadata.properties["tiff.skippedTags"]?.contains("ImageDescription") == true)

        }

        /// A strip whose bytes lie past the end of the file: a truncation error, or with allowTruncated the other
        /// strips and zeros in its rows (libtiff's `tiffinfo` confirms the layout the patch relies on).
        @Test func stripPastTheEndOfTheFile() throws {
            var image = try ImageBuffer(width: 1024, height: 64, format: .gray8)
            image.withUnsafeMutableBytes { raw in for i in raw.indices { raw[i] = UInt8(truncatingIfNeeded: i / 1024 + 1) } }
            var bytes = try TIFFEncoder().encode(image, options: .default)
            let path = temporaryPath(".tif")
            defer { unlink(path) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            if let info = runToolCapturing("/usr/bin/tiffinfo", [path])?.output { #expect(info.contains("Rows/Strip: 8")) }
            // Little-endian classic TIFF: find StripOffsets (273, LONG x 8) and move the last strip past the end.
            func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
            let ifd = u32(4)
            let entries = Int(bytes[ifd]) | Int(bytes[ifd + 1]) << 8
            let entry = try #require((0..<entries).map { ifd + 2 + 12 * $0 }.first { Int(bytes[$0]) | Int(bytes[$0 + 1]) << 8 == 273 })
            #expect(u32(entry + 4) == 8)
            let last = u32(entry + 8) + 7 * 4
            for k in 0..<4 { bytes[last + k] = UInt8(truncatingIfNeeded: 10_000_000 >> (8 * k)) }
            do {
                _ = try decoder.decode(bytes, options: .default)
                Issue.record("decoded")
            } catch let error as ImageError {
                #expect(error.kind == .truncated, "\(error)")
            }
            var buffer = try ImageBuffer(width: 1024, height: 64, format: .gray8)
            buffer.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 99) }  // stale pixels
            let metadata = try decoder.decode(bytes, options: DecodeOptions(allowTruncated: true), into: &buffer)
            #expect(metadata.outcome.isPartial)
            #expect(metadata.properties["tiff.partial"] == "true")  // the old key, for one release
            for y in [0, 55] { #expect(buffer[x: 3, y: y, channel: 0] == Double(y + 1)) }
            for y in [56, 63] { #expect(buffer[x: 3, y: y, channel: 0] == 0) }
        }

        @Test func decodesIntoAReusedBuffer() throws {
            var buffer = try ImageBuffer(width: 300, height: 300, format: .rgba8)
            let capacity = buffer.capacity
            _ = try decoder.decode(file("pillow/hopper.tif"), options: .default, into: &buffer)
            #expect(buffer.capacity == capacity)
            #expect(buffer == (try decoder.decode(file("pillow/hopper.tif"), options: .default)).image)
        }

        /// The corpus test's "nothing printed" check would see a library writing to standard error.
        @Test func standardErrorCaptureSeesWrites() {
            let (_, printed) = capturingStandardError {
                FileHandle.standardError.write(Data("TIFFReadDirectory: Warning, something\n".utf8))
            }
            #expect(nonHarnessLines(printed) == ["TIFFReadDirectory: Warning, something"])
        }

        @Test func garbageIsRejected() {
            for data: [UInt8] in [[], [0x49, 0x49, 0x2A, 0], [0x49, 0x49, 0x2A, 0, 8, 0, 0, 0] + [UInt8](repeating: 0xFF, count: 64),
                                  [0x4D, 0x4D, 0, 0x2A, 0xFF, 0xFF, 0xFF, 0xFF]] {
                #expect(throws: ImageError.self) { try decoder.decode(data, options: .default) }
            }
        }
    }
}
