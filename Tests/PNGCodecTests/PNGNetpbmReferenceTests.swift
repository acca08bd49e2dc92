import Foundation
import Testing
import ImageKernel
import PNGCodec
import TestSupport

/// Imago's PNG decode against netpbm's `pngtopam -alphapam` (libpng-based, full precision: 16-bit samples keep
/// both bytes, and tRNS becomes an alpha plane), for every valid PngSuite image and the libpng transparency extras.
///
/// Mapping: `-alphapam` always writes an alpha plane; where Imago has no alpha channel that plane must be fully
/// opaque and is then dropped. netpbm 11.1's pngtopam never honours a tRNS colour on RGB images (it reports them
/// opaque, while Pillow and libpng agree on the transparent pixels: see PNGPillowReferenceTests), so for colour
/// type 2 with tRNS only the RGB samples are compared. A PAM maxval of 65535 compares with 16-bit samples as is,
/// 255 with 8-bit samples, and 1/3/15 (sub-byte gray) with Imago's replicated 8-bit values as `v * 255 / maxval`.
@Suite struct PNGNetpbmReferenceTests {
    static let pngtopam = ["/usr/bin/pngtopam", "/usr/local/bin/pngtopam"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static var files: [CorpusEntry] {
        (CorpusManifest.entries(under: "pngsuite/") + CorpusManifest.entries(under: "png/libpng-pngsuite-extra/"))
            .filter { $0.format == "png" && $0.expect == "decode" }
    }

    @Test(.enabled(if: TestPaths.corpusAvailable, "shared corpus missing at \(TestPaths.corpus)"),
          .enabled(if: pngtopam != nil, "netpbm's pngtopam is not installed (apt-get install netpbm)"))
    func pixelsEqualPngtopam() throws {
        var differences: [String] = []
        var sixteenBit = 0
        for entry in Self.files {
            let decoded = try PNGDecoder().decode(TestPaths.bytes(entry.absolutePath), options: .default)
            let pam = try PAM(bytes: try runTool(Self.pngtopam!, ["-alphapam", entry.absolutePath]))
            let image = decoded.image
            let channels = image.channelCount
            guard pam.width == image.width, pam.height == image.height, pam.depth == channels || pam.depth == channels + 1 else {
                differences.append("\(entry.path): Imago \(image.width)x\(image.height)x\(channels), pngtopam \(pam.width)x\(pam.height)x\(pam.depth)")
                continue
            }
            if pam.maxval == 65535 { sixteenBit += 1 }
            guard (pam.maxval == 65535) == (image.format.sampleType == .uint16) else {
                differences.append("\(entry.path): pngtopam maxval \(pam.maxval), Imago \(image.format)")
                continue
            }
            let ours = image.integerSamples
            let scaled = pam.samples.map { pam.maxval == 65535 || pam.maxval == 255 ? $0 : $0 * 255 / pam.maxval }
            let rgbWithTRNS = decoded.metadata.properties["png.colorType"] == "2" && image.format.hasAlpha
            var theirs: [Int] = []
            theirs.reserveCapacity(ours.count)
            for pixel in 0..<image.width * image.height {
                let base = pixel * pam.depth
                if pam.depth > channels && pam.samples[base + channels] != pam.maxval {
                    differences.append("\(entry.path): pngtopam has transparency at pixel \(pixel), Imago has no alpha")
                    break
                }
                theirs.append(contentsOf: scaled[base..<base + channels])
                if rgbWithTRNS { theirs[theirs.count - 1] = ours[theirs.count - 1] }
            }
            if theirs.count == ours.count, let i = ours.indices.first(where: { ours[$0] != theirs[$0] }) {
                differences.append("\(entry.path): sample \(i): Imago \(ours[i]), pngtopam \(theirs[i]) (maxval \(pam.maxval))")
            }
        }
        #expect(Self.files.count > 190)
        #expect(sixteenBit > 15)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

}

/// A minimal reader of netpbm PAM (P7) output.
struct PAM {
    var width = 0, height = 0, depth = 0, maxval = 0
    var samples: [Int] = []

    init(bytes: [UInt8]) throws {
        guard let end = bytes.firstRange(of: Array("ENDHDR\n".utf8)) else { throw PAMError.notPAM }
        for line in String(decoding: bytes[..<end.lowerBound], as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Int(parts[1]) else { continue }
            switch parts[0] {
            case "WIDTH": width = value
            case "HEIGHT": height = value
            case "DEPTH": depth = value
            case "MAXVAL": maxval = value
            default: break
            }
        }
        let body = Array(bytes[end.upperBound...])
        let count = width * height * depth
        if maxval > 255 {
            guard body.count >= 2 * count else { throw PAMError.short }
            samples = (0..<count).map { Int(body[2 * $0]) << 8 | Int(body[2 * $0 + 1]) }
        } else {
            guard body.count >= count else { throw PAMError.short }
            samples = body[0..<count].map { Int($0) }
        }
    }

    enum PAMError: Error { case notPAM, short }
}
