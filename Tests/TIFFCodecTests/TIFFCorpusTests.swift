import Foundation
import ImageKernel
import Testing
import TestSupport
import TIFFCodec

extension TIFFTestSuite {
    /// The shared corpus's TIFF files (`tiff/`, `broken/tiff/`) against the manifest and Pillow 13's native decode.
    ///
    /// How Pillow's modes map onto our native output (see `TIFFPagePlan`), as compared here:
    /// - `L`, `RGB`, `RGBA`, `CMYK` from 8-bit files: byte-equal to our `gray8`/`rgb8`/`rgba8`/`cmyk8`.
    /// - `RGB`, `RGBA`, `CMYK` from 16-bit files: Pillow keeps only the high byte, so our `rgb16`/`rgba16`/`cmyk16`
    ///   samples are compared as `v >> 8`. With associated alpha Pillow un-premultiplies the high bytes while we
    ///   un-premultiply at 16 bits, so those may differ by 1.
    /// - `1`: Pillow's 0/1 (stored by the fixture as `convert("L")`, 0/255) equals our `gray8`.
    /// - `P`: stored as Pillow's `convert("RGB")`, equal to our `rgb8` (colormap >> 8).
    /// - `La` (associated gray+alpha, which Pillow leaves premultiplied): Pillow's bytes un-premultiplied with its
    ///   `RGBa` rule (`c*255/a`, truncated) equal our `grayAlpha8`.
    /// - 16-bit associated RGBA: Pillow un-premultiplies the high bytes, we the full 16-bit values; compared where opaque.
    /// - Orientation: Pillow's TIFF plugin applies the Orientation tag at load (`ImageOps.exif_transpose` in
    ///   `TiffImageFile.load_end`); we return the stored pixels with `metadata.orientation`, so the test orients ours first.
    /// - `I;16` / `I;16B`: full 16-bit values, equal to our `gray16` (12-bit files keep their raw 0...4095 values in both).
    /// - `I` (signed 16/32-bit or unsigned 32-bit): the integer values, equal to our `grayF32` (Pillow wraps unsigned
    ///   32-bit values above 2^31 - 1 to negative; we keep them).
    /// - `F`: equal to our `grayF32`.
    /// - `LAB` and `YCbCr` (raw colour spaces we convert to RGB through libtiff): not compared.
    @Suite(.enabled(if: TestPaths.corpusAvailable, "shared corpus missing at \(TestPaths.corpus)"))
    struct TIFFCorpusTests {
        static let entries = ["tiff/", "broken/tiff/"].flatMap { CorpusManifest.entries(under: $0) }.filter { $0.format == "tiff" }
        let decoder = TIFFDecoder()

        /// Strictly valid files that Imago does not decode, with the reason (libtiff 4.5 as built by Debian cannot either).
        static let knownUndecodable: [String: String] = [
            "tiff/libtiff/testfax3_bug54_1dnoEOL.tif":
                "libtiff 4.5 Fax3Decode1D: 'Premature EOL' at line 110 (libtiff's regression file for a later fix; Pillow's libtiff 4.7.2 decodes it)",
            "tiff/libtiff/testfax3_bug_513.tiff":
                "libtiff 4.5 Fax3Decode1D: 'Buffer overflow at line 0' (libtiff's regression file for bug 513, fixed after 4.5; Pillow's 4.7.2 decodes it)",
            "tiff/libtiffpic/text.tif":
                "ThunderScan: libtiff reports 'Not enough data at scanline 320'; Pillow fails on it too",
        ]

        @Test func everyFileDecodesOrIsRejectedAsTheManifestSays() throws {
            #expect(Self.entries.count >= 400)
            var failures: [String] = []
            var undecodable: [String] = []
            let (_, printed) = capturingStandardError {
                for entry in Self.entries {
                    let data = TestPaths.bytes(entry.absolutePath)
                    do {
                        let info = try decoder.probe(data, limits: .default)
                        let decoded = try decoder.decode(data, options: .default)
                        if entry.expect == "reject" && entry.isStrict { failures.append("\(entry.path): decoded, manifest says reject") }
                        // The manifest gives Pillow's size, after its TIFF plugin applied the Orientation tag.
                        let turned = decoded.metadata.orientation.swapsDimensions
                        let shown = turned ? (decoded.image.height, decoded.image.width) : (decoded.image.width, decoded.image.height)
                        if let w = entry.width, let h = entry.height, entry.expect == "decode", shown != (w, h) {
                            failures.append("\(entry.path): size \(decoded.image.width)x\(decoded.image.height), manifest \(w)x\(h)")
                        }
                        if (info.width, info.height, info.pixelFormat) != (decoded.image.width, decoded.image.height, decoded.image.format) {
                            failures.append("\(entry.path): probe differs from decode")
                        }
                    } catch let error as ImageError {
                        if entry.expect == "decode" && entry.isStrict {
                            undecodable.append("\(entry.path): \(error.kind): \(error.reason)")
                            if Self.knownUndecodable[entry.path] == nil { failures.append("\(entry.path): rejected (\(error)), manifest says decode") }
                        }
                    } catch {
                        failures.append("\(entry.path): untyped error \(error)")
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
            #expect(nonHarnessLines(printed).isEmpty, "libtiff printed: \(nonHarnessLines(printed))")
            #expect(undecodable.count == Self.knownUndecodable.count, "\(undecodable.joined(separator: "\n"))")
        }

        @Test func pixelsEqualPillowNativeDecode() throws {
            try #require(TestPaths.fixturesAvailable("tiff"), "Pillow references missing: run `make fixtures`")
            var compared = 0
            var failures: [String] = []
            for entry in Self.entries {
                let reference = TestPaths.fixture("tiff/\(entry.path).npy")
                guard FileManager.default.fileExists(atPath: reference),
                      let json = FileManager.default.contents(atPath: TestPaths.fixture("tiff/\(entry.path).json")),
                      let info = try JSONSerialization.jsonObject(with: json) as? [String: Any],
                      let mode = info["mode"] as? String else { continue }
                if mode == "LAB" || mode == "YCbCr" { continue }
                if Self.knownUndecodable[entry.path] != nil { continue }
                let pillow = try NpyArray(path: reference)
                let decoded: DecodedImage
                do {
                    decoded = try decoder.decode(TestPaths.bytes(entry.absolutePath), options: .default)
                } catch {
                    failures.append("\(entry.path): Pillow decodes (\(mode)), we throw \(error)")
                    continue
                }
                if Self.pillowMisreads[entry.path] != nil || Self.knownUndecodable[entry.path] != nil { continue }
                compared += 1
                if let problem = Self.compare(decoded.image, orientation: decoded.metadata.orientation, pillow, mode: mode) {
                    failures.append("\(entry.path) [\(mode) vs \(decoded.image.format)]: \(problem)")
                }
            }
            #expect(compared >= 190)
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }

        /// Files whose Pillow array is not the image, with the reason; checked against `tifftopnm` instead.
        static let pillowMisreads: [String: String] = [
            "tiff/libtiffpic/depth/flower-rgb-planar-16.tif":
                "Pillow's raw decoder reads uncompressed 16-bit separate planes with 8-bit rawmodes (R/G/B)",
            "tiff/libtiffpic/depth/flower-separated-planar-16.tif":
                "Pillow's raw decoder reads uncompressed 16-bit separate planes with 8-bit rawmodes (C/M/Y/K)",
            "tiff/libtiff/minisblack-2c-8b-alpha.tiff":
                "Pillow reads the separate alpha plane of this planar associated gray+alpha file as 0; libtiff's tiff2rgba "
                + "gives L=33 A=52 at pixel 13 (161 un-premultiplied, as we return)",
        ]

        /// Files Pillow cannot read (3/5/6/7/10/12/14/24/32-bit unsigned samples), checked against the raw samples the
        /// fixture script unpacked from the file bytes with numpy (`<path>.unpacked.npy`), under our documented
        /// mapping: MinIsWhite gives `max - v`; below 8 bits `round(v * 255 / max)` in `uint8`; 9...16 bits the raw value
        /// in `uint16`; 17...32 bits the value in `float32` (float32 rounding above 2^24).
        @Test func unusualDepthsEqualTheirRawSamples() throws {
            try #require(TestPaths.fixturesAvailable("tiff"), "references missing: run `make fixtures`")
            var checked = 0
            var failures: [String] = []
            for entry in Self.entries {
                let reference = TestPaths.fixture("tiff/\(entry.path).unpacked.npy")
                guard FileManager.default.fileExists(atPath: reference),
                      let json = FileManager.default.contents(atPath: TestPaths.fixture("tiff/\(entry.path).unpacked.json")),
                      let info = try JSONSerialization.jsonObject(with: json) as? [String: Int],
                      let bps = info["bps"], let spp = info["spp"], let photometric = info["photometric"] else { continue }
                let raw = try NpyArray(path: reference).doubles
                let ours = try decoder.decode(TestPaths.bytes(entry.absolutePath), options: .default).image
                guard ours.channelCount == spp else { continue }  // extra samples dropped: not a 1:1 comparison
                let top = Double((1 << bps) - 1)
                let expected = raw.map { value -> Double in
                    let v = photometric == 0 ? top - value : value
                    if bps < 8 { return (v * 255 / top).rounded() }
                    if bps > 16 { return Double(Float(v)) }
                    return v
                }
                checked += 1
                let values = Self.samples(ours)
                if values != expected {
                    let i = values.count == expected.count ? (values.indices.first { values[$0] != expected[$0] } ?? -1) : -1
                    failures.append("\(entry.path) [\(bps)-bit x\(spp)]: first difference at \(i): ours \(i >= 0 ? values[i] : -1) expected \(i >= 0 ? expected[i] : -1)")
                }
            }
            #expect(checked >= 35)
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }

        /// 2- and 4-bit RGB, contiguous and planar, also against netpbm's `tifftopnm` (libtiff's scanline interface).
        /// (Its output for 3/5/6/7-bit samples does not match the file bytes, so those use the numpy reference above.)
        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tifftopnm"), "tifftopnm (netpbm) not installed"),
              arguments: ["libtiffpic/depth/flower-rgb-contig-02.tif", "libtiffpic/depth/flower-rgb-contig-04.tif",
                          "libtiffpic/depth/flower-rgb-planar-02.tif", "libtiffpic/depth/flower-rgb-planar-04.tif"])
        func twoAndFourBitRGBEqualTifftopnm(_ name: String) throws {
            let path = TestPaths.corpusFile("tiff/" + name)
            let output = temporaryPath(".pnm")
            defer { unlink(output) }
            try #require(runToolCapturing("/bin/sh", ["-c", "tifftopnm '\(path)' > \(output) 2>/dev/null"])?.status == 0)
            let tool = try #require(NetpbmImage(path: output))
            let ours = try decoder.decode(TestPaths.bytes(path), options: .default).image
            #expect((tool.width, tool.height, tool.depth) == (ours.width, ours.height, ours.channelCount))
            let expected = tool.values.map { UInt8((Double($0) * 255 / Double(tool.maxval)).rounded()) }
            #expect(ours.packedBytes() == expected, "\(name) (maxval \(tool.maxval))")
        }

        /// nil when `ours` equals Pillow's array under the mode mapping documented on this suite.
        static func compare(_ ours: ImageBuffer, orientation: Orientation, _ pillow: NpyArray, mode: String) -> String? {
            let (width, height) = orientation.swapsDimensions ? (ours.height, ours.width) : (ours.width, ours.height)
            let channels = ours.channelCount
            let shape = channels == 1 ? [height, width] : [height, width, channels]
            guard pillow.shape == shape else { return "shape \(pillow.shape), ours \(shape) (orientation \(orientation.rawValue))" }
            var expected = pillow.doubles
            let stored = Self.samples(ours)
            var values: [Double]
            if orientation == .topLeft {
                values = stored
            } else {
                values = []
                values.reserveCapacity(stored.count)
                for y in 0..<height {
                    for x in 0..<width {
                        let (sx, sy) = Self.source(x, y, orientation, ours.width, ours.height)
                        let start = (sy * ours.width + sx) * channels
                        values += stored[start..<start + channels]
                    }
                }
            }
            let sixteen = ours.format.sampleType == .uint16 && ["RGB", "RGBA", "CMYK"].contains(mode)
            if sixteen { values = values.map { Double(Int($0) >> 8) } }
            if mode == "La" {
                // Pillow leaves associated gray+alpha premultiplied; un-premultiply its bytes as its RGBa unpacker does.
                for i in stride(from: 0, to: expected.count, by: 2) {
                    let a = expected[i + 1]
                    expected[i] = a == 0 ? 0 : min(255, (expected[i] * 255 / a).rounded(.down))
                }
            }
            var tolerance = 0.0
            if mode == "I" {
                // Pillow stores unsigned 32-bit samples in its signed int32 mode, wrapping values above 2^31 - 1.
                // Our float32 holds them to float32 precision (as Keras's img_to_array of Pillow's array would).
                values = values.map { $0 > 2147483647 ? $0 - 4294967296 : $0 }
                tolerance = values.map { max(abs($0), 1) }.max().map { $0 / 8_388_608 } ?? 0
            }
            var differing = 0, first = -1
            for i in 0..<values.count {
                if sixteen && mode == "RGBA" && i % 4 != 3 && expected[i - i % 4 + 3] != 255 {
                    // 16-bit associated alpha: Pillow un-premultiplies the high bytes, we the full values; they agree
                    // where the pixel is opaque (and the alpha channel itself is compared everywhere).
                    continue
                }
                if abs(values[i] - expected[i]) > tolerance && !(values[i].isNaN && expected[i].isNaN) {
                    differing += 1
                    if first < 0 { first = i }
                }
            }
            return differing == 0 ? nil : "\(differing) samples differ, first at \(first): ours \(values[first]) Pillow \(expected[first])"
        }

        /// Every sample of `image` as a Double, rows top to bottom.
        static func samples(_ image: ImageBuffer) -> [Double] {
            let bytes = image.packedBytes()
            return bytes.withUnsafeBytes { raw -> [Double] in
                switch image.format.sampleType {
                case .uint8: return raw.map { Double($0) }
                case .uint16: return raw.bindMemory(to: UInt16.self).map { Double($0) }
                case .float32: return raw.bindMemory(to: Float.self).map { Double($0) }
                }
            }
        }

        /// The stored pixel shown at (x, y) once `orientation` is applied (Pillow's `exif_transpose`, which its
        /// TIFF plugin runs at load).
        static func source(_ x: Int, _ y: Int, _ orientation: Orientation, _ w: Int, _ h: Int) -> (Int, Int) {
            switch orientation {
            case .topLeft: (x, y)
            case .topRight: (w - 1 - x, y)
            case .bottomRight: (w - 1 - x, h - 1 - y)
            case .bottomLeft: (x, h - 1 - y)
            case .leftTop: (y, x)
            case .rightTop: (y, h - 1 - x)
            case .rightBottom: (w - 1 - y, h - 1 - x)
            case .leftBottom: (w - 1 - y, x)
            }
        }
    }
}
