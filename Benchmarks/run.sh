#!/usr/bin/env bash
# Runs every benchmark area (Benchmarks/<area>/run.sh) in turn and collects their tables in Benchmarks/.out/.
# Each area builds in release mode and measures Imago side by side with the C library and with Pillow in one run.
# Usage: Benchmarks/run.sh [AREA...]   (VENV=path/to/venv to use another Python venv)
set -euo pipefail
cd "$(dirname "$0")"
export VENV="${VENV:-$(cd .. && pwd)/.venv}"
mkdir -p .out
areas=("$@")
if [ ${#areas[@]} -eq 0 ]; then
  for d in */run.sh; do areas+=("${d%/run.sh}"); done
fi
for area in "${areas[@]}"; do
  echo "== $area"
  bash "$area/run.sh" | tee ".out/$area.md"
done
