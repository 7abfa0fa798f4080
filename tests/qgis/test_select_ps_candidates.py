"""Select PS Candidates through processing.run, qgis_process.bin and a model."""
import os

import numpy as np
import processing
import pytest
from qgis.core import QgsProcessingException, QgsRasterLayer, QgsVectorLayer

from devkit.insar_sim.amplitude import simulate_amplitude_stack, write_stack
from minewatch.core.insar.candidates import amplitude_dispersion

ALG = "minewatch:selectpscandidates"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stack")
    data, rows, cols = simulate_amplitude_stack(height=90, width=130, n_dates=40,
                                                n_ps=45, seed=11)
    path = write_stack(str(folder / "stack.tif"), data)
    return path, data, set(zip(rows.tolist(), cols.tolist()))


def read_points(path):
    layer = QgsVectorLayer(path, "pts", "ogr")
    assert layer.isValid()
    return layer, list(layer.getFeatures())


def test_processing_run_finds_planted_ps(stack, tmp_path):
    path, data, planted = stack
    out = str(tmp_path / "pts.gpkg")
    disp = str(tmp_path / "disp.tif")
    result = processing.run(ALG, {"INPUT": path, "OUTPUT": out, "OUTPUT_DISPERSION": disp})
    layer, feats = read_points(result["OUTPUT"])
    assert layer.crs().authid() == "EPSG:32650"
    assert [f.name() for f in layer.fields()][-4:] == ["mean_amp", "disp_index", "row", "col"]
    assert {(f["row"], f["col"]) for f in feats} == planted
    assert result["N_CANDIDATES"] == len(planted)
    for f in feats[:10]:
        point = f.geometry().asPoint()
        assert point.x() == pytest.approx(500000 + 10 * (f["col"] + 0.5))
        assert point.y() == pytest.approx(4200000 - 10 * (f["row"] + 0.5))
        stackvals = data[:, f["row"], f["col"]].astype(np.float64)
        assert f["disp_index"] == pytest.approx(stackvals.std() / stackvals.mean(), rel=1e-5)
        assert f["mean_amp"] == pytest.approx(stackvals.mean(), rel=1e-5)
    raster = QgsRasterLayer(result["OUTPUT_DISPERSION"], "d")
    assert raster.isValid() and raster.width() == 130 and raster.height() == 90
    import rasterio

    with rasterio.open(disp) as ds:
        np.testing.assert_allclose(
            ds.read(1), amplitude_dispersion(data, np.ones(data.shape[1:], bool))[1], rtol=1e-5)


def test_min_mean_amplitude_parameter(stack, tmp_path):
    path, _, planted = stack
    result = processing.run(ALG, {"INPUT": path, "MIN_MEAN_AMPLITUDE": 10000,
                                  "OUTPUT": str(tmp_path / "none.gpkg")})
    assert result["N_CANDIDATES"] == 0
    assert result["MIN_MEAN_AMPLITUDE_USED"] == 10000
    result = processing.run(ALG, {"INPUT": path, "DISPERSION_THRESHOLD": 0.4,
                                  "MIN_MEAN_AMPLITUDE": 300,
                                  "OUTPUT": "TEMPORARY_OUTPUT"})
    assert result["N_CANDIDATES"] == len(planted)
    assert result["OUTPUT"].featureCount() == len(planted)


def test_one_band_raster_fails_clearly(tmp_path):
    path = write_stack(str(tmp_path / "one.tif"), np.ones((1, 8, 8), np.float32))
    with pytest.raises(QgsProcessingException, match="has 1 band.*at least 3"):
        processing.run(ALG, {"INPUT": path, "OUTPUT": str(tmp_path / "o.gpkg")})
    assert not os.path.exists(tmp_path / "o.gpkg")


def test_nodata_only_raster_fails_clearly(tmp_path):
    path = write_stack(str(tmp_path / "nd.tif"), np.zeros((4, 8, 8), np.float32), nodata=0)
    with pytest.raises(QgsProcessingException, match="no valid pixel"):
        processing.run(ALG, {"INPUT": path, "OUTPUT": str(tmp_path / "o.gpkg"),
                             "OUTPUT_DISPERSION": str(tmp_path / "d.tif")})
    assert sorted(os.listdir(tmp_path)) == ["nd.tif"]


def test_non_raster_fails_clearly(tmp_path):
    vector = QgsVectorLayer("Point?crs=EPSG:32650", "v", "memory")
    with pytest.raises(QgsProcessingException, match="raster"):
        processing.run(ALG, {"INPUT": vector, "OUTPUT": str(tmp_path / "o.gpkg")})
    text = tmp_path / "notes.txt"
    text.write_text("not a raster")
    with pytest.raises(QgsProcessingException, match="cannot be opened as a raster"):
        processing.run(ALG, {"INPUT": str(text), "OUTPUT": str(tmp_path / "o.gpkg")})


def test_missing_dependency_names_pip_command(monkeypatch):
    from minewatch.core.common import deps
    from minewatch.processing_provider.algorithms.select_ps_candidates import SelectPsCandidates

    monkeypatch.setattr(SelectPsCandidates, "REQUIRES", ("numpy", "no_such_mod_mw"))
    monkeypatch.setitem(deps.REQUIREMENTS, "no_such_mod_mw",
                        deps.Requirement("no-such-mod", "9.9", "10"))
    with pytest.raises(QgsProcessingException,
                       match=r'(?s)no-such-mod.*-m pip install --only-binary=:all: "no-such-mod>=9\.9,<10"'):
        SelectPsCandidates().require_packages()


@pytest.mark.slow
def test_on_a_local_dask_cluster_the_candidates_are_the_same(tmp_path):
    pytest.importorskip("distributed")
    import processing

    from devkit.insar_sim.amplitude import simulate_amplitude_stack, write_stack

    data, _, _ = simulate_amplitude_stack(height=60, width=80, n_dates=20, n_ps=25, seed=8)
    stack = write_stack(str(tmp_path / "stack.tif"), data)
    here = processing.run("minewatch:selectpscandidates", {
        "INPUT": stack, "OUTPUT": str(tmp_path / "here.gpkg")})
    there = processing.run("minewatch:selectpscandidates", {
        "INPUT": stack, "OUTPUT": str(tmp_path / "there.gpkg"), "DASK_SCHEDULER": "local"})
    assert there["N_CANDIDATES"] == here["N_CANDIDATES"] > 0
    assert there["MIN_MEAN_AMPLITUDE_USED"] == pytest.approx(here["MIN_MEAN_AMPLITUDE_USED"])
