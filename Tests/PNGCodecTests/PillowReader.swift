import Foundation
import TestSupport

/// Runs Pillow (from `$IMAGO_PYTHON`, default `<package>/.venv/bin/python`) over PNG files this test process wrote,
/// to check them with an independent reader. For each file it writes `<file>.npy` (Pillow's pixels, palette images
/// converted as in `scripts/fixtures/gen_png.py`) and reports the mode, text, dpi, ICC and EXIF sizes, and, from an
/// independent zlib inflate of the IDAT data, the set of row filter bytes.
enum PillowReader {
    static let python = TestPaths.python

    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? run(["-c", "import PIL, numpy"])) != nil
    }()

    struct Report: Decodable {
        var mode: String
        var size: [Int]
        var filters: [Int]
        var text: [String: String]
        var dpi: [Double]
        var icc: [UInt8]
        var exif: [UInt8]
    }

    static let script = #"""
import json, struct, sys, zlib
import numpy as np
from PIL import Image
out = {}
for path in sys.argv[1:]:
    d = open(path, "rb").read()
    i, ihdr, idat = 8, None, b""
    while i + 12 <= len(d):
        n, = struct.unpack(">I", d[i:i + 4]); t = d[i + 4:i + 8]; body = d[i + 8:i + 8 + n]
        if t == b"IHDR": ihdr = body
        if t == b"IDAT": idat += body
        i += 12 + n
    w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", ihdr)
    raw = zlib.decompress(idat)
    filters = []
    if not interlace:
        stride = (w * depth * {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype] + 7) // 8
        filters = sorted(set(raw[y * (stride + 1)] for y in range(h)))
    with Image.open(path) as im:
        im.load()
        mode = im.mode
        if mode == "P":
            mode = "P->RGBA" if "transparency" in im.info else "P->RGB"
            arr = np.asarray(im.convert(mode[3:]))
        else:
            arr = np.asarray(im)
        if mode == "1":
            arr = arr.astype(np.uint8) * 255
        np.save(path + ".npy", np.ascontiguousarray(arr))
        exif = im.info.get("exif") or b""
        if exif.startswith(b"Exif\x00\x00"): exif = exif[6:]
        out[path] = {"mode": mode, "size": [im.width, im.height], "filters": filters,
                     "text": {str(k): str(v) for k, v in im.text.items()},
                     "dpi": list(im.info.get("dpi", [])), "icc": list(im.info.get("icc_profile") or b""), "exif": list(exif)}
print(json.dumps(out))
"""#

    /// Pillow's report on each file.
    static func read(_ paths: [String]) throws -> [String: Report] {
        try JSONDecoder().decode([String: Report].self, from: Data(run(["-c", script] + paths)))
    }

    static func run(_ arguments: [String]) throws -> [UInt8] {
        try runTool(python, arguments)
    }
}
