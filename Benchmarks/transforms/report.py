"""Reads the JSON lines of every tool and prints the markdown table (medians, ratios, GB/s for conversions)."""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
tools = [t for t in ["imago", "pillow", "pillow-simd"] if any(r["tool"] == t for r in rows)]
label = {"imago": "Imago", "pillow": "Pillow 13.0.0", "pillow-simd": "Pillow-SIMD"}
ops = list(dict.fromkeys(r["op"] for r in rows))
sizes = ["640x427", "1920x1080", "4000x3000"]
cell = {(r["tool"], r["op"], r["size"]): r for r in rows}

print("| operation | size | " + " | ".join(f"{label[t]} ms" for t in tools) + " | Pillow/Imago | " +
      ("Pillow-SIMD/Imago | " if "pillow-simd" in tools else "") + "Imago GB/s | bit-exact vs Pillow 13 |")
print("|---|---|" + "---:|" * len(tools) + "---:|" + ("---:|" if "pillow-simd" in tools else "") + "---:|---|")
for op in ops:
    for s in sizes:
        me = cell.get(("imago", op, s))
        if not me:
            continue
        line = f"| {op} | {s} | " + " | ".join(f"{cell[(t, op, s)]['ms']:.3f}" if (t, op, s) in cell else "-" for t in tools)
        for t in ["pillow", "pillow-simd"]:
            if t in tools:
                line += f" | x{cell[(t, op, s)]['ms'] / me['ms']:.2f}" if (t, op, s) in cell else " | -"
        w, h = map(int, s.split("x"))
        if op == "RGB->L":
            gbs = f"{w * h * 4 / me['ms'] / 1e6:.2f}"  # 3 bytes in + 1 out
        elif op == "UInt8->Float32":
            gbs = f"{w * h * 15 / me['ms'] / 1e6:.2f}"  # 3 bytes in + 12 out
        else:
            gbs = "-"
        exact = {True: "yes", False: "**NO**", None: "-"}[me.get("exact")]
        print(line + f" | {gbs} | {exact} |")
print()
print("Ratios are the peer's median over Imago's (above 1: Imago is faster). GB/s counts bytes read plus bytes written.")
