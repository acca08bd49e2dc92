#!/usr/bin/env bash
# JPEG benchmarks: Imago vs the same libjpeg-turbo calls from C vs Pillow, in one run; prints markdown tables.
# Usage: Benchmarks/jpeg/run.sh   (VENV=/path/to/venv for Python; IMAGO_CORPUS for the shared corpus)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
CORPUS="${IMAGO_CORPUS:-$ROOT/../shared/corpus}"
OUT="$ROOT/Benchmarks/.out/jpeg"
mkdir -p "$OUT"

swift build -c release --product jpeg-bench >&2
BENCH="$(swift build -c release --show-bin-path)/jpeg-bench"
gcc -O2 -o "$OUT/c-bench" c/bench.c -ljpeg -lturbojpeg
"$PY" pillow_bench.py images "$OUT/images" >&2

FILES=("$CORPUS/photos/rocket.jpg" "$OUT/images/photo_640x427.jpg" "$OUT/images/photo_1920x1080.jpg" "$OUT/images/photo_4000x3000.jpg")
{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  for f in "${FILES[@]}"; do
    for n in 1 2 4 8; do
      "$OUT/c-bench" turbojpeg "$f" "$n"
      "$OUT/c-bench" libjpeg "$f" "$n"
      "$BENCH" decode "$f" "$n"
      "$BENCH" decode-reuse "$f" "$n"
      "$PY" pillow_bench.py decode "$f" "$n"
      "$PY" pillow_bench.py decode-load "$f" "$n"
    done
    "$OUT/c-bench" turbojpeg-encode "$f" 90
    "$OUT/c-bench" libjpeg-encode "$f" 90
    "$BENCH" encode "$f" 90
    "$PY" pillow_bench.py encode "$f" 90
  done
  "$OUT/c-bench" rss "$OUT/images/photo_4000x3000.jpg" 1
  "$BENCH" rss "$OUT/images/photo_4000x3000.jpg"
} | tee "$OUT/raw.jsonl" | "$PY" report.py
