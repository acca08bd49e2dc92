#!/usr/bin/env bash
# PNG benchmark: Imago vs the same libpng calls from C (gcc -O2) vs Pillow 13 ($VENV), in one run, on generated
# photo-like RGB8 PNGs of 640x427, 1920x1080 and 4000x3000: decode (file -> RGB8 buffer, read inside the timing),
# decode into a reused buffer, encode at zlib level 6; plus the peak memory of a 4000x3000 decode.
# Usage: Benchmarks/png/run.sh [DECODE_REPS] [ENCODE_REPS]   (defaults 30 and 6; larger sizes use fewer: /2, /3)
set -euo pipefail
cd "$(dirname "$0")"
VENV="${VENV:-../../.venv}"
DECODE_REPS="${1:-30}"
ENCODE_REPS="${2:-6}"
images="../.out/png-images"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

swift build -c release --product PNGBench >&2
gcc -O2 -o "$work/png_bench" c/png_bench.c -lpng16 -lz
"$VENV/bin/python" make_images.py "$images"
# Two rounds, tools interleaved, so that a burst of load on the shared machine does not hit one tool only;
# report.py keeps the lower of the two medians of each cell.
{
  for round in 1 2; do
    "$work/png_bench" "$images" "$DECODE_REPS" "$ENCODE_REPS"
    .build/release/PNGBench "$images" "$DECODE_REPS" "$ENCODE_REPS"
    "$VENV/bin/python" bench_pillow.py "$images" "$DECODE_REPS" "$ENCODE_REPS"
  done
  "$work/png_bench" --memory "$images/photo-4000x3000.png"
  .build/release/PNGBench --memory "$images/photo-4000x3000.png"
} > "$work/results.jsonl"
echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), libpng $(pkg-config --modversion libpng 2>/dev/null || echo '?'), decode reps $DECODE_REPS, encode reps $ENCODE_REPS"
echo
"$VENV/bin/python" report.py "$work/results.jsonl"
