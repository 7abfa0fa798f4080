"""Benchmark of the dense CRF (core/dense_crf.py) of Extract Buildings.

1. Speed: :func:`minewatch.core.buildings.dense_crf.dense_crf` on a 1024² tile with
   3 correlated colour bands (a synthetic built-up scene: textured ground,
   roofs of assorted colours, shadows, sensor noise) and 2 classes, default
   parameters (5 iterations, θα = 80, θβ = 13, θγ = 3, w = 10 / 3); median
   of --runs after one warm-up, torch/numpy threads at their defaults.
   The issue requires ≤ 2 s. 8 classes and 3 uncorrelated bands (worst
   case for the grid) are timed for information.
2. Accuracy: the same scene cut to 48² against the exact O(N²) mean field
   (:mod:`devkit.references.dense_crf_exact`): mean |ΔQ|, max |ΔQ|, argmax
   agreement, at the grid spacing chosen for a 48² tile and at the coarser
   spacing chosen for the 1024² tile (what the speed figure runs at).
3. Tiling: CRF of the 1024² tile whole vs in 512² tiles overlapping by
   128 px, cropped (each pixel from the tile whose centre is nearest) and
   blended (taper weights): max and mean |ΔQ|, argmax agreement.

Example:
    .venv/bin/python bench/bench_crf.py
    .venv/bin/python bench/bench_crf.py --runs 3 --skip-tiles
"""
import argparse
import json
import statistics
import time

import _common  # noqa: F401 - puts the repository root on sys.path
import numpy as np

TARGET_S = 2.0


def scene(size, seed=0, correlated=True, classes=2):
    """(probs K × H × W float32, image 3 × H × W float32 0–255, truth H × W)."""
    from scipy.ndimage import gaussian_filter, zoom

    rng = np.random.default_rng(seed)
    ground = zoom(rng.random((size // 32 + 1,) * 2), 32, order=1)[:size, :size]
    ground = 90 + 50 * ground + gaussian_filter(rng.normal(0, 12, (size, size)), 1.5)
    tint = np.array([1.0, 1.05, 0.9]) if correlated else None
    image = (np.stack([ground * t for t in tint]) if correlated
             else np.stack([ground, 255 - ground, 60 + 80 * rng.random((size, size))]))
    truth = np.zeros((size, size), np.int64)
    n_roofs = max(2, size * size // 6000)
    for _ in range(n_roofs):
        h, w = rng.integers(8, 48, 2)
        r, c = rng.integers(0, size - h), rng.integers(0, size - w)
        label = int(rng.integers(1, classes))
        truth[r:r + h, c:c + w] = label
        colour = rng.uniform(40, 230) * np.array([1.0, 1.0, 1.0]) + rng.normal(0, 15, 3)
        image[:, r:r + h, c:c + w] = colour[:, None, None]
        image[:, r + h:r + h + 4, c:c + w] *= 0.6  # shadow
    image = np.clip(image + rng.normal(0, 4, image.shape), 0, 255).astype(np.float32)
    logits = 2.0 * np.eye(classes)[truth].transpose(2, 0, 1)
    logits = np.stack([gaussian_filter(plane, 3) for plane in logits]) + rng.normal(0, 1.2, logits.shape)
    probs = np.exp(logits - logits.max(0))
    probs /= probs.sum(0)
    return probs.astype(np.float32), image, truth


def timed(fn, runs):
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def speed(runs, size=1024):
    from minewatch.core.buildings.dense_crf import SimplexGrid, dense_crf, pixel_features

    out = {}
    for name, classes, correlated in (("2 classes", 2, True), ("8 classes", 8, True),
                                      ("2 classes, uncorrelated bands", 2, False)):
        probs, image, truth = scene(size, classes=classes, correlated=correlated)
        seconds = timed(lambda probs=probs, image=image: dense_crf(probs, image), runs)
        grid = SimplexGrid(pixel_features(image, 80.0, 13.0))
        q = dense_crf(probs, image)
        out[name] = dict(seconds=round(seconds, 3), spacing=grid.spacing, grid=list(grid.shape),
                         error_in=float((probs.argmax(0) != truth).mean()),
                         error_out=float((q.argmax(0) != truth).mean()))
    return out


def accuracy(size=48, seeds=(0, 1, 2)):
    """Fast vs exact on 48² crops of the scene, default weights (Q mostly
    saturated) and weaker ones (w = 3 / 1, Q far from 0/1)."""
    from devkit.references.dense_crf_exact import dense_crf_exact
    from minewatch.core.buildings import dense_crf as crf

    big = crf.SimplexGrid(crf.pixel_features(scene(1024)[1], 80.0, 13.0)).spacing
    rows = []
    for spacing in (None, big):
        saved = crf.SimplexGrid.SPACINGS
        if spacing is not None:
            crf.SimplexGrid.SPACINGS = (spacing,)
        try:
            for weights in ((10.0, 3.0), (3.0, 1.0)):
                params = crf.CrfParams(w_bilateral=weights[0], w_gaussian=weights[1])
                for seed in seeds:
                    probs, image, _ = scene(size, seed=seed)
                    q = crf.dense_crf(probs, image, params)
                    exact = dense_crf_exact(probs, image, params)
                    rows.append(dict(spacing="natural" if spacing is None else spacing, weights=weights,
                                     seed=seed, mean_abs=float(np.abs(q - exact).mean()),
                                     max_abs=float(np.abs(q - exact).max()),
                                     argmax_agree=float((q.argmax(0) == exact.argmax(0)).mean())))
        finally:
            crf.SimplexGrid.SPACINGS = saved
    return rows


def tiles(size=1024, tile=512, overlap=128):
    from minewatch.core.buildings.dense_crf import dense_crf

    probs, image, _ = scene(size)
    whole = dense_crf(probs, image)
    starts = list(range(0, size - tile, tile - overlap)) + [size - tile]
    cropped = np.zeros_like(whole)
    blended = np.zeros_like(whole)
    weight = np.zeros(whole.shape[1:], np.float32)
    centres = np.array(starts) + tile / 2
    nearest = np.argmin(np.abs(np.arange(size)[:, None] - centres[None, :]), 1)
    ramp = np.minimum(np.arange(tile) + 0.5, tile - np.arange(tile) - 0.5)
    ramp = np.minimum(ramp / overlap, 1.0).astype(np.float32)
    for i, r in enumerate(starts):
        for j, c in enumerate(starts):
            q = dense_crf(probs[:, r:r + tile, c:c + tile], image[:, r:r + tile, c:c + tile])
            rows, cols = nearest[r:r + tile] == i, nearest[c:c + tile] == j
            cropped[:, r:r + tile, c:c + tile][:, rows[:, None] & cols[None, :]] = \
                q[:, rows[:, None] & cols[None, :]]
            w = np.outer(ramp, ramp)
            blended[:, r:r + tile, c:c + tile] += q * w
            weight[r:r + tile, c:c + tile] += w
    blended /= weight
    out = {}
    for name, q in (("cropped", cropped), ("blended", blended)):
        out[name] = dict(max_abs=float(np.abs(q - whole).max()), mean_abs=float(np.abs(q - whole).mean()),
                         argmax_agree=float((q.argmax(0) == whole.argmax(0)).mean()))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--skip-tiles", action="store_true")
    args = parser.parse_args()
    import torch

    print(f"threads: torch {torch.get_num_threads()}")
    result = {"speed": speed(args.runs)}
    for name, row in result["speed"].items():
        ok = "OK" if row["seconds"] <= TARGET_S else "TOO SLOW"
        print(f"dense_crf 1024² × 3 bands, {name}: {row['seconds']:.3f} s (target ≤ {TARGET_S} s: {ok}); "
              f"grid spacing {row['spacing']} σ, {row['grid']}; "
              f"argmax error vs truth {row['error_in']:.3f} → {row['error_out']:.3f}")
    if not args.skip_accuracy:
        result["accuracy"] = accuracy()
        for row in result["accuracy"]:
            print(f"48² vs exact, spacing {row['spacing']}, w {row['weights']}, seed {row['seed']}: mean |ΔQ| {row['mean_abs']:.4f}, "
                  f"max {row['max_abs']:.3f}, argmax agree {row['argmax_agree']:.4f}")
    if not args.skip_tiles:
        result["tiles"] = tiles()
        for name, row in result["tiles"].items():
            print(f"1024² whole vs 512² tiles (overlap 128), {name}: max |ΔQ| {row['max_abs']:.4f}, "
                  f"mean {row['mean_abs']:.5f}, argmax agree {row['argmax_agree']:.5f}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
