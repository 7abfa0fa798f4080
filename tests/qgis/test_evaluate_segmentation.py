"""Evaluate Segmentation in real headless QGIS: processing.run with a
raster and a polygon reference, bad inputs, a graphical model and
qgis_process.bin. Rasters are tiny (≤ 64 px)."""
import glob
import json
import math
import os

import numpy as np
import processing
import pytest
import rasterio
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelParameter,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterRasterLayer,
    QgsProcessingUtils,
    QgsRectangle,
    QgsVectorLayer,
)
from rasterio.transform import from_origin

from minewatch.core.classmap.style import label_class_raster
from minewatch.core.evaluation.evaluate import evaluate_rasters
from minewatch.models.classes import LAND_DAMAGE_CLASSES
from minewatch.processing_provider.qgis_compat import make_field

ALG = "minewatch:evaluatesegmentation"
X0, Y0, PIXEL = 500000.0, 4200000.0, 2.0
SCORES = {"MIOU": "miou", "MRECALL": "mrecall", "MPRECISION": "mprecision", "MDICE": "mdice",
          "OVERALL_ACCURACY": "overall_accuracy", "KAPPA": "kappa"}


def write(path, data, nodata=None, pixel=PIXEL):
    data = np.asarray(data)
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[-1], height=data.shape[-2],
                       count=1 if data.ndim == 2 else data.shape[0], dtype=data.dtype.name,
                       crs="EPSG:32645", transform=from_origin(X0, Y0, pixel, pixel),
                       nodata=nodata) as ds:
        ds.write(data if data.ndim == 3 else data[None])
    return str(path)


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    """(prediction, reference, reference at half resolution): a labelled
    8-class MineWatch class map 64 × 64 and a reference agreeing on ~70 %."""
    folder = tmp_path_factory.mktemp("evalseg")
    rng = np.random.default_rng(5)
    ref = np.kron(rng.integers(0, 6, (8, 8)), np.ones((8, 8), int)).astype(np.uint8)
    pred = np.where(rng.random(ref.shape) < 0.7, ref, rng.integers(0, 8, ref.shape)).astype(np.uint8)
    pred[:4, :4] = 255  # prediction nodata
    prediction = write(folder / "pred.tif", pred, nodata=255)
    label_class_raster(prediction, LAND_DAMAGE_CLASSES)
    coarse = write(folder / "ref_coarse.tif", ref[::2, ::2].copy(), pixel=2 * PIXEL)
    return prediction, write(folder / "ref.tif", ref), coarse, pred, ref


def check_outputs(result, scores):
    for output, attribute in SCORES.items():
        want = float(getattr(scores, attribute))
        if math.isnan(want):
            assert result[output] is None
        else:
            assert result[output] == pytest.approx(want)


def test_raster_reference_outputs_equal_the_engine(plugin, maps, tmp_path):
    prediction, reference, coarse, pred, ref = maps
    result = processing.run(ALG, {"PREDICTION": prediction, "REFERENCE": reference,
                                  "OUTPUT_REPORT": str(tmp_path / "acc.html")})
    scores, info = evaluate_rasters(prediction, reference)
    check_outputs(result, scores)
    assert info["n_classes"] == 8 and info["pixels_without_prediction"] == 16
    assert result["OUTPUT_REPORT"] == str(tmp_path / "acc.html")
    assert result["OUTPUT_JSON"] == str(tmp_path / "acc.json")
    text = open(result["OUTPUT_REPORT"], encoding="utf-8").read()
    assert "<svg" in text and "open pit (露天采场)" in text and "tailings pond" in text
    data = json.load(open(result["OUTPUT_JSON"], encoding="utf-8"))
    assert data["miou"] == pytest.approx(result["MIOU"])
    assert data["info"]["pixels_without_prediction"] == 16
    # classes 6 and 7 are never in the reference: their recall is undefined
    assert [c["recall"] for c in data["per_class"][6:]] == [None, None]

    # a 2× coarser reference: the prediction is resampled onto its grid
    coarse_result = processing.run(ALG, {"PREDICTION": prediction, "REFERENCE": coarse,
                                         "CLASS_NAMES": "a,b,c,d,e,f,g,h",
                                         "OUTPUT_REPORT": str(tmp_path / "coarse.html")})
    scores, info = evaluate_rasters(prediction, coarse, class_names=list("abcdefgh"))
    check_outputs(coarse_result, scores)
    assert info["prediction_resampled"] and info["pixels_total"] == 32 * 32


def polygon_layer(features, field_type="string"):
    layer = QgsVectorLayer("Polygon?crs=EPSG:32645", "reference", "memory")
    layer.dataProvider().addAttributes([make_field("cls", field_type)])
    layer.updateFields()
    for rect, value in features:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(*rect)))
        feature.setAttributes([value])
        layer.dataProvider().addFeature(feature)
    return layer


def test_polygon_reference_burnt_on_the_prediction_grid(plugin, maps, tmp_path):
    prediction, _, _, pred, _ = maps
    # reference polygons over pixel blocks: rows 8–15 × cols 0–15 "open pit" (by name),
    # rows 32–47 × cols 32–47 class 3 (vegetation, by its Chinese name)
    def rect(r0, r1, c0, c1):
        return (X0 + c0 * PIXEL, Y0 - r1 * PIXEL, X0 + c1 * PIXEL, Y0 - r0 * PIXEL)
    layer = polygon_layer([(rect(8, 16, 0, 16), "Open Pit"), (rect(32, 48, 32, 48), "植被")])
    result = processing.run(ALG, {"PREDICTION": prediction, "REFERENCE": layer,
                                  "REFERENCE_FIELD": "cls",
                                  "OUTPUT_REPORT": str(tmp_path / "poly.html")})
    truth = np.full(pred.shape, 255, np.uint8)
    truth[8:16, 0:16] = 1
    truth[32:48, 32:48] = 3
    keep = truth != 255
    from minewatch.core.evaluation.metrics import confusion_matrix, scores_from_confusion

    scores = scores_from_confusion(confusion_matrix(truth[keep], pred[keep], 8))
    check_outputs(result, scores)
    data = json.load(open(result["OUTPUT_JSON"], encoding="utf-8"))
    assert data["pixels"] == 8 * 16 + 16 * 16
    assert data["info"]["pixels_ignored"] == 64 * 64 - data["pixels"]
    assert data["confusion_matrix"] == scores.confusion.tolist()
    assert "burnt onto the prediction" in open(result["OUTPUT_REPORT"], encoding="utf-8").read()
    temp = QgsProcessingUtils.tempFolder()
    assert not glob.glob(os.path.join(temp, "**", "reference_labels*"), recursive=True)

    # an index field works as well
    numbers = polygon_layer([(rect(8, 16, 0, 16), 1)], "int")
    result = processing.run(ALG, {"PREDICTION": prediction, "REFERENCE": numbers,
                                  "REFERENCE_FIELD": "cls",
                                  "OUTPUT_REPORT": str(tmp_path / "numbers.html")})
    assert json.load(open(result["OUTPUT_JSON"]))["pixels"] == 8 * 16


def test_bad_inputs(plugin, maps, tmp_path):
    prediction, reference, _, pred, _ = maps
    out = str(tmp_path / "bad.html")
    # a float raster of fractions (a probability map) is no class map; whole-number
    # floats are (label masks saved as float32: see the unit tests)
    floats = write(tmp_path / "float.tif", pred.astype(np.float32) + 0.5)
    with pytest.raises(QgsProcessingException, match="not whole numbers"):
        processing.run(ALG, {"PREDICTION": floats, "REFERENCE": reference, "OUTPUT_REPORT": out})
    layer = polygon_layer([((X0, Y0 - 10, X0 + 10, Y0), "no such class")])
    with pytest.raises(QgsProcessingException, match="choose its class field"):
        processing.run(ALG, {"PREDICTION": prediction, "REFERENCE": layer, "OUTPUT_REPORT": out})
    with pytest.raises(QgsProcessingException, match="is not one of the classes"):
        processing.run(ALG, {"PREDICTION": prediction, "REFERENCE": layer, "REFERENCE_FIELD": "cls",
                             "OUTPUT_REPORT": out})
    points = QgsVectorLayer("Point?crs=EPSG:32645", "points", "memory")
    with pytest.raises(QgsProcessingException, match="class raster or a polygon layer"):
        processing.run(ALG, {"PREDICTION": prediction, "REFERENCE": points, "OUTPUT_REPORT": out})
    far = str(tmp_path / "far.tif")
    with rasterio.open(far, "w", driver="GTiff", width=8, height=8, count=1, dtype="uint8",
                       crs="EPSG:32645", transform=from_origin(X0 + 1e5, Y0, PIXEL, PIXEL)) as ds:
        ds.write(np.zeros((1, 8, 8), np.uint8))
    with pytest.raises(QgsProcessingException, match="do not overlap"):
        processing.run(ALG, {"PREDICTION": prediction, "REFERENCE": far, "OUTPUT_REPORT": out})
    assert not os.path.exists(out)


def test_cancel_leaves_no_report(plugin, maps, tmp_path):
    prediction, reference, *_ = maps
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    out = str(tmp_path / "cancelled.html")
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run(ALG, {"PREDICTION": prediction, "REFERENCE": reference, "OUTPUT_REPORT": out},
                       context=QgsProcessingContext(), feedback=feedback)
    assert not os.listdir(tmp_path)


def test_in_a_graphical_model(plugin, maps, tmp_path):
    prediction, reference, *_ = maps
    model = QgsProcessingModelAlgorithm("evaluate", "tests")
    model.addModelParameter(QgsProcessingParameterRasterLayer("pred", "Prediction"),
                            QgsProcessingModelParameter("pred"))
    model.addModelParameter(QgsProcessingParameterMapLayer("ref", "Reference"),
                            QgsProcessingModelParameter("ref"))
    child = QgsProcessingModelChildAlgorithm(ALG)
    child.setChildId("evaluate")
    child.addParameterSources("PREDICTION", [QgsProcessingModelChildParameterSource.fromModelParameter("pred")])
    child.addParameterSources("REFERENCE", [QgsProcessingModelChildParameterSource.fromModelParameter("ref")])
    child.addParameterSources("OUTPUT_REPORT", [QgsProcessingModelChildParameterSource.fromStaticValue(
        str(tmp_path / "model.html"))])
    model.addChildAlgorithm(child)
    processing.run(model, {"pred": prediction, "ref": reference})
    # (3.22 models return destination outputs only: read the JSON beside the report)
    data = json.load(open(tmp_path / "model.json", encoding="utf-8"))
    assert data["miou"] == pytest.approx(evaluate_rasters(prediction, reference)[0].miou)
    assert os.path.exists(tmp_path / "model.html")


@pytest.mark.slow
def test_qgis_process(qgis_process, maps, tmp_path):
    prediction, reference, *_ = maps
    rc, data, proc = qgis_process.run_json(ALG, PREDICTION=prediction, REFERENCE=reference,
                                           OUTPUT_REPORT=str(tmp_path / "cli.html"))
    assert rc == 0, proc.stdout + proc.stderr
    scores, _ = evaluate_rasters(prediction, reference)
    results = data["results"]
    for output, attribute in SCORES.items():
        assert results[output] == pytest.approx(float(getattr(scores, attribute)))
    assert os.path.exists(results["OUTPUT_JSON"]) and os.path.exists(results["OUTPUT_REPORT"])


@pytest.mark.slow
def test_qgis_process_polygon_file_and_undefined_kappa(qgis_process, maps, tmp_path):
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    prediction, *_ = maps
    layer = polygon_layer([((X0, Y0 - 32, X0 + 32, Y0 - 16), "open pit")])
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    gpkg = str(tmp_path / "ref.gpkg")
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, gpkg, QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError
    rc, data, proc = qgis_process.run_json(ALG, PREDICTION=prediction, REFERENCE=gpkg,
                                           REFERENCE_FIELD="cls", OUTPUT_REPORT=str(tmp_path / "p.html"))
    assert rc == 0, proc.stdout + proc.stderr
    report = json.load(open(data["results"]["OUTPUT_JSON"], encoding="utf-8"))
    assert report["pixels"] == 16 * 8 and report["per_class"][1]["reference_pixels"] == 16 * 8

    # one class in both maps: kappa is undefined and comes back as null
    one = write(tmp_path / "one.tif", np.ones((8, 8), np.uint8))
    rc, data, proc = qgis_process.run_json(ALG, PREDICTION=one, REFERENCE=one,
                                           OUTPUT_REPORT=str(tmp_path / "one.html"))
    assert rc == 0, proc.stdout + proc.stderr
    assert data["results"]["KAPPA"] is None and data["results"]["OVERALL_ACCURACY"] == 1.0
    assert data["results"]["MIOU"] == 1.0  # class 0 (in neither map) is left out
