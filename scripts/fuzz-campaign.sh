#!/usr/bin/env bash
# Runs every codec's fuzz target one after another (the machine is shared: one fuzzer at a time)
# and keeps each run's log in .build-fuzz/logs/<codec>.log for Fuzz/RESULTS.md.
# Usage: scripts/fuzz-campaign.sh [SECONDS_PER_CODEC] [codec...]
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}; shift || true
codecs=("$@"); [ ${#codecs[@]} -eq 0 ] && codecs=(png jpeg tiff webp pnm bmp)
mkdir -p .build-fuzz/logs
for codec in "${codecs[@]}"; do
  echo "== $codec: $(date -u +%H:%M:%S) for ${seconds}s"
  make fuzz CODEC="$codec" SECONDS="$seconds" > ".build-fuzz/logs/$codec.log" 2>&1
  echo "== $codec: exit $? at $(date -u +%H:%M:%S)"
  grep -E '^stat::|^#[0-9]+ +DONE|SUMMARY|ERROR: libFuzzer' ".build-fuzz/logs/$codec.log" | tail -8
done
