"""The Python peers of the Imago benchmark, timed with the same rule as Sources/ImagoBench/Harness.swift: warm-ups,
then runs until a minimum count and a minimum time (capped by a maximum count and time), each run doing the whole
operation including the file read; medians of wall-clock (perf_counter) and CPU time (process_time, plus the child
processes' CPU for the subprocess rows), in ms. One JSON line per row, with the same op and size names as the Swift side.

Usage: peers.py TOOL INPUT_DIR SIZES GROUPS
  TOOL: pillow | pillow-simd (whichever Pillow this interpreter has; groups codecs, transforms, photos)
        keras (groups keras, datasets, folder; KERAS_BACKEND=numpy) | tf.data (group datasets; TensorFlow)
        tensorflow (group keras: tf.image.resize on the raw arrays)
        netpbm (group codecs: `pamtopam < FILE`, the PNM rows) | imago-cli (group folder: `imago to-array`, $IMAGO_BIN)
QUICK=1 selects the quick rule.
"""
import io
import json
import os
import pathlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time

QUICK = os.environ.get("QUICK") == "1"
# warm-ups, min runs, min seconds, max runs, max seconds: the same numbers as TimingRule.full / .quick
RULE = (1, 3, 0.05, 20, 1.0) if QUICK else (2, 15, 0.5, 200, 10.0)


def children_cpu():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def cpu_now():
    return time.process_time() + children_cpu()


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def measure(body):
    warm, min_runs, min_s, max_runs, max_s = RULE
    for _ in range(warm):
        body()
    wall, cpu = [], []
    start = time.perf_counter()
    while len(wall) < max_runs:
        w0, c0 = time.perf_counter(), cpu_now()
        body()
        cpu.append((cpu_now() - c0) * 1e3)
        wall.append((time.perf_counter() - w0) * 1e3)
        elapsed = time.perf_counter() - start
        if len(wall) >= min_runs and elapsed >= min_s:
            break
        if len(wall) >= 3 and elapsed >= max_s:
            break
    return median(wall), median(cpu), len(wall)


def row(op, size, tool, body, **extra):
    head = {"op": op, "size": size, "tool": tool}
    try:
        ms, cpu, runs = measure(body)
        print(json.dumps({**head, "ms": ms, "cpu_ms": cpu, "runs": runs, **extra}), flush=True)
    except Exception as error:  # the row is reported as failed, the others still run
        print(json.dumps({**head, "error": f"{type(error).__name__}: {error}"}), flush=True)


DECODES = [("JPEG decode", ".jpg"), ("PNG decode", ".png"), ("WebP lossy decode", "_lossy.webp"),
           ("WebP lossy+alpha decode", "_alpha.webp"), ("WebP lossless decode", "_lossless.webp"),
           ("TIFF none decode", "_none.tif"), ("TIFF LZW decode", "_lzw.tif"), ("TIFF Deflate decode", "_deflate.tif"),
           ("GIF decode", ".gif"), ("BMP decode", ".bmp"), ("PNM decode", ".ppm"), ("PGM 16-bit decode", "_16.pgm"),
           ("PGM ASCII decode", "_ascii.pgm"), ("PPM maxval 1000 decode", "_maxval1000.ppm")]
PNM = {".ppm", "_16.pgm", "_ascii.pgm", "_maxval1000.ppm"}
# Pillow decodes these two in pure Python (seconds per image): left out of the quick run.
SLOW_IN_PILLOW = {"_ascii.pgm", "_maxval1000.ppm"}


def pillow_codecs(tool, d, sizes):
    import numpy as np
    from PIL import Image

    def load(path, convert=None):
        with Image.open(path) as im:
            im.load()
            if convert:
                im.convert(convert)

    for size in sizes:
        for op, suffix in DECODES:
            path = f"{d}/photo_{size}{suffix}"
            if os.path.exists(path) and not (QUICK and suffix in SLOW_IN_PILLOW):
                row(op, size, tool, lambda: load(path, "RGB" if suffix == ".gif" else None))
        path = f"{d}/photo_{size}.jpg"
        row("JPEG decode (np.asarray)", size, tool, lambda: np.asarray(Image.open(path)))
        for n in (2, 4, 8):
            def draft(n=n):
                with Image.open(path) as im:
                    im.draft("RGB", (im.width // n, im.height // n))
                    im.load()
            row(f"JPEG decode 1/{n}", size, tool, draft)
        w, h = map(int, size.split("x"))
        image = Image.frombytes("RGB", (w, h), pathlib.Path(f"{d}/rgb_{size}.raw").read_bytes())
        encodes = [("JPEG encode q90", "JPEG", {"quality": 90}), ("PNG encode level 6", "PNG", {"compress_level": 6}),
                   ("WebP lossy encode q80", "WEBP", {"quality": 80}),
                   ("WebP lossless encode q70", "WEBP", {"lossless": True, "quality": 70}),
                   ("TIFF none encode", "TIFF", {}), ("TIFF LZW encode", "TIFF", {"compression": "tiff_lzw"}),
                   ("TIFF Deflate encode", "TIFF", {"compression": "tiff_adobe_deflate", "predictor": 2}),
                   ("BMP encode", "BMP", {}), ("PNM encode", "PPM", {})]
        for op, fmt, kw in encodes:
            row(op, size, tool, lambda fmt=fmt, kw=kw: image.save(io.BytesIO(), fmt, **kw))


def pillow_transforms(tool, d, sizes):
    import numpy as np
    from PIL import Image
    filters = {"bilinear": Image.Resampling.BILINEAR, "bicubic": Image.Resampling.BICUBIC, "lanczos": Image.Resampling.LANCZOS}
    for size in sizes:
        w, h = map(int, size.split("x"))
        rgb = None
        for mode, prefix in (("RGB", "rgb"), ("I;16", "i16"), ("F", "f")):
            im = Image.frombytes(mode, (w, h), pathlib.Path(f"{d}/{prefix}_{size}.raw").read_bytes())
            rgb = rgb or im
            for name, flt in filters.items():
                row(f"resize {mode} 224 {name}", size, tool, lambda im=im, flt=flt: im.resize((224, 224), flt))
        row("RGB->L", size, tool, lambda: rgb.convert("L"))
        row("UInt8->Float32", size, tool, lambda: np.asarray(rgb, dtype=np.float32))  # Keras img_to_array


def pillow_photos(tool, d, sizes):
    """Pillow's side of the photo rows: the transpose exif_transpose does for orientation N, and
    ImageCms.applyTransform with a transform built once (profileToProfile's buildTransform, perceptual)."""
    import io
    from PIL import Image, ImageCms
    methods = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_270,
               8: Image.Transpose.ROTATE_90}
    names = {2: "flipHorizontal", 3: "rotate(180)", 6: "rotate(270)", 8: "rotate(90)"}
    icc = pathlib.Path(f"{d}/display_p3.icc")
    transform = None
    if icc.exists():
        transform = ImageCms.buildTransform(ImageCms.ImageCmsProfile(io.BytesIO(icc.read_bytes())),
                                            ImageCms.createProfile("sRGB"), "RGB", "RGB")
    for size in sizes:
        w, h = map(int, size.split("x"))
        rgb = Image.frombytes("RGB", (w, h), pathlib.Path(f"{d}/rgb_{size}.raw").read_bytes())
        for value, method in methods.items():
            row(f"orient {value} ({names[value]})", size, tool, lambda method=method: rgb.transpose(method))
        if transform is not None:
            row("ICC->sRGB (Display P3, perceptual)", size, tool, lambda: ImageCms.applyTransform(rgb, transform))


def keras_rows(d, sizes):
    import keras
    import numpy as np
    def load(path, target):
        img = keras.utils.load_img(path, target_size=target, interpolation="bilinear" if target else "nearest")
        return keras.utils.img_to_array(img, data_format="channels_last", dtype="float32")
    for size in sizes:
        path = f"{d}/photo_{size}.jpg"
        row("load_img+img_to_array", size, "keras", lambda: load(path, None))
        row("load_img+img_to_array 224x224 bilinear", size, "keras", lambda: load(path, (224, 224)))
        w, h = map(int, size.split("x"))
        floats = np.fromfile(f"{d}/rgb_{size}.raw", np.uint8).reshape(h, w, 3).astype(np.float32)
        row("smart_resize 224 bilinear", size, "keras", lambda: keras.preprocessing.image.smart_resize(floats, (224, 224)))


def tensorflow_rows(d, sizes):
    """TensorFlow 2.21's own tf.image.resize (eager, CPU) on the same uint8 arrays as ImagoBench's rows."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import numpy as np
    import tensorflow as tf
    for size in sizes:
        w, h = map(int, size.split("x"))
        image = tf.constant(np.fromfile(f"{d}/rgb_{size}.raw", np.uint8).reshape(h, w, 3))
        for method in ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic"):
            row(f"tf.image.resize 224 {method}", size, "tensorflow",
                lambda method=method: tf.image.resize(image, (224, 224), method=method).numpy())


def keras_folder(d, targets):
    import keras
    files = sorted(str(p) for p in pathlib.Path(d, "photos").glob("*/*.jpg"))
    for target in targets:
        def loop():
            for f in files:
                img = keras.utils.load_img(f, target_size=target, interpolation="bilinear" if target else "nearest")
                keras.utils.img_to_array(img, dtype="float32")
        row(folder_op(len(files), target), "640x427", "keras", loop)


def folder_op(n, target):
    return f"to-array folder of {n}" + (" --target-size 224 224" if target else "")


def imago_cli_folder(d, targets):
    imago = os.environ["IMAGO_BIN"]
    files = sorted(str(p) for p in pathlib.Path(d, "photos").glob("*/*.jpg"))
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    for target in targets:
        args = ["--target-size", "224", "224", "--interpolation", "bilinear"] if target else []
        for where, root in (("disk", d), ("tmpfs", shm)):
            if root is None:
                continue
            out = tempfile.mkdtemp(dir=root, prefix="imago-bench-")
            def run():
                subprocess.run([imago, "to-array", *files, "--out-dir", out, *args], check=True, stdout=subprocess.DEVNULL)
            row(folder_op(len(files), target) + f" (npy to {where})", "640x427", "imago-cli", run)
            shutil.rmtree(out, ignore_errors=True)


def keras_dataset(d):
    import numpy as np
    from keras.src.utils import dataset_utils, image_dataset_utils
    from PIL import Image
    directory = f"{d}/photos"
    paths, _, _ = dataset_utils.index_directory(directory, "inferred", formats=image_dataset_utils.ALLOWLIST_FORMATS,
                                                shuffle=True, seed=1, verbose=False)

    def loop(kind):
        batch = []
        for path in paths:
            if kind == "keras":  # the grain path's per-file steps (the grain package is not installed)
                x = np.asarray(image_dataset_utils._load_image_grain(path, (224, 224), 3, "bilinear", "channels_last"))
            else:  # a plain Pillow loop (antialiased BILINEAR: not the same pixels)
                x = np.asarray(Image.open(path).convert("RGB").resize((224, 224), Image.BILINEAR), dtype=np.float32)
            batch.append(x)
            if len(batch) == 32:
                np.stack(batch)
                batch = []
        if batch:
            np.stack(batch)
    op = f"dataset pass ({len(paths)} images, 1 jobs)"
    row(op, "640x427", "keras", lambda: loop("keras"))
    row(op, "640x427", "pillow", lambda: loop("pillow"))


def tf_dataset(d):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    directory = f"{d}/photos"
    n = len(list(pathlib.Path(directory).glob("*/*.jpg")))

    def one_pass():
        ds = keras.utils.image_dataset_from_directory(directory, image_size=(224, 224), batch_size=32, seed=1,
                                                      verbose=False)
        for _ in ds:
            pass
    row(f"dataset pass ({n} images, 1 jobs)", "640x427", "tf.data", one_pass)


def netpbm(d, sizes):
    for size in sizes:
        for op, suffix in DECODES:
            path = f"{d}/photo_{size}{suffix}"
            if suffix in PNM and os.path.exists(path):
                def run(path=path):
                    with open(path, "rb") as f:
                        subprocess.run(["pamtopam"], stdin=f, stdout=subprocess.DEVNULL, check=True)
                row(op, size, "netpbm", run)


def main():
    tool, d, sizes, groups = sys.argv[1], sys.argv[2], sys.argv[3].split(","), set(sys.argv[4].split(","))
    targets = [None, (224, 224)]
    if tool in ("pillow", "pillow-simd"):
        if "codecs" in groups:
            pillow_codecs(tool, d, sizes)
        if "transforms" in groups:
            pillow_transforms(tool, d, sizes)
        if "photos" in groups:
            pillow_photos(tool, d, sizes)
    elif tool == "keras":
        os.environ.setdefault("KERAS_BACKEND", "numpy")
        if "keras" in groups:
            keras_rows(d, sizes)
        if "datasets" in groups:
            keras_dataset(d)
        if "folder" in groups:
            keras_folder(d, targets)
    elif tool == "tf.data":
        tf_dataset(d)
    elif tool == "tensorflow":
        tensorflow_rows(d, sizes)
    elif tool == "netpbm":
        netpbm(d, sizes)
    elif tool == "imago-cli":
        imago_cli_folder(d, targets)
    else:
        raise SystemExit(f"unknown tool {tool}")


if __name__ == "__main__":
    main()
