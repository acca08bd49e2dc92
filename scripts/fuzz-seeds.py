#!/usr/bin/env python3
"""Copies the shared corpus files of one format (by the manifest's `format` field) into a fuzzing seed folder.

Usage: fuzz-seeds.py FORMAT CORPUS_DIR OUT_DIR
"""
import json
import pathlib
import shutil
import sys

# The corpus holds no Netpbm files: a handful of tiny hand-written seeds, one per variant.
PNM_SEEDS = {
    "p1.pbm": b"P1\n# c\n3 2\n1 0 1\n0 1 0\n",
    "p2.pgm": b"P2\n3 2\n255\n0 128 255\n1 2 3\n",
    "p3.ppm": b"P3\n2 1\n65535\n0 1 2 65535 4 5\n",
    "p4.pbm": b"P4\n9 2\n\xa5\x80\x5a\x00",
    "p5.pgm": b"P5\n3 2\n255\n\x00\x80\xff\x01\x02\x03",
    "p5-16.pgm": b"P5\n2 1\n1023\n\x03\xff\x00\x10",
    "p6.ppm": b"P6\n2 1\n255\n\x01\x02\x03\x04\x05\x06",
    "p7-rgba.pam": b"P7\nWIDTH 1\nHEIGHT 2\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n" + bytes(range(8)),
    "p7-gray.pam": b"P7\nWIDTH 2\nHEIGHT 1\nDEPTH 1\nMAXVAL 1\nTUPLTYPE BLACKANDWHITE\nENDHDR\n\x00\x01",
}

def write_pnm_seeds(out: pathlib.Path) -> None:
    for name, data in PNM_SEEDS.items():
        (out / name).write_bytes(data)
    print(f"fuzz-seeds: {len(PNM_SEEDS)} hand-written pnm seeds")

def main() -> int:
    fmt, corpus, out = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "pnm":
        write_pnm_seeds(out)
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
