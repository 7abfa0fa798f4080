"""Benchmark of streaming tiled inference (Classify Land Damage engine).

1. Overhead: a small torch CNN (≈ 0.1–0.5 s per 512² tile on 2 cores, a
   stand-in for the real model) classifies a 4-band uint16 scene end to
   end (pre-check, reading, normalising, blending, writing class map and
   max probability) versus the bare forward passes on the same tiles.
   The issue requires end-to-end ÷ bare ≤ 1.15.
2. Memory: peak RSS (getrusage, each run in a fresh process) classifying a
   5 000² and a 20 000² × 4-band uint16 scene with a trivially cheap
   per-pixel numpy predictor (8 classes), so the run is I/O- and
   engine-bound. The issue requires ≤ 1.5 GB and the two within 10 %.

Scenes are written once to --scratch (tiled, deflate; a pattern that
compresses well) and reused.
"""
import argparse
import json
import os
import time

from _common import REPO, peak_rss_mb, run_json, vm_hwm_mb

TILE, OVERLAP, BATCH = 512, 64, 4
MEAN = [400.0, 600.0, 800.0, 1500.0]
STD = [150.0, 200.0, 250.0, 500.0]


def make_scene(path, size, bands=4):
    """A size × size × bands uint16 GeoTIFF with a smooth synthetic pattern."""
    import numpy as np
    import rasterio
    from rasterio.transform import from_origin
    from rasterio.windows import Window

    if os.path.exists(path):
        return
    profile = dict(driver="GTiff", width=size, height=size, count=bands, dtype="uint16",
                   crs="EPSG:32645", transform=from_origin(500000, 4800000, 2, 2),
                   tiled=True, blockxsize=256, blockysize=256, compress="deflate",
                   predictor=2, num_threads="ALL_CPUS", BIGTIFF="IF_SAFER")
    strip = 512
    x = np.arange(size, dtype=np.float32)[None, :]
    with rasterio.open(path + ".tmp", "w", **profile) as ds:
        for row in range(0, size, strip):
            h = min(strip, size - row)
            y = np.arange(row, row + h, dtype=np.float32)[:, None]
            # fields of ~300 px with smooth texture inside
            field = ((x // 300 + y // 300) % 5).astype(np.float32)
            texture = np.sin(x / 37.0) * np.cos(y / 23.0)
            data = np.empty((bands, h, size), np.uint16)
            for b in range(bands):
                data[b] = MEAN[b] + STD[b] * (field - 2 + texture) * (0.5 + 0.2 * b)
            ds.write(data, window=Window(0, row, size, h))
    os.replace(path + ".tmp", path)


class NumpyLinearSoftmax:
    """Cheap per-pixel predictor: softmax of a fixed 8 × 4 linear map."""

    def __init__(self, bands=4, classes=8):
        import numpy as np

        rng = np.random.default_rng(0)
        self.w = rng.normal(size=(classes, bands)).astype(np.float32)
        self.b = rng.normal(size=(classes, 1, 1)).astype(np.float32)

    def __call__(self, batch):
        import numpy as np

        out = np.empty((batch.shape[0], self.w.shape[0]) + batch.shape[2:], np.float32)
        for n, x in enumerate(batch):
            z = np.tensordot(self.w, x, axes=1)
            z += self.b
            z -= z.max(axis=0)
            np.exp(z, out=z)
            z /= z.sum(axis=0)
            out[n] = z
        return out


def small_cnn(bands=4, classes=8, width=24):
    """A few full-resolution conv layers; ≈ 3 GMAC per 512² tile at width
    24 (≈ 0.1 s on 2 cores, the cheap end of the brief's range, so the
    engine's share shows most)."""
    import torch

    torch.manual_seed(0)
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(bands, width, 3, padding=1), nn.ReLU(),
        nn.Conv2d(width, width, 3, padding=1), nn.ReLU(),
        nn.Conv2d(width, width, 3, padding=1), nn.ReLU(),
        nn.Conv2d(width, classes, 1))


def memory_run(path, out_dir):
    """(subprocess) classify with the numpy predictor; print JSON."""
    from minewatch.core.inference.network_run import classify_raster
    from minewatch.core.inference.settings import Tiling
    from minewatch.core.inference.writers import RasterOutputs

    base = peak_rss_mb()
    start = time.perf_counter()
    result = classify_raster(path, NumpyLinearSoftmax(), MEAN, STD,
                             RasterOutputs(os.path.join(out_dir, "mem_classes.tif"),
                                           os.path.join(out_dir, "mem_prob.tif")),
                             tiling=Tiling(TILE, OVERLAP, BATCH))
    print(json.dumps({"seconds": time.perf_counter() - start, "peak_rss_mb": peak_rss_mb(),
                      "vm_hwm_mb": vm_hwm_mb(), "rss_after_imports_mb": base,
                      "tiles": result.n_tiles}))


def overhead_run(path, out_dir, repeats, width):
    """(subprocess) end-to-end vs bare forward time with the torch CNN."""

    from minewatch.core.inference.engine import TiledInference
    from minewatch.core.inference.network_run import classify_raster
    from minewatch.core.inference.settings import Tiling
    from minewatch.core.inference.torch_predict import torch_predictor
    from minewatch.core.inference.writers import RasterOutputs

    tiling = Tiling(TILE, OVERLAP, BATCH)
    predict = torch_predictor(small_cnn(width=width), "cpu")
    engine = TiledInference(path, predict, MEAN, STD, tiling=tiling)
    batches = [b.x for b in engine._batches()]  # the very tiles the run feeds the model
    predict(batches[0][:1])  # warm-up (allocator, kernels)

    def bare():
        start = time.perf_counter()
        for x in batches:
            predict(x)
        return time.perf_counter() - start

    def end_to_end():
        start = time.perf_counter()
        classify_raster(path, predict, MEAN, STD,
                        RasterOutputs(os.path.join(out_dir, "ovh_classes.tif"),
                                      os.path.join(out_dir, "ovh_prob.tif")), tiling=tiling)
        return time.perf_counter() - start

    times = {"bare": [], "e2e": []}
    for _ in range(repeats):  # interleaved, so drifts hit both alike
        times["bare"].append(bare())
        times["e2e"].append(end_to_end())
    tiles = sum(len(x) for x in batches)
    ratios = sorted(e / b for e, b in zip(times["e2e"], times["bare"]))
    print(json.dumps({"tiles": tiles, "bare": times["bare"], "e2e": times["e2e"],
                      "s_per_tile": min(times["bare"]) / tiles,
                      "ratio": min(times["e2e"]) / min(times["bare"]),
                      "pair_ratios": ratios}))


def ensure_scene(scratch, size):
    path = os.path.join(scratch, f"scene_{size}.tif")
    if not os.path.exists(path):
        run_json(__file__, "--make", path, str(size))
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--overhead-size", type=int, default=2400,
                        help="scene size for the overhead test, px (default 2400: 25 tiles)")
    parser.add_argument("--memory-sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--repeats", type=int, default=3,
                        help="interleaved bare / end-to-end pairs; the best of each counts")
    parser.add_argument("--scratch", default=os.path.join(REPO, "build", "bench"))
    parser.add_argument("--quick", action="store_true",
                        help="overhead on 1300² (9 tiles), memory on 4000² and 6000²")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-overhead", action="store_true")
    parser.add_argument("--memrun", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--cnn-width", type=int, default=24,
                        help="channels of the stand-in CNN (24: ≈ 0.1 s/tile, 40: ≈ 0.25 s)")
    parser.add_argument("--ovhrun", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--make", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        return make_scene(args.make[0], int(args.make[1]))
    if args.memrun:
        return memory_run(*args.memrun)
    if args.ovhrun:
        return overhead_run(args.ovhrun[0], args.ovhrun[1], int(args.ovhrun[2]),
                            int(args.ovhrun[3]))
    if args.quick:
        args.overhead_size, args.memory_sizes, args.repeats = 1300, [4000, 6000], 1
    os.makedirs(args.scratch, exist_ok=True)
    if not args.skip_overhead:
        path = ensure_scene(args.scratch, args.overhead_size)
        res = run_json(__file__, "--ovhrun", path, args.scratch, str(args.repeats),
                            str(args.cnn_width))
        verdict = "OK" if res["ratio"] <= 1.15 else "ABOVE 1.15"
        print(f"overhead: {args.overhead_size}² px, {res['tiles']} tiles of {TILE}² "
              f"(overlap {OVERLAP}, batch {BATCH}), model {res['s_per_tile']:.3f} s/tile; "
              f"bare {min(res['bare']):.2f} s, end to end {min(res['e2e']):.2f} s, "
              f"ratio of best times {res['ratio']:.3f} ({verdict}); ratios of the "
              f"{len(res['pair_ratios'])} interleaved pairs "
              f"{', '.join(f'{r:.3f}' for r in res['pair_ratios'])}", flush=True)
    if not args.skip_memory:
        peaks = []
        for size in args.memory_sizes:
            path = ensure_scene(args.scratch, size)
            res = run_json(__file__, "--memrun", path, args.scratch)
            peaks.append(res["peak_rss_mb"])
            print(f"memory: {size}² × 4 × uint16 ({size * size * 8 / 2**30:.2f} GiB raw), "
                  f"{res['tiles']} tiles, {res['seconds']:.0f} s "
                  f"({size * size / res['seconds'] / 1e6:.2f} Mpx/s), peak RSS "
                  f"{res['peak_rss_mb']:.0f} MiB (VmHWM {res['vm_hwm_mb']:.0f}; "
                  f"after imports {res['rss_after_imports_mb']:.0f})",
                  flush=True)
        if len(peaks) > 1:
            growth = max(peaks) / min(peaks) - 1
            print(f"memory: largest/smallest peak RSS − 1 = {100 * growth:.1f} % "
                  f"({'OK' if growth <= 0.10 and max(peaks) <= 1500 else 'FAIL'}: ≤ 10 %, ≤ 1500 MiB)")


if __name__ == "__main__":
    main()
