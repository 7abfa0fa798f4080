"""Extract Buildings (SegNet+CRF) — patent step 1 (SPEC §2): building
outlines from a high-resolution optical image, ready to be the BUILDINGS
input of Detect Subsidence Anomalies."""
import os
import tempfile

from qgis.core import (
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core.common.progress import ScaledFeedback
from .model_algorithm import ModelAlgorithm
from .qgis_io import destination_path, remove_partial_outputs, write_wkb_features

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# the shipped building model (trained by the lead on synthetic village scenes)
DEFAULT_BUILDING_MODEL = os.path.join(PLUGIN_DIR, "models", "weights",
                                      "buildings_default.safetensors")
INFERENCE_SPAN = 80.0  # progress: inference 0–80 %, outlines 80–100 %


class ExtractBuildings(ModelAlgorithm):
    USE_CRF = "USE_CRF"
    CRF_ITERATIONS = "CRF_ITERATIONS"
    CRF_SPATIAL_SIGMA = "CRF_SPATIAL_SIGMA"
    CRF_COLOUR_SIGMA = "CRF_COLOUR_SIGMA"
    CRF_SMOOTH_SIGMA = "CRF_SMOOTH_SIGMA"
    CRF_BILATERAL_WEIGHT = "CRF_BILATERAL_WEIGHT"
    CRF_SMOOTH_WEIGHT = "CRF_SMOOTH_WEIGHT"
    MIN_AREA = "MIN_AREA"
    REGULARIZE = "REGULARIZE"
    OUTPUT = "OUTPUT"
    OUTPUT_MASK = "OUTPUT_MASK"
    N_BUILDINGS = "N_BUILDINGS"
    DEVICE_USED = "DEVICE_USED"

    REQUIRES = ("numpy", "scipy", "rasterio", "torch")
    DEFAULT_MODEL_FILE = DEFAULT_BUILDING_MODEL
    MODEL_KIND = "building"
    GROUP = "Buildings"
    GROUP_ID = "buildings"

    def name(self):
        return "extractbuildings"

    def displayName(self):  # noqa: N802
        return self.tr("Extract Buildings (SegNet+CRF)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Extracts building outlines from a high-resolution optical image (patent step 1): "
            "a SegNet building model classifies the pixels tile by tile, a fully connected "
            "(dense) CRF sharpens each tile's result along the image's edges and removes "
            "speckle, the tiles are merged, and the building patches become regular polygons. "
            "The output is ready to be the Buildings input of Detect Subsidence Anomalies, "
            "also inside a graphical model.\n\n"
            "Model: a MineWatch building model file (.safetensors, 2 classes: 0 other, 1 "
            "building). Empty uses the building model shipped with the plugin, a DEMONSTRATION "
            "model (SegNet, trained briefly on synthetic villages): fine-tune it on your own "
            "footprints with Create Training Samples and Train Segmentation Model. Pickled "
            "PyTorch files (.pt, .pth) are refused because opening them can run code.\n\n"
            "Bands: the image bands fed to the model, in its order (e.g. 1,2,3 for an RGB "
            "model); empty = all bands. A single-band (panchromatic) image given to a "
            "3-band model is accepted by repeating the band, with a warning; any other "
            "mismatch needs Bands. Values are normalised with the statistics stored in the "
            "model, or, for a model trained to normalise each scene by its own statistics, "
            "with the image's own band mean and standard deviation (then 8-bit and 16-bit "
            "images both work); a warning says when the image's values look unlike the "
            "model's training data.\n\n"
            "Tiling: tiles of Tile size px (0 = the model's) overlapping by Overlap px "
            "(empty: 1/4 of the tile with the CRF, 1/8 without); overlaps are blended, so "
            "no seams show, and the scene is processed window by window.\n\n"
            "Dense CRF (Krähenbühl & Koltun 2011, mean field): pairwise kernels "
            "w1·exp(−Δp²/2θα² − ΔI²/2θβ²) + w2·exp(−Δp²/2θγ²). Bandwidths θα (spatial) and "
            "θγ (smoothness) are in PIXELS of the input image (their size on the ground "
            "depends on its pixel size: 80 px at 0.5 m is 40 m); θβ (colour) is on a 0–255 "
            "scale: up to 3 bands are stretched between their scene 2 % and 98 % "
            "percentiles. Defaults: 5 iterations, θα 80, θβ 13, θγ 3, weights 10 and 3. "
            "The CRF runs on each tile with its overlap, so it also streams.\n\n"
            "Outlines: 4-connected building patches; holes are filled, outlines smaller than "
            "Minimum area (m²) are dropped, the rest simplified and, with Regularise, squared "
            "to right angles where they are rectilinear. Output fields: building_id (1…n), "
            "area_m2, perimeter_m, mean_prob (mean building probability inside the outline, "
            "0–1), regularised (1 = squared, 0 = simplified only). Polygons are in the "
            "input's CRS. Building mask (optional): uint8, 1 building, 0 other, 255 nodata.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_model_parameters(
            self.tr("Optical image"), self.tr("Building model file [empty: the shipped building model]"),
            self.tr("Tile overlap, px [empty: 1/4 of the tile with CRF, 1/8 without]"))
        self.addParameter(QgsProcessingParameterBoolean(
            self.USE_CRF, self.tr("Refine with a dense CRF"), defaultValue=True))
        crf = [
            (self.CRF_ITERATIONS, self.tr("CRF mean-field iterations"),
             QgsProcessingParameterNumber.Integer, 5, 0, 100),
            (self.CRF_SPATIAL_SIGMA, self.tr("CRF spatial bandwidth θα, px"),
             QgsProcessingParameterNumber.Double, 80.0, 0.1, 10000.0),
            (self.CRF_COLOUR_SIGMA, self.tr("CRF colour bandwidth θβ (0–255 scale)"),
             QgsProcessingParameterNumber.Double, 13.0, 0.1, 1000.0),
            (self.CRF_SMOOTH_SIGMA, self.tr("CRF smoothness bandwidth θγ, px"),
             QgsProcessingParameterNumber.Double, 3.0, 0.1, 1000.0),
            (self.CRF_BILATERAL_WEIGHT, self.tr("CRF bilateral (appearance) kernel weight"),
             QgsProcessingParameterNumber.Double, 10.0, 0.0, 1000.0),
            (self.CRF_SMOOTH_WEIGHT, self.tr("CRF smoothness kernel weight"),
             QgsProcessingParameterNumber.Double, 3.0, 0.0, 1000.0),
        ]
        for name, label, kind, default, low, high in crf:
            parameter = QgsProcessingParameterNumber(name, label, kind, defaultValue=default,
                                                     minValue=low, maxValue=high)
            parameter.setFlags(parameter.flags() | parameter.FlagAdvanced)
            self.addParameter(parameter)
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_AREA, self.tr("Minimum building area, m²"),
            QgsProcessingParameterNumber.Double, defaultValue=20.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.REGULARIZE, self.tr("Regularise outlines (right angles)"), defaultValue=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Buildings"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_MASK, self.tr("Building mask"), optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(self.N_BUILDINGS, self.tr("Number of buildings")))
        self.addOutput(QgsProcessingOutputString(self.DEVICE_USED, self.tr("Device used")))

    # -- the run --------------------------------------------------------------

    def crf_params(self, parameters, context):
        from ..core.buildings.dense_crf import CrfParams

        if not self.parameterAsBool(parameters, self.USE_CRF, context):
            return None
        number = self.parameterAsDouble
        return CrfParams(
            iterations=self.parameterAsInt(parameters, self.CRF_ITERATIONS, context),
            theta_alpha=number(parameters, self.CRF_SPATIAL_SIGMA, context),
            theta_beta=number(parameters, self.CRF_COLOUR_SIGMA, context),
            theta_gamma=number(parameters, self.CRF_SMOOTH_SIGMA, context),
            w_bilateral=number(parameters, self.CRF_BILATERAL_WEIGHT, context),
            w_gaussian=number(parameters, self.CRF_SMOOTH_WEIGHT, context))

    def run_algorithm(self, parameters, context, feedback):
        from ..core.buildings.extraction import infer_buildings, iter_buildings
        from ..core.landdamage.classify import remove_files
        from ..core.inference.torch_predict import torch_predictor

        run_settings = self.model_run(parameters, context, self.tr("Optical image"))
        layer, input_path = run_settings.layer, run_settings.input_path
        metadata, device = run_settings.metadata, run_settings.device
        bands, tile_size = run_settings.bands, run_settings.tile_size
        overlap, batch_size = run_settings.overlap, run_settings.batch_size
        crf = self.crf_params(parameters, context)
        min_area = self.parameterAsDouble(parameters, self.MIN_AREA, context)
        regularize = self.parameterAsBool(parameters, self.REGULARIZE, context)
        mask_path = destination_path(self, parameters, self.OUTPUT_MASK, context)

        model, metadata = self.load_model(feedback, run_settings)
        scratch = tempfile.mkdtemp(prefix="minewatch_buildings_")
        prob_path = os.path.join(scratch, "building_probability.tif")
        working_mask = mask_path or os.path.join(scratch, "building_mask.tif")
        user_files = []  # the mask and its style, removed if the run fails
        created = []
        try:
            run = infer_buildings(
                input_path, torch_predictor(model, device), metadata, working_mask, prob_path,
                bands=bands, tile_size=tile_size, overlap=overlap, batch_size=batch_size,
                crf=crf, feedback=ScaledFeedback(feedback, 0.0, INFERENCE_SPAN))
            for warning in run.warnings:
                feedback.pushWarning(self.tr(warning))
            feedback.pushInfo(self.tr(
                "{tiles} tiles of {tile} px (overlap {overlap} px), dense CRF {crf}, input "
                "scaling: {scaling}; {pixels} building pixels, {nodata} nodata pixels.").format(
                tiles=run.n_tiles, tile=run.tile_size, overlap=run.overlap,
                crf=self.tr("on") if run.use_crf else self.tr("off"),
                scaling=run.scaling, pixels=run.building_pixels, nodata=run.nodata_pixels))
            if mask_path:
                user_files += [mask_path] + self.style_mask(context, mask_path, metadata)
            outlines = iter_buildings(run, min_area, regularize,
                                      ScaledFeedback(feedback, INFERENCE_SPAN, 100.0 - INFERENCE_SPAN))
            dest_id, count = self.write_buildings(parameters, context, layer, outlines, created)
        except BaseException:
            # cancelled or failed: leave no partial output behind
            remove_partial_outputs(created)
            remove_files(user_files)
            raise
        finally:
            remove_files([p for p in (prob_path, working_mask) if p != mask_path])
            try:
                os.rmdir(scratch)
            except OSError:
                pass
        feedback.pushInfo(self.tr("{n} buildings written.").format(n=count))
        feedback.setProgress(100.0)
        results = {self.OUTPUT: dest_id, self.N_BUILDINGS: count, self.DEVICE_USED: device}
        if mask_path:
            results[self.OUTPUT_MASK] = mask_path
        return results

    def style_mask(self, context, mask_path, metadata):
        """Class names in the mask file, a .qml beside it, applied when QGIS
        loads it; returns the files written besides the mask."""
        from ..core.classmap.style import label_class_raster, write_qml

        classes = metadata.class_table()
        label_class_raster(mask_path, classes)
        qml = write_qml(mask_path, classes)
        self.style_on_load(context, mask_path, qml)
        return [mask_path + ".aux.xml", qml]

    def write_buildings(self, parameters, context, layer, outlines, created):
        """Write the outlines to the OUTPUT sink; (its id, the count)."""
        fields = QgsFields()
        fields.append(QgsField("building_id", QVariant.Int))
        fields.append(QgsField("area_m2", QVariant.Double))
        fields.append(QgsField("perimeter_m", QVariant.Double))
        fields.append(QgsField("mean_prob", QVariant.Double))
        # an integer 0/1, not a boolean: Shapefile and CSV have no boolean type
        fields.append(QgsField("regularised", QVariant.Int))
        sink, dest_id = self.create_sink(parameters, self.OUTPUT, context, fields,
                                         QgsWkbTypes.Polygon, layer.crs(), created)
        def rows():
            for number, outline in enumerate(outlines, start=1):
                mean_prob = outline.mean_probability
                yield outline.wkb(), [number, float(outline.area_m2), float(outline.perimeter_m),
                                      None if mean_prob != mean_prob else float(mean_prob),
                                      int(bool(outline.regularised))]

        try:
            count = write_wkb_features(sink, fields, rows(),
                                       self.tr("Could not write the building outlines: {error}"))
        finally:
            del sink  # close the file before a cancelled run removes it
        return dest_id, count

