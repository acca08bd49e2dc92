import Foundation
import ImageKernel
import TestSupport
import CTransformsKernels
import Testing
@testable import Transforms

/// Resize against Pillow 13.0.0's own output over the fixture grid: every case must be identical, with the 8-bit
/// passes on the best C kernels the CPU runs (AVX-512 or AVX2); when the CPU has AVX-512, again with its wider
/// horizontal window layouts forced and again on the AVX2 kernels; and again forced onto the portable Swift passes.
@Suite struct ResizeReferenceTests {
    @Test(.enabled(if: PillowFixtures.available, PillowFixtures.missingReason))
    func everyCaseMatchesPillow() throws {
        let kernels = Resample8Backend.hasAVX512 ? "AVX-512 C kernels" : Resample8Backend.hasAVX2 ? "AVX2 C kernels" : nil
        print("8-bit passes: \(kernels ?? "no AVX2 on this CPU: portable Swift, as below")")
        try checkEveryCase()
    }

    @Test(.enabled(if: PillowFixtures.available, PillowFixtures.missingReason),
          .enabled(if: Resample8Backend.hasAVX512, "the CPU has no AVX-512 (F, BW, VL, VNNI, VBMI)"),
          arguments: [2, 4])
    func everyCaseMatchesPillowOnTheWiderWindowLayouts(minimumParts: Int) throws {
        try Resample8Backend.$current.withValue(.avx512(minimumParts: minimumParts)) {
            print("8-bit passes: AVX-512 C kernels, horizontal windows of at least \(minimumParts) parts")
            try checkEveryCase()
        }
    }

    @Test(.enabled(if: PillowFixtures.available, PillowFixtures.missingReason),
          .enabled(if: Resample8Backend.hasAVX512, "the CPU has no AVX-512: the AVX2 kernels already ran as the automatic choice"))
    func everyCaseMatchesPillowOnTheAVX2Kernels() throws {
        try Resample8Backend.$current.withValue(.avx2) {
            print("8-bit passes: AVX2 C kernels (forced on a CPU with AVX-512)")
            try checkEveryCase()
        }
    }

    @Test(.enabled(if: PillowFixtures.available, PillowFixtures.missingReason))
    func everyCaseMatchesPillowOnThePortablePasses() throws {
        try Resample8Backend.$current.withValue(.portable) {
            // The 1600x1200 cases are there for the C kernels' threaded passes; on the (debug-built) Swift passes
            // they would only add minutes.
            print("8-bit passes: portable Swift (inputs up to 1 megapixel)")
            try checkEveryCase(maxInputPixels: 1_000_000)
        }
    }

    /// The 16-bit and float cases (I;16, F) on each level of the double-precision C kernels, and on the Swift passes
    /// (the automatic choice, the best level the CPU runs, already ran above).
    @Test(.enabled(if: PillowFixtures.available, PillowFixtures.missingReason),
          arguments: ["plain C", "AVX2", "AVX-512", "portable Swift"])
    func wideCasesMatchPillowOnEveryBackend(_ name: String) throws {
        let backend: ResampleWideBackend = switch name {
        case "plain C": .kernels(level: Int32(CTK_LEVEL_PLAIN))
        case "AVX2": .kernels(level: Int32(CTK_LEVEL_AVX2))
        case "AVX-512": .kernels(level: Int32(CTK_LEVEL_AVX512))
        default: .portable
        }
        if case .kernels(let level) = backend, level > ctk_cpu_level() {
            print("16-bit/float passes: the CPU has no \(name); the kernels run at level \(ctk_cpu_level()) instead")
        }
        try ResampleWideBackend.$current.withValue(backend) {
            print("16-bit/float passes: \(name)")
            try checkEveryCase(modes: ["I;16", "F"], minimumCases: 1000)
        }
    }

    private func checkEveryCase(maxInputPixels: Int = .max, modes: Set<String>? = nil, minimumCases: Int = 4000) throws {
        let cases = try PillowFixtures.cases("resize.json")
        var blobs: [String: [UInt8]] = [:]
        var table: [String: (cases: Int, mismatches: Int)] = [:]
        var failures: [String] = []
        for c in cases {
            let mode = c["mode"] as! String, filterName = c["filter"] as! String
            if let modes, !modes.contains(mode) { continue }
            let blobName = "resize_\(mode.replacingOccurrences(of: ";", with: "")).npy"
            if blobs[blobName] == nil { blobs[blobName] = try PillowFixtures.blob(blobName) }
            let blob = blobs[blobName]!
            let (w, h) = PillowFixtures.size(c["in"]), (ow, oh) = PillowFixtures.size(c["out"])
            if w * h > maxInputPixels { continue }
            let box = (c["box"] as? [Double]).map { ResizeBox(x0: Float($0[0]), y0: Float($0[1]), x1: Float($0[2]), y1: Float($0[3])) }
            let input = try ImageBuffer(width: w, height: h, format: PillowFixtures.format(ofMode: mode)!,
                                        bytes: PillowFixtures.slice(blob, c["input"]))
            let resize = Resize(width: ow, height: oh, filter: ResampleFilter(rawValue: filterName)!, box: box)
            let key = "\(mode) \(filterName)"
            var ok: Bool
            var detail = ""
            if c.keys.contains("error") {
                let expected = c["error"] as? String
                do {
                    _ = try resize.apply(input)
                    ok = expected == nil
                    detail = "succeeded, Pillow raised \(expected ?? "-")"
                } catch let e as ImageError {
                    ok = e.kind == .invalidArgument && e.reason == expected
                    detail = "threw \(e.reason), Pillow \(expected ?? "succeeded")"
                }
            } else {
                let expected = PillowFixtures.slice(blob, c["output"])
                let got = try resize.apply(input)
                let bytes = got.packedBytes()
                ok = got.width == ow && got.height == oh && bytes.elementsEqual(expected)
                if !ok {
                    let diff = zip(bytes, expected).filter { $0 != $1 }.count
                    detail = "\(diff) bytes differ"
                }
            }
            var entry = table[key] ?? (0, 0)
            entry.cases += 1
            if !ok {
                entry.mismatches += 1
                if failures.count < 20 { failures.append("\(mode) \(filterName) \(w)x\(h)->\(ow)x\(oh) box \(String(describing: c["box"] ?? "none")): \(detail)") }
            }
            table[key] = entry
        }
        print("| mode | filter | cases | mismatches |\n|---|---|---:|---:|")
        for key in table.keys.sorted() {
            let parts = key.split(separator: " ")
            print("| \(parts[0]) | \(parts[1]) | \(table[key]!.cases) | \(table[key]!.mismatches) |")
        }
        let total = table.values.reduce(0) { $0 + $1.cases }, bad = table.values.reduce(0) { $0 + $1.mismatches }
        print("resize vs Pillow 13.0.0: \(total) cases, \(bad) mismatches")
        for f in failures { print("MISMATCH \(f)") }
        #expect(total > minimumCases)
        #expect(bad == 0)
    }
}
