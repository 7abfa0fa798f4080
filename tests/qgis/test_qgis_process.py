"""The plugin through ``qgis_process.bin`` and inside a graphical model."""
import os

import processing
import pytest
from qgis.core import (
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterRasterLayer,
    QgsVectorLayer,
)
from qgis_harness import model_output

from devkit.insar_sim.amplitude import simulate_amplitude_stack, write_stack


@pytest.fixture(scope="module")
def stack_path(tmp_path_factory):
    data, rows, _ = simulate_amplitude_stack(height=60, width=80, n_dates=40,
                                             n_ps=25, seed=21)
    return write_stack(str(tmp_path_factory.mktemp("qp") / "stack.tif"), data), len(rows)


@pytest.mark.slow
def test_list_finds_provider(qgis_process):
    proc = qgis_process("list", check=True)
    assert "MineWatch" in proc.stdout
    assert "minewatch:selectpscandidates" in proc.stdout
    plugins = qgis_process("plugins", check=True)
    assert "* minewatch" in plugins.stdout


@pytest.mark.slow
def test_run_from_shell(qgis_process, stack_path, tmp_path):
    path, n = stack_path
    out = tmp_path / "pts.gpkg"
    rc, data, proc = qgis_process.run_json("minewatch:selectpscandidates",
                                           INPUT=path, OUTPUT=str(out))
    assert rc == 0, proc.stdout + proc.stderr
    assert data["results"]["N_CANDIDATES"] == n
    assert QgsVectorLayer(str(out), "pts", "ogr").featureCount() == n


@pytest.mark.slow
def test_progress_ticks_never_swallow_a_log_line(qgis_process, stack_path, tmp_path):
    """qgis_process draws progress as ticks ('0...10...20') on the current
    line; every log line the algorithm writes starts on a line of its own."""
    path, _ = stack_path
    proc = qgis_process("run", "minewatch:selectpscandidates", "--", f"INPUT={path}",
                        f"OUTPUT={tmp_path / 'pts.gpkg'}", check=True)
    assert_ticks_alone(proc.stdout)


@pytest.mark.slow
def test_tile_countdown_starts_its_own_line(qgis_process, tmp_path):
    """The 'Tile n / N, about T s left' progress texts of a model run, too."""
    from tiled_testlib import smooth_image, write_raster

    image = write_raster(tmp_path / "image.tif", smooth_image(400, 400))
    proc = qgis_process("run", "minewatch:classifylanddamage", "--", f"INPUT={image}",
                        "TILE_SIZE=128", f"OUTPUT={tmp_path / 'classes.tif'}", check=True)
    assert "Tile " in proc.stdout, proc.stdout
    assert_ticks_alone(proc.stdout)


def assert_ticks_alone(stdout):
    """Every tick row of qgis_process's output holds ticks only."""
    import re

    lines = stdout.splitlines()
    ticks = [line for line in lines if re.match(r"^0\.\.\.", line)]
    assert ticks, stdout  # progress was drawn
    # a tick row holds ticks only: digits and dots (and QGIS's closing words)
    for line in lines:
        if re.match(r"^\d+\.\.\.", line):
            rest = re.sub(r"^[\d.]+", "", line)
            assert rest in ("", " - done.", "100 - done."), line


@pytest.mark.slow
def test_bad_input_from_shell_says_why(qgis_process, tmp_path):
    import numpy as np

    path = write_stack(str(tmp_path / "one.tif"), np.ones((1, 4, 4), np.float32))
    rc, _, proc = qgis_process.run_json("minewatch:selectpscandidates",
                                        INPUT=path, OUTPUT=str(tmp_path / "o.gpkg"))
    assert rc != 0
    assert "at least 3" in proc.stdout + proc.stderr


def build_model():
    """A model: amplitude stack -> PS candidates -> 15 m buffers."""
    model = QgsProcessingModelAlgorithm("ps_buffers", "tests")
    param = QgsProcessingParameterRasterLayer("stack", "Amplitude stack")
    model.addModelParameter(param, QgsProcessingModelParameter("stack"))

    select = QgsProcessingModelChildAlgorithm("minewatch:selectpscandidates")
    select.setChildId("select")
    select.addParameterSources("INPUT", [QgsProcessingModelChildParameterSource.fromModelParameter("stack")])
    select.addParameterSources("DISPERSION_THRESHOLD", [QgsProcessingModelChildParameterSource.fromStaticValue(0.25)])
    model.addChildAlgorithm(select)

    buffer = QgsProcessingModelChildAlgorithm("native:buffer")
    buffer.setChildId("buffer")
    buffer.addParameterSources("INPUT", [QgsProcessingModelChildParameterSource.fromChildOutput("select", "OUTPUT")])
    buffer.addParameterSources("DISTANCE", [QgsProcessingModelChildParameterSource.fromStaticValue(15.0)])
    buffer.addParameterSources("SEGMENTS", [QgsProcessingModelChildParameterSource.fromStaticValue(8)])
    buffer.addParameterSources("DISSOLVE", [QgsProcessingModelChildParameterSource.fromStaticValue(False)])
    output = QgsProcessingModelOutput("buffers", "Buffers")
    output.setChildOutputName("OUTPUT")
    output.setChildId("buffer")
    buffer.setModelOutputs({"buffers": output})
    model.addChildAlgorithm(buffer)
    model.updateDestinationParameters()
    return model


@pytest.mark.slow
def test_model3_chains_into_native_buffer(qgis_process, stack_path, tmp_path):
    path, n = stack_path
    model = build_model()
    model_file = str(tmp_path / "ps_buffers.model3")
    assert model.toFile(model_file)

    buffers = model_output(model, "buffer", "buffers")
    result = processing.run(model, {"stack": path, buffers: str(tmp_path / "b1.gpkg")})
    layer = QgsVectorLayer(result[buffers], "b", "ogr")
    assert layer.featureCount() == n
    area = next(layer.getFeatures()).geometry().area()
    assert area == pytest.approx(3.14159 * 15 ** 2, rel=0.05)

    out = tmp_path / "b2.gpkg"
    proc = qgis_process("run", model_file, "--", f"stack={path}", f"{buffers}={out}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert os.path.exists(out)
    assert QgsVectorLayer(str(out), "b", "ogr").featureCount() == n


@pytest.mark.slow
def test_local_dask_cluster_from_the_shell(qgis_process, stack_path, tmp_path):
    """Under qgis_process.bin sys.executable is not QGIS's Python: the
    LocalCluster's workers must still start (they died on another Python
    before) and give the in-process candidates."""
    pytest.importorskip("distributed")
    path, n = stack_path
    rc, data, proc = qgis_process.run_json("minewatch:selectpscandidates", INPUT=path,
                                           OUTPUT=str(tmp_path / "p.gpkg"),
                                           DASK_SCHEDULER="local")
    assert rc == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert data["results"]["N_CANDIDATES"] == n


@pytest.mark.slow
def test_subsidence_on_a_local_dask_cluster_from_the_shell(qgis_process, tmp_path):
    """Detect Subsidence Anomalies with DASK_SCHEDULER=local through
    qgis_process.bin: the workers read the PS file tile by tile and the
    sites are those of the in-process run."""
    pytest.importorskip("distributed")
    from devkit.insar_sim.ps_simulator import simulate_scene, write_gpkg

    scene = simulate_scene(n_points=3000, n_buildings=300, n_dates=30, revisit_days=12,
                           n_bowls=2, seed=12)
    gpkg = write_gpkg(scene, str(tmp_path / "ps.gpkg"))
    counts = []
    for scheduler in ("", "local"):
        rc, data, proc = qgis_process.run_json(
            "minewatch:detectsubsidenceanomalies", PS_POINTS=f"{gpkg}|layername=ps",
            BUILDINGS=f"{gpkg}|layername=buildings", DASK_SCHEDULER=scheduler,
            OUTPUT_POINTS=str(tmp_path / f"p{scheduler}.gpkg"),
            OUTPUT_BUILDINGS=str(tmp_path / f"b{scheduler}.gpkg"),
            OUTPUT_SITES=str(tmp_path / f"s{scheduler}.gpkg"))
        assert rc == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
        counts.append((data["results"]["N_SITES"], data["results"]["N_ANOMALOUS_POINTS"]))
    assert counts[0] == counts[1] and counts[0][0] > 0
