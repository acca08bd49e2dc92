import ImageKernel
import Testing
import TestSupport
import TIFFCodec

extension TIFFTestSuite {
    /// The random-access decode (`decode(_:options:)` with a `ByteSource`, which `FormatRegistry.decode(path:)` takes)
    /// against the in-memory decode, whose pixels `TIFFCorpusTests` checks against Pillow 13: for every corpus TIFF,
    /// strict and broken, with and without `allowTruncated`, the same pixels, format and outcome, or the same error kind.
    @Suite(.enabled(if: TestPaths.corpusAvailable, "shared corpus missing at \(TestPaths.corpus)"))
    struct TIFFSourceDecodeTests {
        @Test func randomAccessDecodeEqualsTheInMemoryDecode() {
            let entries = ["tiff/", "broken/tiff/"].flatMap { CorpusManifest.entries(under: $0) }.filter { $0.format == "tiff" }
            #expect(entries.count >= 400)
            var failures: [String] = []
            var decoder = TIFFDecoder()
            decoder.randomAccessThreshold = 0  // every file by random access, however small
            for entry in entries {
                let data = TestPaths.bytes(entry.absolutePath)
                for allowTruncated in [false, true] {
                    var options = DecodeOptions.default
                    options.allowTruncated = allowTruncated
                    let memory = Result { try decoder.decode(data, options: options) }
                    let source = Result { try decoder.decode(ByteArraySource(data), options: options) }
                    switch (memory, source) {
                    case (.success(let a), .success(let b)):
                        if a.image.format != b.image.format || a.image.width != b.image.width
                            || a.image.height != b.image.height || a.image.packedBytes() != b.image.packedBytes() {
                            failures.append("\(entry.path) (allowTruncated \(allowTruncated)): pixels differ")
                        }
                        if a.metadata.outcome != b.metadata.outcome {
                            failures.append("\(entry.path) (allowTruncated \(allowTruncated)): outcome \(a.metadata.outcome) vs \(b.metadata.outcome)")
                        }
                    case (.failure(let a as ImageError), .failure(let b as ImageError)):
                        if a.kind != b.kind { failures.append("\(entry.path): error \(a.kind) vs \(b.kind)") }
                    default:
                        failures.append("\(entry.path) (allowTruncated \(allowTruncated)): in memory \(memory), from the source \(source)")
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }
}
