"""Real-data check of Extract Buildings on the SpaceNet Atlanta tile
(../shared/realdata/spacenet_atlanta: 900 × 900 panchromatic uint16,
0.5 m, 43 hand-drawn footprints; SpaceNet, CC BY-SA 4.0).

Scores, all on the EAST half (columns 450–899), which no model here was
trained on:
(a) the shipped default building model;
(b) that model fine-tuned through the plugin's own algorithms (Create
    Training Samples → Train Segmentation Model with INIT_MODEL) on the
    WEST half only (columns 0–449);
(c) the same architecture trained from scratch on the same samples with
    the same time budget (START_FROM_SHIPPED off, no INIT_MODEL): does
    starting from the shipped weights pay at equal budget (issue 14)?
Building IoU is pixel-level (mask vs rasterised footprints, everything
outside a footprint counts as "other"); polygon F1 matches extracted
polygons and footprints one-to-one at IoU ≥ 0.5. Footprints crossing the
middle are clipped to the half they are scored or trained on.
Results go to build/weights/spacenet/spacenet_check.json and the log.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_building_weights import SHIPPED  # noqa: E402
from make_weights import log  # noqa: E402
from qgis_runner import REPO_ROOT, QgisProcess  # noqa: E402

REALDATA = os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "realdata", "spacenet_atlanta"))
TILE = os.path.join(REALDATA, "sample_geotiff.tif")
FOOTPRINTS = os.path.join(REALDATA, "geotiff_labels.geojson")
HALF = 450  # columns


def crop(src, dst, col_off, width, bands=(1,)):
    """Columns ``col_off`` … of the tile; ``bands`` (1,1,1) repeats the pan
    band for a three-band model's training samples."""
    from osgeo import gdal

    with_ds = gdal.Translate(dst, src, srcWin=[col_off, 0, width, 900], bandList=list(bands))
    with_ds = None  # noqa: F841 - closing flushes the file
    return dst


def clipped_footprints(image, dst, min_area_m2=1.0):
    """Footprints clipped to ``image``'s extent, with ``class`` = 1, as GeoJSON."""
    import rasterio
    from osgeo import ogr

    from devkit.ogr_geometry import ogr_box

    with rasterio.open(image) as ds:
        left, bottom, right, top = ds.bounds
    box = ogr_box(left, bottom, right, top)
    source = ogr.Open(FOOTPRINTS)
    features = []
    for feature in source.GetLayer(0):
        geometry = feature.GetGeometryRef()
        if geometry is None or not geometry.Intersects(box):
            continue
        part = geometry.Intersection(box)
        if part.GetArea() < min_area_m2:
            continue
        features.append({"type": "Feature", "properties": {"class": 1},
                         "geometry": json.loads(part.ExportToJson())})
    with open(dst, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection",
                   "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32616"}},
                   "features": features}, f)
    return dst, len(features)


def label_raster(image, footprints, dst):
    """1 inside a footprint, 0 elsewhere, on ``image``'s grid."""
    import rasterio
    from osgeo import ogr

    from minewatch.core.raster.rasterize import rasterize_labels

    with rasterio.open(image) as ds:
        grid = ds.profile
    source = ogr.Open(footprints)  # keep the data source alive while its layer is read
    shapes = [(json.loads(f.GetGeometryRef().ExportToJson()), 1) for f in source.GetLayer(0)]
    rasterize_labels(shapes, dst, grid, fill=0)
    return dst


def score(qp, model, image, labels, footprints, out, name):
    from osgeo import ogr

    from devkit.references.polygon_matching import match_polygons

    polygons = os.path.join(out, f"{name}_buildings.gpkg")
    mask = os.path.join(out, f"{name}_mask.tif")
    qp.run("minewatch:extractbuildings", INPUT=image, MODEL=model, OUTPUT=polygons, OUTPUT_MASK=mask)
    report = os.path.join(out, f"{name}_evaluation.html")
    qp.run("minewatch:evaluatesegmentation", PREDICTION=mask, REFERENCE=labels,
           CLASS_NAMES="other,building", OUTPUT_REPORT=report)
    with open(os.path.splitext(report)[0] + ".json", encoding="utf-8") as f:
        pixel = json.load(f)

    def geometries(path):
        source = ogr.Open(path)  # keep the data source alive while its layer is read
        return [f.GetGeometryRef().Clone() for f in source.GetLayer(0)]

    matched = match_polygons(geometries(polygons), geometries(footprints))
    building = next(c for c in pixel["per_class"] if c["index"] == 1)
    result = {"building_iou": building["iou"], "building_precision": building["precision"],
              "building_recall": building["recall"], "polygons": matched.as_dict()}
    log(f"{name}: building IoU {building['iou']:.3f}, polygon F1 {matched.f1:.3f} "
        f"({matched.matched} of {matched.reference} footprints, {matched.predicted} polygons)")
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(REPO_ROOT, "build", "weights", "spacenet"))
    parser.add_argument("--model", default=SHIPPED)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--minutes", type=float, default=8.0, help="fine-tuning budget, minutes")
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--patch", type=int, default=128, help="sample patch size, px")
    parser.add_argument("--stride", type=int, default=64, help="sample stride, px")
    parser.add_argument("--loss", choices=("ce", "focal", "ce_dice"), default="ce")
    args = parser.parse_args(argv)

    from minewatch.core.training.losses import LOSSES
    from minewatch.models.registry import list_architectures

    out = args.out
    os.makedirs(out, exist_ok=True)
    qp = QgisProcess(os.path.join(out, "qgis-profile"))
    west, east = crop(TILE, os.path.join(out, "west.tif"), 0, HALF), crop(TILE, os.path.join(out, "east.tif"), HALF, 900 - HALF)
    halves = {}
    for name, image in (("west", west), ("east", east)):
        footprints, n = clipped_footprints(image, os.path.join(out, f"{name}_footprints.geojson"))
        halves[name] = (image, label_raster(image, footprints, os.path.join(out, f"{name}_labels.tif")),
                        footprints, n)
    image, labels, footprints, n_east = halves["east"]
    results = {"east_footprints": n_east, "west_footprints": halves["west"][3]}
    results["default_model"] = score(qp, args.model, image, labels, footprints, out, "east_default")

    samples = os.path.join(out, "west_samples")
    west3 = crop(TILE, os.path.join(out, "west_3band.tif"), 0, HALF, bands=(1, 1, 1))
    qp.run("minewatch:createtrainingsamples", INPUT=west3, LABELS=halves["west"][1], CLASSES="other,building",
           PATCH_SIZE=args.patch, STRIDE=args.stride, AUGMENT=4, SPLIT="80,20,0", BLOCK_SIZE=256, MIN_LABELLED=0.5,
           SEED=0, OUTPUT_FOLDER=samples)
    tuned = os.path.join(out, "buildings_finetuned_west.safetensors")
    qp.run("minewatch:trainsegmentationmodel", SAMPLES=samples,
           ARCHITECTURE=list(list_architectures()).index("segnet"), INIT_MODEL=args.model,
           EPOCHS=args.epochs, MAX_MINUTES=args.minutes, BATCH_SIZE=8, LEARNING_RATE=args.lr, SEED=0,
           LOSS=LOSSES.index(args.loss),
           SCENE_SCALING="true",
           OUTPUT_MODEL=tuned)
    results["fine_tuned_on_west"] = score(qp, tuned, image, labels, footprints, out, "east_finetuned")
    scratch = os.path.join(out, "buildings_scratch_west.safetensors")
    qp.run("minewatch:trainsegmentationmodel", SAMPLES=samples,
           ARCHITECTURE=list(list_architectures()).index("segnet"), START_FROM_SHIPPED="false",
           EPOCHS=args.epochs, MAX_MINUTES=args.minutes, BATCH_SIZE=8, LEARNING_RATE=args.lr, SEED=0,
           LOSS=LOSSES.index(args.loss),
           SCENE_SCALING="true",
           OUTPUT_MODEL=scratch)
    results["scratch_on_west"] = score(qp, scratch, image, labels, footprints, out, "east_scratch")
    results["budget_minutes"] = args.minutes
    path = os.path.join(out, "spacenet_check.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)
    log(f"results: {path}")


if __name__ == "__main__":
    main()
