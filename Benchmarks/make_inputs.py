"""Writes every input of the Imago benchmark into DIR, deterministically (fixed seeds; never committed):

- photo_<W>x<H>.* for each size: a photo-like RGB8 image (gradients, blobs, hard-edged shapes, 1/f texture, noise)
  as JPEG q90 4:2:0, PNG level 6, WebP lossy q80, WebP lossy q80 with a gradient alpha, WebP lossless, TIFF none /
  LZW / Deflate with the horizontal predictor (Pillow's strips), GIF (256-colour median-cut
  palette, no dither), BMP, PPM; and at the two smaller sizes PGM 16-bit, PGM ASCII and PPM maxval 1000;
- rgb_<W>x<H>.raw, i16_<W>x<H>.raw (I;16 little-endian), f_<W>x<H>.raw (F little-endian float32): raw pixels for the
  encode and transform rows, and Pillow 13's outputs of the transforms (pillow_<prefix>_<filter>_<W>x<H>.raw,
  pillow_L_<W>x<H>.raw) that the Swift side compares with its own;
- photos/a, photos/b: N 640x427 JPEGs q90 (the dataset, Keras folder and distributed rows);
- display_p3.icc: the Display P3 matrix/TRC profile the colour tests use (scripts/fixtures/gen_color.py), for the
  ICC->sRGB rows.

Usage: make_inputs.py DIR SIZES [N]   (SIZES: comma-separated WxH; N: folder size, default 200)
"""
import pathlib
import sys

import numpy as np
from PIL import Image

FILTERS = {"bilinear": Image.Resampling.BILINEAR, "bicubic": Image.Resampling.BICUBIC, "lanczos": Image.Resampling.LANCZOS}


def photo(width: int, height: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    img = np.zeros((height, width, 3), np.float32)
    for c in range(3):  # gradients
        img[..., c] = 60 + 100 * (x / width) * (c + 1) / 3 + 60 * (y / height) * (3 - c) / 3
    for _ in range(12):  # blobs
        cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(0.05, 0.3) * min(width, height)
        img += np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r))[..., None] * rng.uniform(-80, 80, 3).astype(np.float32)
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


def write(path: pathlib.Path, save) -> None:
    if not path.exists():
        tmp = path.with_name(path.name + ".tmp")
        save(tmp)
        tmp.rename(path)


def size_inputs(out: pathlib.Path, w: int, h: int) -> None:
    size = f"{w}x{h}"
    pixels = photo(w, h)
    rgb = Image.fromarray(pixels, "RGB")
    p = lambda suffix: out / f"photo_{size}{suffix}"
    write(p(".jpg"), lambda f: rgb.save(f, "JPEG", quality=90))
    write(p(".png"), lambda f: rgb.save(f, "PNG", compress_level=6))
    write(p("_lossy.webp"), lambda f: rgb.save(f, "WEBP", quality=80))
    rgba = rgb.copy()
    rgba.putalpha(Image.fromarray(np.tile(np.linspace(0, 255, w).astype(np.uint8), (h, 1))))
    write(p("_alpha.webp"), lambda f: rgba.save(f, "WEBP", quality=80))
    write(p("_lossless.webp"), lambda f: rgb.save(f, "WEBP", lossless=True))
    write(p("_none.tif"), lambda f: rgb.save(f, "TIFF"))
    write(p("_lzw.tif"), lambda f: rgb.save(f, "TIFF", compression="tiff_lzw"))
    write(p("_deflate.tif"), lambda f: rgb.save(f, "TIFF", compression="tiff_adobe_deflate", predictor=2))
    write(p(".gif"), lambda f: rgb.quantize(256, dither=Image.Dither.NONE).save(f, "GIF"))
    write(p(".bmp"), lambda f: rgb.save(f, "BMP"))
    write(p(".ppm"), lambda f: rgb.save(f, "PPM"))
    if w * h <= 1920 * 1080:
        r, g = pixels[..., 0].astype(np.uint32), pixels[..., 1].astype(np.uint32)
        write(p("_16.pgm"), lambda f: Image.fromarray((r * 256 + g).astype(np.uint16)).save(f, "PPM"))
        gray = np.asarray(rgb.convert("L"))

        def ascii_pgm(f):
            with open(f, "w") as out_file:
                out_file.write(f"P2\n{w} {h}\n255\n")
                for line in gray:
                    out_file.write(" ".join(map(str, line.tolist())) + "\n")

        write(p("_ascii.pgm"), ascii_pgm)

        def maxval1000(f):
            with open(f, "wb") as out_file:
                out_file.write(f"P6\n{w} {h}\n1000\n".encode())
                out_file.write((pixels.astype(np.uint32) * 1000 // 255).astype(">u2").tobytes())

        write(p("_maxval1000.ppm"), maxval1000)
    # Raw pixels for encodes and transforms, and Pillow's transform outputs.
    r, g = pixels[..., 0].astype(np.uint32), pixels[..., 1].astype(np.uint32)
    raws = {"rgb": pixels.tobytes(), "i16": (r * 256 + g).astype("<u2").tobytes(),
            "f": (r * 1.1 + g / 256.0 - 20.0).astype("<f4").tobytes()}
    modes = {"rgb": "RGB", "i16": "I;16", "f": "F"}
    for prefix, data in raws.items():
        write(out / f"{prefix}_{size}.raw", lambda f: f.write_bytes(data))
        image = Image.frombytes(modes[prefix], (w, h), data)
        for name, flt in FILTERS.items():
            write(out / f"pillow_{prefix}_{name}_{size}.raw", lambda f: f.write_bytes(image.resize((224, 224), flt).tobytes()))
    write(out / f"pillow_L_{size}.raw", lambda f: f.write_bytes(rgb.convert("L").tobytes()))


def folder(out: pathlib.Path, n: int) -> None:
    """N photo-like 640x427 JPEGs q90 in two class folders."""
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:427, 0:640].astype(np.float32)
    for i in range(n):
        cx, cy = rng.uniform(0, 640), rng.uniform(0, 427)
        blob = np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * rng.uniform(40, 160) ** 2))
        rgb = np.stack([x / 640 * 255 * blob + 40, y / 427 * 200 + 30 * blob, (x + y) % 255 * 0.5], -1)
        rgb += rng.normal(0, 6, size=rgb.shape)
        path = out / ("a" if i % 2 == 0 else "b") / f"img_{i:05d}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path, lambda f: Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB").save(f, "JPEG", quality=90))


def display_p3(out: pathlib.Path) -> None:
    """The Display P3 profile of the colour tests, built by the same code (scripts/fixtures/gen_color.py)."""
    import importlib.util
    script = pathlib.Path(__file__).resolve().parents[1] / "scripts" / "fixtures" / "gen_color.py"
    spec = importlib.util.spec_from_file_location("gen_color", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    write(out / "display_p3.icc", lambda f: f.write_bytes(module.display_p3_profile()))


def main() -> None:
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    if sys.argv[2]:
        display_p3(out)
    for size in filter(None, sys.argv[2].split(",")):
        w, h = map(int, size.split("x"))
        size_inputs(out, w, h)
    folder(out / "photos", int(sys.argv[3]) if len(sys.argv) > 3 else 200)


if __name__ == "__main__":
    main()
