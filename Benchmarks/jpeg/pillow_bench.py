"""Pillow side of Benchmarks/jpeg, and the generator of its photo-like test images.

Usage:
    pillow_bench.py images OUTDIR           write photo-like JPEGs (q90, 4:2:0) of 640x427, 1920x1080, 4000x3000
    pillow_bench.py decode FILE DENOM       path -> numpy RGB array (draft() for DENOM > 1), as Keras' load_img + img_to_array
    pillow_bench.py decode-load FILE DENOM  the same without the copy into numpy (Image.load() only)
    pillow_bench.py encode FILE QUALITY     RGB image -> JPEG bytes in memory
Prints one JSON line with the median wall-clock and process-CPU milliseconds (2 warm-ups, then >= 15 runs and >= 0.5 s, at most 200).
"""
import io
import json
import pathlib
import sys
import time

import numpy as np
from PIL import Image


def photo_like(width: int, height: int, seed: int) -> Image.Image:
    """Smooth multi-scale noise plus edges and fine texture: compresses roughly like a photograph."""
    rng = np.random.default_rng(seed)
    image = np.zeros((height, width, 3), np.float32)
    for cells, weight in [(4, 90.0), (16, 45.0), (64, 20.0), (256, 8.0)]:
        small = rng.uniform(-1, 1, (max(2, cells * height // width), cells, 3)).astype(np.float32)
        layer = np.asarray(Image.fromarray(((small + 1) * 127.5).astype(np.uint8)).resize((width, height), Image.BICUBIC),
                           np.float32) / 127.5 - 1
        image += weight * layer
    image += 128 + rng.normal(0, 6, image.shape).astype(np.float32)
    y, x = np.mgrid[0:height, 0:width]
    image[(x // (width // 7) + y // (height // 5)) % 5 == 0] *= 0.6
    return Image.fromarray(np.clip(image, 0, 255).astype(np.uint8), "RGB")


def measure(body):
    for _ in range(2):
        body()
    times, cpu = [], []
    start = time.perf_counter()
    while len(times) < 200 and (len(times) < 15 or time.perf_counter() - start < 0.5):
        t0, c0 = time.perf_counter(), time.process_time()
        body()
        cpu.append((time.process_time() - c0) * 1e3)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    cpu.sort()
    return times[len(times) // 2], cpu[len(cpu) // 2], len(times)


def main() -> None:
    op = sys.argv[1]
    if op == "images":
        out = pathlib.Path(sys.argv[2])
        out.mkdir(parents=True, exist_ok=True)
        for i, (w, h) in enumerate([(640, 427), (1920, 1080), (4000, 3000)]):
            path = out / f"photo_{w}x{h}.jpg"
            if not path.exists():
                photo_like(w, h, i).save(path, "JPEG", quality=90)
        return
    path, n = sys.argv[2], int(sys.argv[3])
    if op == "decode-load":
        def body():
            with Image.open(path) as img:
                if n > 1:
                    img.draft("RGB", (img.width // n, img.height // n))
                img.load()
    elif op == "decode":
        def body():
            with Image.open(path) as img:
                if n > 1:
                    img.draft("RGB", (img.width // n, img.height // n))
                arr = np.asarray(img)
            assert arr.shape[0] > 0
    elif op == "encode":
        image = Image.open(path).convert("RGB")
        image.load()

        def body():
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=n)
    else:
        raise SystemExit(f"unknown op {op}")
    ms, cpu, runs = measure(body)
    print(json.dumps({"tool": "pillow", "op": op, "file": path, "n": n, "ms": ms, "cpu_ms": cpu, "runs": runs}))


if __name__ == "__main__":
    main()
