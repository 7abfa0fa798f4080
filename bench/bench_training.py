"""Training from the user's own labels at equal time budget (issue 14):
from scratch vs fine-tuned from the shipped land-damage weights, on scenes
with a style shift the shipped model never saw in pretraining.

The scenes are synthetic mine scenes (devkit) seen by another sensor:
other band gains and offsets and 1.5× coarser pixels
(devkit/scenes/style_shift.py). One shifted scene gives the sample set
(patches of 256 px, blocks of 512 px split 6:2:2); each arm trains the
shipped model's architecture (the same network in both arms) for the
same ``--minutes`` (the schedule fitted to the budget), for each of ``--train-seeds``; each model is scored by
classifying other shifted scenes (``--eval-seeds``, never trained on) and
comparing with their labels (MIoU over the 8 classes). The shipped model
as it is, untrained on the shift, is scored beside them.

    .venv/bin/python bench/bench_training.py                    # 4 min per run
    .venv/bin/python bench/bench_training.py --minutes 25 --train-seeds 0
"""
import argparse
import os

import numpy as np
from _common import REPO
from bench_bf16 import classify, miou, scene


def shifted(folder, size, seed):
    from minewatch.devkit.scenes.style_shift import shift_style

    image, labels = scene(folder, size, seed)
    out = (os.path.join(folder, f"shifted_{size}_{seed}.tif"),
           os.path.join(folder, f"shifted_labels_{size}_{seed}.tif"))
    if not os.path.exists(out[1]):
        shift_style(image, labels, *out)
    return out


def score(model_file, scenes, precision, folder):
    """Mean MIoU of ``model_file`` over the (image, labels) ``scenes``."""
    values = []
    for image, labels in scenes:
        class_map = os.path.join(folder, "eval.tif")
        classify(image, model_file, precision, class_map)
        values.append(miou(class_map, labels))
    return float(np.mean(values))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=4.0, help="budget per training run")
    parser.add_argument("--train-seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--scene-seed", type=int, default=401, help="the training scene")
    parser.add_argument("--eval-seeds", nargs="+", type=int, default=[402, 403])
    parser.add_argument("--size", type=int, default=2048)
    parser.add_argument("--precision", default="auto")
    parser.add_argument("--arms", nargs="+", default=["scratch", "fine-tuned"],
                        choices=["scratch", "fine-tuned"])
    parser.add_argument("--scratch", default=os.path.join(REPO, "build", "bench", "training"))
    args = parser.parse_args()
    from minewatch.core.common.device import resolve_precision
    from minewatch.core.training.sample_builder import PatchSettings, create_training_samples
    from minewatch.core.training.trainer import TrainingConfig, train_segmentation_model
    from minewatch.models.checkpoint import read_metadata
    from minewatch.models.classes import LAND_DAMAGE_CLASSES
    from minewatch.models.shipped import LAND_DAMAGE_MODEL

    os.makedirs(args.scratch, exist_ok=True)
    precision = resolve_precision(args.precision)
    image, labels = shifted(args.scratch, args.size, args.scene_seed)
    samples = os.path.join(args.scratch, f"samples_{args.size}_{args.scene_seed}")
    if not os.path.exists(os.path.join(samples, "manifest.json")):
        create_training_samples(image, samples, LAND_DAMAGE_CLASSES, label_path=labels,
                                patches=PatchSettings(patch_size=256, block_size=512, seed=0))
    scenes = [shifted(args.scratch, args.size, s) for s in args.eval_seeds]
    print(f"Style-shifted scenes of {args.size}² px (1.5× coarser pixels, other band gains); "
          f"train scene {args.scene_seed}, scored on {args.eval_seeds}; {args.minutes:g} min "
          f"per run on this CPU, arithmetic {precision}\n")
    print("| start | training seed | epochs run | MIoU on unseen shifted scenes |")
    print("|---|---|---|---|")
    print(f"| shipped model, no training | – | – | "
          f"{score(LAND_DAMAGE_MODEL, scenes, precision, args.scratch):.3f} |", flush=True)
    # the same network in both arms: the shipped model's architecture options
    shipped = read_metadata(LAND_DAMAGE_MODEL)
    arms = {"scratch": ("from scratch", ""),
            "fine-tuned": ("fine-tuned from the shipped weights", LAND_DAMAGE_MODEL)}
    results = {}
    for arm, init in (arms[name] for name in args.arms):
        for seed in args.train_seeds:
            out = os.path.join(args.scratch, f"model_{bool(init)}_{seed}.safetensors")
            run = train_segmentation_model(samples, out, TrainingConfig(
                architecture=shipped.architecture, arch_kwargs=dict(shipped.arch_kwargs),
                epochs=10_000, max_minutes=args.minutes, init_model=init, seed=seed,
                precision=precision, device="cpu"))
            value = score(out, scenes, precision, args.scratch)
            results.setdefault(arm, []).append(value)
            print(f"| {arm} | {seed} | {run.epochs_run} | {value:.3f} |", flush=True)
    print()
    for arm, values in results.items():
        print(f"{arm}: MIoU {np.mean(values):.3f} ± {np.std(values, ddof=1) if len(values) > 1 else 0:.3f}")


if __name__ == "__main__":
    main()
