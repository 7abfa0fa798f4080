"""Create Training Samples — image patches with class labels, split
spatially into train/val/test, for Train Segmentation Model (methods §1)."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBand,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsRasterLayer,
    QgsVectorLayer,
)

from ...core.common.messages import tell, translatable
from ...core.common.progress import ScaledFeedback
from ..base import MineWatchAlgorithm
from ..qgis_compat import parameter_field_names
from ..qgis_io import raster_file_path

OUTSIDE_VALUES = (0, 255)  # OUTSIDE_POLYGONS: class 0 (background) or ignored


class CreateTrainingSamples(MineWatchAlgorithm):
    INPUT = "INPUT"
    LABELS = "LABELS"
    CLASS_FIELD = "CLASS_FIELD"
    OUTSIDE_POLYGONS = "OUTSIDE_POLYGONS"
    CLASSES = "CLASSES"
    BANDS = "BANDS"
    PATCH_SIZE = "PATCH_SIZE"
    STRIDE = "STRIDE"
    AUGMENT = "AUGMENT"
    SPLIT = "SPLIT"
    BLOCK_SIZE = "BLOCK_SIZE"
    MIN_LABELLED = "MIN_LABELLED"
    UNLABELLED = "UNLABELLED"
    SEED = "SEED"
    APPEND = "APPEND"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    MANIFEST = "MANIFEST"
    TRAIN_PATCHES = "TRAIN_PATCHES"
    VAL_PATCHES = "VAL_PATCHES"
    TEST_PATCHES = "TEST_PATCHES"

    REQUIRES = ("numpy", "scipy", "rasterio")
    GROUP = translatable("Training and evaluation")
    GROUP_ID = "training"

    def name(self):
        return "createtrainingsamples"

    def displayName(self):  # noqa: N802
        return self.tr("Create Training Samples")

    def shortDescription(self):  # noqa: N802 - QGIS API: the toolbox tooltip
        return self.tr("Cut an image and its labels into training patches (block-wise train/val/test split).")

    def help_text(self):
        """The full help (the manual page; the side panel shows its summary)."""
        return self.tr(
            "Cuts an image and its class labels into square patches for training a "
            "segmentation model (Train Segmentation Model), split into train, validation "
            "and test sets without spatial leaks.\n\n"
            "<b>Inputs</b>: Image. Labels: either a class raster (one band of class "
            "indices, on any grid: it is resampled by nearest neighbour onto the image grid, "
            "and reprojected when its CRS differs; its nodata and 255 mean unlabelled, values "
            "outside the classes are ignored with a warning), or a polygon layer whose Class "
            "field holds a class index (0, 1, … or '3') or a class name in English or "
            "Chinese (case does not matter). Polygons are reprojected to the image CRS and "
            "burnt on the image grid (a pixel takes the class of the polygon containing its "
            "centre; where polygons overlap the later one wins). Pixels outside every "
            "polygon are class 0 (background, the default: draw only the non-background "
            "classes) or ignored (unlabelled: only what you drew is learnt). Classes: class "
            "names in index order, separated by commas (empty = the classes a label raster "
            "stores, as MineWatch's class maps and building masks do, else the eight "
            "land-damage classes; a list that names a stored value otherwise is refused; "
            "'other,building' gives the building-extraction classes), or a class "
            "value table when your labels hold other values than 0, 1, 2 …: "
            "'1=water,2=quarry,3=crops' (the classes keep this order, so label value 1 is "
            "class 0; the same table works in Evaluate Segmentation and Detect Land Damage "
            "Change). Unlabelled label value (optional, e.g. 0): raster pixels or polygons "
            "with this value label nothing. Image bands, "
            "in model input order (empty: all). Patch size, px (default 256), Stride, px "
            "(empty = the patch size, no overlap), Augmentation multiplier (default 1 = "
            "none), Split train,val,test, % (default 60,20,20), Min labelled fraction of a "
            "patch (0–1; empty, the default, = chosen from the labels: 0.5 for dense labels, "
            "less for sparse polygons, the largest of 0.5, 0.25, 0.1, 0.05, 0.02 that keeps "
            "at least half of the patches holding labels; the log says which); advanced: "
            "Split block size, px (empty = 4 × patch size) and Random seed (default 0).\n\n"
            "<b>Patches</b>: squares of Patch size every Stride px lying inside the image. A "
            "patch is kept when at least Min labelled of its pixels have a label and a valid "
            "image value; image nodata pixels get label 255 (ignored).\n\n"
            "<b>Split</b>: the scene is cut into square blocks of Split block size; each "
            "block goes wholly to one set, chosen by a shuffle with the seed so that the "
            "sets get about their share of patches, and only patches wholly inside one block "
            "are kept, so no pixel is in two sets even with overlapping patches.\n\n"
            "<b>Augmentation</b>: each train patch gets multiplier − 1 extra copies with a "
            "random flip, 90° rotation and small affine (rotation ±30°, scale 0.8–1.2, shear "
            "±10°); labels follow exactly (nearest neighbour), pixels brought in from outside "
            "the patch are ignored. Validation and test patches are never augmented.\n\n"
            "<b>Outputs</b>: Output folder (OUTPUT_FOLDER): manifest.json (classes, bands, "
            "pixel size, per-band mean and standard deviation of the train patches in raw "
            "units, per-class pixel counts per set), patches.csv (position and block of each "
            "patch) and the patches as NumPy .npy shards under train/, val/ and test/. A "
            "previous sample set in the folder is replaced, or kept and extended with 'Add to "
            "the samples already in the folder' (one sample set from several images: run once "
            "per image, e.g. in the batch dialog; classes, bands and patch size must match, "
            "band statistics are pooled); a cancelled or failed run leaves the folder as it "
            "was. The scene is read block by block, so memory does not "
            "grow with its size. MANIFEST: the path of manifest.json; TRAIN_PATCHES, "
            "VAL_PATCHES, TEST_PATCHES: the number of patches in each set.\n\n"
            "<b>Units and conventions</b>: class indices 0 background, 1 open pit, 2 water, "
            "3 vegetation, 4 living area, 5 industrial site, 6 waste dump, 7 tailings pond "
            "by default; label 255 = unlabelled (ignored). Patch size, stride and block size "
            "in pixels; split in percent; image values kept in raw units.\n\n"
            "<b>Example</b>: qgis_process.bin run minewatch:createtrainingsamples -- "
            "INPUT=gf2.tif LABELS=labels.gpkg CLASS_FIELD=class AUGMENT=3 "
            "OUTPUT_FOLDER=samples")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.INPUT, self.tr("Image")))
        self.addParameter(QgsProcessingParameterMapLayer(
            self.LABELS, self.tr("Labels (class raster or polygon layer)"),
            types=[QgsProcessing.TypeRaster, QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.CLASS_FIELD, self.tr("Class field (polygon labels: class index or name)"),
            parentLayerParameterName=self.LABELS, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.OUTSIDE_POLYGONS, self.tr("Pixels outside every polygon"),
            options=[self.tr("class 0 (background)"), self.tr("ignored (unlabelled)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterString(
            self.CLASSES, self.tr("Classes, comma-separated in index order, or value=name pairs "
                                  "[empty: those the label raster stores, else the 8 land-damage classes]"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.UNLABELLED, self.tr("Unlabelled label value [empty: none besides 255 and "
                                     "nodata]"),
            QgsProcessingParameterNumber.Integer, defaultValue=None, optional=True))
        self.addParameter(QgsProcessingParameterBand(
            self.BANDS, self.tr("Image bands, in model input order [empty: all]"),
            parentLayerParameterName=self.INPUT, optional=True, allowMultiple=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.PATCH_SIZE, self.tr("Patch size, px"), QgsProcessingParameterNumber.Integer,
            defaultValue=256, minValue=8, maxValue=4096))
        self.addParameter(QgsProcessingParameterNumber(
            self.STRIDE, self.tr("Stride, px [empty: the patch size]"),
            QgsProcessingParameterNumber.Integer, defaultValue=None, optional=True,
            minValue=1, maxValue=4096))
        self.addParameter(QgsProcessingParameterNumber(
            self.AUGMENT, self.tr("Augmentation multiplier (1 = none)"),
            QgsProcessingParameterNumber.Integer, defaultValue=1, minValue=1, maxValue=64))
        self.addParameter(QgsProcessingParameterString(
            self.SPLIT, self.tr("Split train,val,test, %"), defaultValue="60,20,20"))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_LABELLED, self.tr("Min labelled fraction of a patch [empty: chosen from "
                                       "the labels]"),
            QgsProcessingParameterNumber.Double, defaultValue=None, optional=True, minValue=0.0,
            maxValue=1.0))
        advanced = [
            QgsProcessingParameterNumber(
                self.BLOCK_SIZE, self.tr("Split block size, px [empty: 4 × patch size]"),
                QgsProcessingParameterNumber.Integer, defaultValue=None, optional=True,
                minValue=8, maxValue=1000000),
            QgsProcessingParameterNumber(
                self.SEED, self.tr("Random seed"), QgsProcessingParameterNumber.Integer,
                defaultValue=0, minValue=0),
        ]
        self.add_advanced(*advanced)
        self.addParameter(QgsProcessingParameterBoolean(
            self.APPEND, self.tr("Add to the samples already in the folder"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, self.tr("Output folder")))
        self.addOutput(QgsProcessingOutputFile(self.MANIFEST, self.tr("Manifest (manifest.json)")))
        self.addOutput(QgsProcessingOutputNumber(self.TRAIN_PATCHES, self.tr("Train patches")))
        self.addOutput(QgsProcessingOutputNumber(self.VAL_PATCHES, self.tr("Validation patches")))
        self.addOutput(QgsProcessingOutputNumber(self.TEST_PATCHES, self.tr("Test patches")))

    def optional_int(self, parameters, name, context, zero_is_value=False):
        """The integer parameter ``name``, None when empty (and when 0, for
        sizes, unless ``zero_is_value``)."""
        if parameters.get(name) in (None, ""):
            return None
        value = self.parameterAsInt(parameters, name, context)
        return value if zero_is_value else value or None

    def run_algorithm(self, parameters, context, feedback):
        from ...core.classmap.class_tables import (
            classes_for_stored_names,
            describe_classes,
            label_values,
        )
        from ...core.classmap.stored_names import read_class_names
        from ...core.training.sample_builder import PatchSettings, create_training_samples
        from ...core.training.sample_split import parse_split
        from ..label_layers import polygon_label_shapes

        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        image_path = raster_file_path(layer, self.tr("Image"))
        labels = self.parameterAsLayer(parameters, self.LABELS, context)
        class_text = self.parameterAsString(parameters, self.CLASSES, context)
        label_path = (raster_file_path(labels, self.tr("Labels"))
                      if isinstance(labels, QgsRasterLayer) else None)
        classes, from_labels = classes_for_stored_names(
            class_text, read_class_names(label_path) if label_path else None)
        values = label_values(class_text)
        unlabelled = self.optional_int(parameters, self.UNLABELLED, context, zero_is_value=True)
        split = parse_split(self.parameterAsString(parameters, self.SPLIT, context))
        folder = self.parameterAsFileOutput(parameters, self.OUTPUT_FOLDER, context)
        if not folder:
            raise QgsProcessingException(self.tr("Give an output folder for the samples."))
        feedback.pushInfo((self.tr("Classes (stored in the labels): {classes}.") if from_labels
                           else self.tr("Classes: {classes}.")).format(
            classes=describe_classes(classes, values)))

        options = dict(bands=self.band_list(parameters, self.BANDS, context), patches=PatchSettings(
            patch_size=self.parameterAsInt(parameters, self.PATCH_SIZE, context),
            stride=self.optional_int(parameters, self.STRIDE, context),
            augment=self.parameterAsInt(parameters, self.AUGMENT, context),
            split=split, block_size=self.optional_int(parameters, self.BLOCK_SIZE, context),
            min_labelled=None if parameters.get(self.MIN_LABELLED) in (None, "") else
            self.parameterAsDouble(parameters, self.MIN_LABELLED, context),
            seed=self.parameterAsInt(parameters, self.SEED, context)),
            append=self.parameterAsBool(parameters, self.APPEND, context))
        if isinstance(labels, QgsRasterLayer):
            if parameter_field_names(self, parameters, self.CLASS_FIELD, context):
                feedback.pushWarning(self.tr("The labels are a raster: 'Class field' is not used."))
            run = create_training_samples(
                image_path, folder, classes, label_path=label_path,
                feedback=feedback, label_values=values, unlabelled=unlabelled, **options)
        elif isinstance(labels, QgsVectorLayer):
            shapes = polygon_label_shapes(
                self, parameters, self.LABELS, self.CLASS_FIELD, classes, layer.crs(), context,
                ScaledFeedback(feedback, 0, 10), values, unlabelled)
            outside = OUTSIDE_VALUES[self.parameterAsEnum(parameters, self.OUTSIDE_POLYGONS, context)]
            run = create_training_samples(
                image_path, folder, classes, label_shapes=shapes, outside_value=outside,
                labels_name=labels.source(), feedback=ScaledFeedback(feedback, 10, 90), **options)
        else:
            raise QgsProcessingException(self.tr(
                "The labels must be a class raster or a polygon layer with a class field."))
        for note in run.notes:
            tell(feedback, note)
        for warning in run.warnings:
            tell(feedback, warning, warning=True)
        manifest = run.manifest
        feedback.pushInfo(self.tr(
            "{train} train, {val} validation and {test} test patches of {size} px from "
            "{btrain}/{bval}/{btest} blocks of {block} px; augmentation × {augment}.").format(
            train=run.counts["train"], val=run.counts["val"], test=run.counts["test"],
            size=manifest["patch_size"], btrain=run.blocks["train"], bval=run.blocks["val"],
            btest=run.blocks["test"], block=manifest["block_size"], augment=manifest["augment"]))
        for name in ("train", "val", "test"):
            pixels = manifest["splits"][name]["class_pixels"]
            feedback.pushInfo(self.tr("{split} pixels per class: {counts}").format(
                split=name, counts=", ".join(f"{c.name} {n}" for c, n in zip(classes, pixels))))
        feedback.pushInfo(self.tr("Band mean {mean}, standard deviation {std} (raw units, "
                                  "train patches).").format(
            mean=", ".join(f"{v:.4g}" for v in manifest["band_mean"]),
            std=", ".join(f"{v:.4g}" for v in manifest["band_std"])))
        feedback.setProgress(100.0)
        return {self.OUTPUT_FOLDER: run.folder, self.MANIFEST: run.manifest_path,
                self.TRAIN_PATCHES: run.counts["train"], self.VAL_PATCHES: run.counts["val"],
                self.TEST_PATCHES: run.counts["test"]}
