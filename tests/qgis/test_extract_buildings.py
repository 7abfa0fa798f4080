"""Extract Buildings (SegNet+CRF) in real headless QGIS: processing.run,
qgis_process.bin, and a graphical model chaining it into Detect Subsidence
Anomalies on a simulated scene.

The model is a tiny SegNet fitted at the start of the module on synthetic
rectangles (bright roofs on darker textured ground, ~6 s on one CPU
thread); scenes are ≤ 270 px."""
import os
import sys

import numpy as np
import processing
import pytest
from affine import Affine
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingParameterFile,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsWkbTypes,
)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "unit"))
from building_testlib import building_scene, fit_tiny_segnet, render, write_scene  # noqa: E402
from outline_testlib import iou, turning_angles  # noqa: E402
from qgis_harness import model_output  # noqa: E402

from devkit.insar_sim.ps_simulator import simulate_scene, write_gpkg  # noqa: E402
from minewatch.processing_provider.algorithms import extract_buildings as module  # noqa: E402

ALG = "minewatch:extractbuildings"
DETECT = "minewatch:detectsubsidenceanomalies"
FIELDS = ["building_id", "area_m2", "perimeter_m", "mean_prob", "regularised"]


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    path, score = fit_tiny_segnet(tmp_path_factory.mktemp("model") / "tiny.safetensors")
    assert score > 0.9, score
    return path


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    return building_scene(str(tmp_path_factory.mktemp("scene") / "scene.tif"), size_px=128,
                          n=8, seed=11)


def polygons(path):
    layer = QgsVectorLayer(path, "b", "ogr")
    assert layer.isValid()
    return layer, list(layer.getFeatures())


def ring_of(feature):
    return np.array([(p.x(), p.y()) for p in feature.geometry().asPolygon()[0]])


@pytest.mark.slow
def test_outlines_match_known_rectangles(plugin, model, scene, tmp_path):
    path, rings, _ = scene
    out = str(tmp_path / "buildings.gpkg")
    mask = str(tmp_path / "mask.tif")
    result = processing.run(ALG, {"INPUT": path, "MODEL": model, "OUTPUT": out,
                                  "OUTPUT_MASK": mask, "DEVICE": 1})
    layer, features = polygons(result["OUTPUT"])
    assert result["N_BUILDINGS"] == len(features) == len(rings)
    assert layer.crs().authid() == "EPSG:32650"
    assert layer.wkbType() in (QgsWkbTypes.Polygon, QgsWkbTypes.MultiPolygon)
    assert [f.name() for f in layer.fields()][-5:] == FIELDS
    assert sorted(f["building_id"] for f in features) == list(range(1, len(rings) + 1))
    for ring in rings:
        best = max(features, key=lambda f: iou(ring_of(f), ring, 0.1))
        assert iou(ring_of(best), ring, 0.1) >= 0.9
        assert np.abs(turning_angles(ring_of(best)) - 90).max() <= 5
        assert best.geometry().isGeosValid()
        assert best["regularised"] == 1
        assert 0.5 < best["mean_prob"] <= 1.0
        assert best["area_m2"] == pytest.approx(best.geometry().area(), rel=1e-6)
    raster = QgsRasterLayer(result["OUTPUT_MASK"], "mask")
    assert raster.isValid() and raster.crs().authid() == "EPSG:32650"
    assert os.path.exists(os.path.splitext(mask)[0] + ".qml")


def test_options_min_area_regularize_and_no_crf(plugin, model, scene, tmp_path):
    path, rings, _ = scene
    result = processing.run(ALG, {"INPUT": path, "MODEL": model, "USE_CRF": False,
                                  "REGULARIZE": False, "MIN_AREA": 10000.0,
                                  "OUTPUT": str(tmp_path / "none.shp")})
    assert result["N_BUILDINGS"] == 0
    result = processing.run(ALG, {"INPUT": path, "MODEL": model, "USE_CRF": False,
                                  "REGULARIZE": False, "OUTPUT": str(tmp_path / "plain.shp")})
    _, features = polygons(result["OUTPUT"])
    assert len(features) == len(rings)
    # Shapefile cuts field names to 10 characters (regularise): read by position
    assert all(f.attributes()[-1] == 0 and f.geometry().isGeosValid() for f in features)


def test_pan_image_warns_and_bad_bands_refused(plugin, model, tmp_path):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    path, _, _ = building_scene(str(tmp_path / "pan.tif"), size_px=64, n=2, seed=2,
                                pan_uint16=True)

    class Log(QgsProcessingFeedback):
        warnings = []

        def pushWarning(self, text):  # noqa: N802 - QGIS API
            super().pushWarning(text)
            self.warnings.append(text)

    feedback = Log()
    processing.run(ALG, {"INPUT": path, "MODEL": model, "OUTPUT": str(tmp_path / "o.gpkg")},
                   context=QgsProcessingContext(), feedback=feedback)
    assert any("repeated" in w for w in feedback.warnings)
    rgb, _, _ = building_scene(str(tmp_path / "rgb.tif"), size_px=64, n=2, seed=2)
    with pytest.raises(QgsProcessingException, match="BANDS"):
        processing.run(ALG, {"INPUT": rgb, "MODEL": model, "BANDS": "1,2",
                             "OUTPUT": str(tmp_path / "x.gpkg")})
    assert not os.path.exists(tmp_path / "x.gpkg")


def test_missing_default_model_is_refused_clearly(plugin, scene, tmp_path, monkeypatch):
    monkeypatch.setattr(module.ExtractBuildings, "DEFAULT_MODEL_FILE", str(tmp_path / "absent.safetensors"))
    with pytest.raises(QgsProcessingException, match="default building model is missing"):
        processing.run(ALG, {"INPUT": scene[0], "OUTPUT": str(tmp_path / "o.gpkg")})


def test_cancel_leaves_no_output(plugin, model, scene, tmp_path):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run(ALG, {"INPUT": scene[0], "MODEL": model,
                             "OUTPUT": str(tmp_path / "o.gpkg"),
                             "OUTPUT_MASK": str(tmp_path / "m.tif")},
                       context=QgsProcessingContext(), feedback=feedback)
    assert os.listdir(tmp_path) == []


@pytest.mark.slow
def test_qgis_process_runs_the_algorithm(qgis_process, model, scene, tmp_path):
    out = tmp_path / "b.gpkg"
    rc, data, proc = qgis_process.run_json(ALG, INPUT=scene[0], MODEL=model, DEVICE=1,
                                           OUTPUT=str(out))
    assert rc == 0, proc.stdout + proc.stderr
    assert data["results"]["N_BUILDINGS"] == len(scene[1])
    assert QgsVectorLayer(str(out), "b", "ogr").featureCount() == len(scene[1])


# -- a graphical model: Extract Buildings → Detect Subsidence Anomalies ----------

def mining_scene(folder):
    """PS over 36 simulated buildings with one mining bowl, and an image of
    those buildings (1 m, EPSG:32650) covering the scene."""
    ps = simulate_scene(n_points=2500, n_buildings=36, n_dates=60, revisit_days=12, n_bowls=1,
                        seed=2)
    corners = np.vstack(ps.buildings)
    x0, y1 = np.floor(corners[:, 0].min()) - 10, np.ceil(corners[:, 1].max()) + 10
    size = int(max(corners[:, 0].max() - x0, y1 - corners[:, 1].min())) + 10
    transform = Affine(1.0, 0, x0, 0, -1.0, y1)
    image, _ = render(ps.buildings, size, 1.0, np.random.default_rng(5), transform=transform)
    image_path = write_scene(str(folder / "village.tif"), image, 1.0, transform=transform)
    gpkg = write_gpkg(ps, str(folder / "ps.gpkg"))
    return ps, image_path, gpkg


UNLICENSED_MINING = "minewatch:Suspect unlicensed mining"


@pytest.mark.slow
def test_the_shipped_suspect_model_finds_the_planted_bowl(plugin, qgis_process, model,
                                                          tmp_path):
    """The shipped graphical model "Suspect unlicensed mining" (issue 30):
    optical image → Extract Buildings → Detect Subsidence Anomalies, run by
    its id through qgis_process.bin, finds the planted bowl under extracted
    building outlines."""
    from qgis.core import QgsApplication

    ps, image, gpkg = mining_scene(tmp_path)
    shipped = QgsApplication.processingRegistry().createAlgorithmById(UNLICENSED_MINING)
    assert shipped.validate() == (True, [])
    flagged, sites = tmp_path / "flagged.gpkg", tmp_path / "sites.gpkg"
    report = tmp_path / "report.html"
    proc = qgis_process("run", UNLICENSED_MINING, "--", f"image={image}", f"building_model={model}",
                        f"ps={gpkg}|layername=ps",
                        f"{model_output(shipped, 'subsidence', 'subsidence_OUTPUT_BUILDINGS')}"
                        f"={flagged}",
                        f"{model_output(shipped, 'subsidence', 'subsidence_OUTPUT_SITES')}={sites}",
                        f"{model_output(shipped, 'subsidence', 'subsidence_OUTPUT_POINTS')}"
                        f"={tmp_path / 'ps_out.gpkg'}",
                        f"{model_output(shipped, 'subsidence', 'subsidence_OUTPUT_REPORT')}"
                        f"={report}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    bowl = ps.bowls[0]
    centre = QgsPointXY(bowl.x, bowl.y)
    layer, buildings = polygons(str(flagged))
    assert layer.crs() == QgsCoordinateReferenceSystem("EPSG:32650")
    assert buildings, "no building flagged over the planted mining bowl"
    # flagged buildings are extracted outlines, over the bowl
    assert min(f.geometry().distance(layer_point(centre)) for f in buildings) < bowl.reach_m()
    assert "building_id" in layer.fields().names()
    site_layer, found = polygons(str(sites))
    assert any(f.geometry().asPoint().distance(centre) <= 60 for f in found)
    assert "Site " in report.read_text(encoding="utf-8")


def layer_point(point):
    from qgis.core import QgsGeometry

    return QgsGeometry.fromPointXY(point)


def test_train_offers_scene_scaling(plugin):
    from qgis.core import QgsApplication

    train = QgsApplication.processingRegistry().algorithmById("minewatch:trainsegmentationmodel")
    parameter = train.parameterDefinition("SCENE_SCALING")
    assert parameter is not None and parameter.defaultValue() is False
    assert parameter.flags() & parameter.FlagAdvanced
    extract = QgsApplication.processingRegistry().algorithmById(ALG)
    assert extract.group() == "Buildings" and extract.groupId() == "buildings"
    for name in ("CRF_ITERATIONS", "CRF_SPATIAL_SIGMA", "CRF_COLOUR_SIGMA", "CRF_SMOOTH_SIGMA",
                 "CRF_BILATERAL_WEIGHT", "CRF_SMOOTH_WEIGHT"):
        assert extract.parameterDefinition(name).flags() & QgsProcessingParameterFile.FlagAdvanced


@pytest.mark.slow
def test_fine_tuning_on_a_departments_footprints_through_qgis_process(qgis_process, tmp_path):
    """The documented path for a region the shipped model does not know:
    footprints as polygons (a cadastre, class by name) → Create Training
    Samples → Train Segmentation Model from the shipped building model →
    Extract Buildings with the new model, all through qgis_process.bin."""
    from osgeo import ogr, osr

    from devkit.ogr_geometry import ogr_polygon
    from minewatch.models.checkpoint import read_metadata
    from minewatch.models.shipped import BUILDING_MODEL

    image, rings, _ = building_scene(str(tmp_path / "district.tif"), size_px=256, n=30, seed=5)
    cadastre = str(tmp_path / "cadastre.gpkg")
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    data = ogr.GetDriverByName("GPKG").CreateDataSource(cadastre)
    layer = data.CreateLayer("houses", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("kind", ogr.OFTString))
    for ring in rings:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(ogr_polygon(ring))
        feature.SetField("kind", "building")
        layer.CreateFeature(feature)
    data = None
    samples, model = tmp_path / "samples", tmp_path / "district.safetensors"
    rc, made, proc = qgis_process.run_json(
        "minewatch:createtrainingsamples", INPUT=image, LABELS=cadastre, CLASS_FIELD="kind",
        CLASSES="other,building", PATCH_SIZE=64, SPLIT="80,20,0", BLOCK_SIZE=128,
        OUTPUT_FOLDER=str(samples))
    assert rc == 0 and made["results"]["TRAIN_PATCHES"] > 0, proc.stdout + proc.stderr
    rc, trained, proc = qgis_process.run_json(
        "minewatch:trainsegmentationmodel", SAMPLES=str(samples), INIT_MODEL=BUILDING_MODEL,
        EPOCHS=1, BATCH_SIZE=4, DEVICE=1, OUTPUT_MODEL=str(model))
    assert rc == 0, proc.stdout + proc.stderr
    meta = read_metadata(str(model))
    assert meta.class_names == ["other", "building"]
    assert meta.training["init_model"] == BUILDING_MODEL
    out = tmp_path / "district_buildings.gpkg"
    rc, extracted, proc = qgis_process.run_json(
        "minewatch:extractbuildings", INPUT=image, MODEL=str(model), DEVICE=1, OUTPUT=str(out))
    assert rc == 0, proc.stdout + proc.stderr
    assert QgsVectorLayer(str(out), "b", "ogr").featureCount() == \
        extracted["results"]["N_BUILDINGS"]
