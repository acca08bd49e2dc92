"""Writes photo-like test PNGs (numpy, fixed seed; saved by Pillow at compress_level=6) into DIR:
photo-640x427.png, photo-1920x1080.png, photo-4000x3000.png. Content: smooth gradients, Gaussian blobs, hard-edged
shapes, 1/f multi-octave texture and sigma=3 noise, like the shared bench anchors' images."""
import pathlib
import sys

import numpy as np
from PIL import Image


def photo(width: int, height: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    img = np.zeros((height, width, 3), np.float32)
    for c in range(3):  # gradients
        img[..., c] = 60 + 100 * (x / width) * (c + 1) / 3 + 60 * (y / height) * (3 - c) / 3
    for _ in range(12):  # blobs
        cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(0.05, 0.3) * min(width, height)
        colour = rng.uniform(-80, 80, 3).astype(np.float32)
        img += np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r))[..., None] * colour
    for _ in range(8):  # hard-edged rectangles
        x0, y0 = int(rng.uniform(0, width * 0.8)), int(rng.uniform(0, height * 0.8))
        img[y0:y0 + int(height * 0.15), x0:x0 + int(width * 0.15)] = rng.uniform(0, 255, 3)
    texture = np.zeros((height, width), np.float32)
    for octave in range(1, 6):  # 1/f texture: coarse noise upsampled
        step = 2 ** (7 - octave)
        coarse = rng.normal(0, 1, (height // step + 2, width // step + 2)).astype(np.float32)
        texture += np.kron(coarse, np.ones((step, step), np.float32))[:height, :width] * (24 / octave)
    img += texture[..., None]
    img += rng.normal(0, 3, img.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def main() -> None:
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for w, h in [(640, 427), (1920, 1080), (4000, 3000)]:
        path = out / f"photo-{w}x{h}.png"
        if not path.exists():
            Image.fromarray(photo(w, h)).save(path, compress_level=6)


if __name__ == "__main__":
    main()
