#!/usr/bin/env bash
# Keras API benchmark, one run side by side:
# - one image, one thread: Imago loadImage + imageToArray vs C (libjpeg decode + vectorised uint8->float32 widen,
#   numpy-style allocation) vs Keras 3.15.1 load_img + img_to_array (numpy backend, timed inside Python);
# - `imago to-array` over 200 generated 640x427 photos (every core, whole process, writing .npy files to disk with
#   an fsync each, and to tmpfs) vs a Python loop of Keras load_img + img_to_array over the same files (timed inside
#   Python after imports, no files written; run once per Imago row), with and without --target-size 224 224;
# - the opt-in shrink-on-load fast path on a 4000x3000 JPEG to 224x224, vs Keras and vs the C DCT-scaled decode.
# Prints a markdown table. Usage: Benchmarks/keras/run.sh   (VENV=path/to/venv)
set -euo pipefail
cd "$(dirname "$0")"
VENV="${VENV:-../../.venv}"
PY="$VENV/bin/python"
export KERAS_BACKEND=numpy
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

swift build -c release --product KerasBench >&2
(cd ../.. && swift build -c release --product imago >&2)
IMAGO="$(cd ../.. && swift build -c release --show-bin-path)/imago"
gcc -O3 -o "$work/decode_widen" c/decode_widen.c -ljpeg
"$PY" bench_keras.py inputs "$work"

{
  for size in 640x427 1920x1080 4000x3000; do
    f="$work/photo_$size.jpg"
    reps=30; [ "$size" = 4000x3000 ] && reps=10
    "$work/decode_widen" "$f" "$reps"
    .build/release/KerasBench "$f" "$reps"
    "$PY" bench_keras.py single "$f" "$reps"
  done
  f="$work/photo_4000x3000.jpg"
  "$work/decode_widen" "$f" 10 8
  .build/release/KerasBench "$f" 10 224 224 shrink
  .build/release/KerasBench "$f" 10 224 224
  "$PY" bench_keras.py single "$f" 10 224 224
  shm="/dev/shm/imago-keras-bench-$$"
  for target in "" "224 224"; do
    args=(); [ -n "$target" ] && args=(--target-size $target --interpolation bilinear)
    label="folder of 200"; [ -n "$target" ] && label="folder of 200 --target-size $target"
    # .npy files written to disk (each fsync'd by the atomic write), then to tmpfs (no disk I/O).
    for dest in "$work/out" "$shm"; do
      rm -rf "$dest"; mkdir -p "$dest"
      start=$(date +%s%N)
      /usr/bin/time -f "%U %S" -o "$work/cpu" "$IMAGO" to-array "$work"/photos/*.jpg --out-dir "$dest" "${args[@]}"
      end=$(date +%s%N)
      cpu=$(awk '{printf "%.0f", ($1 + $2) * 1000}' "$work/cpu")
      where="disk"; [ "$dest" = "$shm" ] && where="tmpfs"
      echo "{\"tool\": \"imago\", \"case\": \"$label (npy to $where)\", \"file\": \"photos/*.jpg\", \"median_ms\": $(( (end - start) / 1000000 )), \"cpu_ms\": $cpu}"
      rm -rf "$dest"
    done
    "$PY" bench_keras.py folder "$work/photos" $target | sed "s/\"case\": \"$label\"/\"case\": \"$label (npy to disk)\"/"
    "$PY" bench_keras.py folder "$work/photos" $target | sed "s/\"case\": \"$label\"/\"case\": \"$label (npy to tmpfs)\"/"
  done
} > "$work/results.jsonl"

echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$PY" - "$work/results.jsonl" <<'PYEOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
cells = {}
for r in rows:
    cells.setdefault((r["case"].replace(" 1/N", "").replace(" shrink-on-load", ""), r["file"]), {})[r["tool"] + (" shrink" if "shrink" in r["case"] or "1/N" in r["case"] else "")] = r
def table(key, title):
    print(title)
    print()
    print("| case | file | C | Imago | Keras | Imago / C | Imago / Keras |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (case, file), t in cells.items():
        get = lambda tool: t.get(tool, {}).get(key)
        c, i, k = get("c"), get("imago"), get("keras")
        if key == "cpu_ms" and i is None:
            continue
        fmt = lambda v: f"{v:.2f}" if v is not None else ""
        ratio = lambda a, b: f"x{a / b:.2f}" if a is not None and b else ""
        if "224x224" in case and "imago shrink" in t:
            cs, s = get("c shrink"), get("imago shrink")
            print(f"| {case} shrink-on-load (C: DCT 1/8 decode + widen only) | {file} | {fmt(cs)} | {fmt(s)} | {fmt(k)} | {ratio(s, cs)} | {ratio(s, k)} |")
        print(f"| {case} | {file} | {fmt(c)} | {fmt(i)} | {fmt(k)} | {ratio(i, c)} | {ratio(i, k)} |")
    print()

table("median_ms", "Median wall-clock ms (folder rows: one run, whole process for imago):")
table("cpu_ms", "CPU ms (single-image rows: median thread CPU time; folder rows: user+sys of the whole imago process, all threads, vs the Python loop's process CPU time). Less sensitive to other jobs on the machine:")
PYEOF
