"""``make package`` output installs into QGIS and the dialog renders."""
import os
import subprocess
import sys
import zipfile

import rasterio
from qgis_harness import REPO_ROOT, QgisProcess


def test_zip_installs_into_a_plugins_folder_and_runs(tmp_path):
    out = subprocess.run([sys.executable, os.path.join(REPO_ROOT, "scripts", "package.py"),
                          "--out", str(tmp_path)], check=True, capture_output=True,
                         text=True).stdout.strip()
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert all(n.startswith("minewatch/") for n in names)
        assert "minewatch/metadata.txt" in names and "minewatch/__init__.py" in names
        assert "minewatch/LICENSE" in names
        assert "minewatch/models/weights/land_damage_default.safetensors" in names
        top = {n.split("/")[1] for n in names}
        assert not top & {"tests", "bench", "scripts", "devkit", ".ci", ".venv", "docs"}
        # no generator, simulator or test-only reference anywhere in the zip
        assert not [n for n in names if any(word in n for word in (
            "synthetic", "simulat", "_exact", "polygon_matching", "quicklook", "testlib"))]
        plugins = tmp_path / "plugins"
        archive.extractall(plugins)
    runner = QgisProcess(tmp_path / "profile", plugins_dir=str(plugins))
    # only the installed copy can be found: not the checkout's build/plugins link
    runner.env["PYTHONPATH"] = os.pathsep.join(
        p for p in runner.env.get("PYTHONPATH", "").split(os.pathsep)
        if p and os.path.realpath(p) != os.path.realpath(os.path.dirname(REPO_ROOT))
        and "build/plugins" not in p)
    listing = runner("list", check=True).stdout
    for algorithm in ("selectpscandidates", "detectsubsidenceanomalies", "classifylanddamage",
                      "createtrainingsamples", "trainsegmentationmodel", "evaluatesegmentation",
                      "comparemodels", "extractbuildings"):
        assert f"minewatch:{algorithm}" in listing
    # the installed copy runs the whole inference path with its shipped model
    image = write_image(tmp_path / "scene.tif")
    rc, data, proc = runner.run_json("minewatch:classifylanddamage", INPUT=image,
                                     OUTPUT=str(tmp_path / "classes.tif"), DEVICE=1)
    assert rc == 0, proc.stdout + proc.stderr
    assert data["results"]["DEVICE_USED"] == "cpu"
    with rasterio.open(tmp_path / "classes.tif") as ds:
        classes = ds.read(1)
    assert classes.shape == (96, 128) and classes.max() < 8
    assert data["results"]["AREA_CLASSIFIED_M2"] == 96 * 128 * 4.0


def write_image(path):
    """A small 4-band uint16 image at 2 m, like the shipped model's input."""
    import numpy as np
    from rasterio.transform import from_origin

    rng = np.random.default_rng(3)
    data = (rng.normal(600, 150, (4, 96, 128))).clip(1, 4000).astype("uint16")
    with rasterio.open(path, "w", driver="GTiff", width=128, height=96, count=4, dtype="uint16",
                       crs="EPSG:32650", transform=from_origin(500000, 4000000, 2, 2)) as ds:
        ds.write(data)
    return str(path)


def test_dependency_dialog_lists_packages():
    from minewatch.core.common.deps import REQUIREMENTS
    from minewatch.ui.dependency_dialog import DependencyDialog

    dialog = DependencyDialog()
    text = dialog.browser.toPlainText()
    for pip_name, _ in REQUIREMENTS.values():
        assert pip_name in text
    assert "cpu" in text
    assert "Everything MineWatch needs is installed" in text


def test_dependency_dialog_shows_install_command(monkeypatch):
    from minewatch.core.common import deps
    from minewatch.ui.dependency_dialog import report_html

    monkeypatch.setitem(deps.REQUIREMENTS, "no_such_mod_mw", ("no-such-mod", "1.2"))
    html = report_html(deps.dependency_report())
    assert "missing" in html and "pip install no-such-mod==1.2" in html


def test_dependency_dialog_marks_older_versions_in_amber(monkeypatch):
    import numpy

    from minewatch.core.common import deps
    from minewatch.ui.dependency_dialog import report_html

    # numpy as found, but "tested with" a far newer release
    monkeypatch.setitem(deps.REQUIREMENTS, "numpy", ("numpy", "99.0"))
    html = report_html(deps.dependency_report())
    assert f"<span style='color:#b26a00'>{numpy.__version__}</span>" in html


def tiny_wheel(folder, name="mw_tiny_pkg", version="1.0"):
    """A minimal pure-Python wheel built by hand (no network, no build tools)."""
    import base64
    import hashlib

    files = {f"{name}.py": f"__version__ = '{version}'\n",
             f"{name}-{version}.dist-info/METADATA":
                 f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
             f"{name}-{version}.dist-info/WHEEL":
                 "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{path},sha256={digest.decode()},{len(text.encode())}")
    record_path = f"{name}-{version}.dist-info/RECORD"
    files[record_path] = "\n".join(record + [f"{record_path},,"]) + "\n"
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return str(wheel)


def test_install_button_installs_into_a_target_folder(tmp_path):
    """The dialog's Install runs pip for QGIS's Python into a folder of the
    profile; a small package lands there and imports afterwards (a local
    wheel, so the test needs no network)."""
    import importlib
    import sys

    from minewatch.ui.dependency_dialog import DependencyDialog

    dialog = DependencyDialog()
    dialog.missing = [tiny_wheel(tmp_path)]
    folder = str(tmp_path / "minewatch-packages")
    process = dialog.install(folder)
    assert process.waitForFinished(180_000) and process.exitCode() == 0, \
        dialog.log.toPlainText()
    assert "Installed. Restart QGIS" in dialog.log.toPlainText()
    assert folder in sys.path  # first on the path for this session too
    try:
        module = importlib.import_module("mw_tiny_pkg")
        assert module.__file__.startswith(folder) and module.__version__ == "1.0"
    finally:
        sys.path.remove(folder)
