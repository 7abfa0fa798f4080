"""Train Segmentation Model — train the paper's SENetV2-COT-DeepLabV3+ (or
any registered architecture) on a training-sample folder (issue 5)."""
import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ...core.common.messages import translatable
from ...models.registry import DEFAULT_ARCHITECTURE, architecture_labels, list_architectures
from .. import training_params as tp
from ..base import MineWatchAlgorithm


class TrainSegmentationModel(MineWatchAlgorithm):
    ARCHITECTURE = "ARCHITECTURE"
    INIT_MODEL = "INIT_MODEL"
    START_FROM_SHIPPED = "START_FROM_SHIPPED"
    DESCRIPTION = "DESCRIPTION"
    SCENE_SCALING = "SCENE_SCALING"
    PRETRAIN_MINUTES = "PRETRAIN_MINUTES"
    PRETRAIN_IMAGES = "PRETRAIN_IMAGES"
    OUTPUT_MODEL = "OUTPUT_MODEL"
    BEST_VAL_MIOU = "BEST_VAL_MIOU"
    BEST_EPOCH = "BEST_EPOCH"
    EPOCHS_RUN = "EPOCHS_RUN"

    REQUIRES = ("numpy", "scipy", "rasterio", "torch")
    GROUP = translatable("Training and evaluation")
    GROUP_ID = "training"

    def name(self):
        return "trainsegmentationmodel"

    def displayName(self):  # noqa: N802
        return self.tr("Train Segmentation Model")

    def shortDescription(self):  # noqa: N802 - QGIS API: the toolbox tooltip
        return self.tr("Train a segmentation model on a sample folder; the best epoch is saved.")

    def help_text(self):
        """The full help (the manual page; the side panel shows its summary)."""
        # one literal per part: the architecture list comes from the registry and the
        # paragraphs on the shared settings from training_params
        architectures = "\n".join(f"• {name}: {self.tr(text)}"
                                  for name, text in list_architectures().items())
        return "\n\n".join([
            self.tr(
                "Trains a segmentation model on a training-sample folder and saves the epoch "
                "with the best validation MIoU (the schedule's end when the validation split is "
                "too small to choose on) as a MineWatch model file (.safetensors) that "
                "Classify Land Damage can use: a model for your own imagery and labels.\n\n"
                "<b>Inputs</b>: Training sample folder (see below). Architecture (default: the "
                "paper's SE-COT-DeepLabV3+ on an EfficientNet-Lite0 encoder pretrained on "
                "ImageNet, which learnt best per CPU minute on real labels; the paper's own "
                "network with MobileNetV2 stays the first choice and is the one Compare "
                "Segmentation Models compares; the choices are listed below). Architecture "
                "options (advanced): a JSON object with the architecture's own options, e.g. "
                "{\"backbone\": \"resnet50\"} for the DeepLabV3+ family or {\"base_width\": 64} "
                "for unet; empty = the defaults. Epochs (default 30), Batch size (patches per "
                "step, default 8), Learning rate (default 0.001), Loss (default weighted "
                "cross-entropy), Device (default auto), Time budget, minutes (advanced; "
                "default 0 = none) and Random seed (default 0): see Training settings. Initial "
                "model to fine-tune (optional; see Fine-tuning). Start from the shipped "
                "weights when no initial model is given (default on): with no initial model "
                "and no architecture options, training starts from the model shipped with "
                "the plugin for that architecture when it learnt from real imagery (the "
                "building model); the land-damage model learnt its classes on synthetic "
                "scenes only, and on real labels training learnt better from the ImageNet "
                "encoder, so that is where it starts (give the land-damage model as Initial "
                "model to start from it); off = random weights, with the ImageNet encoder "
                "where the architecture has one. "
                "Description stored in the model (advanced, optional). Normalise each scene "
                "by its own statistics (advanced, default off; see below). Self-supervised "
                "pretraining, minutes (advanced, default 0 = none) and Unlabelled images for "
                "self-supervised pretraining (advanced, optional; see below).\n\n"
                "<b>Architectures</b>:") + "\n" + architectures,
            tp.settings_help(),
            self.tr(
                "<b>Fine-tuning</b>: the initial model is a MineWatch model file to fine-tune "
                "instead of starting from random weights; its architecture is used. Its bands "
                "may differ from the samples': they are matched by name (blue, green, red, "
                "nir, pan…; a panchromatic band gets the sum of the visible bands' weights, an "
                "unknown band their mean), so the shipped 4-band model serves RGB or pan "
                "samples. With another number of classes the class head is new, but for "
                "classes both name; the log says what was kept.\n\n"
                "<b>Self-supervised pretraining</b> (advanced): for the given minutes before "
                "the supervised epochs (not part of the time budget), the network learns the "
                "look of your imagery without labels: half of the 16-px squares of each patch "
                "are hidden and it learns to restore them from their surroundings. It uses the "
                "train patches' images and, above all, the unlabelled images you give (same "
                "sensor and band order as the samples, e.g. the scenes you will classify); "
                "then everything but the class head is kept and the supervised training starts "
                "from there, from the shipped or initial model's weights when there are any. "
                "The log shows how the restoring error fell.\n\n"
                "<b>Normalise each scene by its own statistics</b>: the model is told to "
                "standardise every image it later classifies with that image's own band mean "
                "and standard deviation instead of the training statistics, so it works on "
                "images of another value scale (e.g. 16-bit instead of 8-bit). Training "
                "itself is unchanged: the sample folder's statistics are those of its source "
                "scene.\n\n"
                "<b>Outputs</b>: Trained model (OUTPUT_MODEL, .safetensors): the best epoch's "
                "model; the file stores the classes, band names and normalisation, resolution, "
                "and the training history. BEST_VAL_MIOU (NaN without a validation score), "
                "BEST_EPOCH and EPOCHS_RUN.\n\n"
                "<b>Units and conventions</b>: MIoU is a fraction 0–1; label 255 is ignored; "
                "the time budget is in minutes (0 = none); class indices and band names are "
                "those of the sample folder.\n\n"
                "<b>Example</b>: qgis_process.bin run minewatch:trainsegmentationmodel -- "
                "SAMPLES=samples INIT_MODEL=models/weights/land_damage_default.safetensors "
                "EPOCHS=30 OUTPUT_MODEL=my_model.safetensors"),
        ])

    def initAlgorithm(self, config=None):  # noqa: N802
        names = list(list_architectures())
        tp.add_samples_parameter(self)
        labels = [self.tr(label) for label in architecture_labels().values()]
        self.addParameter(QgsProcessingParameterEnum(
            self.ARCHITECTURE, self.tr("Architecture"), options=labels,
            defaultValue=names.index(DEFAULT_ARCHITECTURE)))
        tp.add_arch_options_parameter(self, self.tr("Architecture options (JSON, e.g. {\"backbone\": \"resnet50\"})"))
        tp.add_settings_parameters(self, self.tr("Time budget, minutes [0: none]"))
        self.addParameter(QgsProcessingParameterFile(
            self.INIT_MODEL, self.tr("Initial model to fine-tune"), QgsProcessingParameterFile.File,
            optional=True, fileFilter=self.tr("MineWatch model (*.safetensors);;All files (*.*)")))
        description = QgsProcessingParameterString(
            self.DESCRIPTION, self.tr("Description stored in the model"), optional=True)
        self.addParameter(QgsProcessingParameterBoolean(
            self.START_FROM_SHIPPED,
            self.tr("Start from the shipped weights when no initial model is given"),
            defaultValue=True))
        self.add_advanced(description)
        scaling = QgsProcessingParameterBoolean(
            self.SCENE_SCALING, self.tr("Normalise each scene by its own statistics"),
            defaultValue=False)
        self.add_advanced(scaling)
        pretrain_minutes = QgsProcessingParameterNumber(
            self.PRETRAIN_MINUTES, self.tr("Self-supervised pretraining, minutes [0: none]"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0)
        pretrain_images = QgsProcessingParameterMultipleLayers(
            self.PRETRAIN_IMAGES, self.tr("Unlabelled images for self-supervised pretraining"),
            QgsProcessing.TypeRaster, optional=True)
        self.add_advanced(pretrain_minutes, pretrain_images)
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_MODEL, self.tr("Trained model"), self.tr("MineWatch model (*.safetensors)")))
        self.addOutput(QgsProcessingOutputNumber(self.BEST_VAL_MIOU, self.tr("Best validation MIoU")))
        self.addOutput(QgsProcessingOutputNumber(self.BEST_EPOCH, self.tr("Best epoch")))
        self.addOutput(QgsProcessingOutputNumber(self.EPOCHS_RUN, self.tr("Epochs run")))

    def checkParameterValues(self, parameters, context):  # noqa: N802 - QGIS API
        """A trained model is saved to a file the user chose: a temporary
        file goes when QGIS closes, with the hours of training in it."""
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        from ..destinations import destination_text

        if not destination_text(parameters.get(self.OUTPUT_MODEL), context):
            samples = self.parameterAsFile(parameters, tp.SAMPLES, context).rstrip("/\\")
            suggested = (samples or "land_damage") + "_model.safetensors"
            return False, self.tr(
                "Choose a file for the trained model (Trained model), e.g. {path}: a temporary "
                "file is deleted when QGIS closes, and the training with it.").format(
                path=suggested)
        return True, ""

    def initial_model(self, parameters, context, architecture, feedback):
        """INIT_MODEL; or, when it is empty, no architecture options are given
        and START_FROM_SHIPPED is on, the shipped model of that architecture
        (unless it learnt synthetic scenes only: models/shipped.SYNTHETIC_ONLY)."""
        from ...models.shipped import learnt_real_imagery, shipped_for

        given = self.parameterAsFile(parameters, self.INIT_MODEL, context)
        if given or not self.parameterAsBool(parameters, self.START_FROM_SHIPPED, context) \
                or parameters.get(tp.ARCH_OPTIONS) not in (None, ""):
            return given or ""
        shipped = shipped_for(architecture)  # reads each shipped file's header once
        if shipped and not learnt_real_imagery(shipped):
            feedback.pushInfo(self.tr(
                "The shipped model {file} learnt its classes on synthetic scenes only; on real "
                "labels training learns better from the ImageNet encoder, so it starts there. "
                "Give the file as 'Initial model to fine-tune' to start from it anyway.").format(
                file=os.path.basename(shipped)))
            return ""
        if shipped:
            feedback.pushInfo(self.tr(
                "Starting from the shipped model {file} (same architecture); its bands and "
                "classes are matched to the samples'. Untick 'Start from the shipped weights' "
                "to train from random weights.").format(file=os.path.basename(shipped)))
        return shipped

    def pretraining(self, parameters, context, feedback):
        """PRETRAIN_MINUTES and the files of PRETRAIN_IMAGES as
        TrainingConfig fields; images without minutes are said to be unused."""
        from ..destinations import layer_file

        minutes = self.parameterAsDouble(parameters, self.PRETRAIN_MINUTES, context)
        images = tuple(layer_file(layer) or layer.source()
                       for layer in self.parameterAsLayerList(parameters, self.PRETRAIN_IMAGES, context))
        if images and not minutes:
            feedback.pushWarning(self.tr(
                "Unlabelled images were given but the self-supervised pretraining time is 0: "
                "they are not used. Set 'Self-supervised pretraining, minutes' to use them."))
        return {"pretrain_minutes": minutes, "pretrain_images": images if minutes else ()}

    def run_algorithm(self, parameters, context, feedback):
        from ...core.training.trainer import train_segmentation_model

        architecture = list(list_architectures())[self.parameterAsEnum(parameters, self.ARCHITECTURE, context)]
        config = tp.training_config(
            self, parameters, context, architecture=architecture,
            arch_kwargs=tp.arch_options(self, parameters, context, '{"backbone": "resnet50"}'),
            init_model=self.initial_model(parameters, context, architecture, feedback),
            description=self.parameterAsString(parameters, self.DESCRIPTION, context) or "",
            input_scaling="scene" if self.parameterAsBool(parameters, self.SCENE_SCALING, context)
            else "fixed", **self.pretraining(parameters, context, feedback))
        output = self.parameterAsFileOutput(parameters, self.OUTPUT_MODEL, context)
        result = train_segmentation_model(tp.samples_folder(self, parameters, context), output, config,
                                          feedback)
        feedback.pushInfo(self.tr(
            "Saved {path}: epoch {best} of {run}, validation MIoU {miou}, {seconds:.0f} s.").format(
            path=result.output_path, best=result.best_epoch, run=result.epochs_run,
            miou="–" if result.best_val_miou is None else "%.4f" % result.best_val_miou,
            seconds=result.seconds))
        return {self.OUTPUT_MODEL: result.output_path,
                self.BEST_VAL_MIOU: result.best_val_miou if result.best_val_miou is not None else float("nan"),
                self.BEST_EPOCH: result.best_epoch, self.EPOCHS_RUN: result.epochs_run}
