"""Writes N generated 640x427 JPEGs (q90) into DIR/a and DIR/b, like photos: smooth gradients, blobs and noise."""
import pathlib
import sys

import numpy as np
from PIL import Image


def main():
    out = pathlib.Path(sys.argv[1])
    n = int(sys.argv[2])
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:427, 0:640].astype(np.float32)
    existing = len(list(out.glob("*/*.jpg"))) if out.exists() else 0
    if existing == n:
        return
    for sub in ("a", "b"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for i in range(n):
        cx, cy = rng.uniform(0, 640), rng.uniform(0, 427)
        blob = np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * rng.uniform(40, 160) ** 2))
        rgb = np.stack([x / 640 * 255 * blob + 40, y / 427 * 200 + 30 * blob, (x + y) % 255 * 0.5], -1)
        rgb += rng.normal(0, 6, size=rgb.shape)
        img = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")
        img.save(out / ("a" if i % 2 == 0 else "b") / f"img_{i:05d}.jpg", quality=90)


if __name__ == "__main__":
    main()
