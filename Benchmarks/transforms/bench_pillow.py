"""Times Pillow (whichever is installed in the running interpreter) on the same operations; prints JSON lines.

Usage: bench_pillow.py DIR TOOLNAME [--write-references]
"""
import json
import sys
import time

import numpy as np
from PIL import Image

SIZES = [(640, 427), (1920, 1080), (4000, 3000)]
WIDE = {"I;16": "i16", "F": "f"}  # mode: file prefix of the 16-bit and float inputs
FILTERS = {"bilinear": Image.Resampling.BILINEAR, "bicubic": Image.Resampling.BICUBIC, "lanczos": Image.Resampling.LANCZOS}


def median_ms(fn):
    """Median wall-clock and process-CPU milliseconds (>= 15 runs and >= 0.5 s, at most 200), after one warm-up."""
    fn()
    wall, cpu = [], []
    start = time.perf_counter()
    while len(wall) < 200:
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - c0) * 1e3)
        wall.append((time.perf_counter() - t0) * 1e3)
        if len(wall) >= 15 and time.perf_counter() - start > 0.5:
            break
    wall.sort()
    cpu.sort()
    return wall[len(wall) // 2], cpu[len(cpu) // 2]


def time_resizes(im, op, reference, d, tool, write):
    """Times `im` resized to 224x224 with each filter (op "<op> 224 <filter>"), writing Pillow's output as
    <d>/<reference>_<filter>_<w>x<h>.raw when `write`."""
    w, h = im.size
    for name, flt in FILTERS.items():
        ms = median_ms(lambda: im.resize((224, 224), flt))
        if write:
            with open(f"{d}/{reference}_{name}_{w}x{h}.raw", "wb") as f:
                f.write(im.resize((224, 224), flt).tobytes())
        print(json.dumps({"tool": tool, "op": f"{op} 224 {name}", "size": f"{w}x{h}", "ms": ms[0], "cpu_ms": ms[1]}))


def main():
    d, tool = sys.argv[1], sys.argv[2]
    write = "--write-references" in sys.argv
    for w, h in SIZES:
        with open(f"{d}/rgb_{w}x{h}.raw", "rb") as f:
            im = Image.frombytes("RGB", (w, h), f.read())
        time_resizes(im, "resize", "pillow", d, tool, write)
        for mode, prefix in WIDE.items():
            with open(f"{d}/{prefix}_{w}x{h}.raw", "rb") as f:
                wide = Image.frombytes(mode, (w, h), f.read())
            time_resizes(wide, f"resize {mode}", f"pillow_{prefix}", d, tool, write)
        ms = median_ms(lambda: im.convert("L"))
        if write:
            with open(f"{d}/pillow_L_{w}x{h}.raw", "wb") as f:
                f.write(im.convert("L").tobytes())
        print(json.dumps({"tool": tool, "op": "RGB->L", "size": f"{w}x{h}", "ms": ms[0], "cpu_ms": ms[1]}))
        ms = median_ms(lambda: np.asarray(im, dtype=np.float32))  # Keras img_to_array
        print(json.dumps({"tool": tool, "op": "UInt8->Float32", "size": f"{w}x{h}", "ms": ms[0], "cpu_ms": ms[1]}))


if __name__ == "__main__":
    main()
