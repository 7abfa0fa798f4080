"""The QGIS desktop as a user meets it, under a virtual screen (Xvfb): the
plugin loads from a private profile, its menu entry exists, every
algorithm dialog and the dependency dialog open without Python errors, a
batch run with its optional outputs left blank succeeds;
screenshots land in build/gui-smoke/ (one of them is in the README)."""
import json
import os
import shutil
import signal
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHOTS = os.path.join(REPO, "build", "gui-smoke")


def styled_class_map(folder):
    """A small synthetic scene and its land-damage class map with .qml
    styles (natural colours; classes, background transparent)."""
    from devkit.scenes.mine import generate_mine_scene
    from minewatch.core.classmap.style import write_qml
    from minewatch.models.classes import LAND_DAMAGE_CLASSES

    image, labels = os.path.join(folder, "scene.tif"), os.path.join(folder, "land_damage.tif")
    generate_mine_scene(image, labels, size=384, seed=3)
    write_qml(labels, LAND_DAMAGE_CLASSES)
    return image, labels


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_desktop_loads_the_plugin_and_opens_every_dialog(tmp_path, locale):
    """In English and in Chinese (the screenshots of each in build/gui-smoke/<locale>/)."""
    assert shutil.which("xvfb-run"), "xvfb-run is missing: `make setup` installs xvfb"
    assert shutil.which("qgis"), "the QGIS desktop is missing: `make setup` installs qgis"
    shots = os.path.join(SHOTS, locale)
    if os.path.isdir(shots):
        shutil.rmtree(shots)
    os.makedirs(shots)
    profiles = tmp_path / "profiles"
    ini = profiles / "profiles" / "smoke" / "QGIS"
    ini.mkdir(parents=True)
    (ini / "QGIS3.ini").write_text("[PythonPlugins]\nminewatch=true\n\n[qgis]\n"
                                   "checkVersion=false\nshowTips=false\n\n[locale]\n"
                                   f"overrideFlag=true\nuserLocale={locale}\n")
    env = dict(os.environ, MINEWATCH_SMOKE_OUT=shots,
               MINEWATCH_SMOKE_STYLED=os.pathsep.join(styled_class_map(str(tmp_path))))
    env.pop("QT_QPA_PLATFORM", None)  # a real (virtual) screen, not offscreen
    env.pop("QGIS_CUSTOM_CONFIG_PATH", None)
    command = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", "qgis", "--profiles-path",
               str(profiles), "--profile", "smoke", "--nologo", "--noversioncheck", "--code",
               os.path.join(HERE, "gui", "smoke_in_qgis.py")]
    # its own process group: a hung desktop is killed whole (xvfb-run, Xvfb, qgis)
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=240)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    report = os.path.join(shots, "smoke.json")
    assert os.path.exists(report), out[-3000:] + err[-3000:]
    with open(report, encoding="utf-8") as f:
        seen = json.load(f)
    assert "exception" not in seen, seen["exception"]
    assert seen["plugin_loaded"]
    assert any(word in text for text in seen["menu"] for word in ("dependencies", "依赖")), \
        seen["menu"]
    from minewatch.processing_provider.graphical_models import graphical_model_files
    from minewatch.processing_provider.provider import ALGORITHMS

    assert len(seen["dialogs"]) == len(ALGORITHMS) + len(graphical_model_files())
    assert seen["errors"] == []
    assert seen["no_help_button"] == []  # each dialog's Help opens its manual page
    batch = seen["batch"]  # blank optional outputs in a batch row (issue 30)
    assert locale != "en" or "failed" not in batch["log"], batch["log"]
    assert "change.tif" in batch["files"], batch
    assert not [f for f in batch["files"] if f.endswith(".partial")], batch
    for path in seen["screenshots"]:
        assert os.path.getsize(path) > 5000, path  # a real picture, not an empty grab
