"""Without the scientific packages the plugin still loads, lists its
algorithms, and each algorithm refuses with the pip command."""
import subprocess
import sys
import textwrap

import pytest
from qgis_harness import PLUGINS_DIR, REPO_ROOT

SCRIPT = textwrap.dedent("""
    import importlib.abc, os, sys
    BLOCKED = {"numpy", "scipy", "rasterio", "torch", "affine"}

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named '{name}'")
            return None

    sys.meta_path.insert(0, Block())
    sys.path.insert(0, PLUGINS_DIR)
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProcessingException
    app = QgsApplication([], False)
    app.initQgis()
    import minewatch
    plugin = minewatch.classFactory(None)
    plugin.initProcessing()
    provider = QgsApplication.processingRegistry().providerById("minewatch")
    algs = sorted(a.id() for a in provider.algorithms())
    print("ALGS", algs)
    alg = QgsApplication.processingRegistry().createAlgorithmById("minewatch:selectpscandidates")
    try:
        alg.processAlgorithm({}, QgsProcessingContext(), QgsProcessingFeedback())
    except QgsProcessingException as exc:
        print("ERROR", exc.args[0].replace(chr(10), " "))
    print("LOADED", sorted(m for m in BLOCKED if m in sys.modules))
""")


@pytest.mark.slow
def test_plugin_loads_without_scientific_packages():
    code = f"PLUGINS_DIR = {PLUGINS_DIR!r}\n" + SCRIPT
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    assert "minewatch:selectpscandidates" in out
    error = next(line for line in out.splitlines() if line.startswith("ERROR"))
    assert "numpy" in error and "rasterio" in error
    assert '-m pip install --only-binary=:all: "numpy>=1.24,<3" "rasterio>=1.4,<2"' in error
    assert "LOADED []" in out
