#!/usr/bin/env bash
# The Imago benchmark, in one run: builds Benchmarks/ (the ImagoBench harness with the plain C baselines), generates
# the inputs (make_inputs.py, deterministic, into Benchmarks/.out/inputs), times Imago and C (ImagoBench), Pillow 13,
# Pillow-SIMD (Benchmarks/.venv-simd, when installed), Keras 3.15.1, tf.data, Netpbm and the `imago` CLI (peers.py)
# with one timing rule, and prints the report (report.py) with the machine, the date and the command; also written to
# Benchmarks/.out/report.md.
#   QUICK=1        few repetitions, 640x427 only, a folder of 64 images, one round, no tf.data and no memory rows
#                  (a smoke test: under 3 minutes on a quiet machine)
#   SIZES=...      comma-separated WxH (default 640x427,1920x1080,4000x3000)
#   BENCH_GROUPS=...     comma-separated codecs,keras,transforms,photos,datasets,folder,pipeline (default all;
#                  pipeline is pipeline.py: imago dataset and the AsyncSequence against Keras's tf.data, not with QUICK=1)
#   VENV, SIMD_VENV Python venvs; IMAGO_BIN the `imago` CLI for the folder rows (default ../.build/release/imago)
# Benchmarks/distributed/run.sh (engine scaling over Ray/Spark workers) is separate.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd .. && pwd)
export VENV="${VENV:-$ROOT/.venv}"
SIMD_VENV="${SIMD_VENV:-$ROOT/Benchmarks/.venv-simd}"
PY="$VENV/bin/python"
QUICK="${QUICK:-0}"
export QUICK
if [ "$QUICK" = 1 ]; then
  SIZES="${SIZES:-640x427}"; ROUNDS="${ROUNDS:-1}"; FOLDER=64
else
  SIZES="${SIZES:-640x427,1920x1080,4000x3000}"; ROUNDS="${ROUNDS:-2}"; FOLDER=200
fi
BENCH_GROUPS="${BENCH_GROUPS:-codecs,keras,transforms,photos,datasets,folder,pipeline}"
CONFIGURATION="${CONFIGURATION:-release}"
IMAGO_BIN="${IMAGO_BIN:-$ROOT/.build/release/imago}"
OUT=.out
INPUTS="$OUT/inputs-$FOLDER"  # the folder of 640x427 JPEGs has $FOLDER images
RAW="$OUT/results.jsonl"
mkdir -p "$OUT"
has() { case ",$BENCH_GROUPS," in *",$1,"*) return 0 ;; esac; return 1; }

# A path dependency's new source files are not seen through a kept build description: drop it first.
rm -f ".build/$CONFIGURATION.yaml"
swift build -c "$CONFIGURATION" --scratch-path .build --product ImagoBench >&2
BENCH="$(swift build -c "$CONFIGURATION" --scratch-path .build --show-bin-path)/ImagoBench"
"$PY" make_inputs.py "$INPUTS" "$SIZES" "$FOLDER" >&2

# The level Imago's kernels run at: AVX-512 needs VBMI and VNNI (as ctk_cpu_level asks), else AVX2.
avx512=0
grep -qs avx512vbmi /proc/cpuinfo && grep -qs avx512_vnni /proc/cpuinfo && avx512=1
if [ "$avx512" = 1 ]; then vectors='AVX-512 with VBMI and VNNI'
elif grep -qs avx512f /proc/cpuinfo; then vectors='AVX-512 without VBMI/VNNI: the AVX2 kernels'
elif grep -qs avx2 /proc/cpuinfo; then vectors='AVX2, no AVX-512'
else vectors='no AVX2'; fi
cpuinfo() { grep -m1 "$1" /proc/cpuinfo 2>/dev/null | cut -d: -f2 | xargs; }

{
  echo "# Imago benchmark$([ "$QUICK" = 1 ] && echo ' (QUICK: few repetitions, smoke test only)')"
  echo
  echo "- command: \`${BENCH_COMMAND:-$([ "$QUICK" = 1 ] && echo 'QUICK=1 ')bash Benchmarks/run.sh}\` (SIZES=$SIZES, ROUNDS=$ROUNDS, BENCH_GROUPS=$BENCH_GROUPS, $CONFIGURATION build)"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "- machine: $(cpuinfo 'model name') (family $(cpuinfo 'cpu family'), model $(cpuinfo '^model[[:space:]]*:'); $vectors), $(nproc) cores, $(uname -sr), load before the run $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
  echo "- C: libjpeg-turbo $(pkg-config --modversion libturbojpeg 2>/dev/null || echo '?'), libpng $(pkg-config --modversion libpng16 2>/dev/null || echo '?'), libtiff $(pkg-config --modversion libtiff-4 2>/dev/null || echo '?'), libwebp $(pkg-config --modversion libwebp 2>/dev/null || echo '?'), giflib $(grep -m2 -E 'GIFLIB_(MAJOR|MINOR)' /usr/include/gif_lib.h 2>/dev/null | awk '{printf "%s%s", s, $3; s="."}')"
  echo "- Python: Pillow $("$PY" -c 'import PIL; print(PIL.__version__)'), Pillow-SIMD $("$SIMD_VENV/bin/python" -c 'import PIL; print(PIL.__version__)' 2>/dev/null || echo 'not installed'), Keras $("$PY" -c 'import keras; print(keras.__version__)' 2>/dev/null || echo '?') (numpy backend)"
  echo "- rule: every row does the whole operation with the file read inside the timing; warm-ups, then at least $([ "$QUICK" = 1 ] && echo '3 runs and 0.05 s (at most 20 runs or 1 s)' || echo '15 runs and 0.5 s (at most 200 runs or 10 s)'); medians of wall and process CPU time, an Imago row and its C baseline interleaved run by run; the lowest median of $ROUNDS round(s)"
} > "$OUT/header.md"

: > "$RAW"
swift_groups=$(echo "$BENCH_GROUPS" | tr ',' '\n' | { grep -v -e '^folder$' -e '^pipeline$' || true; } | paste -sd, -)
for round in $(seq "$ROUNDS"); do
  echo "== round $round" >&2
  if [ -n "$swift_groups" ]; then
    "$BENCH" run "$INPUTS" "$SIZES" "$swift_groups" | tee -a "$RAW" >&2
  fi
  # What a CPU without AVX-512 runs (the AVX2 kernels), when this one has AVX-512.
  if [ "$avx512" = 1 ] && has transforms; then
    IMAGO_BENCH_MAX_LEVEL=avx2 "$BENCH" run "$INPUTS" "$SIZES" transforms | tee -a "$RAW" >&2
  fi
  "$PY" peers.py pillow "$INPUTS" "$SIZES" "$BENCH_GROUPS" | tee -a "$RAW" >&2
  if [ -x "$SIMD_VENV/bin/python" ]; then
    "$SIMD_VENV/bin/python" peers.py pillow-simd "$INPUTS" "$SIZES" "$BENCH_GROUPS" | tee -a "$RAW" >&2
  else
    echo "Pillow-SIMD not installed: python3 -m venv $SIMD_VENV && $SIMD_VENV/bin/pip install numpy pillow-simd" >&2
  fi
  "$PY" peers.py keras "$INPUTS" "$SIZES" "$BENCH_GROUPS" | tee -a "$RAW" >&2
  if has keras; then
    "$PY" peers.py tensorflow "$INPUTS" "$SIZES" keras | tee -a "$RAW" >&2
  fi
  if has codecs && command -v pamtopam >/dev/null; then
    "$PY" peers.py netpbm "$INPUTS" "$SIZES" codecs | tee -a "$RAW" >&2
  fi
  if has datasets && [ "$QUICK" != 1 ]; then
    "$PY" peers.py tf.data "$INPUTS" "$SIZES" datasets | tee -a "$RAW" >&2
  fi
  if has folder; then
    if [ -x "$IMAGO_BIN" ]; then
      IMAGO_BIN="$IMAGO_BIN" "$PY" peers.py imago-cli "$INPUTS" "$SIZES" folder | tee -a "$RAW" >&2
    else
      echo "no imago CLI at $IMAGO_BIN (make build-release): the folder rows have no Imago side" >&2
    fi
  fi
done

# Peak memory, each in a fresh process (full runs only).
if [ "$QUICK" != 1 ]; then
  big=$(echo "$SIZES" | tr ',' '\n' | tail -1)
  for format in jpeg png; do
    ext=$([ "$format" = jpeg ] && echo jpg || echo png)
    for tool in c imago; do "$BENCH" memory "$tool" "$format" "$INPUTS/photo_$big.$ext" >> "$RAW"; done
  done
  if has datasets; then
    for n in 500 2000; do
      "$PY" make_inputs.py "$OUT/folder-$n" "" "$n" >&2
      "$BENCH" dataset-memory "$OUT/folder-$n/photos" >> "$RAW"
    done
  fi
fi

"$PY" report.py "$RAW" "$OUT/header.md" > "$OUT/report.md"
# Issue 20's pipelines (own table): once, after the rest, on the same machine state.
if has pipeline && [ "$QUICK" != 1 ]; then
  if [ -x "$IMAGO_BIN" ]; then
    "$PY" pipeline.py "$OUT/pipeline" "$IMAGO_BIN" "$BENCH" >> "$OUT/report.md"
  else
    echo "no imago CLI at $IMAGO_BIN (make build-release): no pipeline rows" >&2
  fi
fi
cat "$OUT/report.md"
