"""Writes photo-like synthetic images (seeded) as raw bytes: DIR/rgb_WxH.raw (RGB), and from them DIR/i16_WxH.raw
(I;16, little-endian, the full 16-bit range) and DIR/f_WxH.raw (F, little-endian float32, partly outside [0, 255])."""
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
    r, g = img[..., 0].astype(np.uint32), img[..., 1].astype(np.uint32)
    with open(f"{sys.argv[1]}/i16_{w}x{h}.raw", "wb") as f:
        f.write((r * 256 + g).astype("<u2").tobytes())
    with open(f"{sys.argv[1]}/f_{w}x{h}.raw", "wb") as f:
        f.write((r * 1.1 + g / 256.0 - 20.0).astype("<f4").tobytes())
