"""The Python side of the datasets benchmark, one JSON line per tool, timed after imports.

- keras-grain: Keras 3.15.1 (numpy backend) image_dataset_from_directory's grain-path steps for each file,
  `_load_image_grain` (Pillow decode, float32, keras.ops.image.resize 224x224 bilinear), stacked into batches
  of 32, over the files in index_directory's shuffled order. (The grain package itself is not installed, so its
  loop is replaced by this plain one, which is if anything faster.)
- pillow: a plain Pillow loop: open, convert RGB, resize((224, 224), BILINEAR), np.asarray float32, stack by 32.
Usage: bench_python.py DIR TOOL
"""
import json
import os
import resource
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "numpy")
import numpy as np
from PIL import Image
from keras.src.utils import dataset_utils, image_dataset_utils


def main():
    directory, tool = sys.argv[1], sys.argv[2]
    paths, labels, classes = dataset_utils.index_directory(
        directory, "inferred", formats=image_dataset_utils.ALLOWLIST_FORMATS, shuffle=True, seed=1, verbose=False)
    start = time.perf_counter()
    cpu_start = time.process_time()
    batch, images, checksum = [], 0, 0.0
    for path in paths:
        if tool == "keras-grain":
            x = np.asarray(image_dataset_utils._load_image_grain(path, (224, 224), 3, "bilinear", "channels_last"))
        else:
            img = Image.open(path).convert("RGB").resize((224, 224), Image.BILINEAR)
            x = np.asarray(img, dtype=np.float32)
        batch.append(x)
        if len(batch) == 32:
            b = np.stack(batch)
            checksum += float(b[0, 0, 0, 0])
            images += len(batch)
            batch = []
    if batch:
        images += len(np.stack(batch))
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"tool": tool, "jobs": 1, "images": images, "seconds": seconds, "cpu_seconds": cpu,
                      "images_per_second": images / seconds, "peak_rss_mb": rss, "checksum": checksum}))


if __name__ == "__main__":
    main()
