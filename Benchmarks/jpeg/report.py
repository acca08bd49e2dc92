"""Turns the JSON lines of Benchmarks/jpeg/run.sh into the markdown tables of RESULTS.md."""
import json
import pathlib
import sys

rows = [json.loads(line) for line in sys.stdin if line.startswith("{")]
timed = [r for r in rows if "ms" in r]
files = sorted({r["file"] for r in timed if r["op"] != "rss"}, key=lambda f: pathlib.Path(f).stat().st_size)
labels = {
    "turbojpeg": "C TurboJPEG tjDecompress2 (baseline)",
    "libjpeg": "C libjpeg jpeg_read_scanlines",
    "imago:decode": "Imago JPEGDecoder.decode (new buffer)",
    "imago:decode-reuse": "Imago JPEGDecoder.decode(into:) (reused buffer)",
    "pillow:decode": "Pillow 13.0.0 np.asarray(Image.open(f)) (draft() when scaled)",
    "pillow:decode-load": "Pillow 13.0.0 Image.open(f).load() (no numpy copy)",
    "turbojpeg-encode": "C TurboJPEG tjCompress2 (baseline)",
    "libjpeg-encode": "C libjpeg jpeg_write_scanlines",
    "imago:encode": "Imago JPEGEncoder.encode",
    "pillow:encode": "Pillow 13.0.0 Image.save",
}


def key(r):
    return r["op"] if r["tool"] == r["op"] else f"{r['tool']}:{r['op']}"


def table(title, ops, n, baseline, field="ms"):
    print(f"\n### {title}{' (process CPU time)' if field == 'cpu_ms' else ''}\n")
    names = [pathlib.Path(f).name for f in files]
    print("| tool | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    base = {r["file"]: r[field] for r in timed if key(r) == baseline and r["n"] == n}
    for op in ops:
        cells = []
        for f in files:
            match = [r for r in timed if key(r) == op and r["n"] == n and r["file"] == f]
            if not match:
                cells.append("")
                continue
            ms = match[0][field]
            ratio = f" (x{ms / base[f]:.2f})" if f in base else ""
            cells.append(f"{ms:.3g}{ratio}")
        print(f"| {labels[op]} | " + " | ".join(cells) + " |")


decode_ops = ["turbojpeg", "libjpeg", "imago:decode", "imago:decode-reuse", "pillow:decode", "pillow:decode-load"]
encode_ops = ["turbojpeg-encode", "libjpeg-encode", "imago:encode", "pillow:encode"]
for field in ("ms", "cpu_ms"):
    table("JPEG decode -> RGB8 (median ms; ratio to TurboJPEG)", decode_ops, 1, "turbojpeg", field)
    for n in (2, 4, 8):
        table(f"JPEG DCT-scaled decode 1/{n} -> RGB8", decode_ops, n, "turbojpeg", field)
    table("JPEG encode q90 4:2:0 from RGB8", encode_ops, 90, "turbojpeg-encode", field)

print("\n### Peak memory of one 4000x3000 decode (VmHWM - VmRSS before the decode)\n")
print("| tool | file | above baseline | output buffer | ratio |")
print("|---|---|---:|---:|---:|")
for r in rows:
    if r["op"] == "rss":
        above = r["peak"] - r["baseline_rss"]
        output = r.get("output", 4000 * 3000 * 3)
        print(f"| {r['tool']} | {pathlib.Path(r['file']).name} | {above / 2**20:.1f} MiB | {output / 2**20:.1f} MiB | x{above / output:.2f} |")
