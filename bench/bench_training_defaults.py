"""Quality per minute of the training defaults on this CPU (issue 14):
which ASPP/decoder width, batch size and patch size give the best model
within a fixed time budget, for the default architecture
(SENetV2-COT-DeepLabV3+ on MobileNetV2) trained from random weights.

Task: the style-shifted synthetic scenes of bench/bench_training.py (one
shifted scene gives the samples, blocks of 512 px split 6:2:2 by the same
seed for every patch size, so every configuration learns from the same
pixels); each configuration is trained for ``--minutes`` with the plugin's
other defaults (learning rate 0.001, weighted cross-entropy, varied looks
on, the schedule fitted to the budget) and scored by classifying other
shifted scenes (MIoU over the 8 classes). Every configuration gets the same
training seeds, so the spread between seeds shows what is noise.

A configuration is ``width:batch:patch``, e.g. ``128:8:256`` = ASPP and
decoder 128 channels wide, 8 patches per step, patches of 256 px. The
paper's full width is 256.

    .venv/bin/python bench/bench_training_defaults.py --minutes 3 --train-seeds 0 1
"""
import argparse
import os

import numpy as np
from _common import REPO
from bench_training import SyntheticTask, print_summary

CONFIGS = ("256:8:256", "128:8:256", "64:8:256", "128:16:256", "128:16:128")


def sample_set(task, args, patch):
    """The task's sample folder, or one of ``patch``-px patches cut from the
    same scene with the same blocks."""
    from minewatch.core.training.sample_builder import PatchSettings, create_training_samples
    from minewatch.models.classes import LAND_DAMAGE_CLASSES

    if patch == 256:
        return task.samples
    samples = f"{task.samples}_p{patch}"
    if not os.path.exists(os.path.join(samples, "manifest.json")):
        image, labels = task.train_scene
        create_training_samples(image, samples, LAND_DAMAGE_CLASSES, label_path=labels,
                                patches=PatchSettings(patch_size=patch, block_size=512, seed=0))
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=3.0, help="budget per training run")
    parser.add_argument("--train-seeds", nargs="+", type=int, default=[0, 1])
    parser.add_argument("--scene-seed", type=int, default=401)
    parser.add_argument("--eval-seeds", nargs="+", type=int, default=[402, 403])
    parser.add_argument("--size", type=int, default=2048)
    parser.add_argument("--precision", default="auto")
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS))
    parser.add_argument("--scratch", default=os.path.join(REPO, "build", "bench", "training"))
    args = parser.parse_args()
    from minewatch.core.common.device import resolve_precision
    from minewatch.core.training.trainer import TrainingConfig, train_segmentation_model
    from minewatch.models.registry import DEFAULT_ARCHITECTURE

    os.makedirs(args.scratch, exist_ok=True)
    args.precision, args.arms = resolve_precision(args.precision), []
    task = SyntheticTask(args)
    print(f"Default architecture from random weights, {args.minutes:g} min per run on this CPU, "
          f"arithmetic {args.precision}; {task.title}\n")
    print("| width:batch:patch | training seed | epochs run | s per epoch | MIoU |")
    print("|---|---|---|---|---|")
    results = {}
    for spec in args.configs:
        width, batch, patch = (int(v) for v in spec.split(":"))
        samples = sample_set(task, args, patch)
        for seed in args.train_seeds:
            out = os.path.join(args.scratch, f"defaults_{spec.replace(':', '_')}_{seed}.safetensors")
            config = TrainingConfig(
                architecture=DEFAULT_ARCHITECTURE,
                arch_kwargs={"aspp_channels": width, "decoder_channels": width},
                epochs=10_000, batch_size=batch, max_minutes=args.minutes, seed=seed,
                precision=args.precision, device="cpu", photometric=True)
            run = train_segmentation_model(samples, out, config)
            value = task.score(out)
            results.setdefault(spec, []).append(value)
            seconds = np.mean([h["seconds"] for h in run.history])
            print(f"| {spec} | {seed} | {run.epochs_run} | {seconds:.0f} | {value:.3f} |", flush=True)
    print_summary(results)


if __name__ == "__main__":
    main()
