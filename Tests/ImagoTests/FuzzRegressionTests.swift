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
        let registry = FormatRegistry.standard
        func attempt(_ body: () throws -> Void) {
            do { try body() } catch is ImageError {} catch { Issue.record("\(input): not an ImageError: \(error)") }
        }
        for limits in [Self.fuzzLimits, .default] {
            attempt { _ = try registry.probe(bytes, limits: limits) }
            // The paths the fuzz targets take: plain, truncated-tolerant, a later frame, DCT scaling, every frame.
            for options in [DecodeOptions(limits: limits), DecodeOptions(limits: limits, allowTruncated: true),
                            DecodeOptions(frameIndex: 1, limits: limits), DecodeOptions(limits: limits, scale: .quarter)] {
                attempt { _ = try registry.decode(bytes, options: options) }
            }
            attempt { _ = try registry.decodeFrames(bytes, options: DecodeOptions(limits: limits)) }
        }
    }
}
