"""Extract Buildings (network + dense CRF) — patent step 1 (methods §2): building
outlines from a high-resolution optical image, ready to be the BUILDINGS
input of Detect Subsidence Anomalies."""
import os
import shutil
import tempfile

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsWkbTypes,
)

from ...core.common.messages import translatable
from ...core.common.progress import ScaledFeedback
from ...models.shipped import BUILDING_MODEL
from ..network_algorithm import NetworkAlgorithm
from ..qgis_compat import make_fields
from ..qgis_io import destination_path, write_wkb_features

# the shipped building model (scripts/make_building_weights.py trains it)
DEFAULT_BUILDING_MODEL = BUILDING_MODEL
INFERENCE_SPAN = 80.0  # progress: inference 0–80 %, outlines 80–100 %


class ExtractBuildings(NetworkAlgorithm):
    USE_CRF = "USE_CRF"
    CRF_ITERATIONS = "CRF_ITERATIONS"
    CRF_SPATIAL_SIGMA = "CRF_SPATIAL_SIGMA"
    CRF_COLOUR_SIGMA = "CRF_COLOUR_SIGMA"
    CRF_SMOOTH_SIGMA = "CRF_SMOOTH_SIGMA"
    CRF_BILATERAL_WEIGHT = "CRF_BILATERAL_WEIGHT"
    CRF_SMOOTH_WEIGHT = "CRF_SMOOTH_WEIGHT"
    CRF_KEEP_CONFIDENT = "CRF_KEEP_CONFIDENT"
    MIN_AREA = "MIN_AREA"
    REGULARIZE = "REGULARIZE"
    OUTPUT = "OUTPUT"
    OUTPUT_MASK = "OUTPUT_MASK"
    N_BUILDINGS = "N_BUILDINGS"

    REQUIRES = ("numpy", "scipy", "rasterio", "affine", "torch")
    DEFAULT_MODEL_FILE = DEFAULT_BUILDING_MODEL
    MODEL_KIND = translatable("building")
    GROUP = translatable("Buildings")
    GROUP_ID = "buildings"

    def name(self):
        return "extractbuildings"

    def displayName(self):  # noqa: N802
        return self.tr("Extract Buildings (SegNet+CRF)")

    def shortDescription(self):  # noqa: N802 - QGIS API: the toolbox tooltip
        return self.tr("Extract building outlines from a high-resolution image (SegNet + dense CRF).")

    def help_text(self):
        """The full help (the manual page; the side panel shows its summary)."""
        return self.tr(
            "Extracts building outlines from a high-resolution optical image (patent step 1): "
            "a building model (the patent's SegNet, or the shipped U-Net) classifies the "
            "pixels tile by tile, a fully connected "
            "(dense) CRF sharpens each tile's result along the image's edges and removes "
            "speckle, the tiles are merged, and the building patches become regular polygons. "
            "The output is ready to be the Buildings input of Detect Subsidence Anomalies, "
            "also inside a graphical model.\n\n"
            "<b>Inputs</b>: Optical image. Building model file: a MineWatch building model "
            "file (.safetensors, 2 classes). Empty uses the building model shipped with the "
            "plugin: a U-Net on an EfficientNet-Lite0 encoder pretrained on ImageNet, trained "
            "at 0.3 m on openly licensed drone imagery of Tanzania, Uganda, the Philippines "
            "and Kenya (OpenAerialMap, CC BY 4.0) with OpenStreetMap footprints (ODbL); its "
            "scores on sources it never saw are in models/weights/buildings_default.json. "
            "Images whose pixel size differs by 1.5× or more are run at its 0.3 m (RESAMPLE). "
            "For another region, sensor or "
            "building style, fine-tune it on your own footprints (a cadastre's polygons): "
            "Create Training Samples with the polygons (Classes other,building), Train "
            "Segmentation Model with the shipped model as Initial model, then give the new "
            "model here. Pickled PyTorch files (.pt, .pth) are refused because "
            "opening them can run code. Image bands in the model's order: the image bands fed "
            "to the model (e.g. 1,2,3 for an RGB model); empty = all bands. A single-band "
            "(panchromatic) image given to a 3-band model is accepted by repeating the band, "
            "with a warning; any other mismatch needs the bands. Values are normalised with "
            "the statistics stored in the model, or, for a model trained to normalise each "
            "scene by its own statistics, with the image's own band mean and standard "
            "deviation (then 8-bit and 16-bit images both work); a warning says when the "
            "image's values look unlike the model's training data. Advanced: Tile size, px "
            "(0 = the model's), Tile overlap, px (empty: 1/4 of the tile with the CRF, 1/8 "
            "without), Tiles per batch (default 4). Device: auto (default) uses a CUDA GPU "
            "when torch sees one. Arithmetic (advanced): auto (default) runs the network in "
            "bfloat16 on a CPU with bf16 units (AVX512-BF16 or AMX), float32 elsewhere; "
            "float32 gives the exact result. Refine with a dense CRF (default on) and, advanced, its "
            "iterations, bandwidths and weights (see Dense CRF). Minimum building area, m² "
            "(default 20). Regularise outlines (right angles; default on). Dask scheduler "
            "(advanced): empty = in this process; 'local' or tcp://host:8786 = the scene's "
            "strips, CRF included, run on a Dask cluster with the same result (see "
            "docs/scale-out.md).\n\n"
            "<b>Tiling</b>: overlaps are blended, so no seams show, and the scene is "
            "processed window by window.\n\n"
            "<b>Dense CRF</b> (Krähenbühl & Koltun 2011, mean field): pairwise kernels "
            "w1·exp(−Δp²/2θα² − ΔI²/2θβ²) + w2·exp(−Δp²/2θγ²). Bandwidths θα (spatial) and "
            "θγ (smoothness) are in PIXELS of the input image (their size on the ground "
            "depends on its pixel size: 80 px at 0.5 m is 40 m); θβ (colour) is on a 0–255 "
            "scale: up to 3 bands are stretched between their scene 2 % and 98 % "
            "percentiles. Defaults: 5 iterations, θα 80, θβ 13, θγ 3, weights 10 and 3. "
            "The CRF runs on each tile with its overlap, so it also streams. CRF keeps the "
            "network's confident pixels (advanced, default on): the network's term is weighted "
            "so that no pixel it gives a class with 70 % or more can change class; the CRF "
            "then moves only the unsure pixels, along the image's edges. Off gives the exact "
            "dense CRF, which on real imagery erased most buildings of some scenes and "
            "spread them over others. Either way, a tile whose CRF result erased most of "
            "the network's confident buildings, or spread them over twice as many pixels, "
            "keeps the network's own result, and the log says how many tiles did.\n\n"
            "<b>Outlines</b>: 4-connected building patches; holes are filled, outlines "
            "smaller than Minimum area (m²) are dropped, the rest simplified and, with "
            "Regularise, squared to right angles where they are rectilinear.\n\n"
            "<b>Outputs</b>: Buildings (OUTPUT): polygons with building_id (1…n), area_m2, "
            "perimeter_m, mean_prob (mean building probability inside the outline, 0–1), "
            "regularised (1 = squared, 0 = simplified only). Building mask (OUTPUT_MASK, "
            "optional). N_BUILDINGS: the number of buildings; DEVICE_USED.\n\n"
            "<b>Units and conventions</b>: classes 0 other, 1 building. Building mask: "
            "uint8, 1 building, 0 other, 255 nodata. Polygons are in the input's CRS; areas "
            "in m², perimeters in m; CRF bandwidths θα, θγ in pixels, θβ on a 0–255 "
            "scale.\n\n"
            "<b>Example</b>: qgis_process.bin run minewatch:extractbuildings -- "
            "INPUT=village.tif USE_CRF=true MIN_AREA=20 OUTPUT=buildings.gpkg "
            "OUTPUT_MASK=building_mask.tif")

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
        self.add_advanced(*(QgsProcessingParameterNumber(name, label, kind, defaultValue=default,
                                                         minValue=low, maxValue=high)
                            for name, label, kind, default, low, high in crf))
        self.add_advanced(QgsProcessingParameterBoolean(
            self.CRF_KEEP_CONFIDENT, self.tr("CRF keeps the network's confident pixels (off: the "
                                             "exact dense CRF)"), defaultValue=True))
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

    # -- the run --------------------------------------------------------------

    def crf_params(self, parameters, context):
        from ...core.buildings.dense_crf import CrfParams

        if not self.parameterAsBool(parameters, self.USE_CRF, context):
            return None
        from dataclasses import replace

        from ...core.buildings.crf_predict import CRF_CONFIDENT
        from ...core.buildings.dense_crf import confidence_keeping_weight

        number = self.parameterAsDouble
        params = CrfParams(
            iterations=self.parameterAsInt(parameters, self.CRF_ITERATIONS, context),
            theta_alpha=number(parameters, self.CRF_SPATIAL_SIGMA, context),
            theta_beta=number(parameters, self.CRF_COLOUR_SIGMA, context),
            theta_gamma=number(parameters, self.CRF_SMOOTH_SIGMA, context),
            w_bilateral=number(parameters, self.CRF_BILATERAL_WEIGHT, context),
            w_gaussian=number(parameters, self.CRF_SMOOTH_WEIGHT, context))
        if self.parameterAsBool(parameters, self.CRF_KEEP_CONFIDENT, context):
            params = replace(params, unary_weight=confidence_keeping_weight(params, CRF_CONFIDENT))
        return params

    def run_network_task(self, parameters, context, feedback, settings, predict):
        from ...core.buildings.extraction import infer_buildings, iter_buildings

        crf = self.crf_params(parameters, context)
        min_area = self.parameterAsDouble(parameters, self.MIN_AREA, context)
        regularize = self.parameterAsBool(parameters, self.REGULARIZE, context)
        mask_path = destination_path(self, parameters, self.OUTPUT_MASK, context)
        # the probability (and the mask when the user wants none) are
        # working files for the outlines, removed whatever happens
        scratch = tempfile.mkdtemp(prefix="minewatch_buildings_")
        try:
            with self.cluster_engines(parameters, context, feedback, settings) as engines:
                run = infer_buildings(
                    settings.input_path, predict, settings.metadata,
                    mask_path or os.path.join(scratch, "building_mask.tif"),
                    os.path.join(scratch, "building_probability.tif"),
                    bands=settings.model_input.bands, tiling=settings.tiling, crf=crf,
                    feedback=ScaledFeedback(feedback, 0.0, INFERENCE_SPAN), engines=engines,
                    resample=settings.resample)
            if mask_path:
                self.outputs.wrote(*run.written)
                self.style_class_map_on_load(context, mask_path, run.qml_path)
            self.report_inference(feedback, run, " " + self.tr("Dense CRF: {state}; {pixels} "
                                  "building pixels.").format(
                state=self.tr("on") if crf is not None else self.tr("off"),
                pixels=int(run.class_counts[1])))
            if run.crf_fallback and run.crf_fallback[0]:
                feedback.pushInfo(self.tr(
                    "The dense CRF's result was not kept in {n} of {tiles} tiles: it erased most "
                    "of the buildings the network found there, or spread them over twice as many "
                    "pixels; the network's own mask is used in those tiles.").format(
                    n=run.crf_fallback[0], tiles=run.crf_fallback[1]))
            dropped = {}
            outlines = iter_buildings(run, min_area, regularize,
                                      ScaledFeedback(feedback, INFERENCE_SPAN, 100.0 - INFERENCE_SPAN),
                                      dropped)
            dest_id, count = self.write_buildings(parameters, context, settings.layer, outlines)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        if dropped.get("under_min_area"):
            message = self.tr(
                "{n} patches under the minimum area ({area:g} m², {pixels:,.0f} pixels of this "
                "image) were dropped.").format(
                n=dropped["under_min_area"], area=min_area,
                pixels=min_area / max(dropped.get("pixel_m2") or 1.0, 1e-12))
            if count == 0:
                feedback.pushWarning(message + " " + self.tr(
                    "No building is left: lower MIN_AREA if the buildings here are smaller."))
            else:
                feedback.pushInfo(message)
        feedback.pushInfo(self.tr("{n} buildings written.").format(n=count))
        results = {self.OUTPUT: dest_id, self.N_BUILDINGS: count}
        if mask_path:
            results[self.OUTPUT_MASK] = mask_path
        return results

    def write_buildings(self, parameters, context, layer, outlines):
        """Write the outlines to the OUTPUT sink; (its id, the count)."""
        # "regularised" an integer 0/1, not a boolean: Shapefile and CSV have no boolean type
        fields = make_fields([("building_id", "int"), ("area_m2", "double"),
                              ("perimeter_m", "double"), ("mean_prob", "double"),
                              ("regularised", "int")])
        sink, dest_id = self.create_sink(parameters, self.OUTPUT, context, fields,
                                         QgsWkbTypes.Polygon, layer.crs())
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
            del sink  # close the file before a failed run removes it
        return dest_id, count

