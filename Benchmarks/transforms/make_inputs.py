"""Writes photo-like synthetic RGB images (seeded) as raw bytes: DIR/rgb_WxH.raw."""
import sys

import numpy as np

for w, h in [(640, 427), (1920, 1080), (4000, 3000)]:
    rng = np.random.default_rng(w * h)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    planes = []
    for k in range(3):
        v = 0.5 + 0.25 * np.sin(x / (37.0 + 5 * k)) * np.cos(y / (23.0 + 3 * k)) + 0.2 * (((x // 80) + (y // 60)) % 2)
        planes.append(np.clip(v + rng.normal(0, 0.04, (h, w)).astype(np.float32), 0, 1))
    img = (np.stack(planes, axis=-1) * 255.999).astype(np.uint8)
    with open(f"{sys.argv[1]}/rgb_{w}x{h}.raw", "wb") as f:
        f.write(img.tobytes())
