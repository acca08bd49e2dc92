"""Prints the datasets benchmark's markdown tables from the JSON lines of run.sh."""
import json
import sys


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
    speed = [r for r in rows if r.get("phase") == "speed"]
    memory = [r for r in rows if r.get("phase") == "memory"]
    base = next((r for r in speed if r["tool"] == "keras-grain"), None)
    print("| tool | jobs | images | seconds | images/s | vs Keras grain loop | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in speed:
        ratio = f"x{r['images_per_second'] / base['images_per_second']:.2f}" if base else "-"
        print(f"| {r['label']} | {r['jobs']} | {r['images']} | {r['seconds']:.2f} | {r['images_per_second']:.0f} | {ratio} | {r['peak_rss_mb']:.0f} |")
    one = next((r for r in speed if r["tool"] == "Imago" and r["jobs"] == 1), None)
    many = [r for r in speed if r["tool"] == "Imago" and r["jobs"] > 1]
    if one and many:
        print(f"\nImago all cores vs 1 job: x{many[0]['images_per_second'] / one['images_per_second']:.2f}")
    if memory:
        print("\n| peak RSS, Imago all cores, batches of 32 at 224x224 | images | peak RSS (MB) |")
        print("|---|---:|---:|")
        for r in memory:
            print(f"| {r['label']} | {r['images']} | {r['peak_rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
