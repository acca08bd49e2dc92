#!/usr/bin/env bash
# Datasets benchmark: imageDatasetFromDirectory (grain path, 224x224 float32 batches of 32) over generated
# 640x427 JPEGs, with 1 job and with every core, against a Keras grain-path loop and a Pillow loop in one run;
# then Imago's peak RSS over 500 and 2,000 images (flat when the pipeline's memory is bounded).
# Quick run: 200 images. FULL=1: 2,000 images. Prints markdown tables. VENV: the Python venv (pillow, numpy, keras).
set -euo pipefail
cd "$(dirname "$0")"
VENV="${VENV:-../../.venv}"
N=$([ "${FULL:-0}" = 1 ] && echo 2000 || echo 200)
data=".build-data"
swift build -c release --product DatasetBench >&2
bench=.build/release/DatasetBench
for n in "$N" 500 2000; do "$VENV/bin/python" make_images.py "$data/n$n" "$n"; done
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
cores=$(nproc)
tag() { "$VENV/bin/python" -c "import json,sys; r=json.loads(sys.argv[1]); r.update(phase=sys.argv[2], label=sys.argv[3]); print(json.dumps(r))" "$@"; }
{
  tag "$("$VENV/bin/python" bench_python.py "$data/n$N" keras-grain)" speed "Keras 3.15.1 grain-path loop (numpy backend)"
  tag "$("$VENV/bin/python" bench_python.py "$data/n$N" pillow)" speed "Pillow 13 loop (antialiased BILINEAR, not the same pixels)"
  tag "$("$bench" "$data/n$N" 1)" speed "Imago imageDatasetFromDirectory"
  tag "$("$bench" "$data/n$N" "$cores")" speed "Imago imageDatasetFromDirectory"
  tag "$("$bench" "$data/n500" "$cores")" memory "500 images"
  tag "$("$bench" "$data/n2000" "$cores")" memory "2,000 images"
} > "$out"
echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), $cores cores, load $(cut -d' ' -f1-3 /proc/loadavg), $N images of 640x427 JPEG q90"
echo
"$VENV/bin/python" report.py "$out"
