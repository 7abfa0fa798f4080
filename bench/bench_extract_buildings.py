"""Benchmark of Extract Buildings' engine (core/building_extraction.py):
tiled SegNet inference with and without the per-tile dense CRF, then
outlines, on a synthetic 3-band 8-bit scene (default 2048², 0.5 m).

The model is a randomly initialised light SegNet (2 classes, 512² tiles):
its speed is that of a trained one; the outlines it yields are arbitrary,
so the polygon figures only show that stage's cost on a busy mask. Each
configuration runs in a fresh process (peak RSS of its own). Prints one
line per configuration: seconds (inference, outlines, total), s per
megapixel, peak RSS, tiles, buildings; and a JSON summary.

Example:
    .venv/bin/python bench/bench_extract_buildings.py
    .venv/bin/python bench/bench_extract_buildings.py --size 1024 --threads 2
"""
import argparse
import json
import os
import sys
import tempfile
import time

import _common
import numpy as np


def write_scene(path, size, seed=0):
    """A built-up-looking 8-bit RGB scene (see bench_crf.scene), 0.5 m, UTM."""
    import rasterio
    from bench_crf import scene
    from rasterio.transform import from_origin

    _, image, _ = scene(size, seed=seed)
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=3,
                       dtype="uint8", crs="EPSG:32650", tiled=True,
                       transform=from_origin(500000.0, 4200000.0, 0.5, 0.5)) as ds:
        ds.write(image.astype(np.uint8))
    return path


def measure(image, use_crf, threads):
    """Run the engine once in this process; a dict of figures."""
    import torch

    from minewatch.core.buildings.dense_crf import CrfParams
    from minewatch.core.buildings.extraction import infer_buildings, iter_buildings
    from minewatch.core.inference.torch_predict import torch_predictor
    from minewatch.models.classes import BUILDING_CLASSES
    from minewatch.models.metadata import ModelMetadata
    from minewatch.models.registry import build_model

    if threads:
        torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = build_model("segnet", 3, 2)
    metadata = ModelMetadata.for_model(
        model, classes=BUILDING_CLASSES, band_names=["red", "green", "blue"],
        band_mean=[120.0] * 3, band_std=[40.0] * 3, gsd_m=0.5, tile_size=512)
    folder = tempfile.mkdtemp(prefix="bench_buildings_")
    start = time.perf_counter()
    run = infer_buildings(image, torch_predictor(model), metadata,
                          os.path.join(folder, "mask.tif"), os.path.join(folder, "prob.tif"),
                          crf=CrfParams() if use_crf else None)
    middle = time.perf_counter()
    n = sum(1 for _ in iter_buildings(run))
    end = time.perf_counter()
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))
    os.rmdir(folder)
    return {"crf": use_crf, "inference_s": middle - start, "outlines_s": end - middle,
            "total_s": end - start, "tiles": run.n_tiles, "overlap": run.overlap,
            "buildings": n, "peak_rss_mb": _common.vm_hwm_mb() or _common.peak_rss_mb()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2048)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        image, use_crf, threads = args.child
        print(json.dumps(measure(image, use_crf == "1", int(threads))))
        return
    folder = tempfile.mkdtemp(prefix="bench_scene_")
    image = write_scene(os.path.join(folder, "scene.tif"), args.size)
    megapixels = args.size * args.size / 1e6
    results = []
    for use_crf in (False, True):
        r = _common.run_json(os.path.abspath(__file__), "--child", image, int(use_crf),
                             args.threads)
        r["s_per_mp"] = r["total_s"] / megapixels
        results.append(r)
        print(f"{args.size}² CRF {'on ' if use_crf else 'off'}: inference {r['inference_s']:.1f} s, "
              f"outlines {r['outlines_s']:.1f} s, total {r['total_s']:.1f} s "
              f"({r['s_per_mp']:.1f} s/MP), peak RSS {r['peak_rss_mb']:.0f} MiB, "
              f"{r['tiles']} tiles (overlap {r['overlap']} px), {r['buildings']} outlines")
    os.remove(image)
    os.rmdir(folder)
    print(json.dumps({"size": args.size, "results": results}))


if __name__ == "__main__":
    sys.exit(main())
