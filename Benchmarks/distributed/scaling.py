"""Scaling of the distributed recipe: the same `imago dataset` work (224x224 float32, batches of 32, TFRecord
shards) split over 1 and over 2 local engine workers, timed apart from the engine's start-up.

Usage: scaling.py IMAGO IMAGE_DIR [--engine ray|spark] [--workers 1,2]
Prints one JSON line per worker count: engine, workers, images, startup_s (engine start and a first no-op task on
every worker), run_s (first shard submitted to last shard written), images_per_s; then the speed-up.
Each shard runs `imago dataset --jobs 1`, so W workers use W cores: the speed-up measures the engine's scaling.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def shard_command(imago, images, out_dir, k, n):
    return [imago, "dataset", images, "--out-dir", out_dir, "--shard", f"{k}/{n}", "--output-format", "tfrecord",
            "--image-size", "224", "224", "--batch-size", "32", "--seed", "1", "--jobs", "1", "--quiet"]


def run_shard(command):
    done = subprocess.run(command, capture_output=True, text=True)
    return done.returncode, done.stderr[-2000:]


def with_ray(imago, images, out_dir, workers):
    import ray
    start = time.perf_counter()
    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    try:
        task = ray.remote(num_cpus=1)(run_shard)
        ray.get([ray.remote(num_cpus=1)(lambda: 0).remote() for _ in range(workers)])
        startup = time.perf_counter() - start
        start = time.perf_counter()
        results = ray.get([task.remote(shard_command(imago, images, out_dir, k, workers)) for k in range(workers)])
        return startup, time.perf_counter() - start, results
    finally:
        ray.shutdown()


def with_spark(imago, images, out_dir, workers):
    from pyspark.sql import SparkSession
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    start = time.perf_counter()
    spark = (SparkSession.builder.master(f"local[{workers}]").config("spark.ui.enabled", "false")
             .config("spark.driver.host", "127.0.0.1").getOrCreate())
    try:
        sc = spark.sparkContext
        sc.parallelize(range(workers), workers).map(lambda x: x).collect()
        startup = time.perf_counter() - start
        start = time.perf_counter()
        commands = [shard_command(imago, images, out_dir, k, workers) for k in range(workers)]
        results = sc.parallelize(commands, workers).map(run_shard).collect()
        return startup, time.perf_counter() - start, results
    finally:
        spark.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("imago")
    parser.add_argument("images")
    parser.add_argument("--engine", default="ray", choices=["ray", "spark"])
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    count = len(glob.glob(os.path.join(args.images, "*", "*.jpg")))
    runs = {}
    for workers in [int(w) for w in args.workers.split(",")]:
        out_dir = tempfile.mkdtemp(prefix="imago-scaling-")
        try:
            engine = with_ray if args.engine == "ray" else with_spark
            startup, run, results = engine(os.path.abspath(args.imago), os.path.abspath(args.images), out_dir, workers)
            failed = [r for r in results if r[0] != 0]
            runs[workers] = run
            print(json.dumps({"engine": args.engine, "workers": workers, "images": count, "startup_s": round(startup, 2),
                              "run_s": round(run, 2), "images_per_s": round(count / run, 1), "failed_shards": len(failed)}),
                  flush=True)
        finally:
            shutil.rmtree(out_dir, ignore_errors=True)
    if 1 in runs and 2 in runs:
        print(json.dumps({"speedup_2_vs_1": round(runs[1] / runs[2], 2)}))


if __name__ == "__main__":
    main()
