"""Prints the datasets benchmark's markdown tables from the JSON lines of run.sh."""
import json
import sys


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
    speed = [r for r in rows if r.get("phase") == "speed"]
    memory = [r for r in rows if r.get("phase") == "memory"]
    base = next((r for r in speed if r["tool"] == "keras-grain"), None)
    print("| tool | jobs | images | wall s | images/s | vs Keras grain loop | CPU s (all threads) | CPU ms/image | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in speed:
        ratio = f"x{r['images_per_second'] / base['images_per_second']:.2f}" if base else "-"
        cpu = r.get("cpu_seconds", float("nan"))
        print(f"| {r['label']} | {r['jobs']} | {r['images']} | {r['seconds']:.2f} | {r['images_per_second']:.0f} | {ratio} "
              f"| {cpu:.2f} | {1000 * cpu / r['images']:.2f} | {r['peak_rss_mb']:.0f} |")
    one = next((r for r in speed if r["tool"] == "Imago" and r["jobs"] == 1), None)
    many = [r for r in speed if r["tool"] == "Imago" and r["jobs"] > 1]
    if one and many:
        m = many[0]
        print(f"\nImago all cores ({m['jobs']} jobs) vs 1 job: x{m['images_per_second'] / one['images_per_second']:.2f} wall; "
              f"CPU used {m.get('cpu_seconds', 0) / m['seconds']:.2f} cores on average (1 job: {one.get('cpu_seconds', 0) / one['seconds']:.2f}). "
              "Other jobs share the machine: compare with the load average above.")
    if memory:
        print("\n| peak RSS, Imago all cores, batches of 32 at 224x224 | images | peak RSS (MB) |")
        print("|---|---:|---:|")
        for r in memory:
            print(f"| {r['label']} | {r['images']} | {r['peak_rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
