#!/usr/bin/env bash
# Transforms benchmark: Imago vs Pillow 13.0.0 ($VENV) vs Pillow-SIMD (Benchmarks/.venv-simd, when installed) in one run:
# resize 640x427, 1920x1080, 4000x3000 RGB, I;16 and F -> 224x224 (bilinear, bicubic, lanczos), RGB->L, UInt8->Float32.
# Imago's outputs are checked byte for byte against Pillow 13's. Prints a markdown table.
set -euo pipefail
cd "$(dirname "$0")"
VENV="${VENV:-../../.venv}"
SIMD_VENV="${SIMD_VENV:-../.venv-simd}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

swift build -c release --product TransformsBench >&2
"$VENV/bin/python" make_inputs.py "$work"
{
  "$VENV/bin/python" bench_pillow.py "$work" pillow --write-references
  if [ -x "$SIMD_VENV/bin/python" ]; then
    "$SIMD_VENV/bin/python" bench_pillow.py "$work" pillow-simd
  else
    echo "Pillow-SIMD not installed at $SIMD_VENV: python3 -m venv $SIMD_VENV && $SIMD_VENV/bin/pip install numpy pillow-simd" >&2
  fi
  .build/release/TransformsBench "$work"
  # What a CPU without AVX-512 runs (the AVX2 kernels), when this one has AVX-512 (VNNI and VBMI).
  if grep -qs avx512vbmi /proc/cpuinfo && grep -qs avx512_vnni /proc/cpuinfo; then
    IMAGO_BENCH_MAX_LEVEL=avx2 .build/release/TransformsBench "$work"
  fi
} > "$work/results.jsonl"
echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); Pillow-SIMD: $("$SIMD_VENV/bin/python" -c 'import PIL; print(PIL.__version__)' 2>/dev/null || echo 'not installed')"
echo
"$VENV/bin/python" report.py "$work/results.jsonl"
