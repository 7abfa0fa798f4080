"""Train MineWatch's shipped default building model (SegNet, light) on
synthetic villages, reproducibly, and score it — ``make weights`` runs it
after the land-damage model.

The model is a DEMONSTRATION model: synthetic suburbs and Chinese villages
(devkit/scenes/village.py) at 0.5–3 m, colour and panchromatic, seen at
nadir and off-nadir (roofs displaced from their footprints, walls in view),
trained with varied patch looks (contrast, band balance, blur, noise). Every
training scene is stretched to 8 bits (2–98 % per band) and panchromatic
scenes are repeated into three bands, which is how Extract Buildings feeds
a single-band image to a three-band model.

Steps, under ``--out`` (default build/weights/buildings):
1. village scenes → 8-bit three-band GeoTIFFs;
2. ``minewatch:createtrainingsamples`` per scene, merged into one folder;
3. ``minewatch:trainsegmentationmodel`` (segnet, light) in a time budget;
4. the best checkpoint with float16 kernels as
   models/weights/buildings_default.safetensors + a JSON summary;
5. ``minewatch:extractbuildings`` on a held-out synthetic village: pixel IoU
   of the mask and polygon F1 (IoU ≥ 0.5) against the exact footprints.

The real-data checks on SpaceNet are scripts/spacenet_check.py (through the
algorithms, with the CRF) and bench/bench_training.py --data spacenet (fine-tuned
vs from scratch at equal budget).
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_weights import WEIGHTS_DIR, log, ship, train, write_summary  # noqa: E402
from qgis_runner import REPO_ROOT, QgisProcess  # noqa: E402

SHIPPED = os.path.join(WEIGHTS_DIR, "buildings_default.safetensors")
SUMMARY = os.path.join(WEIGHTS_DIR, "buildings_default.json")
ARCH = "segnet"
# (seed, gsd m, bands, layout, off-nadir view (angle, lean azimuth) degrees or None):
# suburbs and villages, colour and pan, 0.5–3 m, nadir and off-nadir (roofs off
# their footprints, walls in view, as satellites looking sideways see them)
SCENES = ((11, 0.5, "rgb", "suburb", None), (12, 0.5, "pan", "suburb", (20, 35)),
          (13, 0.5, "rgb", "village", None), (14, 0.75, "pan", "mixed", (15, 200)),
          (15, 1.0, "rgb", "village", (10, 120)), (16, 1.0, "pan", "suburb", None),
          (17, 1.5, "rgb", "mixed", None), (18, 2.0, "rgb", "village", None),
          (19, 0.5, "pan", "village", (25, 290)), (20, 0.6, "rgb", "suburb", (18, 150)),
          (21, 3.0, "pan", "mixed", None), (22, 0.5, "pan", "suburb", (28, 240)))
TEST_SCENE = (99, 0.5, "rgb", "mixed", None)
DESCRIPTION = ("MineWatch demonstration building model: SegNet (light) trained on SYNTHETIC villages "
               "(0.5–3 m, colour and panchromatic, nadir and off-nadir, 8-bit stretched; each patch given varied looks) by scripts/make_building_weights.py. "
               "Fine-tune it on real labelled imagery before relying on it.")


def stretched_rgb(src, dst):
    """``src`` (1 or 3 bands, any type) as an 8-bit three-band GeoTIFF, each
    band stretched between its 2nd and 98th percentiles."""
    import numpy as np
    import rasterio

    with rasterio.open(src) as ds:
        data = ds.read().astype(np.float32)
        profile = ds.profile
    if data.shape[0] == 1:
        data = np.repeat(data, 3, axis=0)
    out = np.empty(data.shape, np.uint8)
    for b, band in enumerate(data):
        lo, hi = np.percentile(band, (2, 98))
        out[b] = np.clip((band - lo) * 255.0 / max(hi - lo, 1e-6), 0, 255).round()
    profile.update(count=3, dtype="uint8", nodata=None, photometric="RGB")
    with rasterio.open(dst, "w", **profile) as ds:
        ds.write(out)
        for b, name in enumerate(("red", "green", "blue"), start=1):
            ds.set_band_description(b, name)
    return dst


def scene_name(spec, size):
    """A file-name stem that says which scene ``spec`` is."""
    seed, gsd, bands, layout, off_nadir = spec
    lean = "" if off_nadir is None else "_off{}az{}".format(*off_nadir)
    return f"{seed}_{gsd:g}m_{bands}_{layout}{lean}_{size}"


def make_scene(out, spec, size, role):
    """The ``role`` ("train", "test") scene of ``spec`` under ``out``: its
    8-bit image, labels and footprints, made once; the files are named by
    the scene (:func:`scene_name`), so a changed list never reuses a stale one."""
    from devkit.scenes.village import generate_village_scene

    seed, gsd, bands, layout, off_nadir = spec
    name = f"{role}_{scene_name(spec, size)}"
    raw = os.path.join(out, f"{name}_raw.tif")
    image = os.path.join(out, f"{name}.tif")
    labels = os.path.join(out, f"{name}_labels.tif")
    footprints = os.path.join(out, f"{name}_footprints.geojson")
    if not os.path.exists(image):
        generate_village_scene(raw, labels, size=size, seed=seed, gsd_m=gsd, bands=bands,
                               layout=layout, footprints_path=footprints, off_nadir=off_nadir,
                               origin=(500000.0 + 10000.0 * seed, 4400000.0))
        stretched_rgb(raw, image)
    return image, labels, footprints


def evaluate(qp, model, image, labels, footprints, out, name, extra=None):
    """Extract buildings with ``model``; pixel IoU of the mask and polygon F1."""
    from osgeo import ogr

    from devkit.references.polygon_matching import match_polygons

    polygons = os.path.join(out, f"{name}_buildings.gpkg")
    mask = os.path.join(out, f"{name}_mask.tif")
    start = time.perf_counter()
    qp.run("minewatch:extractbuildings", INPUT=image, MODEL=model, OUTPUT=polygons, OUTPUT_MASK=mask,
           **(extra or {}))
    seconds = time.perf_counter() - start
    report = os.path.join(out, f"{name}_evaluation.html")
    scores = qp.run("minewatch:evaluatesegmentation", PREDICTION=mask, REFERENCE=labels,
                    CLASS_NAMES="other,building", OUTPUT_REPORT=report)
    with open(os.path.splitext(report)[0] + ".json", encoding="utf-8") as f:
        pixel = json.load(f)

    def geometries(path):
        ds = ogr.Open(path)
        layer = ds.GetLayer(0)
        return [f.GetGeometryRef().Clone() for f in layer]

    matched = match_polygons(geometries(polygons), geometries(footprints))
    building = next(c for c in pixel["per_class"] if c["index"] == 1)
    return {"building_iou": building["iou"], "miou": float(scores.get("MIOU", "nan")),
            "polygons": matched.as_dict(), "seconds": round(seconds, 1)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(REPO_ROOT, "build", "weights", "buildings"))
    parser.add_argument("--size", type=int, default=1024)
    parser.add_argument("--patch", type=int, default=256)
    parser.add_argument("--augment", type=int, default=2)
    # the budget sets the length: the schedule is fitted to it (epochs is a ceiling)
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    from minewatch.core.training.sample_merge import merge_sample_sets

    os.makedirs(args.out, exist_ok=True)
    qp = QgisProcess(os.path.join(args.out, "qgis-profile"))
    folders = []
    for spec in SCENES:
        image, labels, _ = make_scene(args.out, spec, args.size, "train")
        folder = os.path.join(args.out, f"samples_{scene_name(spec, args.size)}_{args.patch}_{args.augment}")
        if not os.path.exists(os.path.join(folder, "manifest.json")):
            qp.run("minewatch:createtrainingsamples", INPUT=image, LABELS=labels, CLASSES="other,building",
                   PATCH_SIZE=args.patch, STRIDE=args.patch, AUGMENT=args.augment, SPLIT="80,20,0",
                   BLOCK_SIZE=args.patch * 2, MIN_LABELLED=0.5, SEED=args.seed, OUTPUT_FOLDER=folder)
        folders.append(folder)
    samples = os.path.join(args.out, "samples")
    merge_sample_sets(folders, samples)
    log(f"merged {len(folders)} sample folders into {samples}")

    model_path = os.path.join(args.out, "buildings_full.safetensors")
    # scene scaling: any DN range (8-bit RGB, 11-bit pan) is standardised by its own statistics
    _, seconds = train(qp, samples, ARCH, {}, model_path, args, args.minutes, SCENE_SCALING="true")
    metadata = ship(model_path, SHIPPED, DESCRIPTION)
    image, labels, footprints = make_scene(args.out, TEST_SCENE, args.size, "test")
    scores = evaluate(qp, SHIPPED, image, labels, footprints, args.out, "test")
    write_summary(metadata, scores, seconds, SHIPPED, SUMMARY, DESCRIPTION, "held_out_synthetic_village")
    log(f"held-out village: building IoU {scores['building_iou']:.3f}, polygon F1 "
        f"{scores['polygons']['f1']:.3f}; summary {SUMMARY}")


if __name__ == "__main__":
    main()
