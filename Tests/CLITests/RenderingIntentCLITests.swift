import Foundation
import Testing
import TestSupport

/// `--to-srgb --intent NAME` against lcms2's own `tificc -tN` (from `gen_color.py`), on the input profile whose
/// absolute colorimetric conversion differs from the perceptual one.
@Suite struct RenderingIntentCLITests {
    static let directory = TestPaths.fixture("color")
    static let file = directory + "/P3-scanner-D65white-tif.tif"
    static let ready = CLIRunner.available && FileManager.default.fileExists(atPath: directory + "/P3-scanner-D65white-tif.tificc-t3.npy")
    static let reason: Comment = "imago binary or color fixtures missing (make fixtures; tificc from liblcms2-utils)"

    @Test(.enabled(if: ready, reason), arguments: [("perceptual", ""), ("relative", "-t1"), ("saturation", "-t2"), ("absolute", "-t3")])
    func toArrayUsesTheIntent(_ name: String, _ suffix: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory + "/o.npy"
        let run = try CLIRunner.run(["to-array", Self.file, "--to-srgb", "--intent", name, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let ours = try NpyArray(path: out)
        let reference = try NpyArray(path: Self.directory + "/P3-scanner-D65white-tif.tificc\(suffix).npy")
        #expect(ours.shape == reference.shape)
        #expect(ours.doubles == reference.data.map(Double.init), "--intent \(name)")
    }

    /// `imago convert --to-srgb --intent NAME` to PNG, the written pixels read back by Pillow (not Imago).
    @Test(.enabled(if: ready && FileManager.default.isExecutableFile(atPath: TestPaths.python), reason),
          arguments: [("perceptual", ""), ("relative", "-t1"), ("absolute", "-t3")])
    func convertUsesTheIntent(_ name: String, _ suffix: String) throws {
        let out = try CLIRunner.temporaryDirectory() + "/o.png"
        let run = try CLIRunner.run(["convert", Self.file, out, "--to-srgb", "--intent", name])
        #expect(run.status == 0, "\(run.stderr)")
        let reference = Self.directory + "/P3-scanner-D65white-tif.tificc\(suffix).npy"
        let script = "import sys, numpy as np; from PIL import Image; a = np.asarray(Image.open(sys.argv[1]).convert('RGB'));"
            + " b = np.load(sys.argv[2]); print(a.shape == b.shape and bool((a == b).all()))"
        let check = try #require(runToolCapturing(TestPaths.python, ["-c", script, out, reference]))
        #expect(check.output.trimmingCharacters(in: .whitespacesAndNewlines) == "True", "--intent \(name): \(check.output)")
    }

    @Test(.enabled(if: CLIRunner.available, "no imago binary"))
    func intentNeedsToSRGBAndAKnownName() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let unknown = try CLIRunner.run(["to-array", Self.file, "--to-srgb", "--intent", "vivid", "--out", directory + "/o.npy"])
        #expect(unknown.status != 0 && unknown.stderr.contains("intent"))
        let alone = try CLIRunner.run(["convert", Self.file, directory + "/o.png", "--intent", "absolute"])
        #expect(alone.status != 0 && alone.stderr.contains("--intent needs --to-srgb"))
    }
}
