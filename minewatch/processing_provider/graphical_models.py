"""The graphical models shipped in ``models/`` (``.model3``), as the
toolbox and the Graphical Modeler show them.

A model file stores the child algorithms' inputs as they were when it was
made; an input an algorithm gained since (e.g. Classify's PRECISION) is
missing there, and the Modeler calls the model invalid ("Parameter … is
mandatory"). :class:`ShippedGraphicalModel` fills each such input with the
algorithm's default on load, and shows the model's name, group, help,
inputs and outputs in the user's language (the file stays English: it is
the template users copy). Its texts are defined once here and used by
``scripts/make_shipped_models.py`` that writes the file.
"""
import os

from qgis.core import QgsProcessingModelAlgorithm

from ..core.common.messages import translatable
from .algorithms.classify_land_damage import ClassifyLandDamage
from .algorithms.detect_subsidence_anomalies import DetectSubsidenceAnomalies
from .translate import tr

MODELS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "models")
# each model sits in the group of the algorithms it chains
LAND_DAMAGE_GROUP = (ClassifyLandDamage.GROUP, ClassifyLandDamage.GROUP_ID)
PS_INSAR_GROUP = (DetectSubsidenceAnomalies.GROUP, DetectSubsidenceAnomalies.GROUP_ID)

# the English texts of each shipped model, each translatable: its name, its
# help, and the description of each input (by name) and output (by key)
MONITORING = {
    "name": translatable("Annual land-damage monitoring"),
    "group": LAND_DAMAGE_GROUP,
    "short": translatable("Mask clouds, harmonise, classify two years and map new and restored "
                          "land-damage."),
    "help": translatable(
        "The yearly land-damage monitoring of a mine-management department in one run: clouds "
        "and their shadows are masked in both images, the later image is harmonised to the "
        "earlier one, both are classified with the same model, and the two class maps are "
        "compared: new damage and restored land per damage type, a change map, change polygons "
        "and an HTML report. Open it in the Graphical Modeler to change a step (e.g. the model "
        "file or the minimum mapping unit)."),
    "inputs": {"earlier": translatable("Earlier image (reference year)"),
               "later": translatable("Later image"),
               "model": translatable("Model file [empty: the shipped model]"),
               "min_area": translatable("Minimum mapping unit, m²")},
    "outputs": {"change_OUTPUT": translatable("Land-damage change"),
                "change_OUTPUT_POLYGONS": translatable("Change polygons"),
                "change_OUTPUT_REPORT": translatable("Change report")},
    # the report names the two maps by the images the user gave (the steps'
    # files are all called OUTPUT): {step: {its parameter: the model input}}
    "report_names": {"change": {"EARLIER_NAME": "earlier", "LATER_NAME": "later"}},
    "steps": {"clouds_earlier": translatable("clouds earlier"),
              "clouds_later": translatable("clouds later"),
              "harmonise": translatable("harmonise"),
              "classify_earlier": translatable("classify earlier"),
              "classify_later": translatable("classify later"),
              "change": translatable("change")},
}
UNLICENSED_MINING = {
    "name": translatable("Suspect unlicensed mining"),
    "group": PS_INSAR_GROUP,
    "short": translatable("Buildings from an optical image, PS settlement on them, suspected "
                          "mining sites outside the licensed areas."),
    "help": translatable(
        "The patent's workflow in one run: buildings are extracted from a high-resolution "
        "optical image (Extract Buildings), the PS-InSAR points on them are judged for the "
        "settlement of underground mining (Detect Subsidence Anomalies, subsidence bowls), and "
        "the suspected mining sites are told apart by the licensed mining areas: sites outside "
        "every licensed area are the ones to inspect first. Outputs: the suspected sites "
        "(labelled with their site number), their PS, the buildings with anomalous PS and the "
        "inspector's report. The PS and the image must overlap; the PS can be in any CRS "
        "(they are reprojected to the image's, which must be projected). Open it in the "
        "Graphical Modeler to change a step (e.g. the method or the minimum site score)."),
    "inputs": {"image": translatable("Optical image (buildings visible, about 0.3–1 m)"),
               "ps": translatable("PS points (one field per date)"),
               "licences": translatable("Licensed mining areas (polygons)"),
               "building_model": translatable("Building model file [empty: the shipped "
                                              "building model]")},
    "outputs": {"subsidence_OUTPUT_SITES": translatable("Suspected mining sites"),
                "subsidence_OUTPUT_POINTS": translatable("Anomalous building PS"),
                "subsidence_OUTPUT_BUILDINGS": translatable("Buildings with anomalous PS"),
                "subsidence_OUTPUT_REPORT": translatable("Inspector's report")},
    "steps": {"buildings": translatable("buildings"),
              "subsidence": translatable("subsidence")},
}
# texts of each shipped model by its (English) name
TEXTS = {MONITORING["name"]: MONITORING, UNLICENSED_MINING["name"]: UNLICENSED_MINING}


def graphical_model_files() -> list:
    """Paths of the graphical models shipped with the plugin (``.model3`` in
    ``models/``)."""
    return sorted(os.path.join(MODELS_DIR, name) for name in os.listdir(MODELS_DIR)
                  if name.endswith(".model3"))


def fill_child_defaults(model, provider) -> None:
    """Give every child input the model lacks its algorithm's default (a
    static value; the children are ``provider``'s algorithms): a file made
    before an input existed stays valid, and a template shows every input."""
    from qgis.core import QgsProcessingModelChildParameterSource

    for child_id, child in model.childAlgorithms().items():
        algorithm = provider.algorithm(child.algorithmId().split(":", 1)[-1])
        if algorithm is None:
            continue
        step = model.childAlgorithm(child_id)
        for parameter in algorithm.parameterDefinitions():
            name = parameter.name()
            if parameter.isDestination() or name in child.parameterSources() \
                    or parameter.defaultValue() is None:
                continue
            step.addParameterSources(name, [QgsProcessingModelChildParameterSource
                                            .fromStaticValue(parameter.defaultValue())])


class ShippedGraphicalModel(QgsProcessingModelAlgorithm):
    """A shipped ``.model3``: complete (see :func:`fill_child_defaults`),
    translated, in the land-damage group, its help naming its file."""

    def __init__(self, path, provider):
        super().__init__()
        self.path, self.provider = path, provider
        if not self.fromFile(path):
            raise ValueError(f"cannot read the graphical model {path}")
        self.texts = TEXTS.get(super().name(), {})
        fill_child_defaults(self, provider)
        self.translate_parts()

    def translate_parts(self):
        """Inputs, outputs and steps in the user's language (names unchanged,
        so scripts and qgis_process calls work in every language)."""
        for name, text in self.texts.get("inputs", {}).items():
            definition = self.parameterDefinition(name)
            if definition is not None:
                definition.setDescription(tr(text))
        for child_id, child in self.childAlgorithms().items():
            step = self.childAlgorithm(child_id)
            if child_id in self.texts.get("steps", {}):
                step.setDescription(tr(self.texts["steps"][child_id]))
            outputs = child.modelOutputs()
            for key, output in outputs.items():
                if key in self.texts.get("outputs", {}):
                    output.setDescription(tr(self.texts["outputs"][key]))
            step.setModelOutputs(outputs)
        self.updateDestinationParameters()

    def createInstance(self):  # noqa: N802 - QGIS API
        return ShippedGraphicalModel(self.path, self.provider)

    def displayName(self):  # noqa: N802 - QGIS API
        return tr(self.texts.get("name", super().displayName()))

    def group(self):
        return tr(self.texts.get("group", LAND_DAMAGE_GROUP)[0])

    def groupId(self):  # noqa: N802 - QGIS API
        return self.texts.get("group", LAND_DAMAGE_GROUP)[1]

    def shortDescription(self):  # noqa: N802 - QGIS API
        return tr(self.texts["short"]) if "short" in self.texts else super().shortDescription()

    def help_text(self):
        """The full help (the manual page)."""
        return tr(self.texts["help"]) if "help" in self.texts else super().shortHelpString()

    def shortHelpString(self):  # noqa: N802 - QGIS API
        from .help_pages import help_summary

        return help_summary(self, self.help_text()) + "\n\n" + tr(
            "<b>Its file</b>: {path}. To change it, open that file in the Graphical Modeler "
            "(Processing ▸ Graphical Modeler ▸ Open Model…) and save it under your own "
            "models; the toolbox then lists your copy under Models.").format(path=self.path)

    def helpUrl(self):  # noqa: N802 - QGIS API
        from .help_pages import help_url

        return help_url(self)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        from qgis.core import QgsProcessingModelChildParameterSource

        from .destinations import check_outputs_against_inputs

        # the chain as a whole, before any step runs: each step checks its own
        # outputs against its own inputs, not against the model's (an output
        # given the earlier image's path would overwrite it at the last step)
        check_outputs_against_inputs(self, parameters, context)

        for child_id, names in self.texts.get("report_names", {}).items():
            step = self.childAlgorithm(child_id)
            for name, model_input in names.items():
                layer = self.parameterAsLayer(parameters, model_input, context)
                if layer is not None and name not in step.parameterSources():
                    step.addParameterSources(name, [QgsProcessingModelChildParameterSource
                                                    .fromStaticValue(layer.name())])
        results = super().processAlgorithm(parameters, context, feedback)
        self.name_loaded_layers(context)
        return results

    def name_loaded_layers(self, context):
        """Layers to load named by their output's description ("Land-damage
        change"), not its key ("change_OUTPUT")."""
        names = {key: tr(text) for key, text in self.texts.get("outputs", {}).items()}
        for layer_id in list(context.layersToLoadOnCompletion()):
            # the context's own details (a reference): its post-processor stays
            details = context.layerToLoadOnCompletionDetails(layer_id)
            if details.name in names:
                details.name = names[details.name]
