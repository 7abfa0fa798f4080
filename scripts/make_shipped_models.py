"""Build the graphical models shipped in minewatch/models/ (``.model3``):

* "Annual land-damage monitoring" (issue 16): earlier image, later image
  (+ optional model file) → Mask Clouds on each → Harmonise Image (the
  later to the earlier, clouds of both left out) → Classify Land Damage on
  each → Detect Land Damage Change → change map, polygons, report.
* "Suspect unlicensed mining" (issue 30): optical image (+ optional
  building model) → Extract Buildings → Detect Subsidence Anomalies with
  the PS and the licensed areas → suspected sites, their PS and
  buildings, the inspector's report.

Run inside QGIS's Python with the plugin importable (``make model``); the
files are data the provider loads (processing_provider/graphical_models.py
completes and translates them), and templates users can open in the
Graphical Modeler. Their English texts are defined there, once.
"""
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.path.join(REPO, "minewatch", "models")


class ModelBuilder:
    """A shipped model being built from its texts (graphical_models.py)."""

    def __init__(self, text):
        from qgis.core import QgsProcessingModelAlgorithm

        self.text = text
        self.model = QgsProcessingModelAlgorithm(text["name"], *text["group"])
        self.model.setHelpContent({"ALG_DESC": text["help"], "SHORT_DESCRIPTION": text["short"],
                                   "ALG_CREATOR": "MineWatch", "ALG_VERSION": "1"})

    def inputs(self, *parameters):
        """Model inputs, one per row of the canvas."""
        from qgis.core import QgsProcessingModelParameter
        from qgis.PyQt.QtCore import QPointF

        for row, parameter in enumerate(parameters):
            component = QgsProcessingModelParameter(parameter.name())
            component.setPosition(QPointF(120, 60 + 70 * row))
            self.model.addModelParameter(parameter, component)

    def child(self, child_id, algorithm, x, y, sources, outputs=()):
        """A step: ``sources`` {input: source} (every other input gets its
        default in :meth:`finished`); ``outputs`` the step's outputs that
        are the model's (the others are temporary files)."""
        from qgis.core import QgsProcessing, QgsProcessingModelChildAlgorithm, QgsProcessingModelOutput
        from qgis.PyQt.QtCore import QPointF

        step = QgsProcessingModelChildAlgorithm(algorithm)
        step.setChildId(child_id)
        step.setDescription(self.text["steps"][child_id])
        step.setPosition(QPointF(x, y))
        for name, source in sources.items():
            step.addParameterSources(name, [source])
        model_outputs = {}
        for name in outputs:
            key = f"{child_id}_{name}"
            out = QgsProcessingModelOutput(key, self.text["outputs"][key])
            out.setChildId(child_id)
            out.setChildOutputName(name)
            # a run needs no file name: each output defaults to a temporary file
            out.setDefaultValue(QgsProcessing.TEMPORARY_OUTPUT)
            model_outputs[key] = out
        step.setModelOutputs(model_outputs)
        self.model.addChildAlgorithm(step)

    def finished(self):
        """The model, every step input not given at its default, so the
        template shows them (the same completion the plugin does on load)."""
        from qgis.core import QgsApplication

        from minewatch.processing_provider.graphical_models import fill_child_defaults

        fill_child_defaults(self.model,
                            QgsApplication.processingRegistry().providerById("minewatch"))
        self.model.updateDestinationParameters()
        return self.model


def sources():
    """(model input, step output, static value) source makers."""
    from qgis.core import QgsProcessingModelChildParameterSource as Source

    return Source.fromModelParameter, Source.fromChildOutput, Source.fromStaticValue


def build_monitoring():
    """The annual land-damage monitoring model."""
    from qgis.core import (
        QgsProcessingParameterFile,
        QgsProcessingParameterNumber,
        QgsProcessingParameterRasterLayer,
    )

    from minewatch.processing_provider.graphical_models import MONITORING as text

    param, output, static = sources()
    builder = ModelBuilder(text)
    min_area = QgsProcessingParameterNumber("min_area", text["inputs"]["min_area"],
                                            QgsProcessingParameterNumber.Double, 100.0,
                                            minValue=0.0)
    # as the plugin's own dialogs: one decimal, not QGIS's six
    min_area.setMetadata({"widget_wrapper": {"decimals": 1}})
    builder.inputs(
        QgsProcessingParameterRasterLayer("earlier", text["inputs"]["earlier"]),
        QgsProcessingParameterRasterLayer("later", text["inputs"]["later"]),
        QgsProcessingParameterFile("model", text["inputs"]["model"], extension="safetensors",
                                   optional=True),
        min_area)
    for i, date in enumerate(("earlier", "later")):
        # each date is the other's clear reference: bright ground stays clear
        other = "later" if date == "earlier" else "earlier"
        builder.child(f"clouds_{date}", "minewatch:maskclouds", 420, 60 + 180 * i,
                      {"INPUT": param(date), "REFERENCE": param(other)})
    builder.child("harmonise", "minewatch:harmoniseimage", 720, 240,
                  {"INPUT": output("clouds_later", "OUTPUT_MASKED"),
                   "REFERENCE": output("clouds_earlier", "OUTPUT_MASKED"),
                   "INPUT_MASK": output("clouds_later", "OUTPUT"),
                   "REFERENCE_MASK": output("clouds_earlier", "OUTPUT"), "METHOD": static(0)})
    builder.child("classify_earlier", "minewatch:classifylanddamage", 1020, 60,
                  {"INPUT": output("clouds_earlier", "OUTPUT_MASKED"), "MODEL": param("model")})
    builder.child("classify_later", "minewatch:classifylanddamage", 1020, 240,
                  {"INPUT": output("harmonise", "OUTPUT"), "MODEL": param("model")})
    builder.child("change", "minewatch:detectlanddamagechange", 1320, 150,
                  {"EARLIER": output("classify_earlier", "OUTPUT"),
                   "LATER": output("classify_later", "OUTPUT"), "MIN_AREA": param("min_area")},
                  ("OUTPUT", "OUTPUT_POLYGONS", "OUTPUT_REPORT"))
    return builder.finished()


def build_suspect():
    """The unlicensed-mining suspicion model (the patent's workflow)."""
    from qgis.core import (
        QgsProcessing,
        QgsProcessingParameterFeatureSource,
        QgsProcessingParameterFile,
        QgsProcessingParameterRasterLayer,
    )

    from minewatch.processing_provider.graphical_models import UNLICENSED_MINING as text

    param, output, _ = sources()
    builder = ModelBuilder(text)
    builder.inputs(
        QgsProcessingParameterRasterLayer("image", text["inputs"]["image"]),
        QgsProcessingParameterFeatureSource("ps", text["inputs"]["ps"],
                                            [QgsProcessing.TypeVectorPoint]),
        QgsProcessingParameterFeatureSource("licences", text["inputs"]["licences"],
                                            [QgsProcessing.TypeVectorPolygon], optional=True),
        QgsProcessingParameterFile("building_model", text["inputs"]["building_model"],
                                   extension="safetensors", optional=True))
    builder.child("buildings", "minewatch:extractbuildings", 420, 100,
                  {"INPUT": param("image"), "MODEL": param("building_model")})
    builder.child("subsidence", "minewatch:detectsubsidenceanomalies", 760, 160,
                  {"PS_POINTS": param("ps"), "BUILDINGS": output("buildings", "OUTPUT"),
                   "LICENCE_AREAS": param("licences")},
                  ("OUTPUT_SITES", "OUTPUT_POINTS", "OUTPUT_BUILDINGS", "OUTPUT_REPORT"))
    return builder.finished()


# file name → builder
BUILDERS = {"annual_land_damage_monitoring.model3": build_monitoring,
            "suspect_unlicensed_mining.model3": build_suspect}


def main():
    from qgis.core import QgsApplication

    sys.path.insert(0, REPO)  # the repository root: minewatch/, devkit/
    app = QgsApplication([], False)
    app.initQgis()
    from minewatch.processing_provider.provider import MineWatchProvider

    provider = MineWatchProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    for name, build in BUILDERS.items():
        model = build()
        ok, errors = model.validate()
        if not ok:
            raise SystemExit(f"invalid model {name}: " + "; ".join(errors))
        model.toFile(os.path.join(MODELS, name))
        print("wrote", os.path.join(MODELS, name))


if __name__ == "__main__":
    main()
