"""MineWatch in Chinese: with the QGIS profile's locale set to zh_CN,
qgis_process.bin prints the algorithms' Chinese names and help, a bad input
gives the Chinese error, and Classify Land Damage writes a Chinese
statistics report; the English run is unchanged (every other test)."""
import os
import re
import sys

import numpy as np
import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts"))

import i18n  # noqa: E402
from qgis_runner import QgisProcess  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
TOO_FEW_IMAGES = "The raster has {bands} band(s); PS selection needs a stack"


@pytest.fixture(scope="module")
def chinese(tmp_path_factory):
    """qgis_process.bin in a profile whose interface locale is zh_CN."""
    runner = QgisProcess(str(tmp_path_factory.mktemp("zh_profile")))
    ini = os.path.join(runner.env["QGIS_CUSTOM_CONFIG_PATH"], "profiles", "default", "QGIS",
                       "QGIS3.ini")
    with open(ini, "a", encoding="utf-8") as f:
        f.write("\n[locale]\noverrideFlag=true\nuserLocale=zh_CN\n")
    return runner


def translation(source):
    done = i18n.read_ts()
    assert done.get(source), f"no translation of {source!r}"
    return done[source]


@pytest.mark.parametrize("algorithm,name", [
    ("minewatch:detectsubsidenceanomalies", "Detect Subsidence Anomalies"),
    ("minewatch:classifylanddamage", "Classify Land Damage")])
@pytest.mark.slow
def test_help_speaks_chinese(chinese, algorithm, name):
    out = chinese("help", algorithm, check=True).stdout
    assert translation(name) in out
    assert len(CJK.findall(out)) > 200  # the help text, not just the name


@pytest.mark.slow
def test_a_bad_input_gives_the_chinese_error(chinese, tmp_path):
    from devkit.insar_sim.amplitude import write_stack

    path = write_stack(str(tmp_path / "one.tif"), np.ones((1, 4, 4), np.float32))
    rc, _, proc = chinese.run_json("minewatch:selectpscandidates", INPUT=path,
                                   OUTPUT=str(tmp_path / "o.gpkg"))
    assert rc != 0
    text = proc.stdout + proc.stderr
    source = next(s for s in i18n.read_ts() if s.startswith(TOO_FEW_IMAGES))
    fixed = [part for part in re.split(r"\{[^}]*\}", translation(source)) if part.strip()]
    assert all(part.strip() in text for part in fixed), text[-1500:]


@pytest.mark.slow
def test_statistics_report_in_chinese(tmp_path):
    """In-process: the same translator the plugin installs for zh_CN."""
    import processing

    from minewatch.plugin import translation_file

    translator = QTranslator()
    assert translator.load(translation_file("zh_CN"))
    QCoreApplication.installTranslator(translator)
    try:
        from tiled_testlib import smooth_image, write_raster

        image = write_raster(tmp_path / "scene.tif", smooth_image(64, 64).astype(np.uint16))
        result = processing.run("minewatch:classifylanddamage", {
            "INPUT": image, "OUTPUT": str(tmp_path / "classes.tif"),
            "OUTPUT_STATS": str(tmp_path / "stats.html")})
        text = open(result["OUTPUT_STATS"], encoding="utf-8").read()
        assert translation("Land damage statistics") in text
        algorithm = QgsApplication.processingRegistry().algorithmById(
            "minewatch:classifylanddamage")
        assert algorithm.displayName() == translation("Classify Land Damage")
    finally:
        QCoreApplication.removeTranslator(translator)
    assert algorithm.displayName() == "Classify Land Damage"  # back to English
