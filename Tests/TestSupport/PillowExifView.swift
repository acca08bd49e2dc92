import Foundation

/// Pillow 13's reading of EXIF, at test time, through `scripts/fixtures/gen_tiff_exif_decode.py`: the canonical JSON
/// view `{"ifd0": ..., "exif": ..., "gps": ...}` of an image's `getexif()` or of an EXIF block (IFD0 restricted to the
/// EXIF-relevant descriptive tags, pointers left out, rationals as `n/d` as stored, bytes as hex).
public enum PillowExifView {
    /// The generator script that also prints the views.
    public static let script = TestPaths.packageRoot + "/scripts/fixtures/gen_tiff_exif_decode.py"

    /// Whether the reference Python is there.
    public static let available = FileManager.default.isExecutableFile(atPath: TestPaths.python)

    /// The view of `Image.open(path)` (frame `frame`)'s `getexif()`; `nil` when Python failed.
    public static func ofImage(_ path: String, frame: Int = 0) -> String? {
        guard let run = runToolCapturing(TestPaths.python, [script, "image", path, String(frame)]), run.status == 0 else {
            return nil
        }
        return run.output
    }

    /// The view of an EXIF block (`Image.Exif().load(block)`); `nil` when Python failed.
    public static func ofBlock(_ block: [UInt8]) -> String? {
        let path = temporaryPath(".exif")
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard (try? Data(block).write(to: URL(fileURLWithPath: path))) != nil,
              let run = runToolCapturing(TestPaths.python, [script, "block", path]), run.status == 0 else { return nil }
        return run.output
    }

    /// The views of many images and blocks in one run of Python: `(kind, path)` with kind `image` or `block`; a view
    /// is `nil` where Pillow failed. `nil` when Python failed.
    public static func views(_ items: [(kind: String, path: String)]) -> [[String: [String: Any]]?]? {
        let list = temporaryPath(".json")
        defer { try? FileManager.default.removeItem(atPath: list) }
        guard let data = try? JSONSerialization.data(withJSONObject: items.map { [$0.kind, $0.path] }),
              (try? data.write(to: URL(fileURLWithPath: list))) != nil,
              let run = runToolCapturing(TestPaths.python, [script, "views", list]), run.status == 0,
              let all = (try? JSONSerialization.jsonObject(with: Data(run.output.utf8))) as? [Any],
              all.count == items.count else { return nil }
        return all.map { $0 as? [String: [String: Any]] }
    }

    /// A view parsed: directory name to tag (decimal) to canonical value.
    public static func parsed(_ json: String?) -> [String: [String: Any]]? {
        guard let json else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: [String: Any]]
    }
}
