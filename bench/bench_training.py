"""Training from the user's own labels at equal time budget (issue 14):
from scratch vs fine-tuned from the shipped weights vs the old schedule,
with and without varied patch looks (photometric augmentation), on data
the shipped weights never saw.

``--data synthetic``: synthetic mine scenes (devkit) seen by another
sensor: other band gains and offsets and 1.5× coarser pixels
(devkit/scenes/style_shift.py). One shifted scene gives the sample set
(patches of 256 px, blocks of 512 px split 6:2:2); models are scored by
classifying other shifted scenes (``--eval-seeds``, never trained on),
MIoU over the 8 classes; the start model is the shipped land-damage model.

``--data dubai --dubai FOLDER``: the real Dubai aerial land-cover set
(Humans in the Loop / MBRSC, CC0; RGB, 5 classes, 72 images in 8 tiles):
samples from tiles 1–3 and 5–7 with every default of Create Training
Samples, scored on the whole held-out tiles 4 and 8 (MIoU over the 5
classes pooled over their images); the start model is the shipped
land-damage model (4 bands → RGB by band name).

``--data spacenet``: the real SpaceNet Atlanta tile
(../shared/realdata/spacenet_atlanta, panchromatic 0.5 m, CC BY-SA 4.0):
samples from the WEST half (patches of 128 px every 64 px, 4 copies,
blocks of 256 px split 8:2), scored on the EAST half: the building IoU of
the model's mask (no CRF) against the rasterised footprints; the start
model is the shipped building model.

Arms (``--arms``), each for every ``--train-seeds`` and ``--minutes``:
* ``default``: what Train Segmentation Model does with every default (its
  default architecture, from the shipped model of that architecture when
  that model learnt real imagery, else from its ImageNet encoder:
  models/shipped.training_start_for);
* ``shipped-start``: the default architecture from the shipped land-damage
  model (ImageNet encoder, then classes learnt on synthetic scenes): the
  plugin's default before it started from the ImageNet encoder;
* ``scratch``: the paper's SE-COT-DeepLabV3+ (MobileNetV2) from random
  weights, the schedule fitted to the budget;
* ``fine-tuned``: from the shipped land-damage weights (``--start-model``
  gives another file, e.g. an earlier shipped model), same schedule;
* ``scratch+looks`` / ``fine-tuned+looks``: the same with every train
  patch given a random look (core/training/photometric.py);
* ``old-schedule``: random weights with the poly schedule laid over 200
  epochs and the run stopped when the budget is spent (how training ran
  before issue 14); the best epoch so far is kept;
* ``imagenet-deeplab`` / ``imagenet-unet`` / ``imagenet-se-cot``:
  DeepLabV3+, U-Net and SENetV2-COT-DeepLabV3+ on the EfficientNet-Lite0
  encoder started from the shipped ImageNet weights (issue 26);
* ``default+encoder-lr``: ``default`` with the encoder learning at a tenth
  of the rate (TrainingConfig.encoder_lr_scale), the decoder at the rate;
* ``scratch+ssl+looks`` / ``fine-tuned+ssl+looks``: a third of the budget
  spent on self-supervised pretraining (core/training/pretext.py) on
  unlabelled imagery, the rest on supervised training, looks varied: for
  the synthetic task two other shifted scenes (seeds 404, 405, never
  scored), for SpaceNet the whole tile without its labels (the east half
  is scored with them: the imagery a user classifies is what they have).
The shipped model as it is, untrained on the data, is scored beside them.
Every arm uses the plugin's default learning rate and batch size.

    .venv/bin/python bench/bench_training.py                       # synthetic, 4 min per run
    .venv/bin/python bench/bench_training.py --data spacenet --minutes 3
    .venv/bin/python bench/bench_training.py --minutes 25 --train-seeds 0
"""
import argparse
import os
import sys
import time

import numpy as np
from _common import REPO
from bench_bf16 import classify, miou, scene

OLD_SCHEDULE_EPOCHS = 200
ARMS = ("default", "shipped-start", "scratch", "fine-tuned", "scratch+looks", "fine-tuned+looks", "old-schedule",
        "scratch+ssl+looks", "fine-tuned+ssl+looks", "imagenet-deeplab", "imagenet-unet",
        "imagenet-se-cot", "default+encoder-lr")
# the ImageNet arms: architectures whose EfficientNet-Lite0 encoder starts from
# the shipped ImageNet weights (models/pretrained.py); plugin defaults otherwise
IMAGENET_ARMS = {"imagenet-deeplab": "deeplabv3plus_lite0", "imagenet-unet": "unet_lite0",
                 "imagenet-se-cot": "se_cot_deeplabv3plus_lite0"}
SCRATCH_ARCH = "se_cot_deeplabv3plus"
# the +encoder-lr arm's encoder learning rate as a share of the plugin's
ENCODER_LR_SCALE = 0.1
# share of an arm's budget the +ssl arms spend on self-supervised pretraining
SSL_SHARE = 1.0 / 3.0
# unlabelled shifted scenes for the +ssl arms (synthetic): never scored
UNLABELLED_SEEDS = (404, 405)


class StopAfter:
    """Feedback that cancels after ``seconds``: the old budget, which cut a
    run laid out over its epochs."""

    def __init__(self, seconds):
        self.deadline = time.monotonic() + seconds

    def setProgress(self, percent):  # noqa: N802 - QGIS naming
        pass

    def isCanceled(self):  # noqa: N802 - QGIS naming
        return time.monotonic() > self.deadline


def shifted(folder, size, seed):
    from devkit.scenes.style_shift import shift_style

    image, labels = scene(folder, size, seed)
    out = (os.path.join(folder, f"shifted_{size}_{seed}.tif"),
           os.path.join(folder, f"shifted_labels_{size}_{seed}.tif"))
    if not os.path.exists(out[1]):
        shift_style(image, labels, *out)
    return out


class SyntheticTask:
    """Style-shifted mine scenes; MIoU over the 8 land-damage classes."""

    input_scaling = "fixed"

    def __init__(self, args):
        from minewatch.core.training.sample_builder import PatchSettings, create_training_samples
        from minewatch.models.classes import LAND_DAMAGE_CLASSES
        from minewatch.models.shipped import LAND_DAMAGE_MODEL

        self.folder, self.precision = args.scratch, args.precision
        self.shipped = LAND_DAMAGE_MODEL
        self.train_scene = image, labels = shifted(self.folder, args.size, args.scene_seed)
        self.samples = os.path.join(self.folder, f"samples_{args.size}_{args.scene_seed}")
        if not os.path.exists(os.path.join(self.samples, "manifest.json")):
            create_training_samples(image, self.samples, LAND_DAMAGE_CLASSES, label_path=labels,
                                    patches=PatchSettings(patch_size=256, block_size=512, seed=0))
        self.scenes = [shifted(self.folder, args.size, s) for s in args.eval_seeds]
        self.unlabelled = ([shifted(self.folder, args.size, s)[0] for s in UNLABELLED_SEEDS]
                           if any("+ssl" in arm for arm in args.arms) else [])
        self.title = (f"Style-shifted scenes of {args.size}² px (1.5× coarser pixels, other band "
                      f"gains); train scene {args.scene_seed}, scored on {args.eval_seeds}")
        self.measure = "MIoU on unseen shifted scenes"

    def score(self, model_file):
        values = []
        for image, labels in self.scenes:
            class_map = os.path.join(self.folder, "eval.tif")
            classify(image, model_file, self.precision, class_map)
            values.append(miou(class_map, labels))
        return float(np.mean(values))


class SpaceNetTask:
    """The real SpaceNet tile: west half trained, east half scored."""

    input_scaling = "scene"  # an 11-bit pan tile; the shipped model saw 8-bit scenes

    def __init__(self, args):
        sys.path.insert(0, os.path.join(REPO, "scripts"))
        from spacenet_check import HALF, TILE, clipped_footprints, crop, label_raster

        from minewatch.core.training.sample_builder import PatchSettings, create_training_samples
        from minewatch.models.classes import BUILDING_CLASSES
        from minewatch.models.shipped import BUILDING_MODEL

        self.folder, self.precision = os.path.join(args.scratch, "spacenet"), args.precision
        os.makedirs(self.folder, exist_ok=True)
        self.shipped = BUILDING_MODEL
        halves = {}
        for name, start, width in (("west", 0, HALF), ("east", HALF, 900 - HALF)):
            image = os.path.join(self.folder, f"{name}.tif")
            labels = os.path.join(self.folder, f"{name}_labels.tif")
            if not os.path.exists(labels):
                crop(TILE, image, start, width, bands=(1, 1, 1))  # pan repeated for 3-band models
                footprints, _ = clipped_footprints(image, os.path.join(self.folder, f"{name}.geojson"))
                label_raster(image, footprints, labels)
            halves[name] = image, labels
        self.samples = os.path.join(self.folder, "west_samples")
        if not os.path.exists(os.path.join(self.samples, "manifest.json")):
            create_training_samples(halves["west"][0], self.samples, BUILDING_CLASSES,
                                    label_path=halves["west"][1],
                                    patches=PatchSettings(patch_size=128, stride=64, augment=4,
                                                          split=(0.8, 0.2, 0.0), block_size=256,
                                                          seed=0))
        self.east = halves["east"]
        # the whole tile without its labels, as a user has the scene to classify
        self.unlabelled = [os.path.join(self.folder, "whole.tif")]
        if not os.path.exists(self.unlabelled[0]):
            crop(TILE, self.unlabelled[0], 0, 900, bands=(1, 1, 1))
        self.title = "SpaceNet Atlanta (real, pan 0.5 m): west half trained, east half scored"
        self.measure = "building IoU, east half"

    def score(self, model_file):
        import rasterio

        from minewatch.core.buildings.extraction import infer_buildings
        from minewatch.core.inference.torch_predict import torch_predictor
        from minewatch.models.checkpoint import load_checkpoint

        model, metadata = load_checkpoint(model_file, "cpu")
        mask, prob = (os.path.join(self.folder, f"eval_{n}.tif") for n in ("mask", "prob"))
        for path in (mask, prob):
            if os.path.exists(path):
                os.remove(path)
        infer_buildings(self.east[0], torch_predictor(model, "cpu", precision=self.precision),
                        metadata, mask, prob)
        with rasterio.open(mask) as pred_ds, rasterio.open(self.east[1]) as ref_ds:
            pred, ref = pred_ds.read(1) == 1, ref_ds.read(1) == 1
        return float((pred & ref).sum() / max((pred | ref).sum(), 1))


# the Dubai aerial set's mask colours (Humans in the Loop / MBRSC, CC0) → class index
DUBAI_CLASSES = (("building", "#3C1098"), ("land", "#8429F6"), ("road", "#6EC1E4"),
                 ("vegetation", "#FEDD3A"), ("water", "#E2A929"))
DUBAI_HELD_OUT = (4, 8)  # whole tiles (parts of the city) never trained on
DUBAI_GSD_M = 1.0        # not published; "about 1 m" (the set's own description)


class DubaiTask:
    """The real Dubai aerial land-cover set (RGB, 5 classes, CC0): samples
    from tiles 1–3, 5–7 with the plugin's default sample settings, scored
    on the whole held-out tiles 4 and 8 (MIoU over the 5 classes, pixels of
    'unlabeled' ignored). The images carry no georeferencing: each part is
    written as a GeoTIFF at 1 m on its own patch of a UTM grid."""

    input_scaling = "fixed"
    # the shipped model has 4 bands and other classes: only a start here
    shipped_scores = False

    def __init__(self, args):
        from minewatch.core.classmap.class_tables import classes_from_names
        from minewatch.core.training.sample_builder import create_training_samples
        from minewatch.models.shipped import LAND_DAMAGE_MODEL

        if not args.dubai:
            sys.exit("--data dubai needs --dubai FOLDER (the set's 'Semantic segmentation "
                     "dataset' folder, holding 'Tile 1' … 'Tile 8')")
        self.folder, self.precision = os.path.join(args.scratch, "dubai"), args.precision
        os.makedirs(self.folder, exist_ok=True)
        self.shipped = LAND_DAMAGE_MODEL
        self.classes = classes_from_names(",".join(name for name, _ in DUBAI_CLASSES))
        parts = self.convert(args.dubai)
        self.samples = os.path.join(self.folder, "samples")
        if not os.path.exists(os.path.join(self.samples, "manifest.json")):
            first = True
            for tile, image, labels in parts:
                if tile in DUBAI_HELD_OUT:
                    continue
                try:
                    create_training_samples(image, self.samples, self.classes, label_path=labels,
                                            append=not first)
                    first = False
                except Exception as exc:  # a part too small or unlabelled for a patch
                    print(f"  {os.path.basename(image)}: no samples ({exc})")
        self.scenes = [(image, labels) for tile, image, labels in parts if tile in DUBAI_HELD_OUT]
        self.title = (f"Dubai aerial land cover (real, RGB, 5 classes, CC0): tiles "
                      f"{sorted({t for t, _, _ in parts} - set(DUBAI_HELD_OUT))} trained, whole "
                      f"tiles {list(DUBAI_HELD_OUT)} scored ({len(self.scenes)} images)")
        self.measure = "MIoU, held-out tiles (pooled)"

    def convert(self, source):
        """(tile, image GeoTIFF, label GeoTIFF) of every part, written once."""
        import glob

        import rasterio
        from PIL import Image
        from rasterio.transform import from_origin

        colours = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)): k
                   for k, (_, c) in enumerate(DUBAI_CLASSES)}
        parts = []
        for tile in range(1, 9):
            for n, jpg in enumerate(sorted(glob.glob(os.path.join(source, f"Tile {tile}", "images",
                                                                   "*.jpg")))):
                stem = os.path.splitext(os.path.basename(jpg))[0]
                image = os.path.join(self.folder, f"t{tile}_{stem}.tif")
                labels = os.path.join(self.folder, f"t{tile}_{stem}_labels.tif")
                parts.append((tile, image, labels))
                if os.path.exists(labels):
                    continue
                rgb = np.asarray(Image.open(jpg).convert("RGB")).transpose(2, 0, 1)
                mask = np.asarray(Image.open(os.path.join(source, f"Tile {tile}", "masks",
                                                          stem + ".png")).convert("RGB"))
                label = np.full(mask.shape[:2], 255, np.uint8)  # 'unlabeled', borders: ignored
                for colour, k in colours.items():
                    label[np.all(mask == colour, axis=2)] = k
                # each part on its own 4 km square of a UTM grid (no real position)
                transform = from_origin(400000.0 + 4000.0 * n, 2800000.0 - 4000.0 * tile,
                                        DUBAI_GSD_M, DUBAI_GSD_M)
                h, w = label.shape
                rgb = rgb[:, :h, :w]
                common = dict(driver="GTiff", width=w, height=h, crs="EPSG:32640",
                              transform=transform)
                with rasterio.open(image, "w", count=3, dtype="uint8", **common) as ds:
                    ds.write(rgb)
                with rasterio.open(labels, "w", count=1, dtype="uint8", nodata=255, **common) as ds:
                    ds.write(label, 1)
        return parts

    def score(self, model_file):
        """MIoU over the 5 classes, the held-out images' confusion pooled."""
        from minewatch.core.evaluation.evaluate import evaluate_rasters
        from minewatch.core.evaluation.metrics import scores_from_confusion

        total = None
        for image, labels in self.scenes:
            class_map = os.path.join(self.folder, "eval.tif")
            classify(image, model_file, self.precision, class_map)
            scores, _ = evaluate_rasters(class_map, labels, ignore_value=255,
                                         n_classes=len(DUBAI_CLASSES))
            total = scores.confusion if total is None else total + scores.confusion
        return float(scores_from_confusion(total).miou)


def train_arm(task, arm, seed, args, out):
    """Train one arm's model into ``out``; the training result."""
    from minewatch.core.training.trainer import TrainingConfig, train_segmentation_model
    from minewatch.models.checkpoint import read_metadata
    from minewatch.models.registry import DEFAULT_ARCHITECTURE
    from minewatch.models.shipped import shipped_for, training_start_for

    start = args.start_model or task.shipped
    old = arm == "old-schedule"
    ssl = args.minutes * SSL_SHARE if "+ssl" in arm else 0.0
    if arm.startswith("fine-tuned"):
        architecture = read_metadata(start).architecture
        init = start
    elif arm.startswith("default"):
        architecture, init = DEFAULT_ARCHITECTURE, training_start_for(DEFAULT_ARCHITECTURE)
    elif arm == "shipped-start":
        architecture, init = DEFAULT_ARCHITECTURE, shipped_for(DEFAULT_ARCHITECTURE)
    else:
        architecture, init = IMAGENET_ARMS.get(arm, SCRATCH_ARCH), ""
    config = TrainingConfig(
        architecture=architecture,
        epochs=OLD_SCHEDULE_EPOCHS if old else 10_000, max_minutes=0 if old else args.minutes - ssl,
        init_model=init, seed=seed,
        precision=args.precision, device="cpu", photometric=arm.endswith("+looks"),
        input_scaling=task.input_scaling, pretrain_minutes=ssl,
        pretrain_images=tuple(task.unlabelled) if ssl else (),
        encoder_lr_scale=ENCODER_LR_SCALE if arm.endswith("+encoder-lr") else 1.0)
    return train_segmentation_model(task.samples, out, config,
                                    StopAfter(args.minutes * 60.0) if old else None)


def print_summary(results):
    """One line per arm: mean ± sample standard deviation over its seeds."""
    print()
    for arm, values in results.items():
        spread = np.std(values, ddof=1) if len(values) > 1 else 0.0
        print(f"{arm}: {np.mean(values):.3f} ± {spread:.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", choices=("synthetic", "spacenet", "dubai"), default="synthetic")
    parser.add_argument("--dubai", default="", help="the Dubai set's 'Semantic segmentation "
                        "dataset' folder (--data dubai; never committed)")
    parser.add_argument("--minutes", type=float, default=4.0, help="budget per training run")
    parser.add_argument("--train-seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--scene-seed", type=int, default=401, help="the training scene (synthetic)")
    parser.add_argument("--eval-seeds", nargs="+", type=int, default=[402, 403])
    parser.add_argument("--size", type=int, default=2048)
    parser.add_argument("--precision", default="auto")
    parser.add_argument("--arms", nargs="+", default=list(ARMS), choices=ARMS)
    parser.add_argument("--scratch", default=os.path.join(REPO, "build", "bench", "training"))
    parser.add_argument("--start-model", default="",
                        help="model file the fine-tuned arms start from (default: the shipped one)")
    args = parser.parse_args()
    from minewatch.core.common.device import resolve_precision

    os.makedirs(args.scratch, exist_ok=True)
    args.precision = resolve_precision(args.precision)
    task = {"spacenet": SpaceNetTask, "dubai": DubaiTask}.get(args.data, SyntheticTask)(args)
    print(f"{task.title}; {args.minutes:g} min per run on this CPU, arithmetic {args.precision}\n")
    print(f"| start | training seed | epochs run | {task.measure} |")
    print("|---|---|---|---|")
    if getattr(task, "shipped_scores", True):
        print(f"| shipped model, no training | – | – | {task.score(task.shipped):.3f} |",
              flush=True)
    results = {}
    for arm in args.arms:
        for seed in args.train_seeds:
            out = os.path.join(task.folder, f"model_{arm}_{seed}.safetensors")
            run = train_arm(task, arm, seed, args, out)
            value = task.score(out)
            results.setdefault(arm, []).append(value)
            print(f"| {arm} | {seed} | {run.epochs_run} | {value:.3f} |", flush=True)
    print_summary(results)


if __name__ == "__main__":
    main()
