#!/usr/bin/env bash
# PNM: Imago (Swift, release) vs Pillow 13 vs Netpbm, decoding the same files in one run; prints a markdown table.
# Netpbm has no library headers installed, so its side is `pamtopam < FILE > /dev/null` (read + write, one process).
set -euo pipefail
cd "$(dirname "$0")"
VENV="${VENV:-../../.venv}"
PY="$VENV/bin/python"
out=.build-bench  # generated inputs (ignored by .gitignore's .build*)
mkdir -p "$out"
"$PY" - "$out" <<'PYEOF'
import subprocess, sys, numpy as np
from PIL import Image
out = sys.argv[1]
rng = np.random.default_rng(1)
Image.fromarray(rng.integers(0, 256, (3000, 4000, 3), dtype=np.uint8)).save(f"{out}/rgb8_4000x3000.ppm")
Image.fromarray(rng.integers(0, 65536, (3000, 4000), dtype=np.uint16)).save(f"{out}/gray16_4000x3000.pgm")
Image.fromarray(rng.integers(0, 256, (1000, 1000), dtype=np.uint8)).save(f"{out}/_gray8.pgm")
with open(f"{out}/gray8_ascii_1000x1000.pgm", "wb") as f:
    subprocess.run(["pnmtoplainpnm", f"{out}/_gray8.pgm"], stdout=f, check=True)
with open(f"{out}/rgb_maxval1000_2000x1500.ppm", "wb") as f:
    small = Image.fromarray(rng.integers(0, 256, (1500, 2000, 3), dtype=np.uint8)); small.save(f"{out}/_rgb8.ppm")
    subprocess.run(["pamdepth", "1000", f"{out}/_rgb8.ppm"], stdout=f, check=True, stderr=subprocess.DEVNULL)
PYEOF
files=("$out/rgb8_4000x3000.ppm" "$out/gray16_4000x3000.pgm" "$out/gray8_ascii_1000x1000.pgm" "$out/rgb_maxval1000_2000x1500.ppm")
swift build -c release --product PNMBench >/dev/null
swift_results=$(.build/release/PNMBench "${files[@]}")
"$PY" - "$swift_results" "${files[@]}" <<'PYEOF'
import io, subprocess, sys, time
from PIL import Image
swift = {l.split("\t")[0]: (float(l.split("\t")[1]), float(l.split("\t")[2])) for l in sys.argv[1].splitlines()}
def median(f, n=7):
    """Median of n runs; a single run when the first takes over a second (Pillow's pure-Python PNM paths)."""
    ts = []
    for _ in range(n):
        t = time.perf_counter(); f(); ts.append((time.perf_counter() - t) * 1e3)
        if ts[0] > 1000:
            break
    return sorted(ts)[len(ts) // 2]
print("| file | Imago decode ms | Pillow decode ms | Netpbm pamtopam ms | Pillow / Imago | Imago encode ms |")
print("|---|---:|---:|---:|---:|---:|")
for path in sys.argv[2:]:
    name = path.rsplit("/", 1)[-1]
    data = open(path, "rb").read()
    pillow = median(lambda: Image.open(io.BytesIO(data)).load())
    netpbm = median(lambda: subprocess.run(["pamtopam"], input=data, stdout=subprocess.DEVNULL, check=True), 3)
    d, e = swift[name]
    print(f"| {name} | {d:.1f} | {pillow:.1f} | {netpbm:.1f} | {pillow / d:.1f}x | {e:.1f} |")
PYEOF
