"""Outputs can never destroy inputs, and unwritable destinations are
refused before any work, for every algorithm family (issue 12): the error
says what to do, inputs stay byte-identical, nothing that looks like an
output is left behind, and no folder made for the run survives a failure."""
import hashlib
import os
import re

import numpy as np
import processing
import pytest
from qgis.core import QgsProcessingException
from qgis_harness import WarningLog
from tiled_testlib import smooth_image, write_raster

from devkit.insar_sim.amplitude import simulate_amplitude_stack, write_stack
from devkit.insar_sim.ps_simulator import simulate_scene, write_gpkg


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def files_in(folder):
    return sorted(os.path.relpath(os.path.join(root, name), folder)
                  for root, _, names in os.walk(folder) for name in names)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    image = write_raster(folder / "image.tif", smooth_image(64, 64))
    data, _, _ = simulate_amplitude_stack(height=40, width=50, n_dates=12, n_ps=10, seed=2)
    stack = write_stack(str(folder / "stack.tif"), data)
    scene = simulate_scene(n_points=800, n_buildings=80, n_dates=20, revisit_days=12,
                           n_bowls=1, licence_bowls=0, seed=5)
    gpkg = str(folder / "scene.gpkg")
    write_gpkg(scene, gpkg)
    return {"image": image, "stack": stack, "gpkg": gpkg}


def refused(algorithm, params, match):
    """Run, expect a clear refusal; the message has no traceback."""
    with pytest.raises(QgsProcessingException, match=match) as err:
        processing.run(algorithm, params)
    assert "Traceback" not in str(err.value)


def test_class_map_over_the_image(inputs):
    before = digest(inputs["image"])
    refused("minewatch:classifylanddamage",
            {"INPUT": inputs["image"], "OUTPUT": inputs["image"]}, "destroy your data")
    assert digest(inputs["image"]) == before


def test_class_map_over_the_image_through_another_spelling(inputs, tmp_path):
    link = tmp_path / "same.tif"
    os.symlink(inputs["image"], link)
    before = digest(inputs["image"])
    refused("minewatch:classifylanddamage",
            {"INPUT": inputs["image"], "OUTPUT": str(link)}, "destroy your data")
    assert digest(inputs["image"]) == before


def test_dispersion_raster_over_the_stack(inputs, tmp_path):
    before = digest(inputs["stack"])
    refused("minewatch:selectpscandidates",
            {"INPUT": inputs["stack"], "OUTPUT": str(tmp_path / "ps.gpkg"),
             "OUTPUT_DISPERSION": inputs["stack"]}, "destroy your data")
    assert digest(inputs["stack"]) == before
    assert os.listdir(tmp_path) == []


def test_flagged_buildings_over_the_buildings_geopackage(inputs, tmp_path):
    gpkg = inputs["gpkg"]
    before = digest(gpkg)
    refused("minewatch:detectsubsidenceanomalies",
            {"PS_POINTS": f"{gpkg}|layername=ps", "BUILDINGS": f"{gpkg}|layername=buildings",
             "OUTPUT_POINTS": str(tmp_path / "p.gpkg"), "OUTPUT_BUILDINGS": gpkg,
             "OUTPUT_SITES": str(tmp_path / "s.gpkg")}, "destroy your data")
    assert digest(gpkg) == before
    assert os.listdir(tmp_path) == []


def test_report_over_the_reference(inputs, tmp_path):
    before = digest(inputs["image"])
    refused("minewatch:evaluatesegmentation",
            {"PREDICTION": inputs["image"], "PREDICTION_BAND": 1, "REFERENCE": inputs["image"],
             "REFERENCE_BAND": 1, "OUTPUT_REPORT": inputs["image"]}, "destroy your data")
    assert digest(inputs["image"]) == before


@pytest.mark.parametrize("where", ["under_a_file", "unwritable_system_folder"])
def test_unwritable_destination_is_refused_before_the_run(inputs, tmp_path, where):
    if where == "under_a_file":
        (tmp_path / "a_file").write_text("x")
        target = str(tmp_path / "a_file" / "classes.tif")
    else:
        target = "/proc/minewatch-test/classes.tif"  # not writable, not even for root
    refused("minewatch:classifylanddamage", {"INPUT": inputs["image"], "OUTPUT": target},
            "cannot be written")
    assert files_in(tmp_path) == (["a_file"] if where == "under_a_file" else [])


def test_a_failed_run_removes_the_folders_it_made(inputs, tmp_path):
    """The output folder did not exist; the run fails (a model that is not a
    MineWatch model): the folder made for it is gone again."""
    bad_model = tmp_path / "model.safetensors"
    bad_model.write_bytes(np.random.default_rng(0).bytes(256))
    with pytest.raises(QgsProcessingException):
        processing.run("minewatch:classifylanddamage",
                       {"INPUT": inputs["image"], "MODEL": str(bad_model),
                        "OUTPUT": str(tmp_path / "new" / "deeper" / "classes.tif")})
    assert sorted(os.listdir(tmp_path)) == ["model.safetensors"]


@pytest.mark.slow
def test_qgis_process_refuses_without_traceback(qgis_process, inputs):
    before = digest(inputs["image"])
    rc, _, proc = qgis_process.run_json("minewatch:classifylanddamage", INPUT=inputs["image"],
                                        OUTPUT=inputs["image"])
    text = proc.stdout + proc.stderr
    assert rc != 0 and "destroy your data" in text and "Traceback" not in text
    assert digest(inputs["image"]) == before


@pytest.mark.parametrize("name", ["classes.jpg", "classes.png"])
def test_class_map_in_a_format_that_cannot_hold_it(inputs, tmp_path, name):
    refused("minewatch:classifylanddamage",
            {"INPUT": inputs["image"], "OUTPUT": str(tmp_path / name)}, r"GeoTIFF name \(.tif\)")
    assert os.listdir(tmp_path) == []


def test_image_without_crs_is_refused_before_the_inference(tmp_path):
    import rasterio

    image = str(tmp_path / "nocrs.tif")
    with rasterio.open(image, "w", driver="GTiff", width=64, height=64, count=4,
                       dtype="uint16") as ds:  # no CRS, no geotransform
        ds.write(smooth_image(64, 64))
    out = tmp_path / "out"
    for algorithm, params in (("minewatch:classifylanddamage", {"OUTPUT": str(out / "c.tif")}),
                              ("minewatch:extractbuildings", {"BANDS": "3,2,1",
                                                              "OUTPUT": str(out / "b.gpkg")})):
        refused(algorithm, dict(INPUT=image, **params), "no coordinate reference system")
        # the message names the user's image, never a temporary file
        with pytest.raises(QgsProcessingException) as err:
            processing.run(algorithm, dict(INPUT=image, **params))
        assert "nocrs.tif" in str(err.value) and "minewatch_buildings_" not in str(err.value)
    assert not out.exists()


@pytest.mark.parametrize("algorithm,params,words", [
    ("minewatch:classifylanddamage", {"TILE_SIZE": 100000}, ("between 0 and 8192", "100000")),
    ("minewatch:classifylanddamage", {"BATCH_SIZE": 0}, ("between 1 and 256",)),
    ("minewatch:selectpscandidates", {"DISPERSION_THRESHOLD": -1}, ("between 0.0001 and 10",)),
])
def test_out_of_range_numbers_say_the_range(inputs, tmp_path, algorithm, params, words):
    source = inputs["stack"] if "ps" in algorithm else inputs["image"]
    with pytest.raises(QgsProcessingException) as err:
        processing.run(algorithm, dict(INPUT=source, OUTPUT=str(tmp_path / "o.tif" if "land" in
                                       algorithm else tmp_path / "o.gpkg"), **params))
    for word in words:
        assert word in str(err.value)
    assert os.listdir(tmp_path) == []


# -- issue 29: outputs that touch what an input owns ---------------------------

def test_an_ogr_uri_with_spaces_over_the_buildings_geopackage(inputs, tmp_path):
    import shutil

    folder = tmp_path / "my data"
    folder.mkdir()
    gpkg = str(folder / "b.gpkg")
    shutil.copy(inputs["gpkg"], gpkg)
    before = digest(gpkg)
    refused("minewatch:detectsubsidenceanomalies",
            {"PS_POINTS": f"{gpkg}|layername=ps", "BUILDINGS": gpkg,
             "OUTPUT_POINTS": str(tmp_path / "p.gpkg"),
             "OUTPUT_BUILDINGS": f"ogr:dbname='{gpkg}' table=\"buildings\" (geom)",
             "OUTPUT_SITES": str(tmp_path / "s.gpkg")}, "destroy your data")
    assert digest(gpkg) == before


def test_an_output_inside_the_sample_folder(tmp_path):
    from sample_folder_lib import make_sample_folder  # tests/unit, via conftest

    samples = make_sample_folder(tmp_path / "samples", n_train=4, n_val=2, n_test=0, patch=32)
    before = {name: digest(os.path.join(samples, name)) for name in files_in(samples)}
    refused("minewatch:trainsegmentationmodel",
            {"SAMPLES": samples, "EPOCHS": 1, "OUTPUT_MODEL": os.path.join(samples, "manifest.json")},
            "inside the input folder")
    assert {name: digest(os.path.join(samples, name)) for name in files_in(samples)} == before


def test_an_output_whose_style_file_is_the_inputs(inputs, tmp_path):
    import shutil

    image = str(tmp_path / "st.tif")
    shutil.copy(inputs["image"], image)
    style = tmp_path / "st.qml"
    style.write_text("<qgis>the user's own style</qgis>")
    refused("minewatch:classifylanddamage",
            {"INPUT": image, "OUTPUT": str(tmp_path / "st.tiff")}, "shares its name")
    assert style.read_text() == "<qgis>the user's own style</qgis>"
    assert sorted(os.listdir(tmp_path)) == ["st.qml", "st.tif"]


def test_a_tile_too_small_for_the_network(inputs, tmp_path):
    refused("minewatch:classifylanddamage",
            {"INPUT": inputs["image"], "TILE_SIZE": 9, "OUTPUT": str(tmp_path / "c.tif")},
            "too small for a segmentation network")
    assert os.listdir(tmp_path) == []


def test_two_outputs_on_one_file(inputs, tmp_path):
    refused("minewatch:classifylanddamage",
            {"INPUT": inputs["image"], "OUTPUT": str(tmp_path / "same.tif"),
             "OUTPUT_PROBABILITY": str(tmp_path / "same.tif")}, "are the same file")
    assert os.listdir(tmp_path) == []


def user_model():
    """A model as a user draws it in the Graphical Modeler: two images in,
    one step (Mask Clouds of the first) whose cloud mask is a model output."""
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterRasterLayer,
    )

    model = QgsProcessingModelAlgorithm("two images", "tests")
    for name in ("first", "second"):
        model.addModelParameter(QgsProcessingParameterRasterLayer(name, name),
                                QgsProcessingModelParameter(name))
    step = QgsProcessingModelChildAlgorithm("minewatch:maskclouds")
    step.setChildId("clouds")
    step.addParameterSources("INPUT", [QgsProcessingModelChildParameterSource
                                       .fromModelParameter("first")])
    output = QgsProcessingModelOutput("mask")
    output.setChildId("clouds")
    output.setChildOutputName("OUTPUT")
    step.setModelOutputs({"mask": output})
    model.addChildAlgorithm(step)
    model.updateDestinationParameters()
    return model


def test_a_step_of_a_user_model_never_overwrites_an_input_of_the_model(inputs, tmp_path):
    """Issue 29: a step checked its outputs against its own inputs only, so a
    step of a user's model could write over an image another step reads."""
    from qgis.core import QgsApplication, QgsProcessingProvider

    class UserModels(QgsProcessingProvider):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def id(self):
            return "testusermodels"

        def name(self):
            return "test user models"

        def loadAlgorithms(self):  # noqa: N802 - QGIS API
            self.addAlgorithm(self.model.create())

    provider = UserModels(user_model())
    registry = QgsApplication.processingRegistry()
    assert registry.addProvider(provider)
    try:
        second = str(tmp_path / "second.tif")
        write_raster(second, smooth_image(64, 64, seed=5))
        before = digest(second)
        ok = processing.run("testusermodels:two images", {
            "first": inputs["image"], "second": second, "clouds:mask": str(tmp_path / "m.tif")})
        assert os.path.isfile(ok["clouds:mask"])
        feedback = WarningLog()
        with pytest.raises(QgsProcessingException) as err:
            processing.run("testusermodels:two images",
                           {"first": inputs["image"], "second": second, "clouds:mask": second},
                           feedback=feedback)
        # QGIS ends a model with "Error encountered while running <step>";
        # the step's own words are in the log (QGIS 3.22) or in that error
        # (QGIS 3.40 and 3.44)
        said = " ".join([str(err.value)] + feedback.errors)
        assert re.search("(?s)second.*input of the model", said), said
        assert digest(second) == before
    finally:
        registry.removeProvider(provider)
