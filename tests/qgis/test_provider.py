"""The plugin loads, registers the provider, and unloads cleanly."""
import configparser
import os
import sys

from qgis.core import QgsApplication
from qgis_harness import REPO_ROOT


def test_provider_is_registered(plugin):
    provider = QgsApplication.processingRegistry().providerById("minewatch")
    assert provider is not None
    assert provider.id() == "minewatch" and provider.name() == "MineWatch"
    assert not provider.icon().isNull()
    ids = {alg.id() for alg in provider.algorithms()}
    assert "minewatch:selectpscandidates" in ids


def test_unload_and_reload():
    import minewatch

    other = minewatch.classFactory(None)
    registry = QgsApplication.processingRegistry()
    # the session plugin holds the id; a second instance must not clash
    # after the first is unloaded, so unload/reload through a fresh one
    from qgis_harness import PLUGIN

    PLUGIN.unload()
    assert registry.providerById("minewatch") is None
    other.initProcessing()
    assert registry.providerById("minewatch") is not None
    other.unload()
    assert registry.providerById("minewatch") is None
    PLUGIN.initProcessing()
    assert registry.providerById("minewatch") is not None


def test_metadata_is_complete():
    meta = configparser.ConfigParser()
    meta.read(os.path.join(REPO_ROOT, "minewatch", "metadata.txt"), encoding="utf-8")
    general = meta["general"]
    for key in ("name", "qgisMinimumVersion", "description", "about", "version",
                "author", "email", "repository", "tracker", "category", "tags",
                "hasProcessingProvider", "changelog", "icon"):
        assert general.get(key, "").strip(), key
    assert general["name"] == "MineWatch"
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["category"] == "Raster"
    assert general["hasProcessingProvider"] == "yes"
    assert os.path.exists(os.path.join(REPO_ROOT, "minewatch", general["icon"]))
    # offered to QGIS 4 (Qt 6) too
    assert general["qgisMaximumVersion"] == "4.99" and general["supportsQt6"] == "True"


def test_metadata_changelog_comes_from_changelog_md():
    sys.path.insert(0, os.path.join(REPO_ROOT, "scripts"))
    from changelog import metadata_changelog, versions

    meta = configparser.ConfigParser()
    meta.read(os.path.join(REPO_ROOT, "minewatch", "metadata.txt"), encoding="utf-8")
    def lines(text):  # configparser drops the continuation lines' indent
        return [line.strip() for line in text.strip().splitlines()]

    assert lines(meta["general"]["changelog"]) == lines(metadata_changelog())
    assert meta["general"]["version"] == versions()[0][0]


def test_every_algorithm_has_help_and_translatable_name(plugin):
    provider = QgsApplication.processingRegistry().providerById("minewatch")
    for alg in provider.algorithms():
        assert alg.displayName() and alg.shortHelpString()
        assert alg.group() and alg.groupId()


def test_dialog_labels_read_well(plugin):
    """No doubled "[optional]", display names for architectures, and as many
    decimals as the defaults need (not QGIS's six)."""
    from qgis.core import QgsApplication

    registry = QgsApplication.processingRegistry()
    for algorithm in registry.providerById("minewatch").algorithms():
        for definition in algorithm.parameterDefinitions():
            assert "[optional]" not in definition.description()
            if definition.type() == "number" and definition.dataType() == definition.Double:
                decimals = definition.metadata()["widget_wrapper"]["decimals"]
                assert 1 <= decimals <= 4
    train = registry.algorithmById("minewatch:trainsegmentationmodel")
    options = train.parameterDefinition("ARCHITECTURE").options()
    assert options[0] == "SENetV2-COT-DeepLabV3+ (paper)" and "U-Net" in options
    assert not [o for o in options if "_" in o]
    threshold = registry.algorithmById("minewatch:selectpscandidates").parameterDefinition(
        "DISPERSION_THRESHOLD")
    assert threshold.metadata()["widget_wrapper"]["decimals"] == 4  # minimum 0.0001


def test_demo_scene_opens_in_natural_colours(tmp_path):
    """The sample scene's bands are B, G, R, NIR; its default style shows
    red as red (QGIS would otherwise take bands 1, 2, 3 as R, G, B)."""
    from qgis.core import QgsRasterLayer

    from devkit.scenes.mine import generate_mine_scene

    image = str(tmp_path / "scene.tif")
    generate_mine_scene(image, str(tmp_path / "labels.tif"), size=128, seed=1)
    layer = QgsRasterLayer(image, "scene", "gdal")  # keep it: it owns its renderer
    renderer = layer.renderer()
    assert renderer.type() == "multibandcolor"
    assert (renderer.redBand(), renderer.greenBand(), renderer.blueBand()) == (3, 2, 1)


def test_every_algorithm_has_a_one_line_tooltip(plugin):
    from qgis.core import QgsApplication

    from minewatch.processing_provider.graphical_models import graphical_model_files
    from minewatch.processing_provider.provider import ALGORITHMS

    algorithms = QgsApplication.processingRegistry().providerById("minewatch").algorithms()
    assert len(algorithms) == len(ALGORITHMS) + len(graphical_model_files()) > len(ALGORITHMS)
    for algorithm in algorithms:
        text = algorithm.shortDescription()
        assert 20 < len(text) < 120 and "\n" not in text, algorithm.id()


def test_algorithms_carry_the_minewatch_icon(plugin):
    import os

    from qgis.core import QgsApplication, QgsProcessingModelAlgorithm

    for algorithm in QgsApplication.processingRegistry().providerById("minewatch").algorithms():
        if isinstance(algorithm, QgsProcessingModelAlgorithm):
            continue  # shipped models keep the modeler's icon: users see they are templates
        assert os.path.isfile(algorithm.svgIconPath()) and algorithm.svgIconPath().endswith("icon.svg")
        assert not algorithm.icon().isNull()


def test_help_texts_share_one_structure(plugin):
    """Every algorithm's full help (its manual page): what it does, then
    Inputs, Outputs, Units and conventions and a qgis_process example naming
    the algorithm, in that order."""
    from qgis.core import QgsApplication, QgsProcessingModelAlgorithm

    headings = ("<b>Inputs</b>", "<b>Outputs</b>", "<b>Units and conventions</b>",
                "<b>Example</b>")
    checked = 0
    for algorithm in QgsApplication.processingRegistry().providerById("minewatch").algorithms():
        if isinstance(algorithm, QgsProcessingModelAlgorithm):
            continue  # shipped graphical models carry the modeler's own help
        text = algorithm.help_text()
        positions = [text.find(heading) for heading in headings]
        assert -1 not in positions, (algorithm.id(), positions)
        assert positions == sorted(positions), (algorithm.id(), positions)
        assert not text.startswith("<b>"), algorithm.id()  # opens with what it does
        example = text[positions[-1]:]
        assert algorithm.id() in example, algorithm.id()
        checked += 1
    assert checked


def test_the_side_panel_is_short_and_help_opens_the_shipped_manual(plugin):
    """Issue 30: the side panel is a summary (what, inputs, outputs, example)
    and the Help button opens the algorithm's page of the manual shipped with
    the plugin (a local file: intranets have no internet)."""
    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QUrl

    for algorithm in QgsApplication.processingRegistry().providerById("minewatch").algorithms():
        summary = algorithm.shortHelpString()
        assert "<b>Inputs</b>" in summary and "Help button" in summary, algorithm.id()
        if hasattr(algorithm, "help_text") and "<b>Example</b>" in algorithm.help_text():
            assert len(summary) < len(algorithm.help_text()), algorithm.id()
            assert algorithm.id() in summary  # the example stays
        page = QUrl(algorithm.helpUrl()).toLocalFile()
        assert os.path.isfile(page), (algorithm.id(), algorithm.helpUrl())
        text = open(page, encoding="utf-8").read()
        assert algorithm.displayName() in text and "<table>" in text


def test_the_shipped_manual_matches_the_code(plugin):
    """The manual's pages are made from the help texts and parameters
    (`make manual`); a change to either without `make manual` fails here."""
    sys.path.insert(0, os.path.join(REPO_ROOT, "scripts"))
    from make_manual import stale_pages

    assert stale_pages() == []
