import Foundation
import ImageKernel
import JPEGCodec
import Testing
import TestSupport

/// Damaged and hostile JPEGs: typed errors, no crash, nothing printed; truncation handled as in Pillow.
@Suite struct JPEGBrokenTests {
    @Test(.enabled(if: TestPaths.corpusAvailable, JPEGFixtures.corpusReason))
    func brokenFilesGiveTypedErrorsAndPrintNothing() throws {
        let entries = CorpusManifest.entries(under: "broken/jpeg/")
        #expect(entries.count >= 100)
        var decoded = 0, rejected = 0, agreeWithPillow = 0, pixelMismatches: [String] = [], libjpegVersionDifferences: [String] = [], disagreements: [String] = []
        let (_, printed) = try capturingStandardError {
            for entry in entries {
                let data = TestPaths.bytes(entry.absolutePath)
                let pillow = JPEGFixtures.pillow[entry.path]
                do {
                    _ = try JPEGDecoder().probe(data, limits: .default)
                } catch {
                    #expect(error is ImageError, "\(entry.path): untyped error \(error)")
                }
                do {
                    let image = try JPEGDecoder().decode(data, options: .default)
                    decoded += 1
                    if pillow?.ok == true { agreeWithPillow += 1 } else { disagreements.append("\(entry.path): we decode, Pillow: \(pillow?.error ?? "?")") }
                    if pillow?.ok == true, pillow?.format == "JPEG" || pillow?.format == "MPO" {
                        let reference = try JPEGFixtures.reference("jpeg/corpus/\(entry.path).npy")
                        if let difference = JPEGFixtures.difference(image.image, reference) {
                            // Error concealment in damaged streams changed between libjpeg-turbo 2.1.5 (ours)
                            // and 3.2.0 (Pillow's wheel): then our pixels must equal the system djpeg's.
                            let djpeg = try? JPEGFixtures.reference("jpeg/djpeg/\(entry.path).npy")
                            if let djpeg, JPEGFixtures.difference(image.image, djpeg) == nil {
                                libjpegVersionDifferences.append("\(entry.path): \(difference)")
                            } else {
                                pixelMismatches.append("\(entry.path): \(difference)")
                            }
                        }
                    }
                } catch let error as ImageError {
                    rejected += 1
                    if pillow?.ok == false { agreeWithPillow += 1 } else { disagreements.append("\(entry.path): we reject (\(error.kind): \(error.reason)), Pillow decodes") }
                    #expect(!error.reason.isEmpty)
                }
                // The lenient path must not crash either.
                _ = try? JPEGDecoder().decode(data, options: DecodeOptions(allowTruncated: true))
            }
        }
        let foreign = nonHarnessLines(printed)
        #expect(foreign.isEmpty, "libjpeg printed: \(foreign.prefix(10))")
        #expect(libjpegVersionDifferences.count <= 2, "\(libjpegVersionDifferences)")
        #expect(pixelMismatches.isEmpty, "\(pixelMismatches)")
        print("broken/jpeg: \(decoded) decoded, \(rejected) rejected, \(agreeWithPillow)/\(entries.count) agree with Pillow \(disagreements); pixels differ from Pillow's libjpeg-turbo 3.2.0 but equal djpeg 2.1.5: \(libjpegVersionDifferences)")
    }

    static let testorig = TestPaths.corpusFile("jpeg/libjpeg-turbo/testorig.jpg")

    @Test(.enabled(if: TestPaths.corpusAvailable, JPEGFixtures.corpusReason), arguments: [2, 100, 3000])
    func truncatedFileIsAnErrorByDefault(_ cut: Int) throws {
        let full = TestPaths.bytes(Self.testorig)
        let data = Array(full.dropLast(cut))
        let error = #expect(throws: ImageError.self) { try JPEGDecoder().decode(data, options: .default) }
        #expect(error?.kind == .truncated)
        // With allowTruncated, the partial image comes back, and rows decoded before the cut are exact.
        let partial = try JPEGDecoder().decode(data, options: DecodeOptions(allowTruncated: true))
        #expect(Int(partial.metadata.properties["jpeg.warnings"] ?? "0")! >= 1)
        let complete = try JPEGDecoder().decode(full, options: .default)
        #expect(partial.image.width == complete.image.width && partial.image.height == complete.image.height)
        let rowBytes = complete.image.packedRowBytes
        #expect(partial.image.packedBytes().prefix(8 * rowBytes) == complete.image.packedBytes().prefix(8 * rowBytes))
    }

    /// With `allowTruncated`, the partial image equals Pillow's with `ImageFile.LOAD_TRUNCATED_IMAGES` (Pillow then
    /// feeds a fake EOI, as libjpeg's memory source does), or where libjpeg-turbo versions differ, djpeg's.
    @Test(.enabled(if: TestPaths.corpusAvailable && JPEGFixtures.available, JPEGFixtures.reason),
          arguments: ["jpeg/libjpeg-turbo/testorig.jpg", "jpeg/libjpeg-turbo/testimgp.jpg", "jpeg/libjpeg-turbo/testimggray.jpg",
                      "photos/rocket.jpg", "jpeg/jpeg-decoder/mozilla/jpg-cmyk-2.jpg"])
    func partialImageEqualsPillowLoadTruncatedImages(_ path: String) throws {
        let full = TestPaths.bytes(TestPaths.corpusFile(path))
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        for cut in [2, 100, 1000, 3000] {
            let data = Array(full.dropLast(cut))
            let strict = #expect(throws: ImageError.self) { try JPEGDecoder().decode(data, options: .default) }
            #expect(strict?.kind == .truncated, "\(path) minus \(cut) bytes")
            let partial = try JPEGDecoder().decode(data, options: DecodeOptions(allowTruncated: true))
            let reference = try JPEGFixtures.reference("jpeg/truncated/\(stem).\(cut).npy")
            guard let difference = JPEGFixtures.difference(partial.image, reference) else { continue }
            // Smoothing of a progressive image cut mid-scan changed between libjpeg-turbo 2.1.5 (ours) and 3.2.0
            // (Pillow's wheel): then our pixels must equal the system djpeg's.
            let djpeg = try? JPEGFixtures.reference("jpeg/truncated/\(stem).\(cut).djpeg.npy")
            let versionDifference = djpeg.map { JPEGFixtures.difference(partial.image, $0) == nil } ?? false
            #expect(versionDifference, "\(path) minus \(cut) bytes: \(difference)")
            if versionDifference { print("\(path) minus \(cut) bytes: equals djpeg 2.1.5, differs from Pillow: \(difference)") }
        }
    }

    @Test func emptyAndForeignDataAreTypedErrors() {
        for data: [UInt8] in [[], [0xFF, 0xD8], [0xFF, 0xD8, 0xFF], Array("not a jpeg at all".utf8), [0x89, 0x50, 0x4E, 0x47]] {
            let error = #expect(throws: ImageError.self) { try JPEGDecoder().decode(data, options: .default) }
            #expect(error?.kind == .truncated || error?.kind == .corrupt, "\(data): \(String(describing: error))")
        }
    }

    @Test(.enabled(if: TestPaths.corpusAvailable, JPEGFixtures.corpusReason))
    func limitsAreCheckedBeforeDecoding() throws {
        let data = TestPaths.bytes(Self.testorig)
        var limits = Limits.default
        limits.maxPixels = 227 * 149 - 1
        let error = #expect(throws: ImageError.self) { try JPEGDecoder().decode(data, options: DecodeOptions(limits: limits)) }
        #expect(error?.kind == .limitExceeded)
        let icc = TestPaths.bytes(TestPaths.corpusFile("jpeg/pillow/icc_profile_big.jpg"))
        var small = Limits.default
        small.maxMetadataBytes = 1000
        let metadataError = #expect(throws: ImageError.self) { try JPEGDecoder().probe(icc, limits: small) }
        #expect(metadataError?.kind == .limitExceeded)
    }

    /// A progressive file with more scans than ``JPEG/maxScans`` is refused (built by repeating a refinement scan).
    @Test(.enabled(if: TestPaths.corpusAvailable, JPEGFixtures.corpusReason))
    func endlessScansAreRefused() throws {
        let data = TestPaths.bytes(TestPaths.corpusFile("jpeg/libjpeg-turbo/testimgp.jpg"))
        // Find the last SOS segment and its entropy data up to EOI, and repeat it many times.
        let sosPositions = (0..<data.count - 1).filter { data[$0] == 0xFF && data[$0 + 1] == 0xDA }
        let last = try #require(sosPositions.last)
        let scan = Array(data[last..<(data.count - 2)])
        var hostile = Array(data[..<(data.count - 2)])
        for _ in 0..<(JPEG.maxScans + 10) { hostile += scan }
        hostile += [0xFF, 0xD9]
        let error = #expect(throws: ImageError.self) {
            try JPEGDecoder().decode(hostile, options: DecodeOptions(allowTruncated: true))
        }
        #expect(error?.kind == .limitExceeded, "\(String(describing: error))")
    }
}
