"""Compare Segmentation Models — train several architectures with the same
settings and budget on one sample folder and tabulate their test scores,
as the paper compares SE-COT-DL with its ablations, FCN, U-Net and PSPNet."""
import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
)

from ...core.common.errors import Cancelled
from ...core.common.messages import translatable
from ...core.training.comparison import HEADINGS, PAPER_ARCHITECTURES
from ...models.registry import architecture_labels, list_architectures
from .. import training_params as tp
from ..base import MineWatchAlgorithm


class CompareModels(MineWatchAlgorithm):
    ARCHITECTURES = "ARCHITECTURES"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    OUTPUT_TABLE = "OUTPUT_TABLE"
    BEST_ARCHITECTURE = "BEST_ARCHITECTURE"

    REQUIRES = ("numpy", "scipy", "rasterio", "torch")
    GROUP = translatable("Training and evaluation")
    GROUP_ID = "training"

    def name(self):
        return "comparemodels"

    def displayName(self):  # noqa: N802
        return self.tr("Compare Segmentation Models")

    def shortDescription(self):  # noqa: N802 - QGIS API: the toolbox tooltip
        return self.tr("Train several architectures on the same samples and table their test scores.")

    def help_text(self):
        """The full help (the manual page; the side panel shows its summary)."""
        # one literal per part: the architecture list comes from the registry and the
        # paragraphs on the shared settings from training_params
        architectures = "\n".join(f"• {name}: {self.tr(text)}"
                                  for name, text in list_architectures().items())
        return "\n\n".join([
            self.tr(
                "Trains each chosen architecture on the same training-sample folder with the "
                "same settings, seed and time budget and scores it on the folder's test "
                "patches, to find which model suits your data (as the paper compares its "
                "models).\n\n"
                "<b>Inputs</b>: Training sample folder (see below). Architectures (by default "
                "the paper's seven models: SE-COT-DL, SE-DL, COT-DL, DL, FCN, U-Net and "
                "PSPNet; the choices are listed below). Architecture options (advanced): a JSON "
                "object keyed by architecture, e.g. {\"unet\": {\"base_width\": 64}, "
                "\"deeplabv3plus\": {\"backbone\": \"resnet50\"}}. Epochs (default 30), Batch "
                "size (patches per step, default 8), Learning rate (default 0.001), Loss "
                "(default weighted cross-entropy), Device (default auto) and Random seed "
                "(default 0): see Training settings. Time budget per model, minutes (advanced; "
                "default 0 = none): minutes per model, so every architecture gets the same "
                "time.\n\n"
                "<b>Architectures</b>:") + "\n" + architectures,
            tp.settings_help(),
            self.tr(
                "<b>Outputs</b>: Folder for the trained models (OUTPUT_FOLDER): each model "
                "saved as a file named after the architecture (e.g. unet.safetensors). "
                "Comparison table (OUTPUT_TABLE, .csv or .html): one row per architecture "
                "with its parameters (millions), training time (s), epochs run, best epoch and "
                "validation MIoU, then its MIoU, mean recall, mean precision, mean Dice, "
                "overall accuracy, kappa and the IoU of every class on the test patches (the "
                "val patches when there are none). BEST_ARCHITECTURE names the architecture "
                "with the highest MIoU.\n\n"
                "<b>Units and conventions</b>: scores are fractions 0–1, empty when "
                "undefined; parameters in millions, training time in seconds, the time "
                "budget in minutes per model.\n\n"
                "<b>Example</b>: qgis_process.bin run minewatch:comparemodels -- "
                "SAMPLES=samples ARCHITECTURES=0,5 EPOCHS=10 MAX_MINUTES=30 "
                "OUTPUT_FOLDER=models OUTPUT_TABLE=comparison.csv"),
        ])

    def initAlgorithm(self, config=None):  # noqa: N802
        names = list(list_architectures())
        tp.add_samples_parameter(self)
        labels = [self.tr(label) for label in architecture_labels().values()]
        self.addParameter(QgsProcessingParameterEnum(
            self.ARCHITECTURES, self.tr("Architectures"), options=labels, allowMultiple=True,
            defaultValue=[names.index(n) for n in PAPER_ARCHITECTURES]))
        tp.add_arch_options_parameter(self, self.tr(
            "Architecture options (JSON by architecture, e.g. {\"unet\": {\"base_width\": 64}})"))
        tp.add_settings_parameters(self, self.tr("Time budget per model, minutes [0: none]"))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, self.tr("Folder for the trained models")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_TABLE, self.tr("Comparison table"),
            self.tr("CSV files (*.csv);;HTML files (*.html *.htm)")))
        self.addOutput(QgsProcessingOutputString(self.BEST_ARCHITECTURE,
                                                 self.tr("Architecture with the highest MIoU")))

    def run_algorithm(self, parameters, context, feedback):
        from ...core.training.comparison import best_architecture, compare_architectures, write_comparison
        from ...core.training.trainer import open_samples

        names = list(list_architectures())
        chosen = [names[i] for i in self.parameterAsEnums(parameters, self.ARCHITECTURES, context)]
        options = tp.arch_options(self, parameters, context, '{"unet": {"base_width": 64}}')
        if any(not isinstance(v, dict) for v in options.values()):
            raise QgsProcessingException(self.tr(
                "Architecture options must map each architecture to a JSON object, e.g. "
                "{\"unet\": {\"base_width\": 64}}."))
        folder = tp.samples_folder(self, parameters, context)
        output_folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        table = self.parameterAsFileOutput(parameters, self.OUTPUT_TABLE, context)
        config = tp.training_config(self, parameters, context)
        try:
            rows = compare_architectures(folder, chosen, output_folder, config, feedback, options)
        except Cancelled:
            raise QgsProcessingException(self.tr(
                "Cancelled by the user; no table was written. Models finished before are in "
                "{folder}.").format(folder=output_folder)) from None
        class_names = [c.name for c in open_samples(folder).class_table()]
        notes = [self.tr("Samples: {path}").format(path=folder),
                 self.tr("Epochs {epochs}, batch {batch}, learning rate {lr:g}, loss {loss}, seed "
                         "{seed}, budget {minutes:g} min per model").format(
                     epochs=config.epochs, batch=config.batch_size, lr=config.learning_rate,
                     loss=config.loss, seed=config.seed, minutes=config.max_minutes)]
        write_comparison(table, rows, class_names, {k: self.tr(v) for k, v in HEADINGS.items()}, notes)
        best = best_architecture(rows)
        if best:
            feedback.pushInfo(self.tr("Highest MIoU: {name}.").format(name=best))
        return {self.OUTPUT_FOLDER: os.path.abspath(output_folder), self.OUTPUT_TABLE: table,
                self.BEST_ARCHITECTURE: best}
