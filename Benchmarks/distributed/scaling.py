"""Scaling of the distributed recipe: the same `imago dataset` work (224x224 float32, batches of 32, TFRecord
shards) split over 1 and over 2 local engine workers, timed apart from the engine's start-up.

Usage: scaling.py IMAGO IMAGE_DIR [--engine ray|spark] [--workers 1,2] [--no-pin]
Prints one JSON line per worker count: engine, workers, images, startup_s (engine start and a first no-op task on
every worker), run_s (first shard submitted to last shard written), images_per_s, cpu_s (user+sys CPU seconds of the
imago shard processes, summed) and shard_cpu_s (per shard); then the speed-up.

A worker is one core, as a cluster gives an executor with one core: each shard runs `imago dataset --jobs 1`
pinned to core K mod (cores) (sched_setaffinity; --no-pin leaves it free). Pinning matters: even with --jobs 1 a
shard process runs two threads, one decoding and one encoding and writing the shard file (about half of its CPU
time each, measured with perf on 200 images), so an unpinned single worker also uses the second core, and the
"1 worker" run is in fact a 2-core run.
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


def run_shard(command, core=None):
    """Runs one shard's imago process (pinned to `core` when given); returns (exit status, stderr tail, CPU seconds
    of the process: user + sys)."""
    import resource

    def pin():
        if core is not None and hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {core % os.cpu_count()})

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True, preexec_fn=pin)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done.returncode, done.stderr[-2000:], cpu


def with_ray(imago, images, out_dir, workers, pin):
    import ray
    start = time.perf_counter()
    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    try:
        task = ray.remote(num_cpus=1)(run_shard)
        ray.get([ray.remote(num_cpus=1)(lambda: 0).remote() for _ in range(workers)])
        startup = time.perf_counter() - start
        start = time.perf_counter()
        results = ray.get([task.remote(shard_command(imago, images, out_dir, k, workers), k if pin else None)
                           for k in range(workers)])
        return startup, time.perf_counter() - start, results
    finally:
        ray.shutdown()


def with_spark(imago, images, out_dir, workers, pin):
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
        commands = [(shard_command(imago, images, out_dir, k, workers), k if pin else None) for k in range(workers)]
        results = sc.parallelize(commands, workers).map(lambda c: run_shard(*c)).collect()
        return startup, time.perf_counter() - start, results
    finally:
        spark.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("imago")
    parser.add_argument("images")
    parser.add_argument("--engine", default="ray", choices=["ray", "spark"])
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--no-pin", dest="pin", action="store_false", help="do not pin each shard to one core")
    args = parser.parse_args()
    count = len(glob.glob(os.path.join(args.images, "*", "*.jpg")))
    runs = {}
    for workers in [int(w) for w in args.workers.split(",")]:
        out_dir = tempfile.mkdtemp(prefix="imago-scaling-")
        try:
            engine = with_ray if args.engine == "ray" else with_spark
            startup, run, results = engine(os.path.abspath(args.imago), os.path.abspath(args.images), out_dir, workers,
                                           args.pin)
            failed = [r for r in results if r[0] != 0]
            runs[workers] = run
            print(json.dumps({"engine": args.engine, "workers": workers, "images": count, "startup_s": round(startup, 2),
                              "run_s": round(run, 2), "images_per_s": round(count / run, 1), "failed_shards": len(failed),
                              "cpu_s": round(sum(r[2] for r in results), 2),
                              "shard_cpu_s": [round(r[2], 2) for r in results], "pinned": args.pin}),
                  flush=True)
        finally:
            shutil.rmtree(out_dir, ignore_errors=True)
    if 1 in runs and 2 in runs:
        print(json.dumps({"speedup_2_vs_1": round(runs[1] / runs[2], 2)}))


if __name__ == "__main__":
    main()
