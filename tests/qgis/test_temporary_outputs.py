"""Temporary vector outputs as the algorithm dialog asks for them (an
output definition with a destination project): every layer the run
registers for loading exists, so QGIS never reports "The following layers
were not correctly generated" for a layer it did load."""
import os

import pytest
from qgis.core import (
    QgsApplication,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingUtils,
    QgsProject,
)
from qgis_harness import WarningLog, small_inputs


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return small_inputs(tmp_path_factory.mktemp("temporary"))


def as_dialog_would(algorithm_id, params, styles=None):
    """Run like the algorithm dialog: every vector destination a temporary
    layer to load into the project. Returns, per layer to load, whether it
    exists and is valid (checked while the run's context still holds it)."""
    algorithm = QgsApplication.processingRegistry().createAlgorithmById(algorithm_id)
    for definition in algorithm.destinationParameterDefinitions():
        if definition.type() == "sink" and definition.name() not in params:
            params[definition.name()] = QgsProcessingOutputLayerDefinition(
                QgsProcessing.TEMPORARY_OUTPUT, QgsProject.instance())
    styles = {} if styles is None else styles
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    _, ok = algorithm.run(params, context, QgsProcessingFeedback())
    assert ok
    found = {}
    for key, details in context.layersToLoadOnCompletion().items():
        layer = QgsProcessingUtils.mapLayerFromString(key, context)
        found[key] = layer is not None and layer.isValid()
        styles[details.name] = None
        if found[key] and details.postProcessor() is not None:
            # what QGIS does when it adds the layer to the project
            details.postProcessor().postProcessLayer(layer, context, QgsProcessingFeedback())
            renderer = layer.renderer()
            styles[details.name] = (renderer.type(), getattr(renderer, "classAttribute",
                                                             lambda: "")())
    return found


@pytest.mark.parametrize("algorithm_id,params", [
    ("minewatch:selectpscandidates", lambda d: {"INPUT": d["stack"]}),
    ("minewatch:detectsubsidenceanomalies",
     lambda d: {"PS_POINTS": f"{d['gpkg']}|layername=ps",
                "BUILDINGS": f"{d['gpkg']}|layername=buildings"}),
    ("minewatch:classifylanddamage",
     lambda d: {"INPUT": d["image"], "OUTPUT": QgsProcessing.TEMPORARY_OUTPUT}),
    ("minewatch:extractbuildings", lambda d: {"INPUT": d["image"], "BANDS": "3,2,1",
                                              "USE_CRF": False}),
    ("minewatch:detectlanddamagechange",
     lambda d: {"EARLIER": d["classes_2021"], "LATER": d["classes_2022"],
                "OUTPUT": QgsProcessing.TEMPORARY_OUTPUT}),
])
@pytest.mark.slow
def test_every_layer_to_load_exists(inputs, algorithm_id, params):
    loaded = as_dialog_would(algorithm_id, params(inputs))
    assert loaded
    assert [key for key, ok in loaded.items() if not ok] == []


def test_vector_outputs_load_styled(inputs):
    """Class polygons by class colour and name; the suspected sites by score
    and their PS by cumulative settlement."""
    styles = {}
    as_dialog_would("minewatch:classifylanddamage",
                    {"INPUT": inputs["image"], "OUTPUT": QgsProcessing.TEMPORARY_OUTPUT}, styles)
    assert ("categorizedSymbol", "class") in styles.values()
    styles.clear()
    as_dialog_would("minewatch:detectsubsidenceanomalies",
                    {"PS_POINTS": f"{inputs['gpkg']}|layername=ps",
                     "BUILDINGS": f"{inputs['gpkg']}|layername=buildings"}, styles)
    assert ("graduatedSymbol", "score") in styles.values()
    assert ("graduatedSymbol", "cum_mm") in styles.values()


def as_batch_would(algorithm_id, params, folder):
    """Run like the batch dialog with only the required outputs filled in: a
    blank output definition for every optional layer output, '' for every
    optional file output (what its table passes for an empty cell)."""
    algorithm = QgsApplication.processingRegistry().createAlgorithmById(algorithm_id)
    blank = []
    for definition in algorithm.destinationParameterDefinitions():
        name = definition.name()
        if name in params:
            continue
        is_layer = definition.type() in ("sink", "rasterDestination", "vectorDestination")
        if definition.flags() & definition.FlagOptional:
            params[name] = QgsProcessingOutputLayerDefinition("", QgsProject.instance()) \
                if is_layer else ""
            blank.append(name)
        else:
            extension = definition.defaultFileExtension()
            params[name] = str(folder / (f"{name}.{extension}" if extension else name))
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = WarningLog()
    results, ok = algorithm.run(params, context, feedback)
    assert ok, feedback.errors
    return blank, results


@pytest.mark.parametrize("algorithm_id,params", [
    ("minewatch:classifylanddamage", lambda d: {"INPUT": d["image"]}),
    ("minewatch:detectlanddamagechange",
     lambda d: {"EARLIER": d["classes_2021"], "LATER": d["classes_2022"]}),
    ("minewatch:extractbuildings", lambda d: {"INPUT": d["image"], "BANDS": "3,2,1",
                                              "USE_CRF": False}),
    ("minewatch:detectsubsidenceanomalies",
     lambda d: {"PS_POINTS": f"{d['gpkg']}|layername=ps",
                "BUILDINGS": f"{d['gpkg']}|layername=buildings"}),
])
def test_blank_optional_outputs_in_a_batch_row_are_skipped(inputs, algorithm_id, params,
                                                           tmp_path):
    """Issue 30: a blank optional output in the batch dialog is 'not wanted'
    (it used to be taken for a wanted output: the run failed at the end
    and deleted every output)."""
    blank, results = as_batch_would(algorithm_id, params(inputs), tmp_path)
    assert blank
    written = sorted(os.listdir(tmp_path))
    assert written and all(not name.endswith(".partial") for name in written), written
    for name, value in results.items():
        if name not in blank and isinstance(value, str) and str(tmp_path) in value:
            assert os.path.exists(value.split("|")[0]), (name, value)
    assert not [name for name in blank if results.get(name)], results
