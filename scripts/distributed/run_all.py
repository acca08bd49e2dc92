"""Runs the distributed recipes' tests (Spark, Ray) and prints one `N passed, N failed` line for all of them.
Exit status 1 when any check failed or a driver crashed. Usage: IMAGO_BIN=... python scripts/distributed/run_all.py"""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    passed = failed = skipped = 0
    status = 0
    for script in ["test_spark.py", "test_ray.py"]:
        start = time.time()
        done = subprocess.run([sys.executable, os.path.join(HERE, script)], capture_output=True, text=True)
        lines = done.stdout.splitlines()
        print("\n".join(lines), flush=True)
        counted = [l for l in lines if l.endswith(" failed") and " passed, " in l]
        skipped += sum(1 for l in lines if ": SKIPPED: " in l)
        if counted:
            p, f = counted[-1].rsplit(": ", 1)[1].replace(" passed,", "").replace(" failed", "").split()
            passed, failed = passed + int(p), failed + int(f)
        if done.returncode != 0:
            status = 1
            if not counted:
                failed += 1
            print(f"{script}: exit status {done.returncode}; stderr tail:\n" + "\n".join(done.stderr.splitlines()[-25:]), flush=True)
        print(f"{script}: {time.time() - start:.1f}s", flush=True)
    print(f"distributed: {passed} passed, {failed} failed" + (f", {skipped} skipped (see SKIPPED above)" if skipped else ""))
    return status


if __name__ == "__main__":
    sys.exit(main())
