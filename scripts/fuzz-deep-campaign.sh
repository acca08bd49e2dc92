#!/usr/bin/env bash
# One deep-fuzzing campaign (issue 18) on the target `make fuzz-deep` built: the library's own edges covered by the
# seeds and kept regressions (before), the campaign under /usr/bin/time (wall and CPU seconds actually received, peak
# RSS), then the library's edges covered by the grown corpus (after). Output also goes to DEEP/logs/CODEC.log.
#
#   scripts/fuzz-deep-campaign.sh CODEC SECONDS [extra libFuzzer flags...]
#   e.g. nohup nice -n 15 scripts/fuzz-deep-campaign.sh tiff 1800 -max_len=65536 &
set -uo pipefail
cd "$(dirname "$0")/.."
codec=$1 seconds=$2; shift 2
deep=${DEEP:-.build-fuzz-deep}
case $codec in png) name=PNG ;; jpeg) name=JPEG ;; tiff) name=TIFF ;; webp) name=WebP ;; gif) name=GIF ;;
  *) echo "fuzz-deep-campaign: CODEC is one of png jpeg tiff webp gif" >&2; exit 2 ;; esac
fuzzer=$deep/swift/debug/Fuzz$name
[ -x "$fuzzer" ] || { echo "fuzz-deep-campaign: $fuzzer missing; run make fuzz-deep CODEC=$codec first" >&2; exit 1; }
mkdir -p "$deep/logs" "$deep/work/$codec" "Fuzz/regressions/$codec"
python3 scripts/fuzz-seeds.py "$codec" "${IMAGO_CORPUS:-../shared/corpus}" "$deep/seeds/$codec"
# The few deliberate, harmless undefined behaviours inside the libraries are suppressed, each with its reason.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-suppressions=$PWD/scripts/fuzz-deep-ubsan.supp:print_stacktrace=1}
dict=()
[ -f "Fuzz/dictionaries/$codec.dict" ] && dict=("-dict=Fuzz/dictionaries/$codec.dict")
time_format="fuzz-deep time: wall %e s, cpu user %U s + sys %S s, max rss %M KB"
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -f "$time_format")
{
  python3 scripts/fuzz-deep-coverage.py "$fuzzer" "$deep/src" before "$deep/seeds/$codec" "Fuzz/regressions/$codec"
  echo "== $codec: campaign start $(date -u +%FT%TZ)"
  # The instrumented libraries run 10-30x slower than Debian's builds: inputs may take 60 s.
  "${timer[@]}" "$fuzzer" "$deep/work/$codec" "$deep/seeds/$codec" "Fuzz/regressions/$codec" \
    -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="Fuzz/regressions/$codec/" "${dict[@]}" "$@"
  status=$?
  echo "== $codec: campaign end $(date -u +%FT%TZ), exit $status"
  python3 scripts/fuzz-deep-coverage.py "$fuzzer" "$deep/src" after "$deep/work/$codec" "$deep/seeds/$codec" \
    "Fuzz/regressions/$codec"
  grep -c "runtime error:" "$deep/logs/$codec.log.part" | sed 's/^/UBSan reports: /'
} 2>&1 | tee "$deep/logs/$codec.log.part"
mv "$deep/logs/$codec.log.part" "$deep/logs/$codec.log"
