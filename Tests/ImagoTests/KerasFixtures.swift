import Foundation
import Imago
import Testing
import TestSupport

/// The Keras parity fixtures written by `scripts/fixtures/gen_keras.py` (`make fixtures`).
enum KerasFixtures {
    static let area = "keras"
    static let available = TestPaths.fixturesAvailable(area) && FileManager.default.fileExists(atPath: path("manifest.json"))
    static let missingReason: Comment = "Keras fixtures missing at \(TestPaths.fixture(area)): run `VENV=/work/venv make fixtures`"

    static func path(_ relative: String) -> String { TestPaths.fixture(area + "/" + relative) }

    /// The parsed manifest (`[String: Any]` from JSON; written once, then only read).
    nonisolated(unsafe) static let manifest: [String: Any] = {
        guard available, let data = FileManager.default.contents(atPath: path("manifest.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }()

    static func cases(_ key: String) -> [[String: Any]] { manifest[key] as? [[String: Any]] ?? [] }

    /// Whether the standard registry can decode (or encode) a format id; `none` (not an image) always counts as present.
    static func hasDecoder(_ codec: String) -> Bool {
        codec == "none" || FormatRegistry.standard.format(id: FormatID(codec))?.decoder != nil
    }

    static func hasEncoder(_ codec: String) -> Bool {
        FormatRegistry.standard.format(id: FormatID(codec))?.encoder != nil
            || FormatRegistry.standard.format(forExtension: codec)?.encoder != nil
    }

    /// Whether the Transforms module's Pillow resize is implemented (it throws `unsupported` while it is a stub).
    static let resizeAvailable: Bool = {
        guard let image = try? ImageBuffer(width: 2, height: 2, format: .rgb8) else { return false }
        return (try? Resize(width: 1, height: 1, filter: .bilinear).apply(image)) != nil
    }()

    /// The largest absolute difference between an Imago array and a reference `.npy` (nil when shapes differ; NaN for an
    /// unexpected reference dtype, which then counts as a mismatch).
    static func maxAbsDiff(_ array: NDArray, _ reference: NpyArray) -> Double? {
        guard array.shape == reference.shape, array.count == reference.count else { return nil }
        if array.dtype == .float32 {
            // Fast path for the common case (Keras's float32 arrays stored as u1/u2/f4), reading the bytes directly.
            return array.withUnsafeElements(as: Float.self) { ours -> Double in
                reference.data.withUnsafeBytes { raw -> Double in
                    var worst = 0.0
                    for i in 0..<ours.count {
                        let theirs: Double
                        switch reference.dtype {
                        case "|u1", "<u1": theirs = Double(raw[i])
                        case "<u2": theirs = Double(raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                        case "<f4": theirs = Double(raw.loadUnaligned(fromByteOffset: 4 * i, as: Float.self))
                        default: return .nan
                        }
                        let d = abs(Double(ours[i]) - theirs)
                        if d.isNaN { return .infinity }
                        worst = max(worst, d)
                    }
                    return worst
                }
            }
        }
        let ours = array.doubles()
        let theirs = reference.doubles
        var worst = 0.0
        for i in ours.indices {
            let d = abs(ours[i] - theirs[i])
            if d.isNaN { return .infinity }
            worst = max(worst, d)
        }
        return worst
    }
}

extension KerasFixtures {
    /// Compares what Imago loaded for load case `c` (`id`, `expect`, `error`, `mode`) with Keras's array at
    /// `referencePath` and counts the outcome in `tally`.
    static func tallyLoaded(_ image: KerasImage, _ array: NDArray, case c: [String: Any], referencePath: (String) -> String,
                            into tally: inout ParityTally) throws {
        let id = c["id"] as! String
        guard (c["expect"] as! String) == "ok" else {
            tally.mismatched.append("\(id): Keras rejects it (\(c["error"] as! String)) but Imago loaded it")
            return
        }
        if let mode = c["mode"] as? String, mode != image.mode.rawValue {
            tally.mismatched.append("\(id): mode \(image.mode.rawValue), Keras \(mode)")
            return
        }
        let reference = try NpyArray(path: referencePath(c["reference"] as! String))
        guard let diff = maxAbsDiff(array, reference) else {
            tally.mismatched.append("\(id): shape \(array.shape), Keras \(reference.shape)")
            return
        }
        if diff == 0 { tally.identical += 1 } else { tally.mismatched.append("\(id): max abs diff \(diff)") }
    }
}

/// Counts of a parity run, printed as a table.
struct ParityTally {
    var name: String
    var identical = 0
    var mismatched: [String] = []
    var skipped: [String: Int] = [:]
    var notes: [String] = []

    var total: Int { identical + mismatched.count + skipped.values.reduce(0, +) }

    mutating func skip(_ reason: String) { skipped[reason, default: 0] += 1 }

    func report() {
        print("| \(name) | cases \(total) | identical \(identical) | mismatched \(mismatched.count) | skipped \(skipped.values.reduce(0, +)) |")
        for (reason, count) in skipped.sorted(by: { $0.key < $1.key }) { print("  SKIPPED \(count): \(reason)") }
        for line in mismatched.prefix(40) { print("  MISMATCH \(line)") }
        if mismatched.count > 40 { print("  ... \(mismatched.count - 40) more mismatches") }
        for line in notes { print("  NOTE \(line)") }
    }
}
