import Foundation
import Imago
import Testing
import TestSupport

/// Replays every input the fuzzers kept (`Fuzz/regressions/<codec>/`, crashes, leaks, timeouts and OOMs that were
/// fixed): each decodes or fails with an ``ImageError``, never crashes. The fuzz targets' tightened limits are
/// used, then the defaults.
@Suite struct FuzzRegressionTests {
    static let root = TestPaths.packageRoot + "/Fuzz/regressions"

    static let inputs: [String] = {
        let manager = FileManager.default
        guard let codecs = try? manager.contentsOfDirectory(atPath: root) else { return [] }
        return codecs.sorted().flatMap { codec in
            ((try? manager.contentsOfDirectory(atPath: root + "/" + codec)) ?? [])
                .filter { !$0.hasPrefix(".") }.sorted().map { codec + "/" + $0 }
        }
    }()

    static let fuzzLimits = Limits(maxPixels: 1 << 22, maxBytes: 64 << 20, maxTotalBytes: 256 << 20, maxFrames: 64,
                                   maxMetadataBytes: 1 << 20)

    @Test func regressionFolderExists() {
        #expect(FileManager.default.fileExists(atPath: Self.root), "missing \(Self.root)")
    }

    @Test(arguments: inputs)
    func replaysWithoutCrashing(_ input: String) {
        let bytes = TestPaths.bytes(Self.root + "/" + input)
        for limits in [Self.fuzzLimits, .default] {
            for options in [DecodeOptions(limits: limits), DecodeOptions(limits: limits, allowTruncated: true)] {
                do {
                    _ = try FormatRegistry.standard.probe(bytes, limits: limits)
                    _ = try FormatRegistry.standard.decode(bytes, options: options)
                } catch is ImageError {
                } catch {
                    Issue.record("\(input): not an ImageError: \(error)")
                }
            }
        }
    }
}
