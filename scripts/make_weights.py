"""Train MineWatch's shipped default land-damage model, reproducibly, with
the plugin's own Processing algorithms (``make weights``).

No public mining dataset is reachable, so the model is a DEMONSTRATION
model trained on synthetic scenes (devkit/scenes/mine.py): fine-tune it on
real labels (Create Training Samples → Train Segmentation Model with
INIT_MODEL) before trusting it on real imagery.

Steps, all under ``--out`` (default build/weights/land_damage):
1. synthetic training scenes (seeds 1…N, 2 m) mosaicked into one VRT, and a
   held-out test scene (another seed, never seen in training);
2. ``minewatch:createtrainingsamples`` on the mosaic (train/val split by
   spatial blocks);
3. ``minewatch:trainsegmentationmodel``: SE-COT-DeepLabV3+ (EfficientNet-Lite0 from ImageNet,
   ASPP/decoder width 128) within a wall-clock budget;
4. the best checkpoint stored with float16 kernels as
   models/weights/land_damage_default.safetensors (+ a JSON summary);
5. ``minewatch:classifylanddamage`` on the test scene and
   ``minewatch:evaluatesegmentation`` against its labels → test MIoU; the
   same on ``--extra-test-scenes`` more held-out scenes (seeds 1002 …),
   their confusion matrices pooled → a second, steadier test figure (one
   2048² scene holds one or two sites per class, so its per-class IoU
   swings with a single object);
6. optionally (``--ablation-epochs`` or ``--ablation-minutes``) the paper's
   comparison: each of DL, SE-DL, COT-DL, SE-COT-DL, FCN, UNet, PSPNet
   trained with the same budget (epochs over the same samples, or wall
   time) and the same seed, scored on the same test scenes.
``--score-only MODEL`` only scores a model file on the held-out scenes.

Run ``python scripts/make_weights.py --help`` for the knobs; the defaults
are what shipped.
"""
import argparse
import json
import os
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from qgis_runner import REPO_ROOT, QgisProcess  # noqa: E402

sys.path.insert(0, REPO_ROOT)
from minewatch.models.registry import TRAINING_DEEPLAB_WIDTH  # noqa: E402 - after the path

WEIGHTS_DIR = os.path.join(REPO_ROOT, "minewatch", "models", "weights")
SHIPPED = os.path.join(WEIGHTS_DIR, "land_damage_default.safetensors")
SUMMARY = os.path.join(WEIGHTS_DIR, "land_damage_default.json")
ABLATION = os.path.join(WEIGHTS_DIR, "land_damage_ablation.csv")
DEFAULT_ARCH = "se_cot_deeplabv3plus_lite0"
# half-width head (the training default): a third of the paper-width compute
DL_OPTIONS = dict(TRAINING_DEEPLAB_WIDTH)
ABLATION_ARCHS = ("se_cot_deeplabv3plus", "se_deeplabv3plus", "cot_deeplabv3plus", "deeplabv3plus",
                  "fcn", "unet", "pspnet")
DESCRIPTION = ("MineWatch demonstration land-damage model: SENetV2-COT-DeepLabV3+ on an "
               "EfficientNet-Lite0 encoder that starts from ImageNet weights (real photographs), "
               "ASPP/decoder width 128, then trained on SYNTHETIC 2 m four-band (blue, green, red, "
               "NIR) mining scenes by scripts/make_weights.py. It shows the workflow; its class "
               "knowledge comes from synthetic scenes only, so fine-tune it on real labelled "
               "imagery before relying on it.")


def log(message):
    print(f"[make_weights {time.strftime('%H:%M:%S')}] {message}", flush=True)


def make_scenes(out, n_scenes, size, gsd, seed):
    """Training mosaic (VRT); returns the image and label paths."""
    from osgeo import gdal

    from devkit.scenes.mine import generate_mine_scene

    cols = max(1, int(round(n_scenes ** 0.5)))
    images, labels = [], []
    for i in range(n_scenes):
        image = os.path.join(out, f"train_scene_{i + 1}.tif")
        label = os.path.join(out, f"train_scene_{i + 1}_labels.tif")
        if not (os.path.exists(image) and os.path.exists(label)):
            row, col = divmod(i, cols)
            origin = (500000.0 + col * size * gsd, 4400000.0 - row * size * gsd)
            generate_mine_scene(image, label, size=size, seed=seed + i + 1, gsd_m=gsd, origin=origin)
            log(f"training scene {i + 1}/{n_scenes}: {image}")
        images.append(image)
        labels.append(label)
    mosaic = {}
    for name, paths in (("train_image.vrt", images), ("train_labels.vrt", labels)):
        mosaic[name] = os.path.join(out, name)
        vrt = gdal.BuildVRT(mosaic[name], paths)
        # a VRT does not carry band descriptions, and the samples (and so
        # the model's band names) take theirs from it
        first = gdal.Open(paths[0])
        for b in range(1, vrt.RasterCount + 1):
            vrt.GetRasterBand(b).SetDescription(first.GetRasterBand(b).GetDescription())
        vrt.FlushCache()
        vrt = first = None
    return mosaic["train_image.vrt"], mosaic["train_labels.vrt"]


def train(qp, samples, arch, options, model_path, args, minutes, **extra):
    from minewatch.models.registry import list_architectures

    # Processing enums take the option's index
    params = dict(SAMPLES=samples, ARCHITECTURE=list(list_architectures()).index(arch), EPOCHS=args.epochs, BATCH_SIZE=args.batch,
                  LEARNING_RATE=args.lr, SEED=args.seed, MAX_MINUTES=minutes,
                  START_FROM_SHIPPED="false", OUTPUT_MODEL=model_path)  # never from a shipped model
    params.update(extra)
    if options:
        params["ARCH_OPTIONS"] = json.dumps(options, separators=(",", ":"))
    start = time.perf_counter()
    results = qp.run("minewatch:trainsegmentationmodel", **params)
    return results, time.perf_counter() - start


def score(qp, model_path, test_image, test_labels, out, name):
    """Classify the test scene with the model and evaluate it; the report's JSON."""
    classes = os.path.join(out, f"test_{name}_classes.tif")
    report = os.path.join(out, f"test_{name}_evaluation.html")
    start = time.perf_counter()
    qp.run("minewatch:classifylanddamage", INPUT=test_image, MODEL=model_path, OUTPUT=classes)
    seconds = time.perf_counter() - start
    qp.run("minewatch:evaluatesegmentation", PREDICTION=classes, REFERENCE=test_labels,
           OUTPUT_REPORT=report)
    with open(os.path.splitext(report)[0] + ".json", encoding="utf-8") as f:
        scores = json.load(f)
    scores["classify_seconds"] = seconds
    return scores


def held_out_scenes(out, n, size, gsd, seed):
    """The designated test scene (seed + 1000) and ``n`` more (seeds after
    it), far from the training mosaic and from each other; [(image, labels)],
    the designated one first."""
    from devkit.scenes.mine import generate_mine_scene

    scenes = []
    for i in range(n + 1):
        stem = os.path.join(out, "test_scene" + (f"_{i + 1}" if i else ""))
        image, labels = stem + ".tif", stem + "_labels.tif"
        if not (os.path.exists(image) and os.path.exists(labels)):
            generate_mine_scene(image, labels, size=size, seed=seed + 1000 + i, gsd_m=gsd,
                                origin=(600000.0 + i * (size + 256) * gsd, 4300000.0))
            log(f"held-out test scene {i + 1}: {image}")
        scenes.append((image, labels))
    return scenes


def score_test_set(qp, model_path, scenes, out, name):
    """Scores of ``model_path`` on several held-out scenes: the confusion
    matrices of all scenes summed (pooled), then the usual scores; None
    without scenes."""
    import numpy as np

    from minewatch.core.evaluation.metrics import scores_from_confusion

    if not scenes:
        return None
    pooled, names = None, None
    for i, (image, labels) in enumerate(scenes):
        result = score(qp, model_path, image, labels, out, f"{name}_set{i + 2}")
        cm = np.asarray(result["confusion_matrix"], np.int64)
        pooled = cm if pooled is None else pooled + cm
        names = result["info"]["class_names"]
        log(f"{name}: held-out scene {i + 2} MIoU {result['miou']:.3f}")
    summary = scores_from_confusion(pooled).as_dict(names)
    summary["scenes"] = [os.path.basename(image) for image, _ in scenes]
    return summary


def ship(model_path, shipped=SHIPPED, description=DESCRIPTION, synthetic=True):
    """Store the best checkpoint with float16 kernels as the shipped model
    (``synthetic``: trained on synthetic scenes only); returns its metadata."""
    from minewatch.models.checkpoint import load_checkpoint, save_checkpoint

    model, metadata = load_checkpoint(model_path)
    metadata.description = description
    metadata.training = dict(metadata.training, synthetic=bool(synthetic),
                             script="scripts/" + os.path.basename(sys.argv[0]))
    os.makedirs(os.path.dirname(shipped), exist_ok=True)
    save_checkpoint(shipped, model, metadata, half_precision=True)
    log(f"shipped {shipped} ({os.path.getsize(shipped) / 2**20:.1f} MiB)")
    return metadata


def per_class_text(scores):
    return ", ".join(f"{c['name']} {c['iou'] if c['iou'] is None else round(c['iou'], 3)}"
                     for c in scores["per_class"])


def log_pooled(pooled, n):
    if pooled:
        log(f"{n} more held-out scenes, pooled MIoU {pooled['miou']:.3f}; per class: "
            + per_class_text(pooled))


def write_summary(metadata, scores, train_seconds, shipped=SHIPPED, path=SUMMARY,
                  description=DESCRIPTION, scores_key="held_out_test_scene", extra_scores=None,
                  extra_fields=None):
    """The JSON beside the shipped model: how it was made and how it scored."""
    summary = {"model": os.path.relpath(shipped, REPO_ROOT), "description": description,
               "command": "python scripts/" + os.path.basename(sys.argv[0]) + " " + " ".join(sys.argv[1:]),
               "train_seconds": round(train_seconds, 1), "size_bytes": os.path.getsize(shipped),
               "training": metadata.training, scores_key: scores}
    if extra_scores:
        summary["more_held_out_scenes_pooled"] = extra_scores
    summary.update(extra_fields or {})
    with open(path, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1, ensure_ascii=False)
    log(f"summary {path}")


def ablation(qp, samples, test_image, test_labels, out, args, extra=()):
    rows = []
    for arch in args.ablation_archs:
        options = DL_OPTIONS if "deeplab" in arch else {}
        model = os.path.join(out, f"ablation_{arch}.safetensors")
        budget = argparse.Namespace(**dict(vars(args), epochs=args.ablation_epochs or args.epochs))
        log(f"ablation: {arch}, {budget.epochs} epochs, {args.ablation_minutes or 'no'} minute limit")
        results, seconds = train(qp, samples, arch, options, model, budget, args.ablation_minutes)
        scores = score(qp, model, test_image, test_labels, out, arch)
        pooled = score_test_set(qp, model, extra, out, arch)
        rows.append({"architecture": arch, "train_seconds": round(seconds),
                     "epochs": results.get("EPOCHS_RUN", ""), "best_val_miou": results.get("BEST_VAL_MIOU", ""),
                     "test_miou": scores["miou"], "test_mrecall": scores["mrecall"],
                     "test_mprecision": scores["mprecision"], "test_mdice": scores["mdice"],
                     **{"iou_" + c["name"].split(" (")[0].replace(" ", "_"): c["iou"]
                        for c in scores["per_class"]},
                     "more_scenes_pooled_miou": pooled["miou"] if pooled else ""})
        write_csv(ABLATION, rows)
        log(f"ablation: {arch} test MIoU {scores['miou']:.3f}")
    return rows


def write_csv(path, rows):
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: (f"{v:.4f}" if isinstance(v, float) else v) for k, v in row.items()})


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(REPO_ROOT, "build", "weights", "land_damage"))
    parser.add_argument("--scenes", type=int, default=6, help="training scenes (mosaicked)")
    parser.add_argument("--size", type=int, default=2048, help="training scene size, px")
    parser.add_argument("--test-size", type=int, default=2048, help="held-out test scene size, px")
    parser.add_argument("--gsd", type=float, default=2.0, help="ground sample distance, m")
    parser.add_argument("--patch", type=int, default=256)
    parser.add_argument("--stride", type=int, default=128)
    parser.add_argument("--augment", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--minutes", type=float, default=30.0, help="training budget, minutes")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ablation-minutes", type=float, default=0.0,
                        help="also train the comparison architectures, each with this budget")
    parser.add_argument("--ablation-epochs", type=int, default=0,
                        help="also train the comparison architectures, each for this many epochs")
    parser.add_argument("--ablation-samples", help="sample folder for the comparison (default: the default's)")
    parser.add_argument("--ablation-archs", nargs="+", default=list(ABLATION_ARCHS))
    parser.add_argument("--skip-default", action="store_true", help="only the ablation")
    parser.add_argument("--extra-test-scenes", type=int, default=4,
                        help="held-out scenes besides the test scene, scored pooled")
    parser.add_argument("--score-only", metavar="MODEL",
                        help="only score this model file on the held-out scenes")
    args = parser.parse_args(argv)

    os.makedirs(args.out, exist_ok=True)
    qp = QgisProcess(os.path.join(args.out, "qgis-profile"))
    train_image, train_labels = make_scenes(args.out, args.scenes, args.size, args.gsd, args.seed)
    (test_image, test_labels), *extra = held_out_scenes(
        args.out, args.extra_test_scenes, args.test_size, args.gsd, args.seed)
    if args.score_only:
        scores = score(qp, args.score_only, test_image, test_labels, args.out, "score_only")
        log(f"{args.score_only}: test scene MIoU {scores['miou']:.3f}; per class: " + per_class_text(scores))
        log_pooled(score_test_set(qp, args.score_only, extra, args.out, "score_only"), len(extra))
        return
    samples = os.path.join(args.out, "samples")
    if not os.path.exists(os.path.join(samples, "manifest.json")):
        shutil.rmtree(samples, ignore_errors=True)
        qp.run("minewatch:createtrainingsamples", INPUT=train_image, LABELS=train_labels,
               PATCH_SIZE=args.patch, STRIDE=args.stride, AUGMENT=args.augment, SPLIT="80,20,0",
               MIN_LABELLED=0.5, SEED=args.seed, OUTPUT_FOLDER=samples)
    if not args.skip_default:
        model = os.path.join(args.out, "land_damage_full.safetensors")
        log(f"training {DEFAULT_ARCH} for up to {args.minutes} min")
        _, seconds = train(qp, samples, DEFAULT_ARCH, DL_OPTIONS, model, args, args.minutes)
        metadata = ship(model)
        # the shipped (float16) file is what users get: score that one
        scores = score(qp, SHIPPED, test_image, test_labels, args.out, "default")
        pooled = score_test_set(qp, SHIPPED, extra, args.out, "default")
        write_summary(metadata, scores, seconds, extra_scores=pooled)
        log(f"held-out test scene MIoU {scores['miou']:.3f}; per class: " + per_class_text(scores))
        log_pooled(pooled, len(extra))
    if args.ablation_minutes > 0 or args.ablation_epochs > 0:
        ablation(qp, args.ablation_samples or samples, test_image, test_labels, args.out, args, extra)
        log(f"ablation table: {ABLATION}")


if __name__ == "__main__":
    main()
