"""What the algorithms that run a MineWatch model share: the image, model,
bands, tiling and device parameters, the model summary in the log, loading
the weights, the run itself (:meth:`NetworkAlgorithm.run_algorithm` calls
the task's :meth:`~NetworkAlgorithm.run_network_task` with a ready
``predict``), the report of the tiled inference, and styling a class
raster when QGIS loads it. The engine side of the run is
:func:`..core.inference.network_run.run_network`."""
import os
from contextlib import contextmanager
from dataclasses import dataclass

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterBand,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..core.common.constants import MAX_TILE_SIZE, MIN_TILE_SIZE
from ..core.common.messages import tell
from .base import MineWatchAlgorithm, precision_parameter
from .qgis_io import raster_file_path


@dataclass
class NetworkRun:
    """The model-related settings of one run, read from the parameters:
    ``model_input`` a :class:`..core.inference.settings.ModelInput`,
    ``tiling`` a :class:`..core.inference.settings.Tiling` (sizes None =
    the model's tile and the task's default overlap)."""

    layer: object
    input_path: str
    model_file: str
    metadata: object
    device: str
    device_text: str
    model_input: object
    tiling: object
    precision: str = "fp32"
    resample: bool = True


# images above this many megapixels need the user's word (MAX_MEGAPIXELS): a
# 63 000-px square scene; a CPU classifies roughly 1 MP/s (README benchmarks)
DEFAULT_MAX_MEGAPIXELS = 4000
TYPICAL_CPU_MEGAPIXELS_PER_S = 1.0


class NetworkAlgorithm(MineWatchAlgorithm):
    """Base of the algorithms that feed an image's bands to a model: the
    shared parameters (image, model file, bands, tiling, device), the
    default model file (``DEFAULT_MODEL_FILE``), the model summary in the
    log and the class style on load."""

    INPUT = "INPUT"
    MODEL = "MODEL"
    BANDS = "BANDS"
    TILE_SIZE = "TILE_SIZE"
    RESAMPLE = "RESAMPLE"
    OVERLAP = "OVERLAP"
    BATCH_SIZE = "BATCH_SIZE"
    DEVICE = "DEVICE"
    DEVICE_USED = "DEVICE_USED"
    PRECISION = "PRECISION"
    DASK_SCHEDULER = "DASK_SCHEDULER"
    MAX_MEGAPIXELS = "MAX_MEGAPIXELS"
    DEFAULT_MODEL_FILE = ""
    MODEL_KIND = ""  # words naming the default model in messages, e.g. "land-damage"

    def add_model_parameters(self, input_label, model_label, overlap_label):
        """INPUT, MODEL, BANDS, advanced TILE_SIZE/OVERLAP/BATCH_SIZE, DEVICE,
        and the DEVICE_USED output."""
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, input_label))
        self.addParameter(QgsProcessingParameterFile(
            self.MODEL, model_label, QgsProcessingParameterFile.File, optional=True,
            fileFilter=self.tr("MineWatch model (*.safetensors);;All files (*.*)")))
        self.addParameter(QgsProcessingParameterBand(
            self.BANDS, self.tr("Image bands in the model's order [empty: all]"),
            parentLayerParameterName=self.INPUT, optional=True, allowMultiple=True))
        self.add_advanced(
            QgsProcessingParameterBoolean(
                self.RESAMPLE, self.tr("Run at the model's pixel size when the image's differs "
                                       "by 1.5× or more (outputs on the image's grid)"),
                defaultValue=True),
            QgsProcessingParameterNumber(
                self.TILE_SIZE, self.tr("Tile size, px [0: the model's]"),
                QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0,
                maxValue=MAX_TILE_SIZE),
            QgsProcessingParameterNumber(
                self.OVERLAP, overlap_label, QgsProcessingParameterNumber.Integer,
                defaultValue=None, optional=True, minValue=0, maxValue=4096),
            QgsProcessingParameterNumber(
                self.BATCH_SIZE, self.tr("Tiles per batch"),
                QgsProcessingParameterNumber.Integer, defaultValue=4, minValue=1, maxValue=256),
            precision_parameter(self.PRECISION),
            QgsProcessingParameterString(
                self.DASK_SCHEDULER,
                self.tr("Dask scheduler [empty: this process; 'local'; tcp://host:8786]"),
                optional=True),
            QgsProcessingParameterNumber(
                self.MAX_MEGAPIXELS, self.tr("Largest image to run without asking, megapixels "
                                             "[0: no limit]"),
                QgsProcessingParameterNumber.Integer, defaultValue=DEFAULT_MAX_MEGAPIXELS,
                minValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.DEVICE, self.tr("Device"), options=[self.tr("auto (GPU if available)"),
                                                     self.tr("cpu"), self.tr("cuda")],
            defaultValue=0))
        self.addOutput(QgsProcessingOutputString(self.DEVICE_USED, self.tr("Device used")))

    @contextmanager
    def cluster_engines(self, parameters, context, feedback, settings):
        """The engine factory for the scene's tiles: None (in this process)
        or, with DASK_SCHEDULER, :class:`..core.scaleout.tiled.ClusterEngines`
        on that cluster."""
        with self.dask_session(parameters, context, feedback, self.DASK_SCHEDULER) as client:
            if client is None:
                yield None
                return
            from ..core.scaleout.tiled import ClusterEngines

            yield ClusterEngines(client, settings.model_file, settings.device, settings.precision)

    def model_path(self, parameters, context):
        """MODEL, or the shipped default when it is empty."""
        path = self.parameterAsFile(parameters, self.MODEL, context)
        if path:
            return path
        if not os.path.isfile(self.DEFAULT_MODEL_FILE):
            raise QgsProcessingException(self.tr(
                "No model file was given and the default {kind} model is missing from the "
                "plugin folder ({path}). Reinstall MineWatch, or give a MineWatch model file "
                "(.safetensors) in '{param}'.").format(
                kind=self.tr(self.MODEL_KIND), path=self.DEFAULT_MODEL_FILE,
                param=self.parameterDefinition(self.MODEL).description()))
        return self.DEFAULT_MODEL_FILE

    def network_run(self, parameters, context):
        """Read the shared parameters (model metadata only, no weights yet)."""
        from ..core.common.device import DEVICE_CHOICES, PRECISION_CHOICES, resolve_compute
        from ..core.inference.settings import ModelInput, Tiling
        from ..models.checkpoint import read_metadata

        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        input_path = raster_file_path(layer, self.parameterDefinition(self.INPUT).description())
        model_file = self.model_path(parameters, context)
        metadata = read_metadata(model_file)  # cheap and clear before building anything
        device, precision, device_text = resolve_compute(
            DEVICE_CHOICES[self.parameterAsEnum(parameters, self.DEVICE, context)],
            PRECISION_CHOICES[self.parameterAsEnum(parameters, self.PRECISION, context)])
        overlap = None
        if parameters.get(self.OVERLAP) not in (None, ""):
            overlap = self.parameterAsInt(parameters, self.OVERLAP, context)
        bands = self.band_list(parameters, self.BANDS, context)
        tile = self.parameterAsInt(parameters, self.TILE_SIZE, context)
        if 0 < tile < MIN_TILE_SIZE:
            raise QgsProcessingException(self.tr(
                "A tile of {tile} px is too small for a segmentation network: it needs the "
                "context of several of its strides, and the map would turn to noise. Give 0 "
                "(the model's tile) or at least {least} px.").format(tile=tile,
                                                                      least=MIN_TILE_SIZE))
        self.check_size(layer, self.parameterAsInt(parameters, self.MAX_MEGAPIXELS, context))
        tiling = Tiling(tile or None, overlap,
                        self.parameterAsInt(parameters, self.BATCH_SIZE, context))
        return NetworkRun(layer, input_path, model_file, metadata, device, device_text,
                        ModelInput(tuple(bands) if bands else None), tiling, precision,
                        self.parameterAsBool(parameters, self.RESAMPLE, context))

    def check_size(self, layer, most_megapixels):
        """Refuse, before any work, an image larger than ``most_megapixels``
        (0: no limit) with the time it would take at a CPU's typical pace,
        so a huge (e.g. mostly empty) raster never runs silently for hours."""
        megapixels = layer.width() * layer.height() / 1e6
        if most_megapixels and megapixels > most_megapixels:
            hours = megapixels / TYPICAL_CPU_MEGAPIXELS_PER_S / 3600.0
            raise QgsProcessingException(self.tr(
                "The image is {width} × {height} px ({mp:,.0f} megapixels): on a CPU that takes "
                "roughly {hours:,.1f} hours. Clip it to the area you need (Raster > Extraction "
                "> Clip Raster by Extent), or raise 'Largest image to run without asking' "
                "(advanced; 0 = no limit) to run it anyway.").format(
                width=layer.width(), height=layer.height(), mp=megapixels, hours=hours))

    def run_algorithm(self, parameters, context, feedback):
        """Read the shared parameters, load the model, and run the task with
        a ``predict`` for the chosen device; the task's results plus
        DEVICE_USED."""
        from ..core.inference.torch_predict import torch_predictor

        settings = self.network_run(parameters, context)
        model, settings.metadata = self.load_model(feedback, settings)
        results = self.run_network_task(parameters, context, feedback, settings,
                                      torch_predictor(model, settings.device,
                                                      precision=settings.precision))
        feedback.setProgress(100.0)
        results[self.DEVICE_USED] = settings.device
        return results

    def run_network_task(self, parameters, context, feedback, settings, predict):
        """The task's own part: run the model (through the engine's
        ``run_network``) and write its outputs; returns the results."""
        raise NotImplementedError

    def report_inference(self, feedback, inference, details=""):
        """Log the run's warnings and a line on its tiling."""
        for warning in inference.warnings:
            tell(feedback, warning, warning=True)
        feedback.pushInfo(self.tr(
            "{tiles} tiles of {tile} px (overlap {overlap} px) in {batches} batches of up "
            "to {batch}; input scaling: {scaling}; {nodata} nodata pixels.").format(
            tiles=inference.n_tiles, tile=inference.tile_size, overlap=inference.overlap,
            batches=inference.n_batches, batch=inference.batch_size,
            scaling=self.scaling_text(inference.scaling), nodata=inference.nodata_count)
            + details)

    def scaling_text(self, scaling):
        """Words for a model's ``input_scaling``."""
        if scaling == "scene":
            return self.tr("each scene's own band statistics")
        return self.tr("the band statistics stored in the model")

    def load_model(self, feedback, settings):
        """Log what the model expects, then load its weights on the chosen
        device; (model, metadata)."""
        from ..models.checkpoint import load_checkpoint

        self.log_model(feedback, settings.model_file, settings.metadata, settings.layer,
                       settings.model_input.bands, settings.resample)
        model, metadata = load_checkpoint(settings.model_file, settings.device)
        feedback.pushInfo(self.tr("Device used: {device}.").format(device=settings.device_text))
        return model, metadata

    @staticmethod
    def bands_by_name(layer, metadata):
        """The image bands the engine feeds by name (band descriptions that
        name the model's bands, see core/raster/band_names.py), or None."""
        from ..core.raster.band_names import bands_by_name
        from ..core.raster.raster_io import open_raster

        try:
            with open_raster(layer.source()) as ds:
                return bands_by_name(list(ds.descriptions), list(metadata.band_names))
        except Exception:  # a source rasterio cannot open: the engine says why later
            return None

    def log_model(self, feedback, model_file, metadata, layer, bands, resample=True):
        """What the model expects and how the image's bands feed it."""
        training = metadata.training or {}
        if training.get("complete") is False:
            feedback.pushWarning(self.tr(
                "The model {file} was saved before its training ended (epoch {best} of "
                "{epochs} run, {planned} planned): the run was stopped or killed. It may be "
                "weaker than a finished one.").format(
                file=os.path.basename(model_file), best=training.get("best_epoch", "?"),
                epochs=training.get("epochs_run", "?"), planned=training.get("planned_epochs", "?")))
        feedback.pushInfo(self.tr(
            "Model {file}: {arch}, {k} classes, {b} input bands ({names}), trained on "
            "{patch} px patches at {gsd} m; it runs in tiles of {tile} px unless TILE_SIZE is "
            "set.").format(
            file=os.path.basename(model_file), arch=metadata.architecture,
            k=metadata.num_classes, b=metadata.in_channels, names=", ".join(metadata.band_names),
            patch=(metadata.training or {}).get("patch_size") or metadata.tile_size,
            tile=metadata.tile_size, gsd=metadata.gsd_m))
        used = bands or self.bands_by_name(layer, metadata) or list(range(1, layer.bandCount() + 1))
        if len(used) == metadata.in_channels:
            feedback.pushInfo(self.tr("Image band → model input: {pairs}.").format(
                pairs=", ".join(f"{b} → {n}" for b, n in zip(used, metadata.band_names))))
        from ..core.inference.resample import RESAMPLE_FACTOR

        factor = scale_factor(layer, metadata.gsd_m, RESAMPLE_FACTOR if resample else None)
        if factor is not None and resample:
            feedback.pushInfo(self.tr(
                "The image's pixel size ({pixel:.2f} m) is {factor:.3g} times the model's "
                "({gsd} m): the model reads the image resampled to {gsd} m, and the outputs are "
                "put back on the image's grid.").format(
                pixel=factor * metadata.gsd_m, factor=factor, gsd=metadata.gsd_m))
        elif factor is not None:
            feedback.pushWarning(self.tr(
                "The image's pixel size ({pixel:.2f} m) is {factor:.3g} times the model's "
                "training resolution ({gsd} m); results may be poor. Resample the image to "
                "about {gsd} m, or use a model trained at this resolution.").format(
                pixel=factor * metadata.gsd_m, factor=factor, gsd=metadata.gsd_m))


# the image's pixel size is worth a warning from this factor on, either way
SCALE_WARNING_FACTOR = 2.0


def scale_factor(layer, gsd_m, threshold=None):
    """The raster layer's pixel size over the model's ``gsd_m`` when it
    differs by ``threshold`` (default :data:`SCALE_WARNING_FACTOR`) or more
    either way, else None (:func:`..core.inference.resample.pixel_size_factor`
    on the layer's file: the same rule the run resamples by)."""
    from ..core.inference.resample import pixel_size_factor

    path = raster_file_path(layer, layer.name())
    return pixel_size_factor(path, gsd_m, threshold or SCALE_WARNING_FACTOR)
