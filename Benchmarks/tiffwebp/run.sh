#!/usr/bin/env bash
# TIFF + WebP: Imago (Swift, release) vs the same libtiff/libwebp calls from C vs Pillow 13, in one run.
# Prints a markdown table (fastest of >= 5 runs per operation, in ms; ratios Imago/C and Pillow/Imago).
# Decodes are timed twice on the Imago side: into one reused buffer (the C side reuses its buffer too) and into a
# new buffer each call (what Pillow does). Encoders all produce a new byte array.
set -euo pipefail
cd "$(dirname "$0")"
VENV="${VENV:-../../.venv}"
PY="$VENV/bin/python"
CORPUS="${IMAGO_CORPUS:-$(cd ../../.. && pwd)/shared/corpus}"
out=.build-bench  # generated inputs (ignored by .gitignore's .build*)
mkdir -p "$out"
"$PY" - "$out" "$CORPUS" <<'PYEOF'
import sys
import numpy as np
from PIL import Image
out, corpus = sys.argv[1], sys.argv[2]
# A 2822 x 2822 photograph (retina.jpg upscaled 2x), and an RGBA variant with a gradient alpha.
rgb = Image.open(f"{corpus}/photos/retina.jpg").convert("RGB").resize((2822, 2822), Image.BICUBIC)
rgb.save(f"{out}/photo_none.tif")
rgb.save(f"{out}/photo_lzw.tif", compression="tiff_lzw")
rgb.save(f"{out}/photo_deflate_pred2.tif", compression="tiff_adobe_deflate", predictor=2)
rgb.save(f"{out}/photo_lossy_q80.webp", quality=80)
alpha = Image.fromarray(np.tile(np.linspace(0, 255, 2822).astype(np.uint8), (2822, 1)))
rgba = rgb.copy(); rgba.putalpha(alpha)
rgba.save(f"{out}/photo_alpha_lossy_q80.webp", quality=80)
rgb.resize((1411, 1411)).save(f"{out}/photo_lossless_1411.webp", lossless=True)
PYEOF
files=("$out/photo_none.tif" "$out/photo_lzw.tif" "$out/photo_deflate_pred2.tif"
       "$out/photo_lossy_q80.webp" "$out/photo_alpha_lossy_q80.webp" "$out/photo_lossless_1411.webp")
swift build -c release --product TIFFWebPBench >/dev/null
cc -O2 -o "$out/bench_c" c/bench.c -ltiff -lwebp
# Two alternating rounds of each side; the table keeps each operation's fastest time (other work on the
# machine only ever slows a run down).
swift_results=$(.build/release/TIFFWebPBench "${files[@]}")
c_results=$("$out/bench_c" "${files[@]}")
swift_results+=$'\n'$(.build/release/TIFFWebPBench "${files[@]}")
c_results+=$'\n'$("$out/bench_c" "${files[@]}")
"$PY" - "$swift_results" "$c_results" "${files[@]}" <<'PYEOF'
import io, sys, time
import numpy as np
from PIL import Image
def table(text):
    best = {}
    for line in text.splitlines():
        op, name, ms = line.split("\t")
        best[(op, name)] = min(float(ms), best.get((op, name), float("inf")))
    return best
swift, c = table(sys.argv[1]), table(sys.argv[2])
files = sys.argv[3:]
def median(f):
    """Fastest of at least 5 runs and about half a second, as the Swift and C sides."""
    ts, start = [], time.perf_counter()
    while len(ts) < 5 or (time.perf_counter() - start < 0.5 and len(ts) < 200):
        t = time.perf_counter(); f(); ts.append((time.perf_counter() - t) * 1e3)
    return min(ts)
pillow = {}
for path in files:
    data = open(path, "rb").read()
    pillow[("decode", path.rsplit("/", 1)[-1])] = median(lambda: Image.open(io.BytesIO(data)).load())
first = next(p for p in files if p.endswith(".tif"))
name = first.rsplit("/", 1)[-1]
im = Image.open(first); im.load()
def save(**kw):
    buf = io.BytesIO(); im.save(buf, **kw)
pillow[("encode-webp-lossy-q80-m4", name)] = median(lambda: save(format="WEBP", quality=80, method=4))
pillow[("encode-webp-lossless-q80-m4", name)] = median(lambda: save(format="WEBP", lossless=True, quality=80, method=4))
pillow[("encode-tiff-none", name)] = median(lambda: save(format="TIFF"))
pillow[("encode-tiff-lzw", name)] = median(lambda: save(format="TIFF", compression="tiff_lzw"))
pillow[("encode-tiff-deflate-pred2", name)] = median(lambda: save(format="TIFF", compression="tiff_adobe_deflate", predictor=2))
print("| operation | file | Imago ms | C (same lib calls) ms | Imago / C | Imago, new buffer ms | Pillow ms | Pillow / Imago new buffer |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for key, ms in swift.items():
    op, f = key
    if op == "decode-new-buffer":
        continue
    fresh = swift[("decode-new-buffer", f)] if op == "decode" else ms
    print(f"| {op} | {f} | {ms:.2f} | {c[key]:.2f} | {ms / c[key]:.3f} | {fresh:.2f} | {pillow[key]:.2f} | {pillow[key] / fresh:.2f}x |")
PYEOF
