"""The shipped graphical model "Annual land-damage monitoring" on a
synthetic two-date scene (devkit/scenes/mine_pair.py: a pit that grows, a
tailings pond extended, a dump reclaimed, a new dump, gain/offset/haze and
clouds): it is listed and runs from processing.run and qgis_process.bin;
the change of the true class maps is pixel-exact; through the cloud mask,
harmonisation and the demonstration classifier the totals stay close."""
import numpy as np
import processing
import pytest
import rasterio
from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingModelAlgorithm,
    QgsProcessingOutputLayerDefinition,
    QgsProject,
)

from minewatch.core.landdamage.change import (
    NEW_DAMAGE,
    RESTORED,
    change_kind,
    measure_change,
)
from minewatch.models.classes import LAND_DAMAGE_CLASSES as CLASSES

MODEL = "minewatch:Annual land-damage monitoring"


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    from devkit.scenes.mine_pair import generate_mine_pair

    return generate_mine_pair(str(tmp_path_factory.mktemp("pair")), size=256, seed=2)


def truth_km2(pair):
    """New damage and restored land (km²) counted pixel by pixel."""
    with rasterio.open(pair["earlier_labels"]) as a, rasterio.open(pair["later_labels"]) as b:
        before, after, pixel = a.read(1), b.read(1), abs(a.transform.a * a.transform.e)
    kinds = np.array([[change_kind(x, y) for y in CLASSES] for x in CLASSES])
    kind = kinds[before, after]
    return ((kind == NEW_DAMAGE).sum() * pixel / 1e6, (kind == RESTORED).sum() * pixel / 1e6)


def test_true_class_maps_give_the_exact_change(pair, tmp_path):
    result = processing.run("minewatch:detectlanddamagechange", {
        "EARLIER": pair["earlier_labels"], "LATER": pair["later_labels"], "MIN_AREA": 0.0,
        "OUTPUT": str(tmp_path / "true_change.tif")})
    new, restored = truth_km2(pair)
    assert new > 0 and restored > 0
    assert result["NEW_DAMAGE_KM2"] == pytest.approx(new, rel=1e-9)
    assert result["RESTORED_KM2"] == pytest.approx(restored, rel=1e-9)


def without_inputs(path, out, names):
    """A copy of the model file ``path`` whose children lack the inputs
    ``names`` (as a file made before those inputs existed)."""
    import xml.etree.ElementTree as ET

    tree = ET.parse(path)
    for parent in list(tree.iter()):
        for option in [o for o in parent if o.get("name") in names]:
            parent.remove(option)
    tree.write(out, encoding="utf-8")


def test_the_model_file_and_the_toolbox_model_are_valid_in_the_modeler(tmp_path):
    """Issue 30: the Graphical Modeler called the shipped model invalid
    ("classify earlier: Parameter PRECISION is mandatory"): the file lacked
    inputs Classify gained after it was made."""
    from minewatch.processing_provider.graphical_models import ShippedGraphicalModel, graphical_model_files

    provider = QgsApplication.processingRegistry().providerById("minewatch")
    for path in graphical_model_files():
        from_file = QgsProcessingModelAlgorithm()
        assert from_file.fromFile(path)
        assert from_file.validate() == (True, []), path
    shipped = QgsApplication.processingRegistry().createAlgorithmById(MODEL)
    assert shipped.validate() == (True, [])
    assert shipped.groupId() == "landdamage"  # beside the land-damage algorithms
    assert shipped.group() == QgsApplication.processingRegistry().algorithmById(
        "minewatch:classifylanddamage").group()
    assert "annual_land_damage_monitoring.model3" in shipped.shortHelpString()  # where it is

    # a model file made before Classify had PRECISION: filled with its default on load
    old_file = str(tmp_path / "old.model3")
    without_inputs(graphical_model_files()[0], old_file, ("PRECISION", "RESAMPLE"))
    completed = ShippedGraphicalModel(old_file, provider).create()
    # QGIS 3.22 calls such a file invalid; 3.40 accepts it; either way it is completed
    assert "PRECISION" in completed.childAlgorithm("classify_earlier").parameterSources()
    assert completed.validate() == (True, [])


@pytest.mark.slow
def test_shipped_model_runs_from_processing(pair, tmp_path):
    model = QgsApplication.processingRegistry().createAlgorithmById(MODEL)
    assert model is not None
    project = QgsProject()
    params = {d.name(): "TEMPORARY_OUTPUT" for d in model.destinationParameterDefinitions()}
    params.update({"earlier": pair["earlier"], "later": pair["later"], "min_area": 100.0,
                   "change:change_OUTPUT": QgsProcessingOutputLayerDefinition(
                       str(tmp_path / "change.tif"), project),
                   "change:change_OUTPUT_REPORT": str(tmp_path / "change.html")})
    context = QgsProcessingContext()
    context.setProject(project)
    result, ok = model.run(params, context, QgsProcessingFeedback())
    assert ok
    # loaded layers are named by what they hold, not by their keys (change_OUTPUT)
    names = {details.name for details in context.layersToLoadOnCompletion().values()}
    assert "Land-damage change" in names and "change_OUTPUT" not in names, names
    measured = measure_change(result["change:change_OUTPUT"], CLASSES)
    new, restored = truth_km2(pair)
    # through clouds, haze and the demonstration model: totals within half
    # of the truth (per damage type the demonstration model errs more)
    assert measured.total_km2(NEW_DAMAGE) == pytest.approx(new, rel=0.5)
    assert measured.total_km2(RESTORED) == pytest.approx(restored, rel=0.5)
    report = open(result["change:change_OUTPUT_REPORT"], encoding="utf-8").read()
    assert "data:image/png;base64," in report
    # the model's intermediate maps are all named OUTPUT: the report names the images the
    # user gave, shows a map of the change and cites no temporary file of a step (issue 30)
    assert "Land-damage change earlier → later" in report
    assert "Map of the change" in report and "processing_" not in report


@pytest.mark.slow
def test_shipped_model_is_listed_and_runs_from_the_shell(qgis_process, pair, tmp_path):
    listed = qgis_process("list", check=True).stdout
    assert MODEL in listed
    out = tmp_path / "c.tif"
    rc, data, proc = qgis_process.run_json(MODEL, earlier=pair["earlier"], later=pair["later"],
                                           **{"change:change_OUTPUT": str(out)})
    assert rc == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert out.exists()


def test_an_output_over_a_model_input_is_refused_before_any_step(pair, tmp_path):
    """Issue 29: each step guards its own inputs, so the model's change map
    given the earlier image's path overwrote it at the last step; the chain
    is checked as a whole before anything runs."""
    import hashlib

    before = hashlib.sha256(open(pair["earlier"], "rb").read()).hexdigest()
    with pytest.raises(Exception, match="(?i)input"):
        processing.run(MODEL, {"earlier": pair["earlier"], "later": pair["later"],
                               "change:change_OUTPUT": pair["earlier"]})
    assert hashlib.sha256(open(pair["earlier"], "rb").read()).hexdigest() == before
    report = tmp_path / "r.html"
    with pytest.raises(Exception, match="(?i)input"):
        processing.run(MODEL, {"earlier": pair["earlier"], "later": pair["later"],
                               "change:change_OUTPUT": str(tmp_path / "c.tif"),
                               "change:change_OUTPUT_REPORT": pair["later"]})
    assert not report.exists() and not (tmp_path / "c.tif").exists()


def test_an_image_without_crs_is_refused_at_the_first_step(pair, tmp_path):
    """Issue 29: the model failed late on an image without a CRS, naming a
    file in QGIS's temporary folder; now its first step refuses it, naming
    the image."""
    from qgis_harness import WarningLog

    with rasterio.open(pair["later"]) as src:
        profile, data = src.profile, src.read()
    profile.update(crs=None)
    later = str(tmp_path / "later_nocrs.tif")
    with rasterio.open(later, "w", **profile) as dst:
        dst.write(data)
    feedback = WarningLog()
    with pytest.raises(Exception, match="(?i)error") as err:
        processing.run(MODEL, {"earlier": pair["earlier"], "later": later,
                               "change:change_OUTPUT": str(tmp_path / "c.tif")},
                       feedback=feedback)
    # the step's words: in the log (QGIS 3.22) or in the model's error (3.40, 3.44)
    said = " ".join([str(err.value)] + feedback.errors)
    assert "later_nocrs.tif" in said and "processing_" not in said, said
    assert not (tmp_path / "c.tif").exists()
