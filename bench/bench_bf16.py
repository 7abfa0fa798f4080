"""bfloat16 autocast against float32 on this CPU (issue 14), for Classify
Land Damage and for training, in one run.

1. Classify Land Damage with the shipped land-damage model on synthetic
   mine scenes it never saw (``--seeds``): wall time of the engine path
   (interleaved fp32 / bf16 runs, best of ``--repeats``), class-map
   agreement between the two, and MIoU of each against the scene's labels.
2. Training: the default architecture on a sample set cut from one scene,
   the same number of epochs and the same training seeds in fp32 and bf16:
   seconds per epoch, and MIoU of each model on the test patches (scored in
   fp32); the spread over seeds shows the noise a difference must exceed.

bf16 pays only where the CPU has bf16 units (AVX512-BF16, AMX); the
algorithms' "auto" arithmetic uses it there and float32 elsewhere.

    .venv/bin/python bench/bench_bf16.py --size 2048 --epochs 25   # the note's figures
    .venv/bin/python bench/bench_bf16.py --quick
"""
import argparse
import os
import time

import numpy as np
from _common import REPO
from bench_classify import BATCH, OVERLAP, TILE


def scene(folder, size, seed):
    from devkit.scenes.mine import generate_mine_scene

    image = os.path.join(folder, f"scene_{size}_{seed}.tif")
    labels = os.path.join(folder, f"labels_{size}_{seed}.tif")
    if not os.path.exists(labels):
        generate_mine_scene(image, labels, size=size, seed=seed)
    return image, labels


def classify(image, model_file, precision, out):
    """Seconds of the engine path of Classify Land Damage, the class map
    written to ``out`` (no probabilities)."""
    from minewatch.core.inference.settings import Tiling
    from minewatch.core.inference.torch_predict import torch_predictor
    from minewatch.core.inference.writers import RasterOutputs
    from minewatch.core.landdamage.classify import classify_land_damage
    from minewatch.models.checkpoint import load_checkpoint

    model, metadata = load_checkpoint(model_file, "cpu")
    predict = torch_predictor(model, "cpu", precision=precision)
    start = time.perf_counter()
    classify_land_damage(image, predict, metadata, RasterOutputs(out),
                         tiling=Tiling(TILE, OVERLAP, BATCH))
    return time.perf_counter() - start


def miou(class_map, labels):
    """MIoU of a class map against the scene's labels (8 classes), as
    Evaluate Segmentation scores it."""
    from minewatch.core.evaluation.evaluate import evaluate_rasters

    return evaluate_rasters(class_map, labels, n_classes=8)[0].miou


def inference_part(folder, seeds, size, repeats):
    import rasterio

    from minewatch.models.shipped import LAND_DAMAGE_MODEL

    print("\n### Classify Land Damage, shipped model, {0}² scenes, tiles {1} px, batch {2}\n"
          .format(size, TILE, BATCH))
    print("| scene seed | fp32 s | bf16 s | speed-up | class agreement | MIoU fp32 | MIoU bf16 |")
    print("|---|---|---|---|---|---|---|")
    for seed in seeds:
        image, labels = scene(folder, size, seed)
        best = {"fp32": np.inf, "bf16": np.inf}
        paths = {p: os.path.join(folder, f"classes_{p}.tif") for p in best}
        for _ in range(repeats):
            for precision in ("fp32", "bf16"):
                seconds = classify(image, LAND_DAMAGE_MODEL, precision, paths[precision])
                best[precision] = min(best[precision], seconds)
        maps = {}
        for precision, path in paths.items():
            with rasterio.open(path) as ds:
                maps[precision] = ds.read(1)
        valid = maps["fp32"] != 255
        agreement = float((maps["fp32"] == maps["bf16"])[valid].mean())
        print(f"| {seed} | {best['fp32']:.1f} | {best['bf16']:.1f} | "
              f"{best['fp32'] / best['bf16']:.2f}× | {100 * agreement:.2f} % | "
              f"{miou(paths['fp32'], labels):.3f} | {miou(paths['bf16'], labels):.3f} |",
              flush=True)


def training_part(folder, size, seed, epochs, train_seeds):
    from minewatch.core.training.sample_builder import PatchSettings, create_training_samples
    from minewatch.core.training.trainer import (
        TrainingConfig,
        evaluate_model_on_samples,
        train_segmentation_model,
    )
    from minewatch.models.classes import LAND_DAMAGE_CLASSES

    image, labels = scene(folder, size, seed)
    samples = os.path.join(folder, f"samples_{size}_{seed}")
    if not os.path.exists(os.path.join(samples, "manifest.json")):
        create_training_samples(image, samples, LAND_DAMAGE_CLASSES, label_path=labels,
                                patches=PatchSettings(patch_size=256, block_size=512, seed=seed))
    print(f"\n### Training, default architecture, samples of one {size}² scene (seed {seed}), "
          f"{epochs} epochs, batch 8, training seeds {', '.join(map(str, train_seeds))}\n")
    print("| arithmetic | training seed | s per epoch | test MIoU (scored in fp32) |")
    print("|---|---|---|---|")
    summary = {}
    for precision in ("fp32", "bf16"):
        for train_seed in train_seeds:
            out = os.path.join(folder, f"trained_{precision}_{train_seed}.safetensors")
            result = train_segmentation_model(samples, out, TrainingConfig(
                epochs=epochs, precision=precision, device="cpu", seed=train_seed))
            per_epoch = float(np.mean([h["seconds"] for h in result.history]))
            split = "test" if result.validation_split == "val" else result.validation_split
            scores = evaluate_model_on_samples(out, samples, split, "cpu")
            summary.setdefault(precision, []).append((per_epoch, scores.miou))
            print(f"| {precision} | {train_seed} | {per_epoch:.1f} | {scores.miou:.3f} |",
                  flush=True)
    print()
    for precision, rows in summary.items():
        seconds, mious = np.array(rows).T
        print(f"{precision}: {seconds.mean():.1f} s per epoch, test MIoU {mious.mean():.3f} "
              f"± {mious.std(ddof=1) if len(mious) > 1 else 0.0:.3f} (mean ± std over seeds)")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", nargs="+", type=int, default=[301, 302, 303])
    parser.add_argument("--size", type=int, default=1536)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--train-seed", type=int, default=311, help="the training scene's seed")
    parser.add_argument("--train-seeds", nargs="+", type=int, default=[0, 1, 2],
                        help="training runs per arithmetic (the spread is the noise)")
    parser.add_argument("--skip-training", action="store_true")
    parser.add_argument("--quick", action="store_true", help="1 scene of 768², 1 epoch")
    parser.add_argument("--scratch", default=os.path.join(REPO, "build", "bench", "bf16"))
    args = parser.parse_args()
    if args.quick:
        args.seeds, args.size, args.repeats, args.epochs = args.seeds[:1], 768, 1, 1
        args.train_seeds = args.train_seeds[:1]
    from minewatch.core.common.device import cpu_has_bf16

    os.makedirs(args.scratch, exist_ok=True)
    import torch

    print(f"CPU bf16 units: {cpu_has_bf16()}; torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads")
    inference_part(args.scratch, args.seeds, args.size, args.repeats)
    if not args.skip_training:
        training_part(args.scratch, args.size, args.train_seed, args.epochs, args.train_seeds)


if __name__ == "__main__":
    main()
