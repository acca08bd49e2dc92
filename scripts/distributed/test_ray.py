"""Ray recipe (a local cluster of 2 workers): one Ray task per shard runs `imago dataset --shard K/N
--output-format tar`, and webdataset reads the tar shards back; they must equal a single-machine `imago dataset`
run batch for batch. Also: a worker killed mid-shard leaves no shard under its final name, and re-running that
shard completes the output; a failed input is reported with its path without losing the other samples."""
import glob
import io
import os
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

SHARDS = 4


def main():
    tally = common.Tally("ray")
    missing = common.missing_requirements("ray", "webdataset")
    if missing:
        print(f"ray: SKIPPED: {missing}", flush=True)
        return 0
    import numpy as np
    import ray
    import webdataset as wds

    with tempfile.TemporaryDirectory() as work:
        tree = common.make_tree(os.path.join(work, "tree"))
        broken = os.path.join(tree, "dogs", "broken.jpg")
        reference, _, _ = common.single_machine(tree, os.path.join(work, "single"))
        out_dir = os.path.join(work, "shards")

        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
                 runtime_env={"env_vars": {"PYTHONPATH": os.path.dirname(os.path.abspath(__file__))}})
        try:
            @ray.remote(num_cpus=1)
            def shard_task(k, n):
                return common.run_shard(tree, out_dir, k, n, "tar")

            @ray.remote(num_cpus=1)
            def killed_shard_task(k, n):
                return common.run_shard_killed(tree, out_dir, k, n, "tar")

            # Shard 2's worker dies mid-shard (SIGKILL while its tar is being written).
            status, mid_write = ray.get(killed_shard_task.remote(2, SHARDS))
            final = os.path.join(out_dir, f"shard-00002-of-{SHARDS:05d}.tar")
            tally.check("killed_worker_was_killed_mid_shard", mid_write and status == -9, (status, mid_write))
            tally.check("killed_worker_left_no_shard_under_its_final_name", not os.path.exists(final))
            # Every shard (the killed one again included) runs as a Ray task, two at a time.
            results = ray.get([shard_task.remote(k, SHARDS) for k in range(SHARDS)])
        finally:
            ray.shutdown()

        tally.check("rerun_completed_the_killed_shard", os.path.exists(final))
        reports = [line for _, _, lines in results for line in lines]
        tally.check("failed_input_reported_with_its_path", reports == [f for f in reports if f.startswith(f"imago: {broken}: ")] and len(reports) == 1, reports)
        files = sorted(glob.glob(os.path.join(out_dir, "shard-*-of-*.tar")))
        tally.check("every_shard_file_written", len(files) == SHARDS, files)
        visible = [name for name in os.listdir(out_dir) if not name.startswith(".")]
        tally.check("no_visible_leftovers", sorted(visible) == sorted(
            [os.path.basename(f) for f in files] + [f"shard-{k:05d}-of-{SHARDS:05d}.json" for k in range(SHARDS)]), visible)

        # webdataset 1.0: KEY.npy decoded to an array, KEY.cls to an int, KEY.json to a dict.
        samples = []
        for sample in wds.WebDataset(files, shardshuffle=False, empty_check=False).decode():
            meta = sample["json"]
            samples.append({"image": sample["npy"], "label": sample["cls"], "path": meta["path"],
                            "index": meta["index"], "batch": meta["batch"], "key": sample["__key__"]})
        tally.check("keys_are_element_positions", all(s["key"] == f"{s['index']:09d}" for s in samples))
        common.compare(tally, "webdataset_union_equals_single_machine", reference, samples)

        # The same shards through Python's tarfile alone.
        count = 0
        arrays_ok = True
        for path in files:
            with tarfile.open(path) as archive:
                for member in archive:
                    if member.name.endswith(".npy"):
                        array = np.load(io.BytesIO(archive.extractfile(member).read()))
                        arrays_ok &= array.dtype == np.float32 and array.shape == (24, 20, 3)
                        count += 1
        tally.check("tarfile_reads_every_sample", count == len(samples) and arrays_ok, count)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
