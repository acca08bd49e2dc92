import Foundation
import ImageKernel
import TestSupport

/// Runs Pillow (from `$IMAGO_PYTHON`, default `<package>/.venv/bin/python`) at test time on GIFs this process wrote,
/// and has Pillow write the same source pixels as `img.save("x.gif")` does (Keras's `save_img`), to compare.
enum PillowGIFWriter {
    static let python: String = {
        if let env = ProcessInfo.processInfo.environment["IMAGO_PYTHON"], !env.isEmpty { return env }
        return TestPaths.packageRoot + "/.venv/bin/python"
    }()

    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return runToolCapturing(python, ["-c", "import PIL, numpy"])?.status == 0
    }()

    /// Pillow's view of one GIF: mode, colour table (as Pillow reads it from the file), palette indices or gray values,
    /// the RGBA pixels of every frame, and the header facts.
    struct Reading: Decodable, Equatable {
        var mode: String
        var palette: [Int]
        var indices: [Int]
        var rgba: [[Int]]
        var version: String
        var interlaced: Bool
        var transparency: Int?
        var durations: [Int]
        var loop: Int?
    }

    struct Report: Decodable {
        /// Pillow reading the file Imago wrote.
        var ours: Reading
        /// Pillow reading the file Pillow wrote from the same pixels.
        var pillow: Reading
    }

    static let script = #"""
import io, json, sys
import numpy as np
from PIL import Image

def reading(data):
    im = Image.open(io.BytesIO(data))
    im.load()
    out = {"mode": im.mode, "palette": list(im.getpalette() or []), "indices": np.asarray(im).ravel().tolist(),
           "version": data[:6].decode(), "transparency": im.info.get("transparency"), "loop": im.info.get("loop")}
    # The first image descriptor's interlace flag.
    i = 13 + (3 << ((data[10] & 7) + 1) if data[10] & 0x80 else 0)
    while data[i] == 0x21:
        i += 2
        while data[i]:
            i += data[i] + 1
        i += 1
    out["interlaced"] = bool(data[i + 9] & 0x40)
    frames, durations = [], []
    for n in range(getattr(im, "n_frames", 1)):
        im.seek(n)
        frames.append(np.asarray(im.convert("RGBA")).ravel().tolist())
        durations.append(im.info.get("duration", 0))
    out["rgba"] = frames
    out["durations"] = durations
    return out

report = {}
for arg in sys.argv[1:]:
    gif, raw, w, h, c, frames, duration = arg.split("|")
    w, h, c, frames, duration = int(w), int(h), int(c), int(frames), int(duration)
    pixels = np.frombuffer(open(raw, "rb").read(), np.uint8).reshape(frames, h, w, c)
    mode = {1: "L", 3: "RGB", 4: "RGBA"}[c]
    images = [Image.fromarray(p[:, :, 0] if c == 1 else p, mode) for p in pixels]
    buf = io.BytesIO()
    if frames == 1:
        images[0].save(buf, format="GIF")
    else:
        images[0].save(buf, format="GIF", save_all=True, append_images=images[1:], duration=duration, loop=0)
    report[gif] = {"ours": reading(open(gif, "rb").read()), "pillow": reading(buf.getvalue())}
print(json.dumps(report))
"""#

    /// One comparison: our file, the source pixels (`frames` x height x width x channels, packed) and the duration.
    struct Case {
        var gif: String
        var pixels: [UInt8]
        var width: Int
        var height: Int
        var channels: Int
        var frames: Int = 1
        var duration: Int = 0
    }

    static func compare(_ cases: [Case]) throws -> [String: Report] {
        var arguments = ["-c", script]
        for c in cases {
            let raw = c.gif + ".raw"
            _ = FileManager.default.createFile(atPath: raw, contents: Data(c.pixels))
            arguments.append([c.gif, raw, "\(c.width)", "\(c.height)", "\(c.channels)", "\(c.frames)", "\(c.duration)"].joined(separator: "|"))
        }
        guard let (status, output) = runToolCapturing(python, arguments), status == 0 else {
            throw ImageError.io("Pillow's GIF comparison script failed")
        }
        return try JSONDecoder().decode([String: Report].self, from: Data(output.utf8))
    }
}
