"""Classify Land Damage in real headless QGIS: processing.run and qgis_process.bin.

Models are freshly initialised SE-COT-DeepLabV3+ (MobileNetV2) networks
saved with ``save_checkpoint``; their classifier weights are scaled up so
that a random network still gives a class map with several classes.
Rasters are tiny (≤ 176 px) so the whole module runs in seconds.
"""
import csv
import os
import pickle

import numpy as np
import processing
import pytest
import rasterio
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputLayerDefinition,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
)
from rasterio.transform import from_origin

from minewatch.core.classmap.areas import class_areas

ALG = "minewatch:classifylanddamage"
MEAN = [300.0, 400.0, 500.0, 600.0]
STD = [100.0, 120.0, 140.0, 160.0]
H, W = 150, 176


def smooth_image(height, width, bands=4, seed=0):
    """Spatially smooth uint16 bands around MEAN (a stand-in for imagery)."""
    from scipy.ndimage import uniform_filter

    noise = np.random.default_rng(seed).normal(size=(bands, height, width))
    img = np.stack([uniform_filter(b, 5, mode="reflect") for b in noise])
    return np.clip(np.asarray(MEAN)[:bands, None, None] + 400.0 * img, 1, 65535).astype(np.uint16)


def write_raster(path, data, crs="EPSG:32645", transform=None, nodata=None):
    data = np.asarray(data)
    transform = transform or from_origin(500000.0, 4200000.0, 2.0, 2.0)
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[2], height=data.shape[1],
                       count=data.shape[0], dtype=data.dtype.name, crs=crs, transform=transform,
                       nodata=nodata) as ds:
        ds.write(data)
    return str(path)


def save_model(path, tile_size=128, bands=4, seed=0):
    import torch

    from minewatch.models.checkpoint import save_checkpoint
    from minewatch.models.classes import LAND_DAMAGE_CLASSES
    from minewatch.models.metadata import ModelMetadata
    from minewatch.models.registry import build_model

    torch.manual_seed(seed)
    model = build_model("se_cot_deeplabv3plus", bands, 8)
    with torch.no_grad():  # a random net is nearly constant: sharpen its scores
        model.classifier.weight.mul_(20.0)
        model.classifier.bias.zero_()
    metadata = ModelMetadata.for_model(
        model, LAND_DAMAGE_CLASSES, band_names=["blue", "green", "red", "nir"][:bands],
        band_mean=MEAN[:bands], band_std=STD[:bands], gsd_m=2.0, tile_size=tile_size)
    save_checkpoint(str(path), model, metadata)
    return str(path)


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """(image path, model path, nodata mask): 150 × 176 × 4 uint16 with a
    nodata corner and a nodata pixel in one band only."""
    folder = tmp_path_factory.mktemp("cld")
    img = smooth_image(H, W, seed=3)
    img[:, :12, :20] = 0
    img[2, 100, 100] = 0
    nodata = np.zeros((H, W), bool)
    nodata[:12, :20] = True
    nodata[100, 100] = True
    return (write_raster(folder / "img.tif", img, nodata=0),
            save_model(folder / "model.safetensors"), nodata)


def read(path, band=1):
    with rasterio.open(path) as ds:
        return ds.read(band), ds.profile, ds


@pytest.mark.slow
def test_class_map_grid_nodata_colours_stats_and_polygons(scene, tmp_path):
    image, model, nodata = scene
    out = {name: str(tmp_path / name) for name in ("classes.tif", "prob.tif", "poly.gpkg", "stats.csv")}
    result = processing.run(ALG, {
        "INPUT": image, "MODEL": model, "TILE_SIZE": 64, "OVERLAP": 16,
        "OUTPUT": out["classes.tif"], "OUTPUT_PROBABILITY": out["prob.tif"],
        "OUTPUT_POLYGONS": out["poly.gpkg"], "OUTPUT_STATS": out["stats.csv"]})

    classes, profile, _ = read(result["OUTPUT"])
    with rasterio.open(image) as src, rasterio.open(result["OUTPUT"]) as ds:
        assert (ds.width, ds.height, ds.transform, ds.crs) == (src.width, src.height, src.transform, src.crs)
        assert ds.dtypes[0] == "uint8" and ds.nodata == 255
        colours = ds.colormap(1)
        assert colours[1] == (230, 25, 45, 255) and colours[255][3] == 0
        assert ds.tags(1)["CLASS_1"].startswith("open pit")
        assert ds.tags(1)["DAMAGE_TYPE_7"] == "occupation"
    assert np.array_equal(classes == 255, nodata)
    assert set(np.unique(classes[~nodata])) <= set(range(8))
    assert len(np.unique(classes[~nodata])) >= 3  # a real map, not one class

    # GDAL category names and the QGIS style beside the file
    from osgeo import gdal

    # (GDAL 3.6's Python GetCategoryNames() returns None for a GeoTIFF: read gdalinfo's text)
    assert "4: living area (生活区)" in gdal.Info(result["OUTPUT"])
    qml = str(tmp_path / "classes.qml")
    layer = QgsRasterLayer(result["OUTPUT"], "c")
    assert os.path.exists(qml) and layer.isValid()
    message, ok = layer.loadNamedStyle(qml)
    assert ok, message
    assert layer.renderer().type() == "paletted"
    assert [c.label for c in layer.renderer().classes()][2] == "water (水域)"

    prob, _, _ = read(result["OUTPUT_PROBABILITY"])
    assert np.all(prob[nodata] == -1)
    assert np.all((prob[~nodata] >= 1 / 8 - 1e-6) & (prob[~nodata] <= 1))

    # areas: projected 2 m pixels → 4 m² each
    counts = np.bincount(classes[~nodata], minlength=8)
    assert result["AREA_CLASSIFIED_M2"] == pytest.approx(4.0 * (~nodata).sum())
    assert result["AREA_EXCAVATION_M2"] == pytest.approx(4.0 * (counts[1] + counts[2]))
    assert result["AREA_OCCUPATION_M2"] == pytest.approx(4.0 * counts[4:8].sum())
    assert result["DEVICE_USED"] in ("cpu", "cuda")

    with open(result["OUTPUT_STATS"], encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    per_class = [r for r in rows if r["level"] == "class"]
    assert [int(r["pixels"]) for r in per_class] == counts.tolist()
    total = next(r for r in rows if r["level"] == "total")
    assert int(total["pixels"]) == (~nodata).sum()
    assert float(total["share_pct"]) == pytest.approx(100.0)
    types = {r["damage_type"]: r for r in rows if r["level"] == "damage_type"}
    assert float(types["excavation"]["area_m2"]) == pytest.approx(result["AREA_EXCAVATION_M2"])
    assert float(types["occupation"]["area_km2"]) == pytest.approx(result["AREA_OCCUPATION_M2"] / 1e6, abs=1e-6)

    polygons = QgsVectorLayer(result["OUTPUT_POLYGONS"], "p", "ogr")
    assert polygons.isValid() and polygons.crs().authid() == "EPSG:32645"
    assert [f.name() for f in polygons.fields()][-4:] == ["class", "class_name", "damage_type", "area_m2"]
    sums = np.zeros(8)
    for feature in polygons.getFeatures():
        assert feature.geometry().area() == pytest.approx(feature["area_m2"])
        sums[feature["class"]] += feature["area_m2"]
        assert feature["class_name"] == ["background", "open pit", "water", "vegetation", "living area",
                                         "industrial site", "waste dump", "tailings pond"][feature["class"]]
    np.testing.assert_allclose(sums, 4.0 * counts)


@pytest.mark.slow
def test_whole_and_tiled_agree_within_blending_tolerance(scene, tmp_path):
    image, model, nodata = scene
    runs = {}
    for name, tile, overlap in (("whole", 256, 0), ("tiled", 64, 16), ("tiled2", 96, 32)):
        result = processing.run(ALG, {"INPUT": image, "MODEL": model, "TILE_SIZE": tile,
                                      "OVERLAP": overlap, "BATCH_SIZE": 3,
                                      "OUTPUT": str(tmp_path / f"{name}.tif"),
                                      "OUTPUT_PROBABILITY": str(tmp_path / f"{name}_p.tif")})
        runs[name] = read(result["OUTPUT"])[0], read(result["OUTPUT_PROBABILITY"])[0]
    whole_classes, whole_prob = runs["whole"]
    for name in ("tiled", "tiled2"):
        classes, prob = runs[name]
        assert np.array_equal(classes == 255, nodata)
        # classes differ only at near-ties, where the winning probability is the same
        assert np.abs(prob - whole_prob).max() < 0.02
        assert (classes == whole_classes).mean() > 0.9


def test_geographic_raster_gives_square_metres(scene, tmp_path):
    _, model, _ = scene
    img = smooth_image(120, 100, seed=5)
    # 1e-4° pixels at 45° N: ≈ 11.1 m × 7.9 m
    path = write_raster(tmp_path / "geo.tif", img, crs="EPSG:4326",
                        transform=from_origin(100.0, 45.0, 1e-4, 1e-4))
    result = processing.run(ALG, {"INPUT": path, "MODEL": model, "OUTPUT": str(tmp_path / "g.tif"),
                                  "OUTPUT_POLYGONS": str(tmp_path / "g.gpkg"),
                                  "OUTPUT_STATS": str(tmp_path / "g.csv")})
    counts, areas = class_areas(result["OUTPUT"], 8)
    assert result["AREA_CLASSIFIED_M2"] == pytest.approx(areas.sum(), rel=1e-9)
    assert areas.sum() / counts.sum() == pytest.approx(11.13 * 7.88, rel=0.01)
    sums = np.zeros(8)
    for feature in QgsVectorLayer(result["OUTPUT_POLYGONS"], "p", "ogr").getFeatures():
        sums[feature["class"]] += feature["area_m2"]
    np.testing.assert_allclose(sums, areas, rtol=1e-7)
    with open(result["OUTPUT_STATS"], encoding="utf-8-sig") as f:
        total = next(r for r in csv.DictReader(f) if r["level"] == "total")
    assert float(total["area_m2"]) == pytest.approx(areas.sum(), rel=1e-6)


def test_small_raster_default_tile_band_order_dissolve_html(scene, tmp_path):
    """40 × 50 px is smaller than the model's 128 px tile (padded); a
    3-band image feeds a 4-band model with BANDS = 3,2,1,1."""
    _, model, _ = scene
    path = write_raster(tmp_path / "small.tif", smooth_image(40, 50, bands=3, seed=7))
    result = processing.run(ALG, {"INPUT": path, "MODEL": model, "BANDS": [3, 2, 1, 1],
                                  "DEVICE": 1, "DISSOLVE": True,
                                  "OUTPUT": str(tmp_path / "s.tif"),
                                  "OUTPUT_POLYGONS": str(tmp_path / "s.gpkg"),
                                  "OUTPUT_STATS": str(tmp_path / "s.html")})
    classes, profile, _ = read(result["OUTPUT"])
    assert classes.shape == (40, 50) and classes.max() < 8
    assert result["DEVICE_USED"] == "cpu"
    features = list(QgsVectorLayer(result["OUTPUT_POLYGONS"], "p", "ogr").getFeatures())
    assert sorted(f["class"] for f in features) == sorted(np.unique(classes).tolist())
    for f in features:
        assert f["area_m2"] == pytest.approx(4.0 * (classes == f["class"]).sum())
    text = open(result["OUTPUT_STATS"], encoding="utf-8").read()
    assert "<table>" in text and "露天采场" in text


def test_style_is_applied_when_the_output_is_loaded(scene, tmp_path):
    image, model, _ = scene
    path = str(tmp_path / "loaded.tif")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    processing.run(ALG, {"INPUT": image, "MODEL": model,
                         "OUTPUT": QgsProcessingOutputLayerDefinition(path, QgsProject.instance())},
                   context=context)
    assert context.willLoadLayerOnCompletion(path)
    post = context.layerToLoadOnCompletionDetails(path).postProcessor()
    assert post is not None
    layer = QgsRasterLayer(path, "c")
    assert layer.renderer().type() != "paletted" or True  # whatever QGIS picked first
    post.postProcessLayer(layer, context, QgsProcessingFeedback())
    assert layer.renderer().type() == "paletted"
    assert len(layer.renderer().classes()) == 8


class CancelAfter(QgsProcessingFeedback):
    """Feedback that asks to cancel once progress passes ``percent``."""

    def __init__(self, percent):
        super().__init__()
        self.percent = percent

    def setProgress(self, value):  # noqa: N802 - QGIS API
        super().setProgress(value)
        if value > self.percent:
            self.cancel()


@pytest.mark.parametrize("percent", [1, 90])
def test_cancel_leaves_no_output(scene, tmp_path, percent):
    """Cancelled while classifying (1 %) or while writing polygons (90 %)."""
    image, model, _ = scene
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run(ALG, {"INPUT": image, "MODEL": model, "TILE_SIZE": 64, "OVERLAP": 8,
                             "BATCH_SIZE": 1, "OUTPUT": str(folder / "c.tif"),
                             "OUTPUT_PROBABILITY": str(folder / "p.tif"),
                             "OUTPUT_STATS": str(folder / "s.csv"),
                             "OUTPUT_POLYGONS": str(folder / "poly.gpkg")},
                       feedback=CancelAfter(percent))
    assert os.listdir(folder) == []


def test_any_failure_after_the_map_leaves_no_output(scene, tmp_path):
    """A step after the class map fails (the statistics path is a folder):
    the map, its style and the polygons are removed, not only on Cancel."""
    image, model, _ = scene
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "s.csv").mkdir()
    with pytest.raises(QgsProcessingException):
        processing.run(ALG, {"INPUT": image, "MODEL": model, "TILE_SIZE": 64, "OVERLAP": 8,
                             "OUTPUT": str(folder / "c.tif"),
                             "OUTPUT_PROBABILITY": str(folder / "p.tif"),
                             "OUTPUT_STATS": str(folder / "s.csv"),
                             "OUTPUT_POLYGONS": str(folder / "poly.gpkg")})
    assert sorted(os.listdir(folder)) == ["s.csv"]
    assert os.listdir(folder / "s.csv") == []


class Exploit:
    """Unpickling this would create ``marker``: the refused-pickle test."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def bad_model_files(folder):
    corrupt = folder / "corrupt.safetensors"
    good = save_model(folder / "good.safetensors")
    data = open(good, "rb").read()
    corrupt.write_bytes(data[: len(data) // 2])  # truncated copy
    noise = folder / "noise.safetensors"
    noise.write_bytes(np.random.default_rng(0).bytes(4096))
    marker = folder / "pwned"
    evil = folder / "model.pt"
    with open(evil, "wb") as f:
        pickle.dump(Exploit(str(marker)), f, protocol=4)
    return {"truncated": (str(corrupt), "truncated"), "noise": (str(noise), "not a MineWatch model"),
            "pickle": (str(evil), "pickle"), "marker": str(marker)}


@pytest.mark.slow
def test_bad_inputs_fail_clearly(scene, tmp_path):
    image, model, _ = scene
    folder = tmp_path / "out"
    folder.mkdir()
    outputs = {"OUTPUT": str(folder / "c.tif"), "OUTPUT_POLYGONS": str(folder / "p.gpkg"),
               "OUTPUT_STATS": str(folder / "s.csv")}
    bad = bad_model_files(tmp_path)
    for key in ("truncated", "noise", "pickle"):
        path, message = bad[key]
        with pytest.raises(QgsProcessingException, match=message):
            processing.run(ALG, {"INPUT": image, "MODEL": path, **outputs})
    assert not os.path.exists(bad["marker"]), "the pickle was executed"

    three = write_raster(tmp_path / "three.tif", smooth_image(30, 30, bands=3))
    with pytest.raises(QgsProcessingException, match="expects 4 input bands but 3"):
        processing.run(ALG, {"INPUT": three, "MODEL": model, **outputs})
    with pytest.raises(QgsProcessingException, match=r"Band number\(s\) \[9\] do not exist"):
        processing.run(ALG, {"INPUT": image, "MODEL": model, "BANDS": [1, 2, 3, 9], **outputs})
    with pytest.raises(QgsProcessingException, match=r"Band number\(s\) \[0\] do not exist"):
        processing.run(ALG, {"INPUT": image, "MODEL": model, "BANDS": "0,1,2,3", **outputs})

    empty = write_raster(tmp_path / "empty.tif", np.zeros((4, 40, 40), np.uint16), nodata=0)
    with pytest.raises(QgsProcessingException, match="no valid pixel"):
        processing.run(ALG, {"INPUT": empty, "MODEL": model, **outputs})

    with pytest.raises(QgsProcessingException, match="overlap must be between 0 and half"):
        processing.run(ALG, {"INPUT": image, "MODEL": model, "TILE_SIZE": 64, "OVERLAP": 40, **outputs})

    import torch

    if not torch.cuda.is_available():
        with pytest.raises(QgsProcessingException, match="sees no CUDA GPU"):
            processing.run(ALG, {"INPUT": image, "MODEL": model, "DEVICE": 2, **outputs})
    assert os.listdir(folder) == []


@pytest.mark.slow
def test_qgis_process_runs_and_refuses_a_pickle(qgis_process, scene, tmp_path):
    image, model, nodata = scene
    out = tmp_path / "c.tif"
    rc, data, proc = qgis_process.run_json(ALG, INPUT=image, MODEL=model, TILE_SIZE=96, BANDS="1,2,3,4",
                                           OUTPUT=str(out), OUTPUT_STATS=str(tmp_path / "s.csv"))
    assert rc == 0, proc.stdout + proc.stderr
    results = data["results"]
    classes = read(str(out))[0]
    assert np.array_equal(classes == 255, nodata)
    assert results["AREA_CLASSIFIED_M2"] == pytest.approx(4.0 * (~nodata).sum())
    assert os.path.exists(tmp_path / "c.qml")
    assert "Device used" in proc.stdout + proc.stderr

    bad = bad_model_files(tmp_path)
    rc, _, proc = qgis_process.run_json(ALG, INPUT=image, MODEL=bad["pickle"][0],
                                        OUTPUT=str(tmp_path / "x.tif"))
    assert rc != 0
    assert "pickle" in proc.stdout + proc.stderr
    assert not os.path.exists(bad["marker"]) and not os.path.exists(tmp_path / "x.tif")


@pytest.mark.slow
def test_shipped_default_model_classifies_an_unseen_synthetic_scene(plugin, tmp_path):
    """Empty MODEL = the shipped demonstration model; on a synthetic scene
    of a seed no training scene used it must find the classes (the full
    held-out figure, MIoU on 2048², is in models/weights/land_damage_default.json)."""
    from devkit.scenes.mine import generate_mine_scene
    from minewatch.models.checkpoint import read_metadata
    from minewatch.processing_provider.algorithms import classify_land_damage as module

    assert os.path.isfile(module.DEFAULT_MODEL), "the default model must ship with the plugin"
    meta = read_metadata(module.DEFAULT_MODEL)
    assert meta.architecture == "se_cot_deeplabv3plus_lite0" and "synthetic" in meta.description.lower()
    assert os.path.getsize(module.DEFAULT_MODEL) < 10 * 2**20
    image, truth = str(tmp_path / "scene.tif"), str(tmp_path / "truth.tif")
    generate_mine_scene(image, truth, size=768, seed=4242, origin=(650000.0, 4100000.0))
    out = str(tmp_path / "classes.tif")
    result = processing.run(ALG, {"INPUT": image, "OUTPUT": out})
    assert result["AREA_CLASSIFIED_M2"] == pytest.approx(768 * 768 * 4.0)
    scores = processing.run("minewatch:evaluatesegmentation", {
        "PREDICTION": out, "REFERENCE": truth, "OUTPUT_REPORT": str(tmp_path / "ev.html")})
    assert scores["OVERALL_ACCURACY"] > 0.85
    assert scores["MIOU"] > 0.6


@pytest.mark.slow
def test_on_a_local_dask_cluster_the_class_map_is_the_same(scene, tmp_path):
    """DASK_SCHEDULER=local: a LocalCluster of worker processes runs the
    strips; the class map equals the in-process one."""
    pytest.importorskip("distributed")
    image, model, _ = scene
    common = {"INPUT": image, "MODEL": model, "TILE_SIZE": 64, "OVERLAP": 16}
    here = processing.run(ALG, dict(common, OUTPUT=str(tmp_path / "here.tif")))
    there = processing.run(ALG, dict(common, OUTPUT=str(tmp_path / "there.tif"),
                                     DASK_SCHEDULER="local"))
    with rasterio.open(here["OUTPUT"]) as a, rasterio.open(there["OUTPUT"]) as b:
        np.testing.assert_array_equal(a.read(1), b.read(1))
    assert there["CLASS_AREAS_M2"] == here["CLASS_AREAS_M2"]


@pytest.mark.slow
def test_arithmetic_auto_and_float32_give_the_same_map(tmp_path):
    """Issue 14: the default arithmetic (bfloat16 on a CPU with bf16 units)
    and float32 classify an unseen scene alike (≥ 99.5 % of the pixels)."""
    from devkit.scenes.mine import generate_mine_scene
    from minewatch.core.common.device import cpu_has_bf16

    image = str(tmp_path / "scene.tif")
    generate_mine_scene(image, str(tmp_path / "labels.tif"), size=512, seed=91)
    maps = {}
    for arithmetic in (0, 1):  # auto, float32
        result = processing.run(ALG, {"INPUT": image, "PRECISION": arithmetic,
                                      "OUTPUT": str(tmp_path / f"classes_{arithmetic}.tif")})
        maps[arithmetic] = read(result["OUTPUT"])[0]
    agreement = (maps[0] == maps[1]).mean()
    assert agreement >= 0.995 if cpu_has_bf16() else agreement == 1.0


@pytest.mark.slow
def test_the_shipped_pretrained_architecture_runs_on_a_dask_cluster(scene, tmp_path):
    """The shipped model (SE-COT-DeepLabV3+ on EfficientNet-Lite0) through
    DASK_SCHEDULER=local gives the in-process class map (issue 26)."""
    pytest.importorskip("distributed")
    from minewatch.models.checkpoint import read_metadata
    from minewatch.models.shipped import LAND_DAMAGE_MODEL

    assert read_metadata(LAND_DAMAGE_MODEL).architecture == "se_cot_deeplabv3plus_lite0"
    image, _, _ = scene
    common = {"INPUT": image, "TILE_SIZE": 128, "OVERLAP": 16, "PRECISION": 1}
    here = processing.run(ALG, dict(common, OUTPUT=str(tmp_path / "here.tif")))
    there = processing.run(ALG, dict(common, OUTPUT=str(tmp_path / "there.tif"),
                                     DASK_SCHEDULER="local"))
    with rasterio.open(here["OUTPUT"]) as a, rasterio.open(there["OUTPUT"]) as b:
        np.testing.assert_array_equal(a.read(1), b.read(1))
