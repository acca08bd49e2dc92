import Foundation
import Testing
import TestSupport

/// `imago convert IN... --out-dir DIR`: outputs checked by decoding them with libpng's `pngtopam` and libjpeg's
/// `djpeg` and comparing with the inputs' pixels (Pillow's `.npy` references of the Netpbm fixtures, or `pngtopam`
/// of the input PNGs); pixel-format fallbacks, failures, collisions, `--jobs` and the progress bar.
@Suite(
    .enabled(if: CLIRunner.available, "imago binary missing at \(CLIRunner.binary): build it (swift build) or set IMAGO_BIN"),
    .enabled(if: TestPaths.fixturesAvailable("pnm") && TestPaths.fixturesAvailable("keras/files"),
             "PNM or Keras fixtures missing at \(TestPaths.fixtures): run `make fixtures`"),
    .enabled(if: ReferenceDecoders.available, "pngtopam or djpeg missing (scripts/install-deps.sh installs them)")
)
struct BatchConvertTests {
    /// Netpbm-written fixtures (gray, gray+alpha, RGB, RGBA; 1, 8 and 16 bits), each with Pillow's `.npy` decode.
    static let netpbm = FixtureManifest.entries("pnm")
        .filter { $0.expect == "decode" && $0.path.contains("/netpbm/") }
        .map { TestPaths.fixture($0.path) }

    static func keras(_ name: String) -> String { TestPaths.fixture("keras/files/" + name) }

    static func stem(_ path: String) -> String { ((path as NSString).lastPathComponent as NSString).deletingPathExtension }

    /// Every sample of `image` on the scale of `reference`'s dtype (0...255 or 0...65535).
    static func scaled(_ image: NetpbmImage, like reference: NpyArray) -> [Double] {
        let peak: Double = reference.dtype == "<u2" ? 65535 : 255
        return image.values.map { Double($0) * peak / Double(image.maxval) }
    }

    @Test func losslessTargetsKeepEveryPixel() throws {
        try #require(Self.netpbm.count >= 10)
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let decoders: [(String, (String) -> NetpbmImage?)] = [("png", ReferenceDecoders.png), ("pam", { NetpbmImage(path: $0) })]
        for (target, decode) in decoders {
            let out = directory + "/" + target
            let result = try CLIRunner.run(["convert"] + Self.netpbm + ["--out-dir", out, "--to", target])
            // Not a terminal: no progress bar; every format fits PNG and PAM: no warning.
            #expect(result.status == 0 && !result.signalled && result.stderr.isEmpty && result.stdout.isEmpty, "\(result.stderr)")
            for input in Self.netpbm {
                let output = out + "/" + Self.stem(input) + "." + target
                let reference = try NpyArray(path: input + ".npy")
                let written = try #require(decode(output), "\(output) unreadable")
                #expect([written.height, written.width, written.depth] == reference.shape, "\(output)")
                #expect(firstDifference(Self.scaled(written, like: reference), reference.doubles) == nil, "\(output)")
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
            #expect(names == Self.netpbm.map { Self.stem($0) + "." + target }.sorted(), "stray files: \(names)")
        }
    }

    /// A smooth test image (JPEG-friendly: the fixtures' noisy ones stay under 30 dB even with Pillow's encoder)
    /// written as binary PAM: `depth` channels, the last one alpha (a ramp across x) when `alpha`.
    static func writeSmoothPAM(_ path: String, depth: Int, alpha: Bool, maxval: Int) throws -> [Int] {
        let (width, height) = (64, 48)
        var samples: [Int] = []
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<depth {
                    let value: Double = alpha && c == depth - 1
                        ? Double(x) / Double(width - 1)
                        : 0.5 + 0.4 * sin(Double(x) / 9 + Double(c) * 1.7) * cos(Double(y) / 11 - Double(c))
                    samples.append(Int((value * Double(maxval)).rounded()))
                }
            }
        }
        let tupleType = ["GRAYSCALE", "GRAYSCALE_ALPHA", "RGB", "RGB_ALPHA"][depth - 1]
        var bytes = Array("P7\nWIDTH \(width)\nHEIGHT \(height)\nDEPTH \(depth)\nMAXVAL \(maxval)\nTUPLTYPE \(tupleType)\nENDHDR\n".utf8)
        for sample in samples { bytes += maxval > 255 ? [UInt8(sample >> 8), UInt8(sample & 0xFF)] : [UInt8(sample)] }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return samples
    }

    @Test func jpegOutputsAreCloseToTheInputsAndAlphaIsDroppedWithAWarning() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // name, channels, alpha, maxval: 8 and 16 bits, gray and colour, with and without alpha.
        let images: [(String, Int, Bool, Int)] = [
            ("rgb8", 3, false, 255), ("rgba8", 4, true, 255), ("gray8", 1, false, 255),
            ("grayalpha8", 2, true, 255), ("gray16", 1, false, 65535), ("rgba16", 4, true, 65535),
        ]
        var inputs: [String] = [], samples: [[Int]] = []
        for (name, depth, alpha, maxval) in images {
            inputs.append(directory + "/" + name + ".pam")
            samples.append(try Self.writeSmoothPAM(inputs.last!, depth: depth, alpha: alpha, maxval: maxval))
        }
        let out = directory + "/out"
        let result = try CLIRunner.run(["convert"] + inputs + ["--out-dir", out, "--to", "jpg", "--quality", "92"])
        #expect(result.status == 0 && !result.signalled && result.stdout.isEmpty)
        // One warning per input that lost alpha or 16-bit precision, in input order; nothing else.
        let lossy = zip(inputs, images).filter { $0.1.2 || $0.1.3 == 65535 }
        try #require(result.stderrLines.count == lossy.count, "\(result.stderr)")
        for (line, (path, (_, _, alpha, maxval))) in zip(result.stderrLines, lossy) {
            #expect(line.hasPrefix("imago: warning: \(path): "), "\(line)")
            #expect(line.contains("alpha composited onto white") == alpha, "\(line)")
            #expect(line.contains("16-bit samples rounded to 8 bits") == (maxval == 65535), "\(line)")
        }

        for ((input, (_, depth, alpha, maxval)), source) in zip(zip(inputs, images), samples) {
            let output = try #require(ReferenceDecoders.jpeg(out + "/" + Self.stem(input) + ".jpg"))
            // Gray stays gray, colour stays colour, alpha goes, 16 bits become 8.
            let colourDepth = depth >= 3 ? 3 : 1
            #expect(output.depth == colourDepth && output.maxval == 255 && output.width == 64 && output.height == 48)
            // The expectation on 0...255, alpha composited onto white: c a + 255 (1 - a).
            var expected: [Double] = []
            for pixel in 0..<(64 * 48) {
                let values = source[(pixel * depth)..<((pixel + 1) * depth)].map { Double($0) * 255 / Double(maxval) }
                let opacity = alpha ? values.last! / 255 : 1
                expected += values.prefix(colourDepth).map { $0 * opacity + 255 * (1 - opacity) }
            }
            let quality = psnr(output.values.map(Double.init), expected)
            #expect(quality > 30, "\(input): PSNR \(quality) dB")
        }
    }

    @Test func cmykAndFloatBecomeTheNearestFormatPNGStores() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cmyk = Self.keras("cmyk.tif"), float = Self.keras("float.tif")
        let result = try CLIRunner.run(["convert", cmyk, float, "--out-dir", directory, "--format", "png", "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        // Each lossy step named in one warning per input, in input order.
        #expect(result.stderrLines.count == 2, "\(result.stderr)")
        #expect(result.stderrLines.first?.hasPrefix("imago: warning: \(cmyk): ") == true, "\(result.stderr)")
        #expect(result.stderrLines.first?.contains("CMYK converted to RGB as (1 - C)(1 - K)") == true, "\(result.stderr)")
        #expect(result.stderrLines.last?.hasPrefix("imago: warning: \(float): ") == true, "\(result.stderr)")
        #expect(result.stderrLines.last?.contains("float samples clamped to 0...1") == true, "\(result.stderr)")
        // The inputs' native pixels (plain CMYK, float gray), as `imago decode` gives them.
        #expect(try CLIRunner.run(["decode", cmyk, float, "--out-dir", directory]).status == 0)

        // CMYK -> RGB 8-bit: (1 - C)(1 - K).
        let ink = try NpyArray(path: directory + "/cmyk.tif.npy")
        let rgb = try #require(ReferenceDecoders.png(directory + "/cmyk.png"))
        #expect(ink.shape[2] == 4 && rgb.depth == 3 && rgb.maxval == 255)
        let c = ink.doubles
        var expected: [Double] = []
        for p in 0..<(ink.shape[0] * ink.shape[1]) {
            let k = 1 - c[4 * p + 3] / 255
            expected += (0..<3).map { (255 * (1 - c[4 * p + $0] / 255) * k).rounded() }
        }
        let cmykError = zip(rgb.values.map(Double.init), expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(cmykError <= 1)

        // float -> 16-bit gray (precision kept): clamp to 0...1, * 65535, rounded.
        let values = try NpyArray(path: directory + "/float.tif.npy")
        let gray = try #require(ReferenceDecoders.png(directory + "/float.png"))
        #expect(values.dtype == "<f4" && gray.depth == 1 && gray.maxval == 65535)
        let floatExpected = values.doubles.map { (min(max($0, 0), 1) * 65535).rounded() }
        let floatError = zip(gray.values.map(Double.init), floatExpected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(floatError <= 1)
    }

    @Test func badFilesAreListedAtTheEndWhileGoodOnesAreWritten() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let inputsDirectory = directory + "/in"
        try FileManager.default.createDirectory(atPath: inputsDirectory, withIntermediateDirectories: true)
        func write(_ name: String, _ bytes: [UInt8]) throws -> String {
            let path = inputsDirectory + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        let pgm = Array("P5\n64 64\n255\n".utf8) + [UInt8](repeating: 7, count: 64 * 64)
        let empty = try write("empty.pgm", [])
        let garbage = try write("garbage.png", (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        let truncated = try write("truncated.pgm", Array(pgm.prefix(pgm.count / 2)))
        let missing = inputsDirectory + "/missing.ppm"
        let good = Array(Self.netpbm.prefix(3))
        let inputs = [good[0], empty, garbage, good[1], truncated, missing, good[2]]
        let out = directory + "/out"
        let result = try CLIRunner.run(["convert"] + inputs + ["--out-dir", out, "--to", "png", "--jobs", "3"])
        #expect(result.status == 1 && !result.signalled && result.stdout.isEmpty)
        let bad = [empty, garbage, truncated, missing]
        try #require(result.stderrLines.count == bad.count, "\(result.stderr)")
        for (line, path) in zip(result.stderrLines, bad) { #expect(line.hasPrefix("imago: \(path): "), "\(line)") }
        // The good inputs are written (with their pixels), nothing else is (no partial or temporary files).
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == good.map { Self.stem($0) + ".png" }.sorted())
        for input in good {
            let written = try #require(ReferenceDecoders.png(out + "/" + Self.stem(input) + ".png"))
            let reference = try NpyArray(path: input + ".npy")
            #expect(firstDifference(Self.scaled(written, like: reference), reference.doubles) == nil, "\(input)")
        }
    }

    @Test func sameNamesFromDifferentFoldersAreNotOverwritten() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = TestPaths.fixture("pnm/netpbm/gray8.pam"), second = TestPaths.fixture("pnm/pillow/gray8.pgm")
        let result = try CLIRunner.run(["convert", first, second, "--out-dir", directory, "--to", "png"])
        #expect(result.status == 1)
        try #require(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderrLines[0].hasPrefix("imago: \(second): ") && result.stderrLines[0].contains(first))
        // The first input keeps the name, with its own pixels.
        let written = try #require(ReferenceDecoders.png(directory + "/gray8.png"))
        let reference = try NpyArray(path: first + ".npy")
        #expect(firstDifference(Self.scaled(written, like: reference), reference.doubles) == nil)
    }

    @Test func anOutputNeverReplacesAnotherInput() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // in/x.pam would be written to out/x.png, which is another input: refused, out/x.png keeps its pixels.
        let other = directory + "/in/x.pam", existing = directory + "/out/x.png"
        try CLIRunner.copy([(TestPaths.fixture("pnm/netpbm/rgb8.pam"), other), (Self.keras("rgb.png"), existing)])
        let before = try #require(ReferenceDecoders.png(existing))
        let result = try CLIRunner.run(["convert", other, existing, "--out-dir", directory + "/out", "--to", "png"])
        #expect(result.status == 1)
        try #require(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderrLines[0].hasPrefix("imago: \(other): ") && result.stderrLines[0].contains("replace the input"))
        let after = try #require(ReferenceDecoders.png(existing))
        #expect(after.values == before.values && after.width == before.width)
    }

    @Test(arguments: ["jpg", "png", "webp"])
    func oneJobAndTwoJobsWriteIdenticalFiles(_ target: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let inputs = Self.netpbm + ["rgb.png", "rgba.png", "photo.jpg", "cmyk.jpg", "rgb_lzw.tif", "lossy.webp", "empty.png"].map(Self.keras)
        var runs: [CLIRunner.Result] = []
        for jobs in ["1", "2"] {
            runs.append(try CLIRunner.run(["convert"] + inputs + ["--out-dir", directory + "/j" + jobs, "--to", target, "--jobs", jobs]))
        }
        #expect(runs[0].status == 1 && runs[1].status == 1)  // empty.png
        #expect(runs[0].stderr == runs[1].stderr.replacingOccurrences(of: "/j2/", with: "/j1/"))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/j1").sorted()
        #expect(names.count == inputs.count - 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/j2").sorted() == names)
        for name in names {
            let one = FileManager.default.contents(atPath: directory + "/j1/" + name)
            let two = FileManager.default.contents(atPath: directory + "/j2/" + name)
            #expect(one != nil && one == two, "\(name) differs between --jobs 1 and --jobs 2")
        }
    }

    @Test func singleFormConvertsRGBAToJPEGWithAWarning() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = Self.keras("rgba.png")
        let result = try CLIRunner.run(["convert", input, directory + "/x.jpeg"])
        #expect(result.status == 0 && result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1 && result.stderrLines.first?.hasPrefix("imago: warning: \(input): ") == true, "\(result.stderr)")
        let written = try #require(ReferenceDecoders.jpeg(directory + "/x.jpeg"))
        #expect(written.depth == 3)
    }

    @Test func usageErrors() throws {
        let a = Self.keras("rgb.png"), b = Self.keras("gray.png")
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cases: [[String]] = [
            [a, b, "--out-dir", directory],  // no format
            [a, b, directory + "/c.png"],  // three files without --out-dir
            [a, directory + "/x.png", "--to", "png"],  // --to without --out-dir
            [a, b, "--out-dir", directory, "--to", "png", "--jobs", "0"],
            [a, b, "--out-dir", directory, "--to", "xyz"],
            [a, b, "--out-dir", directory, "--format", "nosuch"],
        ]
        for arguments in cases {
            let result = try CLIRunner.run(["convert"] + arguments)
            #expect(result.status == 64 && !result.signalled, "\(arguments): \(result.status) \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }
}
