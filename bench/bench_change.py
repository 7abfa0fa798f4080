"""Memory and speed of the yearly-monitoring steps on large scenes
(issue 16): Detect Land Damage Change (transitions + minimum mapping unit +
areas), Harmonise Image and Mask Clouds, each on two scene sizes, in fresh
processes, so their peak memory is their own.

Scenes: class maps of blocky random classes and 4-band uint16 images
(written window by window, so making them stays small too). Memory is
flat when the peak RSS hardly grows from the small to the large scene;
the table prints both and the ratio of pixels.

    .venv/bin/python bench/bench_change.py                  # 2 000² and 10 000²
    .venv/bin/python bench/bench_change.py --sizes 1000 4000
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import run_json, vm_hwm_mb  # noqa: E402

BLOCK = 1024


def write_blocky(path, size, bands, dtype, seed, high):
    """A ``size``² raster of smooth-ish random values, written by blocks."""
    import rasterio
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    rng = np.random.default_rng(seed)
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=bands,
                       dtype=dtype, crs="EPSG:32650", tiled=True, blockxsize=256,
                       blockysize=256, compress="deflate",
                       transform=from_origin(500000.0, 4400000.0, 2.0, 2.0)) as ds:
        for row in range(0, size, BLOCK):
            for col in range(0, size, BLOCK):
                h, w = min(BLOCK, size - row), min(BLOCK, size - col)
                coarse = rng.integers(0, high, (bands, h // 32 + 1, w // 32 + 1))
                block = np.repeat(np.repeat(coarse, 32, axis=1), 32, axis=2)[:, :h, :w]
                ds.write(block.astype(dtype), window=Window(col, row, w, h))
    return path


def child(step, folder):
    from minewatch.core.imagery.clouds import mask_clouds
    from minewatch.core.imagery.harmonise import harmonise_image
    from minewatch.core.landdamage.change import measure_change, write_transitions
    from minewatch.models.classes import LAND_DAMAGE_CLASSES as classes

    start = time.perf_counter()
    if step == "change":
        out = write_transitions(os.path.join(folder, "a.tif"), os.path.join(folder, "b.tif"),
                                os.path.join(folder, "change.tif"), classes, min_area_m2=100.0)
        measure_change(out, classes)
    elif step == "harmonise":
        harmonise_image(os.path.join(folder, "img_b.tif"), os.path.join(folder, "img_a.tif"),
                        os.path.join(folder, "harmonised.tif"))
    else:
        mask_clouds(os.path.join(folder, "img_b.tif"), os.path.join(folder, "clouds.tif"),
                    {"blue": 0, "green": 1, "red": 2, "nir": 3},
                    reference_path=os.path.join(folder, "img_a.tif"))
    print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": vm_hwm_mb()}))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", type=int, default=[2000, 10000])
    parser.add_argument("--scratch", default=os.environ.get("MINEWATCH_BENCH_DIR",
                                                            "/tmp/minewatch_bench"))
    parser.add_argument("--steps", nargs="+", default=["change", "harmonise", "clouds"])
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    rows = []
    for size in args.sizes:
        folder = os.path.join(args.scratch, f"change_{size}")
        os.makedirs(folder, exist_ok=True)
        for name, bands, dtype, high, seed in (("a.tif", 1, "uint8", 8, 1),
                                               ("b.tif", 1, "uint8", 8, 2),
                                               ("img_a.tif", 4, "uint16", 1000, 3),
                                               ("img_b.tif", 4, "uint16", 1000, 4)):
            if not os.path.exists(os.path.join(folder, name)):
                write_blocky(os.path.join(folder, name), size, bands, dtype, seed, high)
        for step in args.steps:
            result = run_json(__file__, "--child", step, folder)
            rows.append((step, size, result["seconds"], result["peak_mb"]))
    print("| step | scene | seconds | peak RSS, MiB |")
    print("|---|---|---|---|")
    for step, size, seconds, peak in rows:
        print(f"| {step} | {size}² | {seconds:.1f} | {peak:.0f} |")
    small, large = min(args.sizes), max(args.sizes)
    for step in args.steps:
        peaks = {size: peak for s, size, _, peak in rows if s == step}
        print(f"{step}: {large ** 2 / small ** 2:.0f}× the pixels, "
              f"{peaks[large] / peaks[small]:.2f}× the peak memory")


if __name__ == "__main__":
    main()
