"""Reads the JSON lines of the C, Imago and Pillow runs and prints the markdown tables (medians and ratios to C)."""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
def lowest(metric):
    """Several rounds: the lowest median of each cell."""
    best = {}
    for r in rows:
        key = (r["tool"], r["op"], r["size"])
        if metric in r and (key not in best or r[metric] < best[key]):
            best[key] = r[metric]
    return best
sizes = ["640x427", "1920x1080", "4000x3000"]
label = {"c": "C libpng (gcc -O2)", "imago": "Imago", "pillow": "Pillow 13.0.0"}

for metric, what in [("ms", "median wall-clock ms"), ("cpu_ms", "median process CPU ms")]:
    cell = lowest(metric)
    for op in ["decode", "decode (reused buffer)", "encode level 6"]:
        print(f"### PNG {op} (RGB8), {what} (ratio to C)")
        print()
        print("| tool | " + " | ".join(sizes) + " |")
        print("|---|" + "---:|" * len(sizes))
        for tool in ["c", "imago", "pillow"]:
            if not any((tool, op, s) in cell for s in sizes):
                continue
            line = f"| {label[tool]} |"
            for s in sizes:
                v, base = cell.get((tool, op, s)), cell.get(("c", op, s))
                line += f" {v:.2f} (x{v / base:.2f}) |" if v and base else " - |"
            print(line)
        print()

memory = [r for r in rows if r["op"] == "peak memory"]
if memory:
    print("### Peak memory of one 4000x3000 decode (RSS growth above the process baseline, file already in memory)")
    print()
    print("| tool | growth MiB | output buffer MiB | growth / buffer |")
    print("|---|---:|---:|---:|")
    for r in memory:
        print(f"| {label[r['tool']]} | {r['extra_kib'] / 1024:.1f} | {r['buffer_kib'] / 1024:.1f} | x{r['extra_kib'] / r['buffer_kib']:.3f} |")
    print()
