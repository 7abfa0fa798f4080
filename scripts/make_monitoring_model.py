"""Build the shipped graphical model "Annual land-damage monitoring"
(models/annual_land_damage_monitoring.model3; issue 16):

earlier image, later image (+ optional model file)
  → Mask Clouds on each (images without clouds)
  → Harmonise Image: the later to the earlier (clouds of both left out)
  → Classify Land Damage on each
  → Detect Land Damage Change → change map, polygons, report.

Run inside QGIS's Python with the plugin importable (``make model``); the
file is data the provider loads, and a template users can open in the
Graphical Modeler.
"""
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(REPO, "minewatch", "models", "annual_land_damage_monitoring.model3")


def build():
    from qgis.core import (
        QgsProcessing,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterFile,
        QgsProcessingParameterNumber,
        QgsProcessingParameterRasterLayer,
    )
    from qgis.PyQt.QtCore import QPointF

    from minewatch.processing_provider.shipped_models import GROUP, GROUP_ID, MONITORING

    # the English texts are defined once, with the plugin (translated there)
    text = MONITORING
    model = QgsProcessingModelAlgorithm(text["name"], GROUP, GROUP_ID)
    model.setHelpContent({"ALG_DESC": text["help"], "SHORT_DESCRIPTION": text["short"],
                          "ALG_CREATOR": "MineWatch", "ALG_VERSION": "1"})
    inputs = (
        (QgsProcessingParameterRasterLayer("earlier", text["inputs"]["earlier"]), 0),
        (QgsProcessingParameterRasterLayer("later", text["inputs"]["later"]), 1),
        (QgsProcessingParameterFile("model", text["inputs"]["model"],
                                    extension="safetensors", optional=True), 2),
        (QgsProcessingParameterNumber("min_area", text["inputs"]["min_area"],
                                      QgsProcessingParameterNumber.Double, 100.0,
                                      minValue=0.0), 3),
    )
    # as the plugin's own dialogs: one decimal, not QGIS's six
    inputs[3][0].setMetadata({"widget_wrapper": {"decimals": 1}})
    for parameter, row in inputs:
        component = QgsProcessingModelParameter(parameter.name())
        component.setPosition(QPointF(120, 60 + 70 * row))
        model.addModelParameter(parameter, component)

    static = QgsProcessingModelChildParameterSource.fromStaticValue

    def child(child_id, algorithm, x, y, sources, outputs=()):
        step = QgsProcessingModelChildAlgorithm(algorithm)
        step.setChildId(child_id)
        step.setDescription(text["steps"][child_id])
        step.setPosition(QPointF(x, y))
        for name, source in sources.items():
            step.addParameterSources(name, [source])
        # every other input at its default, so the template shows them
        from qgis.core import QgsApplication

        definition = QgsApplication.processingRegistry().algorithmById(algorithm)
        for parameter in definition.parameterDefinitions():
            if parameter.name() not in sources and not parameter.isDestination() \
                    and parameter.defaultValue() is not None:
                step.addParameterSources(parameter.name(), [static(parameter.defaultValue())])
        model_outputs = {}
        for name, description in outputs:
            out = QgsProcessingModelOutput(f"{child_id}_{name}", description)
            out.setChildId(child_id)
            out.setChildOutputName(name)
            # the intermediate files (masked images, class maps) are not
            # outputs: the model makes them temporary, so a run needs only
            # the change map's name
            out.setDefaultValue(QgsProcessing.TEMPORARY_OUTPUT)
            model_outputs[f"{child_id}_{name}"] = out
        step.setModelOutputs(model_outputs)
        model.addChildAlgorithm(step)

    param = QgsProcessingModelChildParameterSource.fromModelParameter
    output = QgsProcessingModelChildParameterSource.fromChildOutput
    for i, date in enumerate(("earlier", "later")):
        # each date is the other's clear reference: bright ground stays clear
        other = "later" if date == "earlier" else "earlier"
        child(f"clouds_{date}", "minewatch:maskclouds", 420, 60 + 180 * i,
              {"INPUT": param(date), "REFERENCE": param(other)},
              [])
    child("harmonise", "minewatch:harmoniseimage", 720, 240,
          {"INPUT": output("clouds_later", "OUTPUT_MASKED"),
           "REFERENCE": output("clouds_earlier", "OUTPUT_MASKED"),
           "INPUT_MASK": output("clouds_later", "OUTPUT"),
           "REFERENCE_MASK": output("clouds_earlier", "OUTPUT"), "METHOD": static(0)},
          [])
    child("classify_earlier", "minewatch:classifylanddamage", 1020, 60,
          {"INPUT": output("clouds_earlier", "OUTPUT_MASKED"), "MODEL": param("model")},
          [])
    child("classify_later", "minewatch:classifylanddamage", 1020, 240,
          {"INPUT": output("harmonise", "OUTPUT"), "MODEL": param("model")},
          [])
    child("change", "minewatch:detectlanddamagechange", 1320, 150,
          {"EARLIER": output("classify_earlier", "OUTPUT"),
           "LATER": output("classify_later", "OUTPUT"), "MIN_AREA": param("min_area")},
          [(name, text["outputs"][f"change_{name}"])
           for name in ("OUTPUT", "OUTPUT_POLYGONS", "OUTPUT_REPORT")])
    model.updateDestinationParameters()
    return model


def main():
    from qgis.core import QgsApplication

    sys.path.insert(0, REPO)  # the repository root: minewatch/, devkit/
    app = QgsApplication([], False)
    app.initQgis()
    from minewatch.processing_provider.provider import MineWatchProvider

    provider = MineWatchProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    model = build()
    ok, errors = model.validate()
    if not ok:
        raise SystemExit("invalid model: " + "; ".join(errors))
    model.toFile(TARGET)
    print("wrote", TARGET)


if __name__ == "__main__":
    main()
