#!/usr/bin/env bash
# Runs every codec's fuzz target one after another (the machine is shared: one fuzzer at a time)
# and keeps each run's log in .build-fuzz/logs/<codec>.log for Fuzz/RESULTS.md.
# Usage: scripts/fuzz-campaign.sh [SECONDS_PER_CODEC] [codec...]
#        TARGET=fuzz-deep scripts/fuzz-campaign.sh 1800 jpeg png tiff webp gif   # against the instrumented C libraries
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}; shift || true
codecs=("$@"); [ ${#codecs[@]} -eq 0 ] && codecs=(png jpeg tiff webp pnm bmp)
target=${TARGET:-fuzz}
mkdir -p .build-fuzz/logs
for codec in "${codecs[@]}"; do
  echo "== $codec ($target): $(date -u +%H:%M:%S) for ${seconds}s"
  make "$target" CODEC="$codec" SECONDS="$seconds" > ".build-fuzz/logs/$target-$codec.log" 2>&1
  echo "== $codec: exit $? at $(date -u +%H:%M:%S)"
  grep -E '^stat::|^#[0-9]+ +DONE|SUMMARY|ERROR: libFuzzer|fuzz-deep coverage' ".build-fuzz/logs/$target-$codec.log" | tail -10
done
