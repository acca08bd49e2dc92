#!/usr/bin/env python3
"""Copies the shared corpus files of one format (by the manifest's `format` field) into a fuzzing seed folder.

Usage: fuzz-seeds.py FORMAT CORPUS_DIR OUT_DIR
"""
import json
import pathlib
import shutil
import sys

def main() -> int:
    fmt, corpus, out = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    manifest = corpus / "manifest.json"
    if not manifest.exists():
        print(f"fuzz-seeds: no corpus at {corpus}; starting from the regressions only", file=sys.stderr)
        return 0
    files = json.loads(manifest.read_text())["files"]
    aliases = {"pnm": {"pnm", "pgm", "ppm", "pbm", "pam"}}.get(fmt, {fmt})
    count = 0
    for entry in files:
        if entry.get("format") in aliases:
            src = corpus / entry["path"]
            shutil.copyfile(src, out / entry["path"].replace("/", "__"))
            count += 1
    print(f"fuzz-seeds: {count} {fmt} seeds from {corpus}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
