"""Prints the Imago benchmark's tables (markdown) from the JSON lines of Benchmarks/run.sh.

Usage: report.py RESULTS.jsonl HEADER.txt
For every op and size: the median wall ms of Imago, of the plain C call and of Pillow 13, and the ratios Imago / C
and Imago / Pillow (below 1: Imago is faster); then the same with CPU time. When a row was measured in several
rounds, the lowest median is kept (other work on the machine only ever slows a run down).
"""
import json
import sys

SIZES = ["640x427", "1920x1080", "4000x3000"]
SECTIONS = [
    ("Decode (file -> pixels, file read inside the timing)", lambda op: "decode" in op),
    ("Encode (pixels -> bytes in memory)", lambda op: "encode" in op),
    ("Keras API (C: tjDecompress2 + AVX2 uint8->float32)", lambda op: op.startswith("load_img")),
    ("tf.image.resize and smart_resize to 224x224 (uint8 / float32 arrays; peers: TensorFlow 2.21, Keras numpy backend)",
     lambda op: op.startswith(("tf.image.resize", "smart_resize"))),
    ("Transforms (resize to 224x224, conversions; exact = byte-identical to Pillow 13)",
     lambda op: op.startswith(("resize", "RGB->L", "UInt8"))),
    ("Photos (orient N: C is one memcpy into a fresh buffer, the bar 'at most one extra copy'; ICC->sRGB: C is "
     "cmsDoTransform with the transform built once, the bar 1.1x; exact = Imago's pixels equal the C call's)",
     lambda op: op.startswith(("orient", "ICC->sRGB"))),
    ("Datasets and folders (640x427 JPEGs)", lambda op: op.startswith(("dataset pass", "to-array"))),
]
# The peers shown per row, in order; the first present is the ratio's baseline in each column group.
IMAGO = ("imago", "imago-cli")
C = ("c",)
PILLOW = ("pillow",)
OTHERS = ("pillow-simd", "keras", "tensorflow", "tf.data", "netpbm", "imago-avx2")


def load(path):
    rows, errors, memory = {}, {}, []
    for line in open(path):
        if not line.startswith("{"):
            continue
        r = json.loads(line)
        if "extra_kib" in r or "rss_mb" in r:
            memory.append(r)
            continue
        key = (r["op"], r["size"], r["tool"])
        if "error" in r:
            errors[key] = r["error"]
            continue
        best = rows.get(key)
        if best is None or r["ms"] < best["ms"]:
            rows[key] = r
    return rows, errors, memory


def peer_op(op, tool):
    """The op name a peer's row has: Keras's folder loop writes no files, so the CLI's "(npy to disk|tmpfs)" rows
    compare with its one row."""
    if tool not in IMAGO and " (npy to " in op:
        return op.split(" (npy to ")[0]
    return op


def fmt(v):
    return "" if v is None else (f"{v:.3g}" if v < 100 else f"{v:.0f}")


def ratio(a, b):
    return "" if a is None or b is None or b == 0 else f"**{a / b:.2f}**" if a / b > 1.05 else f"{a / b:.2f}"


def summary(rows, errors, ops, sizes):
    """The README's table: one line per op, one column per size, each cell `Imago/C · Imago/Pillow` (wall; CPU)."""
    print("\n## Summary: Imago / plain C and Imago / Pillow 13 (wall; CPU in brackets; below 1.00 Imago is faster)\n")
    print("| op | " + " | ".join(sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for op in ops:
        cells, any_ratio = [], False
        for size in sizes:
            i = rows.get((op, size, "imago")) or rows.get((op, size, "imago-cli"))
            parts = []
            for name, peer in (("C", "c"), ("Pillow", "pillow"), ("Pillow-SIMD", "pillow-simd"), ("Keras", "keras"),
                               ("TensorFlow", "tensorflow")):
                r = rows.get((peer_op(op, peer), size, peer))
                if i and r and r["ms"] > 0 and r["cpu_ms"] > 0:
                    parts.append(f"{name} {i['ms'] / r['ms']:.2f} ({i['cpu_ms'] / r['cpu_ms']:.2f})")
            if not i and (op, size, "imago") in errors:
                parts.append("Imago: " + errors[(op, size, "imago")])
            any_ratio = any_ratio or bool(parts)
            cells.append(" · ".join(parts))
        if any_ratio:
            print(f"| {op} | " + " | ".join(cells) + " |")


def main():
    rows, errors, memory = load(sys.argv[1])
    print(open(sys.argv[2]).read().rstrip())
    ops = []
    for (op, _, _) in rows:
        if op not in ops:
            ops.append(op)
    for (op, _, _) in errors:
        if op not in ops:
            ops.append(op)
    sizes = [s for s in SIZES if any(k[1] == s for k in rows)] + sorted({k[1] for k in rows} - set(SIZES))
    tools = {k[2] for k in rows}
    others = [t for t in OTHERS if t in tools]
    summary(rows, errors, ops, sizes)
    for field, label in (("ms", "median wall ms"), ("cpu_ms", "median CPU ms")):
        print(f"\n## {label}\n")
        print("Ratios are Imago / peer: below 1.00 Imago is faster; **bold** above 1.05. Cells: " + label + ".\n")
        for title, keep in SECTIONS:
            section = [op for op in ops if keep(op)]
            if not section:
                continue
            print(f"### {title}\n")
            head = "| op | size | Imago | C | Pillow 13 | " + " | ".join(others) + (" | " if others else "") + \
                "Imago / C | Imago / Pillow |"
            print(head)
            print("|---|---|" + "---:|" * (head.count("|") - 3))
            for op in section:
                for size in sizes:
                    def get(names):
                        for t in names:
                            if (peer_op(op, t), size, t) in rows:
                                return rows[(peer_op(op, t), size, t)][field]
                        return None
                    i, c, p = get(IMAGO), get(C), get(PILLOW)
                    rest = [get((t,)) for t in others]
                    if i is None and c is None and p is None and all(v is None for v in rest):
                        if (op, size, "imago") in errors:
                            print(f"| {op} | {size} | {errors[(op, size, 'imago')]} | | | " + "| " * len(others) + "| |")
                        continue
                    exact = rows.get((op, size, "imago"), {}).get("exact")
                    mark = "" if exact is None else (" exact" if exact else " NOT EXACT")
                    imago_cell = fmt(i) + mark if i is not None else errors.get((op, size, "imago"), "")
                    print(f"| {op} | {size} | {imago_cell} | {fmt(c)} | {fmt(p)} | "
                          + "".join(f"{fmt(v)} | " for v in rest) + f"{ratio(i, c)} | {ratio(i, p)} |")
            print()
    if memory:
        print("## Memory\n")
        print("| measurement | tool | value |")
        print("|---|---|---:|")
        for r in memory:
            value = f"{r['extra_kib'] / 1024:.1f} MiB above the process before" if "extra_kib" in r else f"{r['rss_mb']:.0f} MB peak RSS"
            print(f"| {r['op']} {r.get('size', r.get('file', '').rsplit('/', 1)[-1])} | {r['tool']} | {value} |")


if __name__ == "__main__":
    main()
