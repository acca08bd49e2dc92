#!/usr/bin/env python3
"""Keras side of Benchmarks/keras (KERAS_BACKEND=numpy; timings taken inside Python, after imports).

    bench_keras.py inputs DIR                 write the test photos (JPEG q90) and DIR/photos/ (200 photos)
    bench_keras.py single FILE REPS [H W]     load_img + img_to_array on one file, median ms (one JSON line)
    bench_keras.py folder DIR [H W]           a Python loop of load_img + img_to_array over DIR/*.jpg, total ms
"""
import json
import os
import pathlib
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "numpy")
import numpy as np
from PIL import Image


def photo(width, height, seed):
    """A deterministic photo-like scene with noise (so JPEG sizes look like real photos)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    r = 40 + 180 * x / width + 20 * np.sin(y / 17.0 + seed)
    g = 60 + 150 * y / height
    b = 128 + 90 * np.sin(x / 31.0) * np.cos(y / 23.0 + seed)
    rgb = np.stack([r, g, b], -1) + rng.normal(0, 10, (height, width, 3)).astype(np.float32)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))


def inputs(directory):
    d = pathlib.Path(directory)
    (d / "photos").mkdir(parents=True, exist_ok=True)
    for w, h in [(640, 427), (1920, 1080), (4000, 3000)]:
        photo(w, h, 1).save(d / f"photo_{w}x{h}.jpg", quality=90)
    for i in range(200):
        photo(640, 427, i).save(d / "photos" / f"photo_{i:03d}.jpg", quality=90)


def keras_load(keras, path, target):
    img = keras.utils.load_img(path, target_size=target, interpolation="bilinear" if target else "nearest")
    return keras.utils.img_to_array(img, data_format="channels_last", dtype="float32")


def single(path, reps, target):
    import keras
    times, cpu = [], []
    for i in range(reps + 2):
        start, cpu_start = time.perf_counter(), time.thread_time()
        keras_load(keras, path, target)
        if i >= 2:
            times.append((time.perf_counter() - start) * 1e3)
            cpu.append((time.thread_time() - cpu_start) * 1e3)
    label = "load+to_array" if target is None else f"load+to_array {target[0]}x{target[1]} bilinear"
    print(json.dumps({"tool": "keras", "case": label, "file": pathlib.Path(path).name, "median_ms": sorted(times)[len(times) // 2],
                      "cpu_ms": sorted(cpu)[len(cpu) // 2]}))


def folder(directory, target):
    import keras
    files = sorted(str(p) for p in pathlib.Path(directory).glob("*.jpg"))
    start, cpu_start = time.perf_counter(), time.process_time()
    for f in files:
        keras_load(keras, f, target)
    total = (time.perf_counter() - start) * 1e3
    cpu = (time.process_time() - cpu_start) * 1e3
    label = f"folder of {len(files)}" + ("" if target is None else f" --target-size {target[0]} {target[1]}")
    print(json.dumps({"tool": "keras", "case": label, "file": "photos/*.jpg", "median_ms": total, "cpu_ms": cpu}))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "inputs":
        inputs(sys.argv[2])
    elif command == "single":
        single(sys.argv[2], int(sys.argv[3]), (int(sys.argv[4]), int(sys.argv[5])) if len(sys.argv) > 5 else None)
    elif command == "folder":
        folder(sys.argv[2], (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else None)
