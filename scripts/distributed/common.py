"""Shared pieces of the distributed recipes' tests: the imago binary, a small class tree, a single-machine
reference run, the shard runner every engine calls on its workers, and a pytest-like pass/fail tally.

Every engine test compares what its workers wrote with a single-machine `imago dataset` run of the same tree and
options, array for array (exact float32 equality), label for label and path for path, batch by batch.
"""
import glob
import json
import os
import pathlib
import signal
import subprocess
import sys
import time

import numpy as np
from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parents[2]
IMAGO = os.environ.get("IMAGO_BIN") or str(ROOT / ".build" / "debug" / "imago")

# The options every run of the tests uses: small images, batches of 4, a seeded shuffle and a validation split,
# so shards cut the post-shuffle, post-split order at batch boundaries.
DATASET_OPTIONS = ["--image-size", "24", "20", "--batch-size", "4", "--seed", "1337",
                   "--validation-split", "0.2", "--subset", "training", "--quiet", "--jobs", "1"]


class Tally:
    """Counts checks and prints `name ... PASSED/FAILED` lines and an `N passed, N failed` summary."""

    def __init__(self, title):
        self.title, self.passed, self.failed = title, 0, 0
        print(f"== {title}", flush=True)

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"{self.title}::{name} PASSED", flush=True)
        else:
            self.failed += 1
            print(f"{self.title}::{name} FAILED {detail}", flush=True)
        return condition

    def summary(self):
        print(f"{self.title}: {self.passed} passed, {self.failed} failed", flush=True)
        return 0 if self.failed == 0 and self.passed > 0 else 1


def missing_requirements(*modules, java=False):
    """What the test needs that this machine lacks (a module that does not import, or java), or None."""
    import importlib
    import shutil
    if not os.access(IMAGO, os.X_OK):
        return f"no imago binary at {IMAGO} (set IMAGO_BIN)"
    if java and shutil.which("java") is None:
        return "no java on PATH (Spark needs Java 17)"
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception as error:  # noqa: BLE001 - any import failure means the engine cannot run here
            return f"cannot import {module}: {error}"
    return None


def make_tree(root, broken=True):
    """Three classes of small JPEG and PNG pictures of varied sizes (30 images), plus, with `broken`, one file
    named .jpg that is not an image (the failed input every engine must report by path without losing the others)."""
    root = pathlib.Path(root)
    rng = np.random.default_rng(7)
    for c, name in enumerate(["cats", "dogs", "zebras"]):
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(10):
            h, w = 20 + 7 * ((i + c) % 5), 18 + 9 * (i % 4)
            pixels = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
            ext = "jpg" if i % 2 == 0 else "png"
            Image.fromarray(pixels).save(root / name / f"{name}_{i:02d}.{ext}")
    if broken:
        (root / "dogs" / "broken.jpg").write_bytes(b"this is not a JPEG file\n" * 4)
    return str(root)


def run_shard(tree, out_dir, k, n, output_format, extra=()):
    """Runs `imago dataset --shard K/N` (what each worker does); returns (k, exit status, stderr lines)."""
    os.makedirs(out_dir, exist_ok=True)
    command = [IMAGO, "dataset", tree, "--out-dir", out_dir, "--shard", f"{k}/{n}",
               "--output-format", output_format, *DATASET_OPTIONS, *extra]
    done = subprocess.run(command, capture_output=True, text=True)
    return k, done.returncode, done.stderr.splitlines()


def run_shard_killed(tree, out_dir, k, n, output_format):
    """Starts `imago dataset --shard K/N` and kills it (SIGKILL) as soon as its shard's temporary file appears, i.e.
    mid-shard. Returns (exit status, whether the kill happened mid-write)."""
    os.makedirs(out_dir, exist_ok=True)
    name = f"shard-{k:05d}-of-{n:05d}.{output_format}"
    # Large outputs make the shard take long enough to be killed mid-write even with a fast (release) build.
    options = list(DATASET_OPTIONS)
    at = options.index("--image-size")
    options[at + 1:at + 3] = ["768", "768"]
    command = [IMAGO, "dataset", tree, "--out-dir", out_dir, "--shard", f"{k}/{n}",
               "--output-format", output_format, *options]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    mid_write = False
    deadline = time.time() + 60
    while process.poll() is None and time.time() < deadline:
        if glob.glob(os.path.join(out_dir, f".{name}.imago-*")):
            process.send_signal(signal.SIGKILL)
            mid_write = True
            break
        time.sleep(0.0005)
    process.wait()
    return process.returncode, mid_write


def single_machine(tree, out_dir):
    """The reference: one `imago dataset` run writing .npy batches. Returns the list of batches
    (images, labels, paths) in epoch order, and the run's stderr lines."""
    done = subprocess.run([IMAGO, "dataset", tree, "--out-dir", out_dir, *DATASET_OPTIONS],
                          capture_output=True, text=True)
    manifest = json.load(open(os.path.join(out_dir, "classes.json")))
    paths = iter(manifest["file_paths"])
    batches = {}
    for number in manifest["batch_indices"]:
        images = np.load(os.path.join(out_dir, f"batch_{number:05d}.npy"))
        labels = np.load(os.path.join(out_dir, f"labels_{number:05d}.npy"))
        batches[number] = (images, labels, [next(paths) for _ in range(len(images))])
    return batches, done.stderr.splitlines(), manifest


def compare(tally, prefix, reference, samples):
    """Checks that `samples` (dicts with batch, index, image, label, path) regrouped by batch are the reference
    batches exactly: same batch numbers, same arrays bit for bit, same labels, same paths, same order."""
    grouped = {}
    for s in sorted(samples, key=lambda s: s["index"]):
        grouped.setdefault(s["batch"], []).append(s)
    expected = sum(len(images) for images, _, _ in reference.values())
    tally.check(f"{prefix}_same_sample_count", expected > 0 and len(samples) == expected, f"{len(samples)} != {expected}")
    tally.check(f"{prefix}_same_batches", sorted(grouped) == sorted(reference),
                f"{sorted(grouped)} != {sorted(reference)}")
    arrays_equal = labels_equal = paths_equal = True
    for number, (images, labels, paths) in reference.items():
        got = grouped.get(number, [])
        if len(got) != len(images):
            arrays_equal = False
            continue
        stacked = np.stack([s["image"] for s in got])
        arrays_equal &= stacked.dtype == images.dtype and stacked.shape == images.shape and bool(np.array_equal(stacked, images))
        labels_equal &= [int(s["label"]) for s in got] == [int(v) for v in labels]
        paths_equal &= [s["path"] for s in got] == paths
    tally.check(f"{prefix}_arrays_bit_identical", arrays_equal)
    tally.check(f"{prefix}_labels_identical", labels_equal)
    tally.check(f"{prefix}_paths_and_order_identical", paths_equal)
