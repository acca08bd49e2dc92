"""Apache Spark recipe (pyspark, local[2]): the driver splits the work into N shards, each executor runs
`imago dataset --shard K/N --output-format tfrecord`, and TensorFlow reads the TFRecord shards back; they must equal
a single-machine `imago dataset` run batch for batch. Also: a failed input is reported with its path by the one
shard that holds it, and the others lose nothing."""
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# Executors are fresh Python processes: they need this folder (for `common`) and this interpreter.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [os.path.dirname(os.path.abspath(__file__)), os.environ.get("PYTHONPATH")]))
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
SHARDS = 3



def feature_spec(tf):
    return {
        "image": tf.io.FixedLenFeature([], tf.string),
        "shape": tf.io.FixedLenFeature([3], tf.int64),
        "dtype": tf.io.FixedLenFeature([], tf.string),
        "path": tf.io.FixedLenFeature([], tf.string),
        "index": tf.io.FixedLenFeature([], tf.int64),
        "batch": tf.io.FixedLenFeature([], tf.int64),
        "class_index": tf.io.FixedLenFeature([], tf.int64),
        "label": tf.io.FixedLenFeature([], tf.int64),
    }


def spark_job(tree, out_dir, shards):
    """The recipe: one Spark task per shard, each running imago on its executor."""
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("imago-shards")
             .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
             .config("spark.python.worker.reuse", "true").getOrCreate())
    try:
        def work(k, _rows):
            yield common.run_shard(tree, out_dir, k, shards, "tfrecord")
        return spark.sparkContext.parallelize(range(shards), shards).mapPartitionsWithIndex(work).collect()
    finally:
        spark.stop()


def main():
    tally = common.Tally("spark")
    missing = common.missing_requirements("pyspark", "tensorflow", java=True)
    if missing:
        print(f"spark: SKIPPED: {missing}", flush=True)
        return 0
    import tensorflow as tf

    with tempfile.TemporaryDirectory() as work:
        tree = common.make_tree(os.path.join(work, "tree"))
        broken = os.path.join(tree, "dogs", "broken.jpg")
        reference, reference_errors, manifest = common.single_machine(tree, os.path.join(work, "single"))
        tally.check("reference_skips_the_broken_file", any(broken in line for line in reference_errors), reference_errors)

        out_dir = os.path.join(work, "shards")
        results = spark_job(tree, out_dir, SHARDS)
        tally.check("one_result_per_shard", sorted(r[0] for r in results) == list(range(SHARDS)), results)
        reports = [line for _, _, lines in results for line in lines]
        failing = [k for k, status, lines in results if any(broken in line for line in lines)]
        tally.check("failed_input_reported_with_its_path_by_one_shard", len(failing) == 1 and
                    all(line.startswith(f"imago: {broken}: ") for line in reports), reports)
        tally.check("only_that_shard_exits_1", all((status == 1) == (k in failing) for k, status, _ in results), results)

        files = sorted(glob.glob(os.path.join(out_dir, "shard-*-of-*.tfrecord")))
        tally.check("every_shard_file_written", len(files) == SHARDS, files)
        spec = feature_spec(tf)
        samples = []
        for record in tf.data.TFRecordDataset(files):
            ex = tf.io.parse_single_example(record, spec)
            image = tf.reshape(tf.io.decode_raw(ex["image"], tf.float32), ex["shape"])
            samples.append({"image": image.numpy(), "label": int(ex["label"]), "path": ex["path"].numpy().decode(),
                            "index": int(ex["index"]), "batch": int(ex["batch"]),
                            "dtype": ex["dtype"].numpy().decode(), "class_index": int(ex["class_index"])})
        tally.check("dtype_feature_is_float32", all(s["dtype"] == "float32" for s in samples))
        tally.check("class_index_equals_int_label", all(s["class_index"] == s["label"] for s in samples))
        common.compare(tally, "tfrecord_union_equals_single_machine", reference, samples)

        # label_mode="categorical": the label feature is the one-hot float32 row the .npy batches hold.
        categorical = os.path.join(work, "categorical")
        for fmt in ("npy", "tfrecord"):
            subprocess.run([common.IMAGO, "dataset", tree, "--out-dir", os.path.join(categorical, fmt), "--label-mode",
                            "categorical", "--output-format", fmt, *common.DATASET_OPTIONS], capture_output=True)
        npy_labels = np.concatenate([np.load(f) for f in sorted(glob.glob(os.path.join(categorical, "npy", "labels_*.npy")))])
        one_hot = dict(spec, label=tf.io.FixedLenFeature([3], tf.float32))
        records = [tf.io.parse_single_example(r, one_hot) for r in
                   tf.data.TFRecordDataset([os.path.join(categorical, "tfrecord", "shard-00000-of-00001.tfrecord")])]
        tf_labels = np.stack([r["label"].numpy() for r in records]) if records else np.zeros((0, 3), np.float32)
        tally.check("categorical_labels_are_the_one_hot_rows", npy_labels.dtype == np.float32 and len(npy_labels) > 0
                    and np.array_equal(tf_labels, npy_labels)
                    and all(int(r["class_index"]) == int(np.argmax(l)) for r, l in zip(records, tf_labels)))

        # A flipped byte in a shard is caught by TensorFlow's CRC check (the reader the README documents).
        corrupt = os.path.join(work, "corrupt.tfrecord")
        data = bytearray(open(files[0], "rb").read())
        data[len(data) // 2] ^= 0x10
        open(corrupt, "wb").write(bytes(data))
        try:
            for _ in tf.data.TFRecordDataset([corrupt]):
                pass
            detected = False
        except tf.errors.DataLossError:
            detected = True
        tally.check("flipped_byte_detected_by_tensorflow_crc", detected)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
