#!/usr/bin/env python3
"""Counts the C library's own edges covered by a corpus, for `make fuzz-deep`.

    fuzz-deep-coverage.py FUZZER LIBRARY_SOURCES LABEL CORPUS_DIR...

Runs the fuzz target once over every input (`-runs=0 -print_coverage=1`), then sums libFuzzer's per-function edge
counts over the functions whose source file lies under LIBRARY_SOURCES (the unpacked Debian source packages), so the
figure is the library's coverage, not the Swift front's or the shim's. Prints one line and appends it, as JSON, to
LIBRARY_SOURCES/../coverage.jsonl.
"""
import json
import os
import re
import subprocess
import sys
import time

fuzzer, sources, label, *corpora = sys.argv[1:]
sources = os.path.realpath(sources)
corpora = [c for c in corpora if os.path.isdir(c)]
run = subprocess.run([fuzzer, "-runs=0", "-print_coverage=1", "-rss_limit_mb=4096", "-timeout=30", *corpora],
                     capture_output=True, text=True, errors="replace")
pattern = re.compile(r"^(UN)?COVERED_FUNC: hits: \d+ edges: (\d+)/(\d+) \S+ (\S+?):\d+")
covered = total = functions = 0
libraries = {}
for line in run.stderr.splitlines() + run.stdout.splitlines():
    match = pattern.match(line)
    if not match or not os.path.realpath(match.group(4)).startswith(sources + os.sep):
        continue
    edges, all_edges = int(match.group(2)), int(match.group(3))
    library = os.path.relpath(os.path.realpath(match.group(4)), sources).split(os.sep)[0]
    entry = libraries.setdefault(library, [0, 0])
    entry[0] += edges
    entry[1] += all_edges
    covered += edges
    total += all_edges
    functions += 1
record = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "fuzzer": os.path.basename(fuzzer),
          "label": label, "library_edges_covered": covered, "library_edges_total": total,
          "by_source_package": libraries, "inputs": sum(len(os.listdir(c)) for c in corpora)}
print(f"fuzz-deep coverage ({label}): {covered} of {total} library edges over {record['inputs']} inputs "
      + ", ".join(f"{k}: {v[0]}/{v[1]}" for k, v in sorted(libraries.items())))
if functions == 0:
    print("fuzz-deep coverage: no library function found in the coverage report; is the library instrumented?",
          file=sys.stderr)
with open(os.path.join(os.path.dirname(sources), "coverage.jsonl"), "a") as log:
    log.write(json.dumps(record) + "\n")
