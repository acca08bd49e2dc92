"""Pillow side of the PNG benchmark: decode (open + load, file read inside the timing) and encode at
compress_level=6 into memory. Prints JSON lines {"tool": "pillow", "op", "size", "ms"} (medians)."""
import io
import json
import sys
import time

from PIL import Image


def middle(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def median(reps, body):
    """Median wall-clock and process-CPU milliseconds of `reps` runs after one warm-up."""
    body()
    wall, cpu = [], []
    for _ in range(reps):
        w, c = time.perf_counter(), time.process_time()
        body()
        cpu.append((time.process_time() - c) * 1e3)
        wall.append((time.perf_counter() - w) * 1e3)
    return {"ms": middle(wall), "cpu_ms": middle(cpu)}


def main():
    folder, decode_reps, encode_reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    for scale, size in enumerate(["640x427", "1920x1080", "4000x3000"], start=1):
        path = f"{folder}/photo-{size}.png"

        def decode():
            with Image.open(path) as im:
                im.load()

        print(json.dumps({"tool": "pillow", "op": "decode", "size": size, **median(max(3, decode_reps // scale), decode)}), flush=True)
        with Image.open(path) as im:
            im.load()
            image = im.copy()
        encode = lambda: image.save(io.BytesIO(), "PNG", compress_level=6)
        print(json.dumps({"tool": "pillow", "op": "encode level 6", "size": size, **median(max(1, encode_reps // scale), encode)}), flush=True)


main()
