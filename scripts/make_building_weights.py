"""Train MineWatch's shipped default building model on REAL, openly
licensed imagery and score it on whole sources it never saw — ``make
weights`` runs it after the land-damage model.

Data (scripts/building_sources.py; local copies, nothing downloaded or
committed):
* training: the HOT fAIr / RAMP drone areas Zanzibar (Tanzania), Kampala
  (Uganda), the Philippines and Nairobi (Kenya) — OpenAerialMap imagery
  (CC BY 4.0) with OpenStreetMap footprints (ODbL), ``--fair FOLDER`` =
  ``ramp-data/TRAIN/HOTOSM/2`` of hotosm/fAIr-utilities at commit 61f15156;
* held out, whole sources: the fAIr Banepa (Nepal) area (other country,
  other drone flight) and the SpaceNet Atlanta tile in ``../shared/realdata``
  (satellite, off-nadir panchromatic 0.5 m, CC BY-SA 4.0: another sensor,
  continent and pixel size).

Steps, under ``--out`` (default build/weights/buildings):
1. each area mosaicked and warped to its UTM zone at ``--gsd`` (0.3 m);
2. ``minewatch:createtrainingsamples`` from the footprints (APPEND: one
   sample folder from the four training areas);
3. ``minewatch:trainsegmentationmodel``: U-Net on the ImageNet-pretrained
   EfficientNet-Lite0 encoder, each scene standardised by its own
   statistics (sensors differ), within ``--minutes``;
4. the best checkpoint with float16 kernels as
   models/weights/buildings_default.safetensors + a JSON summary that lists
   every source and its licence;
5. ``minewatch:extractbuildings`` on each held-out source with the dense
   CRF on (the default) and off, and the same for ``--baseline`` (the
   earlier shipped model) in the same run: pixel IoU of the building mask
   and polygon F1 (IoU ≥ 0.5) against the footprints, and the time per km².
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
ARCH = "unet_lite0"
TRAIN_AREAS = (1, 2, 4, 5)
HELD_OUT_AREA = 3
DESCRIPTION = ("MineWatch building model: U-Net on an ImageNet-pretrained EfficientNet-Lite0 "
               "encoder, trained at 0.3 m on real drone imagery of Tanzania, Uganda, the "
               "Philippines and Kenya (OpenAerialMap, CC BY 4.0) with OpenStreetMap footprints "
               "(ODbL) by scripts/make_building_weights.py; each scene standardised by its own "
               "statistics. Scores on held-out sources (Nepal drone, SpaceNet Atlanta "
               "satellite) are in buildings_default.json. Fine-tune it on your own footprints "
               "for other regions and sensors.")
SOURCES = [
    {"name": "HOT fAIr / RAMP training areas (hotosm/fAIr-utilities, ramp-data/TRAIN/HOTOSM/2, "
             "commit 61f15156)",
     "used_for": "training: areas 1 Zanzibar, 2 Kampala, 4 Philippines, 5 Nairobi; held out: "
                 "area 3 Banepa",
     "licence": "imagery CC BY 4.0 (OpenAerialMap contributors); footprints ODbL 1.0 "
                "(© OpenStreetMap contributors)"},
    {"name": "SpaceNet Atlanta tile (solaris test data, CosmiQ Works)",
     "used_for": "held-out scoring only",
     "licence": "CC BY-SA 4.0"},
]


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
    # the area scored (labelled pixels with an image value): the held-out
    # mosaics are scattered drone chips with empty ground between them
    km2 = pixel["info"]["pixels_counted"] * abs(pixel_area_m2(image)) / 1e6
    return {"building_iou": building["iou"], "miou": float(scores.get("MIOU", "nan")),
            "polygons": matched.as_dict(), "seconds": round(seconds, 1),
            "confusion_matrix": pixel["confusion_matrix"],
            "seconds_per_km2": round(seconds / max(km2, 1e-9), 1), "km2": round(km2, 4)}


def pixel_area_m2(image):
    """The area of one pixel of ``image``, m² (its CRS in metres)."""
    import rasterio

    with rasterio.open(image) as ds:
        return ds.transform.a * ds.transform.e


def held_out_sources(args, pixel_m=None):
    """[(name, image, footprints)] of the held-out sources, prepared once:
    at their own pixel size (Banepa mosaicked at ``--gsd``, Atlanta 0.5 m),
    or both at ``pixel_m`` m (Extract Buildings then reads them at the
    model's pixel size, ``core/inference/resample.py``)."""
    from building_sources import fair_area, spacenet_atlanta

    area = fair_area(args.fair, HELD_OUT_AREA, args.out, pixel_m or args.gsd)
    atlanta = spacenet_atlanta(args.out, pixel_m=pixel_m)
    at = f" at {pixel_m:g} m" if pixel_m else ""
    return [(f"Banepa, Nepal (drone, held out){at}", *area),
            (f"SpaceNet Atlanta (satellite pan 0.5 m, held out){at}", *atlanta)]


# Extract Buildings settings scored: the default, the exact dense CRF of
# the patent, no CRF, and (new model only) the default without squaring
ARMS = {"default (CRF keeps confident pixels)": {},
        "exact dense CRF": {"CRF_KEEP_CONFIDENT": "false"},
        "CRF off": {"USE_CRF": "false"},
        "default, outlines not squared": {"REGULARIZE": "false"}}
BASELINE_ARMS = ("default (CRF keeps confident pixels)", "exact dense CRF", "CRF off")


def score_sources(qp, model, sources, out, tag, arms=tuple(ARMS)):
    """Scores of ``model`` on every held-out source for each of ``arms``,
    and pooled over the sources (confusion matrices and polygon counts
    summed): {arm: {source or 'pooled': scores}}."""
    from building_sources import label_raster, reprojected

    # each source's reference (burnt labels, footprints in its CRS), made once
    references = []
    for name, image, footprints in sources:
        stem = os.path.splitext(os.path.basename(image))[0]
        references.append((name, image, stem,
                           label_raster(image, footprints, os.path.join(out, f"{stem}_labels.tif")),
                           reprojected(footprints, image,
                                       os.path.join(out, f"{stem}_footprints_local.gpkg"))))
    table = {}
    for arm in arms:
        rows, pooled = {}, {"cm": None, "predicted": 0, "reference": 0, "matched": 0, "km2": 0.0,
                            "seconds": 0.0}
        for name, image, stem, labels, local in references:
            slug = "".join(c if c.isalnum() else "_" for c in arm)[:24]
            result = evaluate(qp, model, image, labels, local, out, f"{tag}_{stem}_{slug}", ARMS[arm])
            cm = result.pop("confusion_matrix")
            rows[name] = result
            pooled["cm"] = cm if pooled["cm"] is None else [
                [a + b for a, b in zip(r1, r2)] for r1, r2 in zip(pooled["cm"], cm)]
            for key in ("predicted", "reference", "matched"):
                pooled[key] += result["polygons"][key]
            pooled["km2"] += result["km2"]
            pooled["seconds"] += result["seconds"]
            log(f"{tag}: {name}, {arm}: building IoU {result['building_iou']:.3f}, polygon F1 "
                f"{result['polygons']['f1']:.3f}, {result['seconds_per_km2']:.1f} s/km²")
        rows["pooled"] = pooled_scores(pooled)
        log(f"{tag}: pooled, {arm}: building IoU {rows['pooled']['building_iou']:.3f}, polygon "
            f"F1 {rows['pooled']['f1']:.3f}")
        table[arm] = rows
    return table


def pooled_scores(pooled):
    """Building IoU of the summed confusion matrix (rows reference, columns
    prediction) and polygon F1 of the summed counts."""
    cm = pooled["cm"]
    tp, fp, fn = cm[1][1], cm[0][1], cm[1][0]
    iou = tp / (tp + fp + fn) if tp + fp + fn else float("nan")
    matched, predicted, reference = pooled["matched"], pooled["predicted"], pooled["reference"]
    f1 = 2 * matched / (predicted + reference) if predicted + reference else float("nan")
    return {"building_iou": iou, "f1": f1, "predicted": predicted, "reference": reference,
            "matched": matched, "km2": round(pooled["km2"], 4),
            "km2_per_minute": round(pooled["km2"] / max(pooled["seconds"], 1e-9) * 60.0, 3)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(REPO_ROOT, "build", "weights", "buildings"))
    parser.add_argument("--fair", required=True,
                        help="ramp-data/TRAIN/HOTOSM/2 of hotosm/fAIr-utilities (commit 61f15156)")
    parser.add_argument("--gsd", type=float, default=0.3, help="pixel size of the model, m")
    parser.add_argument("--patch", type=int, default=128)
    # the budget sets the length: the schedule is fitted to it (epochs is a ceiling)
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--minutes", type=float, default=25.0)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--baseline", default="",
                        help="an earlier building model to score beside the new one")
    parser.add_argument("--score-only", metavar="MODEL", help="only score MODEL on the held-out sources")
    parser.add_argument("--score-pixel", type=float, metavar="M",
                        help="with --score-only: score on the held-out sources resampled to M m")
    args = parser.parse_args(argv)

    from building_sources import fair_area

    os.makedirs(args.out, exist_ok=True)
    qp = QgisProcess(os.path.join(args.out, "qgis-profile"))
    if args.score_only:
        tag = f"score_only_{args.score_pixel:g}m" if args.score_pixel else "score_only"
        table = score_sources(qp, args.score_only, held_out_sources(args, args.score_pixel),
                              args.out, tag)
        with open(os.path.join(args.out, f"{tag}.json"), "w", encoding="utf-8") as f:
            json.dump(table, f, indent=1)
        return
    held_out = held_out_sources(args)
    samples = os.path.join(args.out, f"samples_{args.gsd:g}m_{args.patch}")
    if not os.path.exists(os.path.join(samples, "manifest.json")):
        for n, area in enumerate(TRAIN_AREAS):
            image, footprints = fair_area(args.fair, area, args.out, args.gsd)
            qp.run("minewatch:createtrainingsamples", INPUT=image, LABELS=footprints,
                   CLASS_FIELD="class", CLASSES="other,building", PATCH_SIZE=args.patch,
                   STRIDE=args.patch // 2, SPLIT="80,20,0", BLOCK_SIZE=args.patch * 2, SEED=args.seed,
                   APPEND="true" if n else "false", OUTPUT_FOLDER=samples)
            log(f"samples of area {area} added to {samples}")
    model_path = os.path.join(args.out, "buildings_full.safetensors")
    # scene scaling: drone and satellite DN ranges differ; each scene is
    # standardised by its own statistics
    _, seconds = train(qp, samples, ARCH, {}, model_path, args, args.minutes, SCENE_SCALING="true")
    metadata = ship(model_path, SHIPPED, DESCRIPTION, synthetic=False)
    scores = {"new": score_sources(qp, SHIPPED, held_out, args.out, "new")}
    if args.baseline:
        scores["baseline"] = score_sources(qp, args.baseline, held_out, args.out, "baseline",
                                           BASELINE_ARMS)
    write_summary(metadata, scores, seconds, SHIPPED, SUMMARY, DESCRIPTION,
                  "held_out_real_sources", extra_fields={"sources": SOURCES})
    log(f"summary {SUMMARY}")


if __name__ == "__main__":
    main()
