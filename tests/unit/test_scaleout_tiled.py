"""Classify Land Damage's engine on a Dask LocalCluster (2 worker
processes, loopback only) gives the in-process class map (identical) and
probabilities (within 1e-4); Cancel stops the cluster work and leaves no
output; a failing worker is reported with its traceback."""
import os

import numpy as np
import pytest
import rasterio

distributed = pytest.importorskip("distributed", reason="dask is optional: `make setup` "
                                  "installs it for the tests (requirements-dev.txt)")

from minewatch.core.common.errors import Cancelled, MineWatchInputError  # noqa: E402
from minewatch.core.inference.settings import Tiling  # noqa: E402
from minewatch.core.inference.writers import RasterOutputs  # noqa: E402
from minewatch.core.landdamage.classify import classify_land_damage  # noqa: E402
from minewatch.core.scaleout.cluster import dask_client  # noqa: E402
from minewatch.core.scaleout.tiled import ClusterEngines, strips  # noqa: E402
from minewatch.models.checkpoint import load_checkpoint  # noqa: E402
from minewatch.models.shipped import LAND_DAMAGE_MODEL  # noqa: E402

TILING = Tiling(64, 16, 4, False)


@pytest.fixture(scope="module")
def client():
    with dask_client("local", workers=2) as c:
        yield c


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    from devkit.scenes.mine import generate_mine_scene

    folder = tmp_path_factory.mktemp("scaleout")
    image = str(folder / "scene.tif")
    generate_mine_scene(image, str(folder / "labels.tif"), size=320, seed=41)
    return folder, image


def classify(image, out, engines=None, feedback=None):
    model, metadata = load_checkpoint(LAND_DAMAGE_MODEL)
    from minewatch.core.inference.torch_predict import torch_predictor

    return classify_land_damage(image, torch_predictor(model), metadata,
                                RasterOutputs(str(out / "classes.tif"), str(out / "prob.tif")),
                                tiling=TILING, feedback=feedback, engines=engines)


def read(path):
    with rasterio.open(path) as ds:
        return ds.read(1)


@pytest.mark.slow
def test_cluster_equals_in_process(client, scene, tmp_path):
    folder, image = scene
    (tmp_path / "here").mkdir()
    (tmp_path / "there").mkdir()
    here = classify(image, tmp_path / "here")
    there = classify(image, tmp_path / "there", ClusterEngines(client, LAND_DAMAGE_MODEL))
    np.testing.assert_array_equal(read(tmp_path / "there" / "classes.tif"),
                                  read(tmp_path / "here" / "classes.tif"))
    np.testing.assert_allclose(read(tmp_path / "there" / "prob.tif"),
                               read(tmp_path / "here" / "prob.tif"), atol=1e-4)
    np.testing.assert_array_equal(there.counts, here.counts)


def test_cancel_stops_and_leaves_nothing(client, scene, tmp_path):
    folder, image = scene

    class StopSoon:
        calls = 0

        def setProgress(self, value):  # noqa: N802 - the feedback protocol
            pass

        def isCanceled(self):  # noqa: N802 - the feedback protocol
            self.calls += 1
            return self.calls > 3

    with pytest.raises(Cancelled):
        classify(image, tmp_path, ClusterEngines(client, LAND_DAMAGE_MODEL), StopSoon())
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tif")]


def test_a_failing_worker_is_reported_with_its_traceback(client, scene, tmp_path):
    folder, image = scene
    broken = str(tmp_path / "broken.safetensors")
    with open(LAND_DAMAGE_MODEL, "rb") as src, open(broken, "wb") as dst:
        dst.write(src.read())
    engines = ClusterEngines(client, broken)
    os.remove(broken)  # gone before the workers load it
    with pytest.raises(MineWatchInputError, match="worker failed|cannot|Cannot"):
        classify(image, tmp_path, engines)
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tif")]


def test_strips_cover_every_row_once():
    assert strips(10, 4) == [(0, 2), (2, 5), (5, 8), (8, 10)]
    assert strips(2, 8) == [(0, 1), (1, 2)]


@pytest.mark.slow
def test_buildings_with_the_dense_crf_on_the_cluster(client, scene, tmp_path):
    """Extract Buildings' inference with the dense CRF on every tile: the
    workers wrap their own model in the same CRF; same mask as in-process."""
    from minewatch.core.buildings.dense_crf import CrfParams
    from minewatch.core.buildings.extraction import infer_buildings
    from minewatch.core.inference.torch_predict import torch_predictor
    from minewatch.models.shipped import BUILDING_MODEL

    folder, image = scene
    model, metadata = load_checkpoint(BUILDING_MODEL)
    results = {}
    for name, engines in (("here", None), ("there", ClusterEngines(client, BUILDING_MODEL))):
        out = tmp_path / name
        out.mkdir()
        infer_buildings(image, torch_predictor(model), metadata, str(out / "mask.tif"),
                        str(out / "prob.tif"), bands=[3, 2, 1], tiling=Tiling(64, 16, 4, False),
                        crf=CrfParams(iterations=2), engines=engines)
        results[name] = (read(out / "mask.tif"), read(out / "prob.tif"))
    np.testing.assert_array_equal(results["there"][0], results["here"][0])
    np.testing.assert_allclose(results["there"][1], results["here"][1], atol=1e-4)


@pytest.mark.slow
def test_ps_candidates_on_the_cluster_equal_in_process(client, tmp_path):
    """Select PS Candidates' scan: windows on the workers, the scene mean
    reduced over all of them; same candidates and D_A raster."""
    from devkit.insar_sim.amplitude import simulate_amplitude_stack, write_stack
    from minewatch.core.insar.candidates import scan_amplitude_stack
    from minewatch.core.scaleout.ordered import ClusterMap

    data, _, _ = simulate_amplitude_stack(height=120, width=90, n_dates=20, n_ps=40, seed=5)
    stack = write_stack(str(tmp_path / "stack.tif"), data)
    here = scan_amplitude_stack(stack, dispersion_path=str(tmp_path / "here.tif"),
                                budget_bytes=20_000)
    there = scan_amplitude_stack(stack, dispersion_path=str(tmp_path / "there.tif"),
                                 budget_bytes=20_000, windows_map=ClusterMap(client))
    np.testing.assert_array_equal(there.rows, here.rows)
    np.testing.assert_array_equal(there.cols, here.cols)
    assert there.scene_mean_amplitude == pytest.approx(here.scene_mean_amplitude, rel=1e-12)
    np.testing.assert_array_equal(read(tmp_path / "there.tif"), read(tmp_path / "here.tif"))
