"""Times Pillow (whichever is installed in the running interpreter) on the same operations; prints JSON lines.

Usage: bench_pillow.py DIR TOOLNAME [--write-references]
"""
import json
import sys
import time

import numpy as np
from PIL import Image

SIZES = [(640, 427), (1920, 1080), (4000, 3000)]
FILTERS = {"bilinear": Image.Resampling.BILINEAR, "bicubic": Image.Resampling.BICUBIC, "lanczos": Image.Resampling.LANCZOS}


def median_ms(fn):
    fn()
    samples = []
    start = time.perf_counter()
    while len(samples) < 200:
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1e3)
        if len(samples) >= 15 and time.perf_counter() - start > 0.5:
            break
    samples.sort()
    return samples[len(samples) // 2]


def main():
    d, tool = sys.argv[1], sys.argv[2]
    write = "--write-references" in sys.argv
    for w, h in SIZES:
        with open(f"{d}/rgb_{w}x{h}.raw", "rb") as f:
            im = Image.frombytes("RGB", (w, h), f.read())
        for name, flt in FILTERS.items():
            ms = median_ms(lambda: im.resize((224, 224), flt))
            if write:
                with open(f"{d}/pillow_{name}_{w}x{h}.raw", "wb") as f:
                    f.write(im.resize((224, 224), flt).tobytes())
            print(json.dumps({"tool": tool, "op": f"resize 224 {name}", "size": f"{w}x{h}", "ms": ms}))
        ms = median_ms(lambda: im.convert("L"))
        if write:
            with open(f"{d}/pillow_L_{w}x{h}.raw", "wb") as f:
                f.write(im.convert("L").tobytes())
        print(json.dumps({"tool": tool, "op": "RGB->L", "size": f"{w}x{h}", "ms": ms}))
        ms = median_ms(lambda: np.asarray(im, dtype=np.float32))  # Keras img_to_array
        print(json.dumps({"tool": tool, "op": "UInt8->Float32", "size": f"{w}x{h}", "ms": ms}))


if __name__ == "__main__":
    main()
