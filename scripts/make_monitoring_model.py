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

    model = QgsProcessingModelAlgorithm("Annual land-damage monitoring", "Land damage",
                                        "landdamage")
    model.setHelpContent({"ALG_DESC": (
        "The yearly land-damage monitoring of a mine-management department in one run: "
        "clouds and their shadows are masked in both images, the later image is "
        "harmonised to the earlier one, both are classified with the same model, and the "
        "two class maps are compared: new damage and restored land per damage type, a "
        "change map, change polygons and an HTML report. Open it in the Graphical Modeler "
        "to change a step (e.g. the model file or the minimum mapping unit)."),
        "SHORT_DESCRIPTION": "Mask clouds, harmonise, classify two years and map new and "
                             "restored land-damage.",
        "ALG_CREATOR": "MineWatch", "ALG_VERSION": "1"})
    inputs = (
        (QgsProcessingParameterRasterLayer("earlier", "Earlier image (reference year)"), 0),
        (QgsProcessingParameterRasterLayer("later", "Later image"), 1),
        (QgsProcessingParameterFile("model", "Model file [empty: the shipped model]",
                                    extension="safetensors", optional=True), 2),
        (QgsProcessingParameterNumber("min_area", "Minimum mapping unit, m²",
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
        step.setDescription(child_id.replace("_", " "))
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
          [("OUTPUT", "Land-damage change"), ("OUTPUT_POLYGONS", "Change polygons"),
           ("OUTPUT_REPORT", "Change report")])
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
