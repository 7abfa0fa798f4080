"""What the algorithms that run a MineWatch model share: the BANDS list,
the model summary in the log, the device choices, and styling a class
raster when QGIS loads it."""
import os

from qgis.core import QgsProcessingException, QgsProcessingLayerPostProcessorInterface

from .base import MineWatchAlgorithm

DEVICES = ("auto", "cpu", "cuda")


class ApplyClassStyle(QgsProcessingLayerPostProcessorInterface):
    """Loads the class map's .qml when QGIS adds the output to the project
    (Processing opens outputs without their default style)."""

    def __init__(self, qml):
        super().__init__()
        self.qml = qml

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 - QGIS API
        if layer is not None and layer.isValid():
            layer.loadNamedStyle(self.qml)
            layer.triggerRepaint()


class ModelAlgorithm(MineWatchAlgorithm):
    """Base of the algorithms that feed image bands to a model; subclasses
    name their ``BANDS`` parameter."""

    BANDS = "BANDS"

    def band_list(self, parameters, context):
        """The BANDS list in the order given, or None. A text value may be
        separated by commas or semicolons (QGIS's own parsing reads
        "3,2,1,4" as band 0)."""
        value = parameters.get(self.BANDS)
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            try:
                return [int(p) for p in parts] or None
            except ValueError:
                raise QgsProcessingException(self.tr(
                    "BANDS must be band numbers separated by commas, e.g. 3,2,1,4; got "
                    "'{value}'.").format(value=value)) from None
        return self.parameterAsInts(parameters, self.BANDS, context) or None

    def log_model(self, feedback, model_file, metadata, layer, bands):
        """What the model expects and how the image's bands feed it."""
        feedback.pushInfo(self.tr(
            "Model {file}: {arch}, {k} classes, {b} input bands ({names}), trained "
            "tile {tile} px at {gsd} m.").format(
            file=os.path.basename(model_file), arch=metadata.architecture,
            k=metadata.num_classes, b=metadata.in_channels,
            names=", ".join(metadata.band_names), tile=metadata.tile_size, gsd=metadata.gsd_m))
        used = bands or list(range(1, layer.bandCount() + 1))
        if len(used) == metadata.in_channels:
            feedback.pushInfo(self.tr("Image band → model input: {pairs}.").format(
                pairs=", ".join(f"{b} → {n}" for b, n in zip(used, metadata.band_names))))
        crs = layer.crs()
        if crs.isValid() and not crs.isGeographic():
            pixel = abs(layer.rasterUnitsPerPixelX()) * crs_metres(crs)
            if pixel > 0 and not 0.5 <= pixel / metadata.gsd_m <= 2.0:
                feedback.pushWarning(self.tr(
                    "The image's pixel size ({pixel:.2f} m) differs from the model's "
                    "training resolution ({gsd} m) by more than a factor of 2; results "
                    "may be poor. Resample the image or use a model trained at this "
                    "resolution.").format(pixel=pixel, gsd=metadata.gsd_m))

    def style_on_load(self, context, class_path, qml):
        """Have QGIS apply the class style when it loads the class map."""
        if not context.willLoadLayerOnCompletion(class_path):
            return
        # Processing calls the post-processor after this method returns:
        # keep a reference, or Python frees it first
        self.style_loader = ApplyClassStyle(qml)
        context.layerToLoadOnCompletionDetails(class_path).setPostProcessor(self.style_loader)


def crs_metres(crs):
    """Metres per map unit of a projected QGIS CRS (1 when unknown)."""
    from qgis.core import QgsUnitTypes

    factor = QgsUnitTypes.fromUnitToUnitFactor(crs.mapUnits(), QgsUnitTypes.DistanceMeters)
    return factor if factor > 0 else 1.0
