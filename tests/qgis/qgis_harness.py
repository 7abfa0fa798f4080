"""Headless QGIS harness: start one QGIS for the whole session, with
Processing and the MineWatch provider registered, and offer a
``qgis_process.bin`` runner that uses an isolated QGIS profile."""
import os
import sys

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsProcessingFeedback  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLUGINS_DIR = REPO_ROOT  # holds the plugin folder minewatch/

QGIS_APP = QgsApplication([], False)
QGIS_APP.initQgis()
sys.path.append(os.path.join(QgsApplication.pkgDataPath(), "python", "plugins"))

from processing.core.Processing import Processing  # noqa: E402

Processing.initialize()

import minewatch  # noqa: E402

sys.path.insert(0, os.path.join(REPO_ROOT, "scripts"))
from qgis_runner import QgisProcess, qgis_process_env  # noqa: E402,F401 - re-exported for tests

# keep the plugin object alive, or the provider is deleted under us
PLUGIN = minewatch.classFactory(None)
PLUGIN.initProcessing()


def model_output(model, child_id, name):
    """The parameter name of a graphical model's output: "child:name" up to
    QGIS 3.3x, the output's own name from 3.40 on."""
    names = [p.name() for p in model.destinationParameterDefinitions()]
    for candidate in (f"{child_id}:{name}", name):
        if candidate in names:
            return candidate
    raise KeyError(f"{child_id}:{name} not among the model's outputs {names}")


@pytest.fixture(scope="session")
def plugin():
    return PLUGIN


@pytest.fixture(scope="session")
def qgis_process(tmp_path_factory):
    return QgisProcess(tmp_path_factory.mktemp("qgis_profile"))


class WarningLog(QgsProcessingFeedback):
    """A Processing feedback that keeps the warnings, errors and log lines
    it was given."""

    def __init__(self):
        super().__init__()
        self.warnings = []
        self.infos = []
        self.errors = []

    def reportError(self, text, fatal=False):  # noqa: N802 - QGIS API
        self.errors.append(text)
        super().reportError(text, fatal)

    def pushWarning(self, text):  # noqa: N802 - QGIS API
        self.warnings.append(text)
        super().pushWarning(text)

    def pushInfo(self, text):  # noqa: N802 - QGIS API
        self.infos.append(text)
        super().pushInfo(text)


def small_inputs(folder):
    """Small inputs for every algorithm family, written into ``folder``:
    an amplitude ``stack``, a PS scene ``gpkg`` (ps, buildings) and its
    EGMS-like ``csv``, a 4-band ``image``, two land-damage class maps of
    two dates (``classes_2021``, ``classes_2022``); the ``scene`` itself."""
    import numpy as np
    from tiled_testlib import smooth_image, write_raster

    from devkit.insar_sim.amplitude import simulate_amplitude_stack, write_stack
    from devkit.insar_sim.ps_simulator import simulate_scene, write_egms_csv, write_gpkg

    data, _, _ = simulate_amplitude_stack(height=30, width=40, n_dates=10, n_ps=6, seed=4)
    scene = simulate_scene(n_points=1500, n_buildings=150, n_dates=24, revisit_days=12,
                           n_bowls=1, seed=6)
    gpkg, csv = str(folder / "scene.gpkg"), str(folder / "scene.csv")
    write_gpkg(scene, gpkg)
    write_egms_csv(scene, csv)
    before = np.full((1, 48, 48), 3, np.uint8)  # vegetation
    before[0, 5:20, 5:20] = 1                    # an open pit, restored later
    after = before.copy()
    after[0, 5:20, 5:20] = 3
    after[0, 30:45, 0:30] = 6                    # a new waste dump
    return {"stack": write_stack(str(folder / "stack.tif"), data), "gpkg": gpkg, "csv": csv,
            "image": write_raster(folder / "image.tif", smooth_image(48, 48)), "scene": scene,
            "amplitudes": data,
            "classes_2021": write_raster(folder / "classes_2021.tif", before),
            "classes_2022": write_raster(folder / "classes_2022.tif", after)}
