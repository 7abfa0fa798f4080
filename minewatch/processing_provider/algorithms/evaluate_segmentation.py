"""Evaluate Segmentation — accuracy of a class map against a reference
class raster or reference polygons (confusion matrix, IoU, recall,
precision, Dice, overall accuracy, kappa)."""
import math
import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBand,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ...core.common.constants import IGNORE_LABEL
from ...core.common.messages import tell, translatable
from ...core.common.progress import ScaledFeedback
from ..base import MineWatchAlgorithm
from ..qgis_compat import parameter_field_names
from ..qgis_io import raster_file_path

SCORES = (("MIOU", "miou"), ("MRECALL", "mrecall"), ("MPRECISION", "mprecision"),
          ("MDICE", "mdice"), ("OVERALL_ACCURACY", "overall_accuracy"), ("KAPPA", "kappa"))


class EvaluateSegmentation(MineWatchAlgorithm):
    PREDICTION = "PREDICTION"
    PREDICTION_BAND = "PREDICTION_BAND"
    REFERENCE = "REFERENCE"
    REFERENCE_BAND = "REFERENCE_BAND"
    REFERENCE_FIELD = "REFERENCE_FIELD"
    IGNORE_VALUE = "IGNORE_VALUE"
    CLASS_NAMES = "CLASS_NAMES"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_JSON = "OUTPUT_JSON"

    REQUIRES = ("numpy", "rasterio")
    GROUP = translatable("Training and evaluation")
    GROUP_ID = "training"

    def name(self):
        return "evaluatesegmentation"

    def displayName(self):  # noqa: N802
        return self.tr("Evaluate Segmentation")

    def shortDescription(self):  # noqa: N802 - QGIS API: the toolbox tooltip
        return self.tr("Score a class map against reference labels (MIoU, recall, precision, kappa).")

    def help_text(self):
        """The full help (the manual page; the side panel shows its summary)."""
        return self.tr(
            "Measures how well a class map (e.g. the output of Classify Land Damage) "
            "agrees with a reference: a class raster, or polygons with a class field; the "
            "accuracy figures to quote for a model or a map.\n\n"
            "<b>Inputs</b>: Predicted class map and its band (default 1). Reference (class "
            "raster or class polygons). Reference raster: the prediction is resampled by "
            "nearest neighbour onto the reference's grid, so the two may differ in "
            "resolution, extent and CRS; the scene is read window by window; advanced: Band "
            "of a multi-band reference raster. Reference polygons: they are burnt onto the "
            "prediction's grid (a pixel takes the class of the polygon holding its centre; "
            "where polygons overlap the later one wins); pixels outside every polygon are "
            "not counted. Their Class field holds a class index or a class name (English or "
            "Chinese). Ignore value (default 255): reference pixels not counted, e.g. 0 when "
            "your reference uses 0 for unlabelled. Classes: "
            "names in index order separated by commas; empty = the class names stored in the "
            "prediction (MineWatch class maps carry them), else in the reference raster, else "
            "classes 0 … the largest value found; given, they override them and fix the "
            "number of classes. A class value table '1=water,2=quarry,3=crops' (as in Create "
            "Training Samples) says which reference value is which class of the prediction, "
            "for references that count classes from 1.\n\n"
            "<b>Not counted</b>: reference nodata and pixels equal to the Ignore value; "
            "reference pixels without a prediction (outside the prediction or prediction "
            "nodata) — reported separately, never counted as errors; values outside the "
            "classes in either raster (reported).\n\n"
            "<b>Scores</b> from the confusion matrix (rows = reference, columns = "
            "prediction): per class IoU = TP/(TP+FP+FN), recall = TP/(TP+FN), precision = "
            "TP/(TP+FP), Dice = F1 = 2TP/(2TP+FP+FN); their means over the classes where "
            "they are defined (a score whose denominator is zero — e.g. the recall of a "
            "class absent from the reference — is undefined, left out of the mean and "
            "listed in the report); overall accuracy and Cohen's kappa over all counted "
            "pixels.\n\n"
            "<b>Outputs</b>: Accuracy report (OUTPUT_REPORT): HTML with the summary, the "
            "confusion matrix as a picture (colour = share of the reference row) and as a "
            "table, and per-class scores. OUTPUT_JSON: a JSON file with the same numbers, "
            "written beside it (same name, .json). Numeric outputs MIOU, MRECALL, "
            "MPRECISION, MDICE, OVERALL_ACCURACY, KAPPA; empty (None; null in qgis_process "
            "JSON) when undefined, e.g. kappa when both maps hold a single class.\n\n"
            "<b>Units and conventions</b>: scores are fractions 0–1. Class maps hold class "
            "indices; 255 is the default Ignore value. Rows of the confusion matrix are the "
            "reference, columns the prediction; pixels are counted on the reference "
            "raster's grid, or on the prediction's grid for reference polygons.\n\n"
            "<b>Example</b>: qgis_process.bin run minewatch:evaluatesegmentation -- "
            "PREDICTION=damage.tif REFERENCE=labels.gpkg REFERENCE_FIELD=class "
            "OUTPUT_REPORT=evaluation.html")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.PREDICTION, self.tr("Predicted class map")))
        self.addParameter(QgsProcessingParameterBand(
            self.PREDICTION_BAND, self.tr("Band of the class map"), defaultValue=1,
            # optional: QGIS 3.22 refuses a missing band value despite the default
            parentLayerParameterName=self.PREDICTION, optional=True))
        self.addParameter(QgsProcessingParameterMapLayer(
            self.REFERENCE, self.tr("Reference (class raster or class polygons)"),
            types=[QgsProcessing.TypeRaster, QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.REFERENCE_FIELD, self.tr("Class field of the reference polygons (index or name)"),
            parentLayerParameterName=self.REFERENCE, optional=True))
        band = QgsProcessingParameterNumber(
            self.REFERENCE_BAND, self.tr("Band of a multi-band reference raster"),
            QgsProcessingParameterNumber.Integer, defaultValue=None, optional=True, minValue=1)
        self.add_advanced(band)
        self.addParameter(QgsProcessingParameterNumber(
            self.IGNORE_VALUE, self.tr("Ignore value: unlabelled reference pixels, not counted"),
            QgsProcessingParameterNumber.Integer, defaultValue=IGNORE_LABEL))
        self.addParameter(QgsProcessingParameterString(
            self.CLASS_NAMES, self.tr("Classes: names in index order, comma-separated, or "
                                      "value=name pairs [empty: the names stored in the class "
                                      "map]"),
            optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, self.tr("Accuracy report"), self.tr("HTML files (*.html *.htm)")))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_JSON, self.tr("Accuracy report (JSON)")))
        labels = self.score_labels()
        for output, _ in SCORES:
            self.addOutput(QgsProcessingOutputNumber(output, labels[output]))

    def score_labels(self):
        return {"MIOU": self.tr("Mean IoU"), "MRECALL": self.tr("Mean recall"),
                "MPRECISION": self.tr("Mean precision"), "MDICE": self.tr("Mean Dice (F1)"),
                "OVERALL_ACCURACY": self.tr("Overall accuracy"), "KAPPA": self.tr("Cohen's kappa")}

    def checkParameterValues(self, parameters, context):  # noqa: N802
        layer = self.parameterAsLayer(parameters, self.REFERENCE, context)
        is_polygons = isinstance(layer, QgsVectorLayer) and \
            layer.geometryType() == QgsWkbTypes.PolygonGeometry
        if not isinstance(layer, QgsRasterLayer) and not is_polygons:
            return False, self.tr(
                "The reference must be a class raster or a polygon layer with a class field; "
                "'{value}' is neither.").format(value=parameters.get(self.REFERENCE))
        if is_polygons and not parameter_field_names(self, parameters, self.REFERENCE_FIELD, context):
            return False, self.tr(
                "The reference is a polygon layer: choose its class field (class index or "
                "class name) in 'Class field of the reference polygons'.")
        return super().checkParameterValues(parameters, context)

    # -- the run --------------------------------------------------------------

    def run_algorithm(self, parameters, context, feedback):
        from ...core.evaluation.evaluate import evaluate_rasters

        prediction = self.parameterAsRasterLayer(parameters, self.PREDICTION, context)
        prediction_path = raster_file_path(prediction, self.tr("Predicted class map"))
        prediction_band = self.parameterAsInt(parameters, self.PREDICTION_BAND, context) or 1
        reference = self.parameterAsLayer(parameters, self.REFERENCE, context)
        from ...core.classmap.class_tables import label_values

        ignore_value = self.parameterAsInt(parameters, self.IGNORE_VALUE, context)
        classes = self.given_classes(parameters, context)
        values = label_values(self.parameterAsString(parameters, self.CLASS_NAMES, context))
        report_path = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context)
        if os.path.splitext(report_path)[1].lower() not in (".html", ".htm"):
            report_path += ".html"
        names = class_names(classes) if classes else None

        burnt = ""
        try:
            if isinstance(reference, QgsRasterLayer):
                reference_path = raster_file_path(reference, self.tr("Reference"))
                reference_band = None
                if parameters.get(self.REFERENCE_BAND) not in (None, ""):
                    reference_band = self.parameterAsInt(parameters, self.REFERENCE_BAND, context)
                evaluate_span = 95.0
            else:
                burnt, names = self.burn_polygons(parameters, context, prediction, prediction_path,
                                                  classes, feedback, values, ignore_value)
                reference_path, reference_band, evaluate_span = burnt, 1, 65.0
            scores, info = evaluate_rasters(
                prediction_path, reference_path, ignore_value=ignore_value,
                n_classes=len(names) if names else None, class_names=names,
                feedback=ScaledFeedback(feedback, 95.0 - evaluate_span, evaluate_span),
                prediction_band=prediction_band, reference_band=reference_band,
                # burnt polygons hold class indices already
                reference_values=None if burnt else values)
        finally:
            if burnt and os.path.exists(burnt):
                os.remove(burnt)
        if burnt:
            info["reference"] = reference.source()
            info["reference_polygons"] = True
        html_path, json_path = self.write_report(report_path, scores, info)
        self.log_scores(feedback, scores, info)
        feedback.setProgress(100.0)

        results = {self.OUTPUT_REPORT: html_path, self.OUTPUT_JSON: json_path}
        for output, attribute in SCORES:
            value = float(getattr(scores, attribute))
            results[output] = value if math.isfinite(value) else None
        return results

    def given_classes(self, parameters, context):
        """The class table of CLASS_NAMES, or None when empty."""
        from ...core.classmap.class_tables import classes_from_names

        text = self.parameterAsString(parameters, self.CLASS_NAMES, context).strip()
        return classes_from_names(text) if text else None

    def burn_polygons(self, parameters, context, prediction, prediction_path, classes, feedback,
                      values=None, unlabelled=None):
        """Rasterise the reference polygons on the prediction's grid into a
        temporary file; returns (path, class names)."""
        from ...core.classmap.stored_names import read_class_names
        from ...core.evaluation.evaluate import class_table, rasterize_reference
        from ...models.classes import LAND_DAMAGE_CLASSES
        from ..label_layers import polygon_label_shapes

        if classes is None:
            band = self.parameterAsInt(parameters, self.PREDICTION_BAND, context) or 1
            stored = read_class_names(prediction_path, band)
            classes = class_table(stored) if stored else LAND_DAMAGE_CLASSES
            if not stored:
                feedback.pushInfo(self.tr(
                    "The class map stores no class names: the reference classes are read as "
                    "the land-damage classes ({names}). Give 'Classes' for other models.").format(
                    names=", ".join(c.name for c in classes)))
        shapes = polygon_label_shapes(self, parameters, self.REFERENCE, self.REFERENCE_FIELD,
                                      classes, prediction.crs(), context,
                                      ScaledFeedback(feedback, 0.0, 10.0), values, unlabelled)
        path = QgsProcessingUtils.generateTempFilename("reference_labels.tif")
        rasterize_reference(shapes, prediction_path, path, ScaledFeedback(feedback, 10.0, 20.0))
        return path, class_names(classes)

    def write_report(self, report_path, scores, info):
        from ...core.evaluation.report import HEADINGS, write_evaluation_report

        headings = {k: self.tr(v) for k, v in HEADINGS.items()}
        info = dict(info, warnings=[w.render(self.tr) for w in info["warnings"]])
        return write_evaluation_report(report_path, scores, info["class_names"], info, headings)

    def log_scores(self, feedback, scores, info):
        from ...core.evaluation.report import score

        feedback.pushInfo(self.tr(
            "{counted} pixels counted; {ignored} ignored (nodata or ignore value); {missing} "
            "without prediction; {outside} outside the classes.").format(
            counted=info["pixels_counted"], ignored=info["pixels_ignored"],
            missing=info["pixels_without_prediction"], outside=info["pixels_outside_classes"]))
        undefined, labels = {"undefined": self.tr("undefined")}, self.score_labels()
        for output, attribute in SCORES:
            feedback.pushInfo("{}: {}".format(labels[output], score(getattr(scores, attribute), undefined)))
        for warning in info["warnings"]:
            tell(feedback, warning, warning=True)
        names = info["class_names"]
        if scores.undefined:
            feedback.pushInfo(self.tr("Classes left out of the mean IoU (in neither map): "
                                      "{names}.").format(names=", ".join(names[i] for i in scores.undefined)))


def class_names(classes):
    """Report names of a class table: "name (中文)" like the class maps."""
    from ...core.classmap.style import class_label

    return [class_label(c) for c in classes]
