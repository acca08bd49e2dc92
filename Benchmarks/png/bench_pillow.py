"""Pillow side of the PNG benchmark: decode (open + load, file read inside the timing) and encode at
compress_level=6 into memory. Prints JSON lines {"tool": "pillow", "op", "size", "ms"} (medians)."""
import io
import json
import sys
import time

from PIL import Image


def median(reps, body):
    body()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        body()
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    n = len(times)
    return times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2


def main():
    folder, decode_reps, encode_reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    for scale, size in enumerate(["640x427", "1920x1080", "4000x3000"], start=1):
        path = f"{folder}/photo-{size}.png"

        def decode():
            with Image.open(path) as im:
                im.load()

        print(json.dumps({"tool": "pillow", "op": "decode", "size": size, "ms": median(max(3, decode_reps // scale), decode)}), flush=True)
        with Image.open(path) as im:
            im.load()
            image = im.copy()
        print(json.dumps({"tool": "pillow", "op": "encode level 6", "size": size,
                          "ms": median(max(1, encode_reps // scale), lambda: image.save(io.BytesIO(), "PNG", compress_level=6))}), flush=True)


main()
