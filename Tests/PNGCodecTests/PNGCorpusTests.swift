import Testing
import ImageKernel
import PNGCodec
import TestSupport

/// The shared corpus's PNG suites (`pngsuite/`, `png/`, `broken/png/`), against the manifest's expectations.
///
/// The manifest's `strict` expectations come from the sources' own labelling (PngSuite `x*` = reject, and so on);
/// they win over Pillow's behaviour where the two disagree, so these tests use the default strict CRC policy.
/// stderr is captured during the decodes; libpng's default handlers would print `libpng error: ...` /
/// `libpng warning: ...` there. (Only that prefix is checked: Swift Testing's own progress lines from suites
/// running in parallel can land in the same capture.)
@Suite(.serialized) struct PNGCorpusTests {
    static let entries = ["pngsuite/", "png/", "broken/png/"].flatMap { CorpusManifest.entries(under: $0) }
        .filter { $0.format == "png" && $0.expect != nil }

    @Test(.enabled(if: TestPaths.corpusAvailable, "shared corpus missing at \(TestPaths.corpus)"))
    func strictExpectationsHold() throws {
        var failures: [String] = []
        var checked = 0
        let (_, printed) = capturingStandardError {
            for entry in Self.entries where entry.isStrict {
                checked += 1
                let data = TestPaths.bytes(entry.absolutePath)
                do {
                    let decoded = try PNGDecoder().decode(data, options: .default)
                    if entry.expect == "reject" {
                        failures.append("\(entry.path): decoded, but the corpus says reject")
                    } else if let w = entry.width, let h = entry.height,
                              decoded.image.width != w || decoded.image.height != h {
                        failures.append("\(entry.path): \(decoded.image.width)x\(decoded.image.height), manifest \(w)x\(h)")
                    }
                } catch let error as ImageError {
                    if entry.expect == "decode" { failures.append("\(entry.path): \(error.kind) \(error.reason)") }
                } catch {
                    failures.append("\(entry.path): untyped error \(error)")
                }
            }
        }
        #expect(checked > 400)
        #expect(failures.isEmpty, "\(failures.count) of \(checked) strict expectations fail:\n\(failures.joined(separator: "\n"))")
        #expect(!printed.contains("libpng"), "libpng printed: \(printed)")
    }

    /// Files whose source defines no outcome: any typed answer is fine, but no crash, untyped error or output.
    @Test(.enabled(if: TestPaths.corpusAvailable, "shared corpus missing at \(TestPaths.corpus)"))
    func undefinedOutcomesAreTypedAndSilent() throws {
        var untyped: [String] = []
        var outcomes: [String: Int] = [:]
        var slow: [String] = []
        let (_, printed) = capturingStandardError {
            for entry in Self.entries where !entry.isStrict {
                let data = TestPaths.bytes(entry.absolutePath)
                let start = ContinuousClock.now
                defer {
                    let elapsed = ContinuousClock.now - start
                    if elapsed > .seconds(1) { slow.append("\(entry.path): \(elapsed)") }
                }
                do {
                    _ = try PNGDecoder().probe(data, limits: .default)
                    _ = try PNGDecoder().decode(data, options: .default)
                    outcomes["decoded", default: 0] += 1
                } catch let error as ImageError {
                    outcomes[error.kind.rawValue, default: 0] += 1
                } catch {
                    untyped.append("\(entry.path): \(error)")
                }
            }
        }
        #expect(outcomes.values.reduce(0, +) > 200, "\(outcomes)")
        #expect(untyped.isEmpty, "\(untyped)")
        #expect(slow.isEmpty, "files taking over 1 s (a hang guard): \(slow)")
        #expect(!printed.contains("libpng"), "libpng printed: \(printed)")
    }
}
