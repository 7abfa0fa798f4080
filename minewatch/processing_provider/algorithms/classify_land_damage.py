"""Classify Land Damage — the paper's SENetV2-COT-DeepLabV3+ (or any
MineWatch model) over a whole scene, streamed tile by tile (methods §1)."""
import json

from qgis.core import (
    QgsFields,
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterDestination,
    QgsWkbTypes,
)

from ...core.common.messages import translatable
from ...core.common.progress import ScaledFeedback
from ...core.landdamage.area_report import HEADINGS
from ...models.shipped import LAND_DAMAGE_MODEL
from ..destinations import output_requested
from ..network_algorithm import NetworkAlgorithm
from ..qgis_compat import make_field
from ..qgis_io import destination_path, write_wkb_features
from ..styles import class_polygons

# the shipped demonstration model (scripts/make_weights.py trains it)
DEFAULT_MODEL = LAND_DAMAGE_MODEL


class ClassifyLandDamage(NetworkAlgorithm):
    DISSOLVE = "DISSOLVE"
    OUTPUT = "OUTPUT"
    OUTPUT_PROBABILITY = "OUTPUT_PROBABILITY"
    OUTPUT_POLYGONS = "OUTPUT_POLYGONS"
    OUTPUT_STATS = "OUTPUT_STATS"
    AREA_EXCAVATION_M2 = "AREA_EXCAVATION_M2"
    AREA_OCCUPATION_M2 = "AREA_OCCUPATION_M2"
    AREA_CLASSIFIED_M2 = "AREA_CLASSIFIED_M2"
    CLASS_AREAS_M2 = "CLASS_AREAS_M2"

    REQUIRES = ("numpy", "rasterio", "torch")
    DEFAULT_MODEL_FILE = DEFAULT_MODEL
    MODEL_KIND = translatable("land-damage")
    GROUP = translatable("Land damage")
    GROUP_ID = "landdamage"

    def name(self):
        return "classifylanddamage"

    def displayName(self):  # noqa: N802
        return self.tr("Classify Land Damage")

    def shortDescription(self):  # noqa: N802 - QGIS API: the toolbox tooltip
        return self.tr("Map mine land damage (open pits, dumps, tailings ponds…) from a multispectral image, with areas per class.")

    def help_text(self):
        """The full help (the manual page; the side panel shows its summary)."""
        return self.tr(
            "Classifies a multispectral image of a mining area into land-damage classes "
            "with a MineWatch segmentation model (by default the paper's "
            "SENetV2-COT-DeepLabV3+), to map open pits, dumps, tailings ponds and the other "
            "classes with their areas.\n\n"
            "<b>Inputs</b>: Multispectral image (any data type). Model file: a MineWatch "
            "model file (.safetensors). Empty uses the model shipped with the plugin, a "
            "DEMONSTRATION model (SE-COT-DeepLabV3+ on an ImageNet-pretrained "
            "EfficientNet-Lite0 encoder, bands blue, green, red, NIR, 2 m) whose classes were "
            "learnt on synthetic mining scenes: it shows the workflow, but fine-tune it on "
            "your own labels (Create Training Samples, then Train Segmentation Model with it "
            "as initial model) before relying on it for real imagery. Pickled PyTorch files "
            "(.pt, .pth) are refused because opening them can run code. Image bands in the "
            "model's order: the image bands fed to the model (e.g. 3,2,1,4 for a blue, "
            "green, red, NIR model on an R, G, B, NIR image); empty = bands described by the "
            "model's band names (red, green, blue, nir, B02 …) taken by name, else all bands "
            "in file "
            "order. Their number must equal the model's. Any data type works: values are "
            "normalised with the band statistics stored in the model, so give the same kind "
            "of values the model was trained on. Advanced: Tile size, px (0 = the model's), "
            "Tile overlap, px (empty = 1/8 of the tile), Tiles per batch (default 4). "
            "Device: auto (default) uses a CUDA GPU when torch sees one; the log names the "
            "device used. Arithmetic (advanced): auto (default) runs the network in bfloat16 "
            "on a CPU with bf16 units (AVX512-BF16 or AMX), where it is faster and the class "
            "map agrees with float32 on at least 99.5 % of the pixels, and in float32 "
            "elsewhere; float32 gives the exact result. Polygons: one multipolygon per class "
            "(default off). Dask scheduler "
            "(advanced): empty = in this process; 'local' = a Dask LocalCluster on this "
            "machine's cores; tcp://host:8786 = a running scheduler: the scene's strips run on "
            "its workers and the class map is the same as in-process (needs dask; see "
            "docs/scale-out.md).\n\n"
            "<b>Tiling</b>: the image is cut into square tiles overlapping by the tile "
            "overlap; overlaps are blended with a smooth weight, so no seams show, and the "
            "scene is written window by window, so memory does not grow with its size. An "
            "image smaller than a tile is padded by mirroring.\n\n"
            "<b>Outputs</b>: Land-damage class map (OUTPUT): uint8 on the input's grid and "
            "CRS, with a colour table and class names in the file and a .qml style beside "
            "it. Probability of the winning class (OUTPUT_PROBABILITY, optional): float32, "
            "0–1. Land-damage polygons (OUTPUT_POLYGONS, optional): one polygon per "
            "connected patch of a class (4-connected), or with 'One multipolygon per class' "
            "the patches of each class collected into one feature; fields class, "
            "class_name, damage_type, area_m2; nodata gives no polygon. Area statistics "
            "(OUTPUT_STATS, optional, .csv or .html): pixel count, area in m² and km² and "
            "share of the classified area per class, per damage type and in total. Numeric "
            "outputs: AREA_EXCAVATION_M2, AREA_OCCUPATION_M2, AREA_CLASSIFIED_M2 (all valid "
            "pixels), CLASS_AREAS_M2 (JSON, class name → m²) and DEVICE_USED.\n\n"
            "<b>Units and conventions</b>: classes of the land-damage model: 0 background, "
            "1 open pit, 2 water (excavation, 挖损), 3 vegetation, 4 living area, 5 "
            "industrial site, 6 waste dump, 7 tailings pond (occupation, 压占). Class map "
            "nodata 255 (a pixel that is nodata in any band used); probability nodata −1. "
            "Areas are in m²: for a projected CRS from the pixel size (in metres), for a "
            "geographic CRS (degrees) on the CRS's ellipsoid, pixel row by pixel row.\n\n"
            "<b>Example</b>: qgis_process.bin run minewatch:classifylanddamage -- "
            "INPUT=gf2_scene.tif MODEL=land_damage.safetensors BANDS=1,2,3,4 "
            "OUTPUT=damage.tif OUTPUT_POLYGONS=damage.gpkg OUTPUT_STATS=damage.csv")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_model_parameters(
            self.tr("Multispectral image"), self.tr("Model file [empty: the shipped land-damage model]"),
            self.tr("Tile overlap, px [empty: 1/8 of the tile]"))
        self.addParameter(QgsProcessingParameterBoolean(
            self.DISSOLVE, self.tr("Polygons: one multipolygon per class"),
            defaultValue=False))

        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT, self.tr("Land-damage class map")))
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.OUTPUT_PROBABILITY, self.tr("Probability of the winning class"),
            optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_POLYGONS, self.tr("Land-damage polygons"),
            QgsProcessing.TypeVectorPolygon, optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_STATS, self.tr("Area statistics"),
            self.tr("CSV files (*.csv);;HTML files (*.html *.htm)"), optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(
            self.AREA_EXCAVATION_M2, self.tr("Excavation (挖损) area, m²")))
        self.addOutput(QgsProcessingOutputNumber(
            self.AREA_OCCUPATION_M2, self.tr("Occupation (压占) area, m²")))
        self.addOutput(QgsProcessingOutputNumber(
            self.AREA_CLASSIFIED_M2, self.tr("Classified (valid) area, m²")))
        self.addOutput(QgsProcessingOutputString(
            self.CLASS_AREAS_M2, self.tr("Area per class, m² (JSON)")))

    # -- the run --------------------------------------------------------------

    def run_network_task(self, parameters, context, feedback, settings, predict):
        from ...core.inference.writers import RasterOutputs
        from ...core.landdamage.area_report import area_by_damage_type
        from ...core.landdamage.classify import classify_land_damage

        class_path = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        prob_path = destination_path(self, parameters, self.OUTPUT_PROBABILITY, context)
        stats_path = ""
        if output_requested(parameters, self.OUTPUT_STATS, context):
            stats_path = self.parameterAsFileOutput(parameters, self.OUTPUT_STATS, context)
        want_polygons = output_requested(parameters, self.OUTPUT_POLYGONS, context)

        span = 85.0 if want_polygons else 97.0
        with self.cluster_engines(parameters, context, feedback, settings) as engines:
            run = classify_land_damage(
                settings.input_path, predict, settings.metadata,
                RasterOutputs(class_path, prob_path), model_input=settings.model_input, tiling=settings.tiling,
                feedback=feedback, progress_span=span, engines=engines,
                resample=settings.resample)
        self.outputs.wrote(*run.written)
        self.report_inference(feedback, run.inference)
        self.log_areas(feedback, run)
        results = {}
        if stats_path:
            self.outputs.wrote(stats_path)
            self.write_stats(stats_path, run, settings)
            results[self.OUTPUT_STATS] = stats_path
        if want_polygons:
            results[self.OUTPUT_POLYGONS] = self.write_polygons(
                parameters, context, settings.layer, run,
                ScaledFeedback(feedback, span, 100.0 - span))
            self.style_on_load(context, results[self.OUTPUT_POLYGONS], class_polygons(run.classes))

        self.style_class_map_on_load(context, class_path, run.inference.qml_path)
        by_type = area_by_damage_type(run.classes, run.areas_m2)
        results.update({
            self.OUTPUT: class_path,
            self.AREA_EXCAVATION_M2: by_type.get("excavation", 0.0),
            self.AREA_OCCUPATION_M2: by_type.get("occupation", 0.0),
            self.AREA_CLASSIFIED_M2: float(run.areas_m2.sum()),
            self.CLASS_AREAS_M2: json.dumps(
                {c.name: float(run.areas_m2[c.index]) for c in run.classes}, ensure_ascii=False),
        })
        if prob_path:
            results[self.OUTPUT_PROBABILITY] = prob_path
        return results

    # -- pieces ---------------------------------------------------------------

    def log_areas(self, feedback, run):
        from ...core.classmap.style import class_label

        total = float(run.areas_m2.sum())
        for c in run.classes:
            area = float(run.areas_m2[c.index])
            # bilingual, as in the legends: "open pit (露天采场)"
            feedback.pushInfo(self.tr("{index} {name}: {area:.1f} m² ({share:.2f} %)").format(
                index=c.index, name=class_label(c), area=area,
                share=100.0 * area / total if total else 0.0))

    def write_stats(self, path, run, settings):
        from ...core.landdamage.area_report import statistics_rows, write_report

        layer = settings.layer
        rows = statistics_rows(run.classes, run.counts, run.areas_m2)
        notes = [self.tr("Image: {path}").format(path=settings.input_path),
                 self.tr("Model: {path}").format(path=settings.model_file),
                 self.tr("CRS: {crs}").format(crs=layer.crs().authid() or layer.crs().description())]
        write_report(path, rows, {k: self.tr(v) for k, v in HEADINGS.items()}, notes)

    def write_polygons(self, parameters, context, layer, run, feedback):
        from ...core.classmap.polygons import polygonise_classes

        dissolve = self.parameterAsBool(parameters, self.DISSOLVE, context)
        fields = QgsFields()
        fields.append(make_field("class", "int"))
        fields.append(make_field("class_name", "string"))
        fields.append(make_field("damage_type", "string"))
        fields.append(make_field("area_m2", "double"))
        sink, dest_id = self.create_sink(
            parameters, self.OUTPUT_POLYGONS, context, fields,
            QgsWkbTypes.MultiPolygon if dissolve else QgsWkbTypes.Polygon, layer.crs())
        names = {c.index: (c.name, c.damage_type) for c in run.classes}
        rows = ((patch.wkb, [int(patch.class_index), *names[patch.class_index], float(patch.area_m2)])
                for patch in polygonise_classes(run.class_path, len(run.classes), dissolve, feedback))
        try:
            write_wkb_features(sink, fields, rows,
                               self.tr("Could not write the land-damage polygons: {error}"))
        finally:
            del sink  # close the file before a failed run removes it
        return dest_id
