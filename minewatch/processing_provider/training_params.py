"""Parameters shared by Train Segmentation Model and Compare Segmentation
Models: the sample folder, the training settings, and turning them into a
:class:`~..core.training.trainer.TrainingConfig`."""
import json

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core.common.device import DEVICE_CHOICES, PRECISION_CHOICES
from ..core.training.losses import LOSSES
from .base import precision_parameter
from .translate import tr

SAMPLES = "SAMPLES"
ARCH_OPTIONS = "ARCH_OPTIONS"
EPOCHS = "EPOCHS"
BATCH_SIZE = "BATCH_SIZE"
LEARNING_RATE = "LEARNING_RATE"
LOSS = "LOSS"
DEVICE = "DEVICE"
PRECISION = "PRECISION"
MAX_MINUTES = "MAX_MINUTES"
SEED = "SEED"
PHOTOMETRIC = "PHOTOMETRIC"
# on: the arms with varied looks scored higher on the style-shifted synthetic
# scenes and on the real SpaceNet tile, within noise (bench/bench_training.py,
# arms scratch+looks and fine-tuned+looks)
PHOTOMETRIC_DEFAULT = True
MULTI_SCALE = "MULTI_SCALE"


def loss_labels():
    return [tr("Weighted cross-entropy"), tr("Focal loss (weighted, γ = 2)"),
            tr("Weighted cross-entropy + Dice")]


def settings_help():
    """Help paragraphs on the shared settings."""
    return "\n\n".join([tr(
        "<b>Training sample folder</b>: the output folder of 'Create Training Samples' "
        "(manifest.json and patch files). The model learns from its train patches; after each "
        "epoch it is scored (MIoU) on the val patches and the best epoch's model is kept (with "
        "no val patches the train patches are used, with a warning). A validation split under "
        "500 000 labelled pixels or in a single spatial block is too small to choose an epoch "
        "on: the model of the schedule's end is kept instead, with a warning. Early stopping: "
        "after 10 epochs (or a quarter of the planned epochs, when more) without a validation "
        "gain the learning rate is brought down to 0 over the next few epochs and the run ends, so a generous budget on a small sample set is "
        "not spent on overfitting; the log says when. Images are normalised "
        "with the band statistics of the folder, which are stored with the model. Label 255 is "
        "ignored.\n\n"
        "<b>Rare classes</b> (e.g. tailings ponds) are kept from vanishing twice: the loss "
        "weights each class by median-frequency balancing of the train pixels (clipped to "
        "0.1–10; a class without train pixels gets 0), and patches containing rare classes are "
        "drawn more often (repeat-factor sampling). Each patch is turned and flipped at "
        "random.\n\n"
        "<b>Vary each patch's look</b> (advanced, default on): each train patch is also seen "
        "as another sensor, season or haze would show it: random contrast and brightness, "
        "band balance, sometimes a slight blur or noise. The labels do not move. It makes a "
        "model trained on one image hold on images of another look.\n\n"
        "<b>Train at several scales</b> (advanced, default off): each train batch is resized "
        "by a random factor from 0.5 to 2 (image bilinear, labels nearest), so the model also "
        "learns objects at other apparent sizes, for imagery of other pixel sizes than the "
        "samples'. Classify and Extract Buildings already run an image at the model's pixel "
        "size (RESAMPLE); use this where pixel sizes vary within the imagery (its gain is not measured on every kind of data).\n\n"
        "<b>Training settings</b>: Epochs (one epoch draws as many patches as there are train "
        "patches), Batch size (patches per step, at least 2), Learning rate (AdamW with a poly "
        "schedule), Loss (weighted cross-entropy, focal, or cross-entropy + Dice), Device "
        "(auto uses a CUDA GPU when torch sees one), Arithmetic (advanced; auto runs the "
        "forward and backward passes in bfloat16 on a CPU with bf16 units, AVX512-BF16 or "
        "AMX, and in float32 elsewhere; the weights stay float32), time budget (minutes, 0 = none: after the "
        "first batches the learning-rate schedule is laid over the batches that fit in the "
        "budget, validation included, so the rate has decayed when the time is spent and the "
        "run ends on a complete schedule; Epochs is then an upper limit) and Random seed (the "
        "same seed gives the same model on the CPU). The log shows the cost of a batch, an "
        "epoch and the whole run after the first batches, then the train loss, the validation "
        "MIoU and the time of each epoch; cancelling keeps the best model saved so far. As a "
        "guide, with the default architecture an epoch of 1 000 train patches of 256 px "
        "takes about 2.5 minutes on 2 CPU cores in float32 and about 1.5 minutes in "
        "bfloat16."), tr(
        "<b>Default width</b>: without architecture options the DeepLabV3+ family is built "
        "with its ASPP and decoder 128 channels wide instead of the paper's 256: at equal "
        "minutes on 2 CPU cores it scored as well and ran about 1.5 times as many epochs. "
        "An option you give replaces only the default of "
        "that option; {\"aspp_channels\": 256, \"decoder_channels\": 256} gives the paper's "
        "width.")])


def add_samples_parameter(algorithm):
    algorithm.addParameter(QgsProcessingParameterFile(
        SAMPLES, tr("Training sample folder"), behavior=QgsProcessingParameterFile.Folder))


def add_settings_parameters(algorithm, budget_label):
    """Epochs … seed, in dialog order; the time budget is advanced."""
    algorithm.addParameter(QgsProcessingParameterNumber(
        EPOCHS, tr("Epochs"), QgsProcessingParameterNumber.Integer, defaultValue=30, minValue=1,
        maxValue=100000))
    algorithm.addParameter(QgsProcessingParameterNumber(
        BATCH_SIZE, tr("Batch size (patches per step)"), QgsProcessingParameterNumber.Integer,
        defaultValue=8, minValue=2, maxValue=4096))
    algorithm.addParameter(QgsProcessingParameterNumber(
        LEARNING_RATE, tr("Learning rate"), QgsProcessingParameterNumber.Double, defaultValue=0.001,
        minValue=1e-8, maxValue=1.0))
    algorithm.addParameter(QgsProcessingParameterEnum(LOSS, tr("Loss"), options=loss_labels(),
                                                      defaultValue=0))
    algorithm.addParameter(QgsProcessingParameterEnum(
        DEVICE, tr("Device"), options=[tr("auto (GPU if available)"), tr("cpu"), tr("cuda")],
        defaultValue=0))
    budget = QgsProcessingParameterNumber(
        MAX_MINUTES, budget_label, QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0)
    looks = QgsProcessingParameterBoolean(
        PHOTOMETRIC, tr("Vary each patch's look (contrast, band balance, blur, noise)"),
        defaultValue=PHOTOMETRIC_DEFAULT)
    scales = QgsProcessingParameterBoolean(
        MULTI_SCALE, tr("Train at several scales (each batch resized 0.5–2×)"), defaultValue=False)
    algorithm.add_advanced(budget, precision_parameter(PRECISION), looks, scales)
    algorithm.addParameter(QgsProcessingParameterNumber(
        SEED, tr("Random seed"), QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0,
        maxValue=2**31 - 1))


def add_arch_options_parameter(algorithm, description):
    options = QgsProcessingParameterString(ARCH_OPTIONS, description, optional=True, multiLine=False)
    algorithm.add_advanced(options)


def arch_options(algorithm, parameters, context, example):
    """The ARCH_OPTIONS JSON object as a dict ({} when empty)."""
    text = algorithm.parameterAsString(parameters, ARCH_OPTIONS, context).strip()
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise QgsProcessingException(tr(
            "Architecture options must be a JSON object such as {example}; '{text}' is not valid "
            "JSON ({error}).").format(example=example, text=text, error=exc)) from None
    if not isinstance(value, dict):
        raise QgsProcessingException(tr(
            "Architecture options must be a JSON object such as {example}, not '{text}'.").format(
            example=example, text=text))
    return value


def samples_folder(algorithm, parameters, context):
    return algorithm.parameterAsFile(parameters, SAMPLES, context)


def training_config(algorithm, parameters, context, **fields):
    """A TrainingConfig from the shared settings, plus ``fields``."""
    from ..core.training.multiscale import DEFAULT_SCALE_RANGE
    from ..core.training.trainer import TrainingConfig

    return TrainingConfig(
        epochs=algorithm.parameterAsInt(parameters, EPOCHS, context),
        batch_size=algorithm.parameterAsInt(parameters, BATCH_SIZE, context),
        learning_rate=algorithm.parameterAsDouble(parameters, LEARNING_RATE, context),
        loss=LOSSES[algorithm.parameterAsEnum(parameters, LOSS, context)],
        device=DEVICE_CHOICES[algorithm.parameterAsEnum(parameters, DEVICE, context)],
        precision=PRECISION_CHOICES[algorithm.parameterAsEnum(parameters, PRECISION, context)],
        max_minutes=algorithm.parameterAsDouble(parameters, MAX_MINUTES, context),
        seed=algorithm.parameterAsInt(parameters, SEED, context),
        photometric=algorithm.parameterAsBool(parameters, PHOTOMETRIC, context),
        scale_range=DEFAULT_SCALE_RANGE if algorithm.parameterAsBool(parameters, MULTI_SCALE, context)
        else (), **fields)
