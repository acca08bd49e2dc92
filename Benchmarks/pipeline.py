"""Issue 20's comparison, in one run: Keras's default dataset pipeline (Keras 3.15.1 + TensorFlow 2.21
`image_dataset_from_directory`, a tf.data pipeline, iterated to the end in Python) against `imago dataset` (batches
written as .npy to tmpfs and to disk) and the library's in-memory AsyncSequence of batches (ImagoBench
dataset-async), on the same generated trees of JPEGs, to 224x224 batches of 32 (seed 1).

For each tree (640x427 and 1920x1080 JPEGs q90), interpolation (bilinear, nearest) and Imago pixel path
(tensorflow: TensorFlow's pixels, Keras's default; grain: the numpy backend's), the best of PASSES passes: images/s
(wall) and CPU ms per image (every thread of the process; the CLI's through its rusage). One JSON line per row, then a
markdown table with the ratio to tf.data's images/s.

Usage: pipeline.py OUT_DIR IMAGO_BIN IMAGOBENCH_BIN   (env: PIPELINE_TREES="640x427:2000,1920x1080:120",
       PIPELINE_PASSES=3, PIPELINE_JOBS=2 (the number of cores by default), PIPELINE_DISK=OUT_DIR)
"""
import json
import os
import pathlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
from PIL import Image

PASSES = int(os.environ.get("PIPELINE_PASSES", "3"))
JOBS = int(os.environ.get("PIPELINE_JOBS", str(os.cpu_count() or 2)))
TREES = [(s.split(":")[0], int(s.split(":")[1])) for s in
         os.environ.get("PIPELINE_TREES", "640x427:2000,1920x1080:120").split(",")]


def tree(out: pathlib.Path, size: str, n: int) -> pathlib.Path:
    """N photo-like JPEGs q90 of SIZE in two class folders (deterministic; reused when complete)."""
    w, h = map(int, size.split("x"))
    root = out / f"tree-{size}-{n}"
    done = root / ".complete"
    if done.exists():
        return root
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    for i in range(n):
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        blob = np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * (rng.uniform(0.06, 0.25) * w) ** 2))
        rgb = np.stack([x / w * 255 * blob + 40, y / h * 200 + 30 * blob, (x + y) % 255 * 0.5], -1)
        rgb += rng.normal(0, 6, size=rgb.shape)
        path = root / ("a" if i % 2 == 0 else "b") / f"img_{i:05d}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB").save(path, "JPEG", quality=90)
    done.touch()
    return root


def best(passes):
    """The pass with the shortest wall time: (images, wall s, cpu s)."""
    return min(passes, key=lambda p: p[1])


def emit(rows, pipeline, size, interpolation, images, wall, cpu):
    r = {"pipeline": pipeline, "size": size, "interpolation": interpolation, "images": images,
         "images_per_s": images / wall, "cpu_ms_per_image": cpu * 1e3 / images, "wall_s": wall}
    rows.append(r)
    print(json.dumps(r), file=sys.stderr, flush=True)


def tf_data(directory, interpolation):
    import keras
    passes = []
    for _ in range(PASSES + 1):  # the first pass warms TensorFlow up and is dropped
        w0, c0 = time.perf_counter(), time.process_time()
        ds = keras.utils.image_dataset_from_directory(directory, image_size=(224, 224), batch_size=32, seed=1,
                                                      interpolation=interpolation, verbose=False)
        n = 0
        for x, _ in ds:
            n += int(x.shape[0])
        passes.append((n, time.perf_counter() - w0, time.process_time() - c0))
    return best(passes[1:])


def children_cpu():
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def imago_cli(imago, directory, interpolation, pixel_path, out_root, jobs=None):
    passes = []
    for _ in range(PASSES):
        out = tempfile.mkdtemp(dir=out_root, prefix="imago-pipeline-")
        w0, c0 = time.perf_counter(), children_cpu()
        subprocess.run([imago, "dataset", str(directory), "--out-dir", out, "--image-size", "224", "--seed", "1",
                        "--interpolation", interpolation, "--pixel-path", pixel_path, "--jobs", str(jobs or JOBS), "--quiet"],
                       check=True, stdout=subprocess.DEVNULL)
        wall, cpu = time.perf_counter() - w0, children_cpu() - c0
        n = len(json.load(open(f"{out}/classes.json"))["file_paths"])
        shutil.rmtree(out, ignore_errors=True)
        passes.append((n, wall, cpu))
    return best(passes)


def imago_async(bench, directory, interpolation, pixel_path):
    out = subprocess.run([bench, "dataset-async", str(directory), str(JOBS), pixel_path, interpolation, str(PASSES)],
                         check=True, capture_output=True, text=True).stdout
    passes = [(d["images"], d["wall_s"], d["cpu_s"]) for d in (json.loads(line) for line in out.splitlines() if line.strip())]
    return best(passes)


def imago_decode_alone(bench, directory, pixel_path):
    out = subprocess.run([bench, "decode-tree", str(directory), pixel_path, str(PASSES)],
                         check=True, capture_output=True, text=True).stdout
    return best([(d["images"], d["wall_s"], d["cpu_s"]) for d in (json.loads(line) for line in out.splitlines() if line.strip())])


def main():
    out_dir = pathlib.Path(sys.argv[1])
    imago, bench = sys.argv[2], sys.argv[3]
    out_dir.mkdir(parents=True, exist_ok=True)
    disk = pathlib.Path(os.environ.get("PIPELINE_DISK", out_dir))
    tmpfs = pathlib.Path("/dev/shm") if os.path.isdir("/dev/shm") else None
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    rows = []
    for size, n in TREES:
        directory = tree(out_dir, size, n)
        for interpolation in ("bilinear", "nearest"):
            emit(rows, "tf.data (Keras 3.15.1 + TF 2.21)", size, interpolation, *tf_data(str(directory), interpolation))
            for pixel_path in ("tensorflow", "grain"):
                if interpolation == "bilinear":
                    emit(rows, f"Imago decode alone, {pixel_path} path (1 thread, the CPU reference)", size, "-",
                         *imago_decode_alone(bench, directory, pixel_path))
                    emit(rows, f"imago dataset --pixel-path {pixel_path} --jobs 1, .npy to disk", size, interpolation,
                         *imago_cli(imago, directory, interpolation, pixel_path, disk, jobs=1))
                for where, root in (("tmpfs", tmpfs), ("disk", disk)):
                    if root is not None:
                        emit(rows, f"imago dataset --pixel-path {pixel_path}, .npy to {where}", size, interpolation,
                             *imago_cli(imago, directory, interpolation, pixel_path, root))
                emit(rows, f"Imago AsyncSequence, {pixel_path} path, in memory", size, interpolation,
                     *imago_async(bench, directory, interpolation, pixel_path))
    print(f"\n## Dataset pipelines: Imago vs Keras's tf.data ({JOBS} jobs; best of {PASSES} passes)\n")
    print("| pipeline | tree | interpolation | images/s | CPU ms / image | / tf.data (images/s) |")
    print("|---|---|---|---:|---:|---:|")
    for r in rows:
        ref = next((x for x in rows if x["size"] == r["size"] and x["interpolation"] == r["interpolation"]
                    and x["pipeline"].startswith("tf.data")), None)
        versus = f"{r['images_per_s'] / ref['images_per_s']:.2f}x" if ref else ""
        print(f"| {r['pipeline']} | {r['size']} x {r['images']} | {r['interpolation']} | {r['images_per_s']:.0f} | "
              f"{r['cpu_ms_per_image']:.2f} | {versus} |")


if __name__ == "__main__":
    main()
