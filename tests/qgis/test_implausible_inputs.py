"""Implausible or damaged inputs through ``processing.run``, one family
after another (issue 12): each ends in a message that says what to do (no
traceback) or a warning in the log, the inputs stay byte-identical, and no
output that looks valid is left behind."""
import hashlib
import json
import os

import numpy as np
import processing
import pytest
from qgis.core import QgsProcessingException
from qgis_harness import WarningLog, small_inputs
from sample_folder_lib import make_sample_folder
from tiled_testlib import write_raster

from devkit.insar_sim.amplitude import write_stack


def digests(folder):
    """sha256 of every file below ``folder``; ``.aux.xml`` sidecars are left
    out: QGIS itself writes one (a histogram) beside any raster it loads as a
    layer, whichever algorithm runs — the raster files are compared."""
    out = {}
    for root, _, names in os.walk(folder):
        for name in names:
            if name.endswith(".aux.xml"):
                continue
            with open(os.path.join(root, name), "rb") as f:
                out[os.path.relpath(os.path.join(root, name), folder)] = \
                    hashlib.sha256(f.read()).hexdigest()
    return out


def refused(algorithm, params, *words):
    with pytest.raises(QgsProcessingException) as err:
        processing.run(algorithm, params)
    text = str(err.value)
    assert "Traceback" not in text
    for word in words:
        assert word in text, text
    return text


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("implausible")
    inputs = small_inputs(folder)
    stack = inputs["amplitudes"]
    samples = make_sample_folder(folder / "samples", n_train=6, n_val=2, n_test=2, patch=16)
    return {"folder": folder, "image": inputs["image"],
            "db_stack": write_stack(str(folder / "db.tif"),
                                    (20 * np.log10(np.maximum(stack, 1e-3)) - 60).astype(np.float32)),
            "gpkg": inputs["gpkg"], "csv": inputs["csv"], "samples": samples}


@pytest.fixture
def unchanged(data):
    before = digests(data["folder"])
    yield
    assert digests(data["folder"]) == before


def building_model(path):
    import torch

    from minewatch.models.checkpoint import save_checkpoint
    from minewatch.models.classes import BUILDING_CLASSES
    from minewatch.models.metadata import ModelMetadata
    from minewatch.models.registry import build_model

    torch.manual_seed(0)
    model = build_model("segnet", 4, 2, widths=[4], convs=[1])
    save_checkpoint(str(path), model, ModelMetadata.for_model(
        model, BUILDING_CLASSES, band_names=["b", "g", "r", "n"], band_mean=[300.0] * 4,
        band_std=[100.0] * 4, gsd_m=2.0, tile_size=64))
    return str(path)


# -- land damage and evaluation -------------------------------------------------

def test_classify_with_a_building_model(data, tmp_path, unchanged):
    model = building_model(tmp_path / "buildings.safetensors")
    refused("minewatch:classifylanddamage",
            {"INPUT": data["image"], "MODEL": model, "OUTPUT": str(tmp_path / "out" / "c.tif")},
            "building model", "Extract Buildings")
    assert not (tmp_path / "out").exists()


def test_evaluate_an_image_as_class_map(data, tmp_path, unchanged):
    reference = write_raster(tmp_path / "ref.tif",
                             np.random.default_rng(1).integers(0, 8, (1, 48, 48)).astype(np.uint8))
    refused("minewatch:evaluatesegmentation",
            {"PREDICTION": data["image"], "REFERENCE": reference, "CLASS_NAMES": "",
             "OUTPUT_REPORT": str(tmp_path / "report.html")}, "class map")
    assert sorted(os.listdir(tmp_path)) == ["ref.tif"]


# -- training ---------------------------------------------------------------------

def test_split_that_does_not_add_up(data, tmp_path, unchanged):
    labels = write_raster(tmp_path / "labels.tif",
                          np.random.default_rng(2).integers(0, 8, (1, 48, 48)).astype(np.uint8))
    refused("minewatch:createtrainingsamples",
            {"INPUT": data["image"], "LABELS": labels, "SPLIT": "70,20,20",
             "OUTPUT_FOLDER": str(tmp_path / "s")}, "add up to 110, not 100")
    assert not (tmp_path / "s").exists()


def test_train_on_a_damaged_sample_folder(data, tmp_path):
    import shutil

    damaged = tmp_path / "damaged"
    shutil.copytree(data["samples"], damaged)
    manifest = json.loads((damaged / "manifest.json").read_text())
    manifest["splits"]["train"]["images"][0] = "../../escape.npy"
    (damaged / "manifest.json").write_text(json.dumps(manifest))
    refused("minewatch:trainsegmentationmodel",
            {"SAMPLES": str(damaged), "EPOCHS": 1, "DEVICE": 1,
             "OUTPUT_MODEL": str(tmp_path / "m.safetensors")}, "leaves the folder")
    assert not (tmp_path / "m.safetensors").exists()


def test_model_destination_that_cannot_be_written(data, tmp_path, unchanged):
    (tmp_path / "a_file").write_text("x")
    refused("minewatch:trainsegmentationmodel",
            {"SAMPLES": data["samples"], "EPOCHS": 1, "DEVICE": 1,
             "OUTPUT_MODEL": str(tmp_path / "a_file" / "m.safetensors")}, "cannot be written")


# -- PS-InSAR ---------------------------------------------------------------------

def test_select_candidates_on_a_decibel_stack(data, tmp_path, unchanged):
    refused("minewatch:selectpscandidates",
            {"INPUT": data["db_stack"], "OUTPUT": str(tmp_path / "ps.gpkg"),
             "OUTPUT_DISPERSION": str(tmp_path / "da.tif")}, "decibels", "10^(dB/20)")
    assert os.listdir(tmp_path) == []


def test_ps_values_in_metres_read_as_millimetres(data, tmp_path, unchanged):
    import csv

    rows = list(csv.reader(open(data["csv"], encoding="utf-8")))
    header, body = rows[0], rows[1:]
    first_date = next(i for i, name in enumerate(header) if name[:1].isdigit())
    metres = tmp_path / "metres.csv"
    with open(metres, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for row in body:
            writer.writerow(row[:first_date] + [
                "" if v == "" else repr(float(v) / 1000.0) for v in row[first_date:]])
    assert any("look like metres" in w for w in detect_warnings(metres, data))


def test_text_cells_and_future_dates_are_reported(data, tmp_path, unchanged):
    table = tmp_path / "odd.csv"
    lines = open(data["csv"], encoding="utf-8").read().splitlines()
    header = lines[0].split(",")
    header[-1] = "20991231"  # a field name that is no acquisition date
    body = [line.split(",") for line in lines[1:]]
    for row in body[:7]:
        row[-2] = "n/a"
    table.write_text("\n".join([",".join(header)] + [",".join(r) for r in body]) + "\n")
    warnings = detect_warnings(table, data)
    assert any("2099-12-31" in w and "future" in w for w in warnings)
    assert any("not numbers" in w for w in warnings)


def detect_warnings(ps_file, data):
    """Run Detect Subsidence Anomalies on ``ps_file``; the warnings it logged."""
    feedback = WarningLog()
    processing.run("minewatch:detectsubsidenceanomalies",
                   {"PS_POINTS": str(ps_file), "BUILDINGS": f"{data['gpkg']}|layername=buildings",
                    "OUTPUT_POINTS": "TEMPORARY_OUTPUT", "OUTPUT_BUILDINGS": "TEMPORARY_OUTPUT",
                    "OUTPUT_SITES": "TEMPORARY_OUTPUT"}, feedback=feedback)
    return feedback.warnings


def test_a_huge_sparse_raster_asks_first(tmp_path):
    """Issue 29: Classify on a 100 000 × 60 000 sparse GeoTIFF (a few kB) ran
    silently for hours; it is refused at once with the time it would take
    and how to go on, and the limit can be lifted."""
    from osgeo import gdal

    path = str(tmp_path / "huge_sparse.tif")
    dataset = gdal.GetDriverByName("GTiff").Create(
        path, 100_000, 60_000, 4, gdal.GDT_Byte, ["TILED=YES", "SPARSE_OK=TRUE"])
    dataset.SetGeoTransform((500000.0, 2.0, 0.0, 4300000.0, 0.0, -2.0))
    dataset = None
    assert os.path.getsize(path) < 10_000_000
    out = str(tmp_path / "classes.tif")
    refused("minewatch:classifylanddamage", {"INPUT": path, "OUTPUT": out},
            "6,000 megapixels", "hours", "Largest image to run without asking")
    assert not os.path.exists(out)


# -- issue 29: the engine-level refusals, through processing.run ----------------

def test_mask_clouds_refuses_an_all_nodata_and_an_ungeoreferenced_image(tmp_path):
    import rasterio

    empty = write_raster(tmp_path / "empty.tif", np.zeros((4, 64, 64), np.uint16), nodata=0)
    refused("minewatch:maskclouds", {"INPUT": empty, "OUTPUT": str(tmp_path / "a.tif")},
            "no valid pixel")
    loose = str(tmp_path / "loose.tif")
    with rasterio.open(loose, "w", driver="GTiff", width=64, height=64, count=4,
                       dtype="uint16") as ds:
        ds.write(np.full((4, 64, 64), 900, np.uint16))
    refused("minewatch:maskclouds", {"INPUT": loose, "OUTPUT": str(tmp_path / "b.tif")})
    assert sorted(os.listdir(tmp_path)) == ["empty.tif", "loose.tif"]


def test_harmonise_refuses_an_image_given_as_its_cloud_mask(data, tmp_path, unchanged):
    refused("minewatch:harmoniseimage",
            {"INPUT": data["image"], "REFERENCE": data["image"], "INPUT_MASK": data["image"],
             "OUTPUT": str(tmp_path / "h.tif")}, "one-band")
    assert not os.listdir(tmp_path)


def test_select_candidates_refuses_one_image_repeated(tmp_path):
    one = np.random.default_rng(0).gamma(2.0, 50.0, (30, 40)).astype(np.float32)
    stack = write_stack(str(tmp_path / "same.tif"), np.repeat(one[None], 10, axis=0))
    refused("minewatch:selectpscandidates", {"INPUT": stack, "OUTPUT": str(tmp_path / "d.tif")})
    assert os.listdir(tmp_path) == ["same.tif"]


def test_classify_refuses_a_model_whose_tensors_were_damaged(data, tmp_path, unchanged):
    """A file of other bytes with an intact header (valid framing): the
    tensors' checksum no longer matches."""
    from minewatch.models.shipped import LAND_DAMAGE_MODEL

    raw = bytearray(open(LAND_DAMAGE_MODEL, "rb").read())
    header = 8 + int.from_bytes(raw[:8], "little")
    rng = np.random.default_rng(1)
    raw[header:] = rng.integers(0, 256, len(raw) - header, dtype=np.uint8).tobytes()
    damaged = tmp_path / "damaged.safetensors"
    damaged.write_bytes(bytes(raw))
    refused("minewatch:classifylanddamage",
            {"INPUT": data["image"], "MODEL": str(damaged), "OUTPUT": str(tmp_path / "c.tif")},
            "damaged.safetensors")
    assert sorted(os.listdir(tmp_path)) == ["damaged.safetensors"]


def test_a_model_saved_before_its_training_ended_is_said_in_classify(data, tmp_path):
    """A training killed after one epoch leaves a model recording
    complete: false; Classify says so when it uses it."""
    import torch

    from minewatch.models.checkpoint import save_checkpoint
    from minewatch.models.classes import LAND_DAMAGE_CLASSES
    from minewatch.models.metadata import ModelMetadata
    from minewatch.models.registry import build_model

    torch.manual_seed(0)
    model = build_model("segnet", 4, len(LAND_DAMAGE_CLASSES), widths=[4], convs=[1])
    meta = ModelMetadata.for_model(
        model, LAND_DAMAGE_CLASSES, band_names=["blue", "green", "red", "nir"],
        band_mean=[300.0] * 4, band_std=[100.0] * 4, gsd_m=2.0, tile_size=64,
        training={"complete": False, "epochs_run": 1, "best_epoch": 1, "planned_epochs": 6})
    path = str(tmp_path / "cut.safetensors")
    save_checkpoint(path, model, meta)
    log = WarningLog()
    processing.run("minewatch:classifylanddamage",
                   {"INPUT": data["image"], "MODEL": path, "OUTPUT": str(tmp_path / "c.tif")},
                   feedback=log)
    assert any("before its training ended" in w and "6 planned" in w for w in log.warnings)


def test_classify_feeds_bands_described_by_name(data, tmp_path):
    """An image whose bands are described red, green, blue, nir is fed to
    the model (blue, green, red, nir) by name, not by position."""
    import rasterio
    from tiled_testlib import smooth_image

    path = write_raster(tmp_path / "rgbn.tif", smooth_image(48, 48, seed=2))
    with rasterio.open(path, "r+") as ds:
        ds.descriptions = ("red", "green", "blue", "nir")
    log = WarningLog()
    processing.run("minewatch:classifylanddamage",
                   {"INPUT": path, "OUTPUT": str(tmp_path / "c.tif")}, feedback=log)
    said = " ".join(log.infos + log.warnings)
    assert "3 → blue" in said and "1 → red" in said, said[-2000:]


def test_change_with_a_minimum_area_beyond_the_map(data, tmp_path):
    """MIN_AREA=1e12 m² overflowed GDAL's sieve (a traceback, a .partial
    left); now every patch is below it and the run ends normally."""
    (tmp_path / "in").mkdir()
    inputs = small_inputs(tmp_path / "in")
    result = processing.run("minewatch:detectlanddamagechange", {
        "EARLIER": inputs["classes_2021"], "LATER": inputs["classes_2022"], "MIN_AREA": 1e12,
        "OUTPUT": str(tmp_path / "change.tif")})
    assert os.path.isfile(result["OUTPUT"])
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".partial")]


def test_evaluate_refuses_a_land_damage_map_against_building_labels(tmp_path):
    import rasterio

    from minewatch.core.classmap.style import band_tags
    from minewatch.models.classes import BUILDING_CLASSES, LAND_DAMAGE_CLASSES

    paths = []
    for name, classes, values in (("map.tif", LAND_DAMAGE_CLASSES, 8), ("b.tif", BUILDING_CLASSES, 2)):
        path = write_raster(tmp_path / name, (np.arange(48 * 48).reshape(1, 48, 48) % values)
                            .astype(np.uint8))
        with rasterio.open(path, "r+") as ds:
            ds.update_tags(1, **band_tags(classes))
        paths.append(path)
    refused("minewatch:evaluatesegmentation",
            {"PREDICTION": paths[0], "REFERENCE": paths[1],
             "OUTPUT_REPORT": str(tmp_path / "r.html")}, "cannot be scored")
    assert not (tmp_path / "r.html").exists()
