"""Benchmark of PS candidate selection: throughput and peak memory.

Writes a synthetic float32 amplitude stack (default 4000 × 4000 px × 40
dates = 2.4 GiB on disk) to a scratch folder, then scans it in a fresh
process so peak RSS belongs to the scan alone. Prints Mpx/s and peak RSS.
Memory must stay near the strip budget, not grow with the scene.
"""
import argparse
import json
import os
import time

from _common import REPO, run_json, vm_hwm_mb


def make_stack(path, size, dates):
    import rasterio
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    from devkit.insar_sim.amplitude import simulate_amplitude_stack

    if os.path.exists(path):
        return
    profile = dict(driver="GTiff", width=size, height=size, count=dates, dtype="float32",
                   crs="EPSG:32650", transform=from_origin(500000, 4200000, 10, 10),
                   tiled=True, blockxsize=256, blockysize=256, interleave="pixel")
    block = 500
    with rasterio.open(path + ".tmp", "w", **profile) as ds:
        for row in range(0, size, block):
            stack, _, _ = simulate_amplitude_stack(height=min(block, size - row), width=size,
                                                   n_dates=dates, n_ps=200, seed=row)
            ds.write(stack, window=Window(0, row, size, stack.shape[1]))
            del stack
    os.replace(path + ".tmp", path)


def scan(path):
    from minewatch.core.insar.candidates import scan_amplitude_stack

    start = time.perf_counter()
    result = scan_amplitude_stack(path, 0.25)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "candidates": int(len(result.rows)),
                      "pixels": int(result.n_valid), "peak_rss_mb": vm_hwm_mb()}))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=4000, help="scene width = height, px")
    parser.add_argument("--dates", type=int, default=40)
    parser.add_argument("--scratch", default=os.path.join(REPO, "build", "bench"))
    parser.add_argument("--quick", action="store_true", help="1000 px × 20 dates")
    parser.add_argument("--scan", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scan:
        return scan(args.scan)
    if args.quick:
        args.size, args.dates = 1000, 20
    os.makedirs(args.scratch, exist_ok=True)
    path = os.path.join(args.scratch, f"amp_{args.size}_{args.dates}.tif")
    make_stack(path, args.size, args.dates)
    res = run_json(__file__, "--scan", path)
    gib = args.size ** 2 * args.dates * 4 / 2**30
    print(f"PS candidates: {args.size}×{args.size} px × {args.dates} dates "
          f"({gib:.2f} GiB float32): {res['seconds']:.1f} s, "
          f"{res['pixels'] / res['seconds'] / 1e6:.2f} Mpx/s, "
          f"{gib * 1024 / res['seconds']:.0f} MiB/s of stack, "
          f"{res['candidates']} candidates, peak RSS {res['peak_rss_mb']:.0f} MiB")


if __name__ == "__main__":
    main()
