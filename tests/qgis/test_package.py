"""``make package`` output installs into QGIS and the dialog renders."""
import os
import subprocess
import sys
import zipfile

import pytest
import rasterio
from qgis_harness import REPO_ROOT, QgisProcess

sys.path.insert(0, os.path.join(REPO_ROOT, "scripts"))
from plugin_check import validate_zip  # noqa: E402


@pytest.mark.slow
def test_zip_installs_into_a_plugins_folder_and_runs(tmp_path):
    out = subprocess.run([sys.executable, os.path.join(REPO_ROOT, "scripts", "package.py"),
                          "--out", str(tmp_path)], check=True, capture_output=True,
                         text=True).stdout.strip()
    assert validate_zip(out) == []
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert all(n.startswith("minewatch/") for n in names)
        assert "minewatch/metadata.txt" in names and "minewatch/__init__.py" in names
        assert "minewatch/LICENSE" in names
        assert "minewatch/models/weights/land_damage_default.safetensors" in names
        top = {n.split("/")[1] for n in names}
        assert not top & {"tests", "bench", "scripts", "devkit", ".ci", ".venv", "docs"}
        # an allow-list: no translation source, cache or development file
        assert not [n for n in names if n.endswith((".ts", ".pyc", ".orig", ".sh"))]
        # no generator, simulator or test-only reference anywhere in the zip
        assert not [n for n in names if any(word in n for word in (
            "synthetic", "simulat", "_exact", "polygon_matching", "quicklook", "testlib"))]
        plugins = tmp_path / "plugins"
        archive.extractall(plugins)
    runner = QgisProcess(tmp_path / "profile", plugins_dir=str(plugins))
    # only the installed copy can be found: not the checkout's minewatch/
    runner.env["PYTHONPATH"] = os.pathsep.join(
        p for p in runner.env.get("PYTHONPATH", "").split(os.pathsep)
        if p and os.path.realpath(p) != os.path.realpath(REPO_ROOT))
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
    for requirement in REQUIREMENTS.values():
        assert requirement.pip_name in text
        assert f">= {requirement.minimum}, < {requirement.below}" in text
    assert "cpu" in text
    assert "Everything MineWatch needs is installed" in text


def test_dependency_dialog_shows_install_command(monkeypatch):
    from minewatch.core.common import deps
    from minewatch.ui.dependency_dialog import report_html

    monkeypatch.setitem(deps.REQUIREMENTS, "no_such_mod_mw",
                        deps.Requirement("no-such-mod", "1.2", "2"))
    html = report_html(deps.dependency_report())
    assert "missing" in html and "no-such-mod&gt;=1.2,&lt;2" in html


def test_dependency_dialog_marks_newer_versions_in_amber_and_refuses_old_host_packages(
        monkeypatch):
    import numpy

    from minewatch.core.common import deps
    from minewatch.ui.dependency_dialog import DependencyDialog, report_html

    # numpy as found, but newer than the range
    monkeypatch.setitem(deps.REQUIREMENTS, "numpy", deps.Requirement("numpy", "0.1", "1.0"))
    html = report_html(deps.dependency_report())
    assert f"<span style='color:#b26a00'>{numpy.__version__}</span>" in html
    # QGIS's own numpy older than the range: never installed over it, said why
    monkeypatch.setitem(deps.REQUIREMENTS, "numpy", deps.Requirement("numpy", "99.0", "100"))
    dialog = DependencyDialog()
    assert "numpy" not in dialog.missing and not dialog.install_button.isEnabled()
    text = dialog.browser.toPlainText()
    assert f"QGIS's own numpy {numpy.__version__} is older than MineWatch needs" in text
    assert "pip install" not in text


def tiny_wheel(folder, name="mw_tiny_pkg", version="1.0", requires=()):
    """A minimal pure-Python wheel built by hand (no network, no build tools)."""
    import base64
    import hashlib

    requires_lines = "".join(f"Requires-Dist: {r}\n" for r in requires)
    files = {f"{name}.py": f"__version__ = '{version}'\n",
             f"{name}-{version}.dist-info/METADATA":
                 f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{requires_lines}",
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


def run_install(dialog, folder):
    process = dialog.install(folder)
    assert process is not None, dialog.log.toPlainText()
    assert dialog.wait(300_000), dialog.log.toPlainText()
    return dialog.log.toPlainText()


@pytest.mark.slow
def test_install_button_installs_into_a_target_folder(tmp_path):
    """The dialog's Install runs pip for QGIS's Python into a folder of the
    profile; a small package lands there and imports afterwards (a local
    wheel, so the test needs no network)."""
    import importlib

    from minewatch.ui.dependency_dialog import DependencyDialog

    dialog = DependencyDialog()
    dialog.source.setCurrentIndex(dialog.source.findData("pypi"))
    dialog.missing = [tiny_wheel(tmp_path)]
    folder = str(tmp_path / "minewatch-packages")
    log = run_install(dialog, folder)
    assert "Installed: mw_tiny_pkg 1.0. Restart QGIS" in log, log[-3000:]
    assert sys.path[-1] == folder  # last on the path: it never shadows QGIS's packages
    try:
        module = importlib.import_module("mw_tiny_pkg")
        assert module.__file__.startswith(folder) and module.__version__ == "1.0"
    finally:
        sys.path.remove(folder)


@pytest.mark.slow
def test_install_from_a_folder_of_wheels_keeps_qgis_own_packages(tmp_path):
    """An intranet install from a wheelhouse: no index is asked; a package
    that depends on numpy gets QGIS's own numpy, never a second copy, even
    when the wheelhouse holds one."""
    import importlib

    import numpy

    from minewatch.ui.dependency_dialog import DependencyDialog

    wheels = tmp_path / "wheelhouse"
    wheels.mkdir()
    tiny_wheel(wheels, "mw_needs_numpy", "2.0", requires=["numpy>=1.0"])
    tiny_wheel(wheels, "numpy", numpy.__version__)  # a stand-in copy of QGIS's numpy
    dialog = DependencyDialog()
    dialog.source.setCurrentIndex(dialog.source.findData("folder"))
    dialog.location.setText(str(wheels))
    dialog.missing = ["mw_needs_numpy"]
    folder = tmp_path / "minewatch-packages"
    log = run_install(dialog, str(folder))
    assert "--no-index" in log and str(wheels) in log
    assert "Chosen for Python" in log and "mw_needs_numpy==2.0" in log
    assert " numpy==" not in log and "numpy-" not in log.replace("mw_needs_numpy-", "")  # QGIS's numpy is used, never downloaded
    assert "Installed: mw_needs_numpy 2.0." in log
    assert sorted(set(os.listdir(folder)) - {"__pycache__"}) == [
        "mw_needs_numpy-2.0.dist-info", "mw_needs_numpy.py"]
    try:
        importlib.invalidate_caches()
        assert importlib.import_module("mw_needs_numpy").__version__ == "2.0"
        assert importlib.import_module("numpy").__file__ == numpy.__file__
    finally:
        sys.path.remove(str(folder))
    # a missing folder is said plainly, nothing runs
    dialog.location.setText(str(tmp_path / "absent"))
    assert dialog.install(str(folder)) is None
    assert "does not exist" in dialog.log.toPlainText()


@pytest.mark.slow
def test_a_package_that_breaks_qgis_imports_is_not_kept(tmp_path, monkeypatch):
    """After pip, QGIS's own imports are checked with the new packages on
    the path; when they fail, nothing is installed."""
    from minewatch.ui import dependency_dialog
    from minewatch.ui.dependency_dialog import DependencyDialog

    monkeypatch.setattr(dependency_dialog, "check_command", lambda staging, names: (
        sys.executable, ["-c", "print('MINEWATCH-CHECK {\"scipy.ndimage\": \"ImportError: x\"}')"]))
    dialog = DependencyDialog()
    dialog.source.setCurrentIndex(dialog.source.findData("pypi"))
    dialog.missing = [tiny_wheel(tmp_path)]
    folder = tmp_path / "minewatch-packages"
    log = run_install(dialog, str(folder))
    assert "could not import scipy.ndimage: ImportError: x. Nothing was changed." in log
    assert not folder.exists() or not os.listdir(folder)
    assert not (tmp_path / "minewatch-packages.work" / "staging").exists()
