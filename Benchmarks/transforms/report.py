"""Reads the JSON lines of every tool and prints markdown tables (medians, ratios, GB/s for conversions)."""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
tools = [t for t in ["imago", "pillow", "pillow-simd"] if any(r["tool"] == t for r in rows)]
capped = any(r["tool"] == "imago-avx2" for r in rows)
peers = [t for t in tools if t != "imago"]
label = {"imago": "Imago", "pillow": "Pillow 13.0.0", "pillow-simd": "Pillow-SIMD"}
ops = list(dict.fromkeys(r["op"] for r in rows))
sizes = ["640x427", "1920x1080", "4000x3000"]
cell = {(r["tool"], r["op"], r["size"]): r for r in rows}


def table(key, title):
    print(f"### {title}\n")
    print("| operation | size | " + " | ".join(f"{label[t]}" for t in tools) + " | " +
          " | ".join(f"{label[t]} / Imago" for t in peers) + " | Imago GB/s | bit-exact vs Pillow 13 |")
    print("|---|---|" + "---:|" * (len(tools) + len(peers)) + "---:|---|")
    for op in ops:
        for s in sizes:
            me = cell.get(("imago", op, s))
            if not me:
                continue
            line = f"| {op} | {s} | " + " | ".join(f"{cell[(t, op, s)][key]:.3f}" if (t, op, s) in cell else "-" for t in tools)
            for t in peers:
                line += f" | x{cell[(t, op, s)][key] / me[key]:.2f}" if (t, op, s) in cell else " | -"
            w, h = map(int, s.split("x"))
            if op.startswith("RGB->L"):
                gbs = f"{w * h * 4 / me[key] / 1e6:.2f}"  # 3 bytes in + 1 out
            elif op.startswith("UInt8->Float32"):
                gbs = f"{w * h * 15 / me[key] / 1e6:.2f}"  # 3 bytes in + 12 out
            else:
                gbs = "-"
            exact = {True: "yes", False: "**NO**", None: "-"}[me.get("exact")]
            print(line + f" | {gbs} | {exact} |")
    print()


table("ms", "Median wall-clock ms")
table("cpu_ms", "Median process CPU ms (all threads)")
if capped:
    print("### On the AVX2 kernels (`IMAGO_BENCH_MAX_LEVEL=avx2`: what a CPU without AVX-512 runs), median ms\n")
    print("| operation | size | Imago AVX2 wall | Imago AVX2 CPU | " + " | ".join(f"{label[t]} / Imago AVX2 (CPU)" for t in peers) + " | bit-exact vs Pillow 13 |")
    print("|---|---|---:|---:|" + "---:|" * len(peers) + "---|")
    for op in ops:
        for s in sizes:
            me = cell.get(("imago-avx2", op, s))
            if not me:
                continue
            line = f"| {op} | {s} | {me['ms']:.3f} | {me['cpu_ms']:.3f}"
            for t in peers:
                line += f" | x{cell[(t, op, s)]['cpu_ms'] / me['cpu_ms']:.2f}" if (t, op, s) in cell else " | -"
            print(line + " | " + {True: "yes", False: "**NO**", None: "-"}[me.get("exact")] + " |")
    print()
print("Ratios are the peer's median over Imago's (above 1: Imago is faster). GB/s counts bytes read plus bytes written.")
print("Imago splits a resize pass over up to 2 threads (the online cores, at most 8) above ~8M multiply-adds (8-bit C kernels;")
print("~2M on the portable Swift passes and the I;16 / F double-precision kernels); Pillow and Pillow-SIMD use one thread.")
