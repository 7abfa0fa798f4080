"""Benchmark of Classify Land Damage end to end with the real default network.

The model is the default architecture (se_cot_deeplabv3plus, MobileNetV2
backbone, 4 bands, 8 classes), freshly initialised, saved as a MineWatch
checkpoint and loaded back, exactly as the algorithm does. The path timed is
:func:`minewatch.core.landdamage.classify.classify_land_damage`, the QGIS-free core
of ``minewatch:classifylanddamage``: pre-check, windowed reads, per-band
normalisation, forward passes, blending, writing the class map and the
winning probability, colour table/names/.qml, and the class areas.

1. Speed: end-to-end time ÷ bare forward time on the very same tiles (same
   count, same batch size; the issue's target ≤ 1.15), scene throughput in
   MP/s, and the model's cost per 512² tile (GMAC counted by
   bench_models.count_macs; GFLOPs = 2 × GMAC).
2. Memory: peak RSS (VmHWM, each run in a fresh process) of the same path
   on a 5 000² and a 20 000² × 4-band uint16 scene (bench_tiled_inference
   writes and caches them in --scratch); target ≤ 1.5 GB and within 10 %.

Examples:
    .venv/bin/python bench/bench_classify.py --quick
    .venv/bin/python bench/bench_classify.py --skip-memory
    .venv/bin/python bench/bench_classify.py --skip-speed --memory-sizes 5000 20000
"""
import argparse
import json
import os
import time

from _common import REPO, run_json, vm_hwm_mb
from bench_tiled_inference import MEAN, STD, ensure_scene

TILE, OVERLAP, BATCH = 512, 64, 4
ARCH = "se_cot_deeplabv3plus"


def model_file(scratch, arch=ARCH):
    """A checkpoint of ``arch`` (4 bands, 8 classes), random init (seed 0)."""
    name = "bench_default_model" if arch == ARCH else f"bench_{arch}_model"
    path = os.path.join(scratch, name + ".safetensors")
    if os.path.exists(path):
        return path
    import torch

    from minewatch.models.checkpoint import save_checkpoint
    from minewatch.models.classes import LAND_DAMAGE_CLASSES
    from minewatch.models.metadata import ModelMetadata
    from minewatch.models.registry import build_model

    torch.manual_seed(0)
    model = build_model(arch, 4, 8)
    metadata = ModelMetadata.for_model(model, LAND_DAMAGE_CLASSES,
                                       band_names=["blue", "green", "red", "nir"],
                                       band_mean=MEAN, band_std=STD, gsd_m=2.0, tile_size=TILE)
    save_checkpoint(path, model, metadata)
    return path


def classify(scene, checkpoint, out_dir, predict=None, precision="fp32"):
    """The algorithm's core path on ``scene``; returns (seconds, result).
    Loading the checkpoint (≈ 0.1 s, once per run) is not timed."""
    from minewatch.core.inference.settings import Tiling
    from minewatch.core.inference.torch_predict import torch_predictor
    from minewatch.core.inference.writers import RasterOutputs
    from minewatch.core.landdamage.classify import classify_land_damage
    from minewatch.models.checkpoint import load_checkpoint, read_metadata

    if predict is None:
        model, metadata = load_checkpoint(checkpoint, "cpu")
        predict = torch_predictor(model, "cpu", precision=precision)
    else:
        metadata = read_metadata(checkpoint)
    start = time.perf_counter()
    outputs = RasterOutputs(os.path.join(out_dir, "cld_classes.tif"),
                            os.path.join(out_dir, "cld_prob.tif"))
    result = classify_land_damage(scene, predict, metadata, outputs,
                                  tiling=Tiling(TILE, OVERLAP, BATCH))
    return time.perf_counter() - start, result


def speed_run(scene, checkpoint, out_dir, repeats, precision="fp32"):
    """(subprocess) end to end vs bare forward on the same batches; JSON."""
    import torch
    from bench_models import count_macs

    from minewatch.core.inference.engine import TiledInference
    from minewatch.core.inference.settings import Tiling
    from minewatch.core.inference.torch_predict import torch_predictor
    from minewatch.models.checkpoint import load_checkpoint

    model, metadata = load_checkpoint(checkpoint, "cpu")
    predict = torch_predictor(model, "cpu", precision=precision)
    engine = TiledInference(scene, predict, metadata.band_mean, metadata.band_std,
                            tiling=Tiling(TILE, OVERLAP, BATCH))
    batches = [b.x for b in engine._batches()]  # the tiles the run feeds the model
    predict(batches[0])  # warm-up: allocator, kernels
    x1 = torch.from_numpy(batches[0][:1]).contiguous(memory_format=torch.channels_last)
    gmac = count_macs(model, x1) / 1e9

    def bare():
        start = time.perf_counter()
        for x in batches:
            predict(x)
        return time.perf_counter() - start

    times = {"bare": [], "e2e": []}
    for _ in range(repeats):  # interleaved, so drifts in machine load hit both alike
        times["bare"].append(bare())
        times["e2e"].append(classify(scene, checkpoint, out_dir, predict)[0])
    tiles = sum(len(x) for x in batches)
    print(json.dumps({"tiles": tiles, "bare": times["bare"], "e2e": times["e2e"],
                      "pixels": engine.height * engine.width, "gmac": gmac,
                      "threads": torch.get_num_threads(),
                      "ratio": min(times["e2e"]) / min(times["bare"]),
                      "pair_ratios": sorted(e / b for e, b in zip(times["e2e"], times["bare"]))}))


def memory_run(scene, checkpoint, out_dir):
    """(subprocess) the full path once; peak RSS as JSON."""
    seconds, result = classify(scene, checkpoint, out_dir)
    print(json.dumps({"seconds": seconds, "vm_hwm_mb": vm_hwm_mb(),
                      "tiles": result.inference.n_tiles,
                      "classified_km2": float(result.areas_m2.sum()) / 1e6}))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--speed-size", type=int, default=2048,
                        help="scene size for the speed test, px (default 2048: 25 tiles)")
    parser.add_argument("--memory-sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--repeats", type=int, default=2,
                        help="interleaved bare / end-to-end pairs; the best of each counts")
    parser.add_argument("--scratch", default=os.path.join(REPO, "build", "bench"))
    parser.add_argument("--quick", action="store_true",
                        help="speed on 1024² (9 tiles, 1 pair), memory on 2000² and 3000²")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--speedrun", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--memrun", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--arch", default=ARCH, help="architecture (registry name), e.g. "
                        "deeplabv3plus_lite0 for the ImageNet encoder")
    parser.add_argument("--precision", default="fp32", choices=("fp32", "bf16"))
    args = parser.parse_args()
    if args.speedrun:
        return speed_run(args.speedrun[0], model_file(args.scratch, args.arch), args.speedrun[1],
                         int(args.speedrun[2]), args.precision)
    if args.memrun:
        return memory_run(args.memrun[0], model_file(args.scratch, args.arch), args.memrun[1])
    if args.quick:
        args.speed_size, args.memory_sizes, args.repeats = 1024, [2000, 3000], 1
    os.makedirs(args.scratch, exist_ok=True)
    model_file(args.scratch, args.arch)
    if not args.skip_speed:
        scene = ensure_scene(args.scratch, args.speed_size)
        res = run_json(__file__, "--speedrun", scene, args.scratch, str(args.repeats),
                       "--arch", args.arch, "--precision", args.precision)
        bare, e2e = min(res["bare"]), min(res["e2e"])
        print(f"speed: {args.speed_size}² × 4 uint16, {res['tiles']} tiles of {TILE}² (overlap "
              f"{OVERLAP}, batch {BATCH}), {args.arch} {args.precision} {res['gmac']:.1f} GMAC = "
              f"{2 * res['gmac']:.1f} GFLOPs per {TILE}² tile, {res['threads']} threads", flush=True)
        print(f"speed: bare forward {bare:.1f} s ({bare / res['tiles']:.3f} s/tile, "
              f"{res['tiles'] * TILE * TILE / bare / 1e6:.2f} MP/s of tile pixels); end to end "
              f"{e2e:.1f} s ({res['pixels'] / e2e / 1e6:.2f} MP/s of scene); ratio of best times "
              f"{res['ratio']:.3f} ({'OK' if res['ratio'] <= 1.15 else 'ABOVE 1.15'}); pair ratios "
              f"{', '.join(f'{r:.3f}' for r in res['pair_ratios'])}", flush=True)
    if not args.skip_memory:
        peaks = []
        for size in args.memory_sizes:
            scene = ensure_scene(args.scratch, size)
            res = run_json(__file__, "--memrun", scene, args.scratch)
            peaks.append(res["vm_hwm_mb"])
            print(f"memory: {size}² × 4 × uint16, {res['tiles']} tiles, {res['seconds']:.0f} s "
                  f"({size * size / res['seconds'] / 1e6:.2f} MP/s), peak RSS (VmHWM) "
                  f"{res['vm_hwm_mb']:.0f} MiB", flush=True)
        if len(peaks) > 1:
            growth = max(peaks) / min(peaks) - 1
            print(f"memory: largest/smallest peak − 1 = {100 * growth:.1f} % "
                  f"({'OK' if growth <= 0.10 and max(peaks) <= 1500 else 'FAIL'}: ≤ 10 %, ≤ 1500 MiB)")


if __name__ == "__main__":
    main()
