#!/usr/bin/env bash
# Distributed scaling: `imago dataset --shard K/N` over 1 and 2 local Ray workers (ENGINE=spark for Spark), on
# generated 640x427 JPEGs (../make_inputs.py), engine start-up timed apart. Quick run: 200 images;
# FULL=1: 2,000. Acceptance (issue 17): 2 workers at least 1.7x faster than 1, on an otherwise idle machine.
# Each worker is one core (shards pinned, see scaling.py); PIN=both also runs the shards unpinned.
set -euo pipefail
cd "$(dirname "$0")"
VENV="${VENV:-../../.venv}"
N=$([ "${FULL:-0}" = 1 ] && echo 2000 || echo 200)
data=".build-data/n$N"  # make_inputs.py writes the folder as $data/photos/{a,b}
(cd ../.. && swift build -c release --product imago >&2)
"$VENV/bin/python" ../make_inputs.py "$data" "" "$N"
echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $N images of 640x427 JPEG q90"
"$VENV/bin/python" scaling.py ../../.build/release/imago "$data/photos" --engine "${ENGINE:-ray}"
if [ "${PIN:-1}" = both ]; then
  "$VENV/bin/python" scaling.py ../../.build/release/imago "$data/photos" --engine "${ENGINE:-ray}" --no-pin
fi
