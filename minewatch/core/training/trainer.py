"""Training a MineWatch segmentation model on a training-sample folder
(torch, imported inside the functions so ``core`` imports without it).

:func:`train_segmentation_model` trains any registered architecture on the
folder's ``train`` split and keeps the checkpoint with the best MIoU on
the ``val`` split (the ``train`` split, with a warning, when there is no
val split). Conventions:

* inputs are normalised with the manifest's per-band statistics,
  (raw − mean) / std (non-finite values → 0), the same normalisation the
  saved model applies at inference;
* labels ≥ number of classes and 255 are ignored by the loss and the
  scores;
* rare classes are kept alive by class-weighted losses and by drawing
  patches with repeat-factor sampling (:mod:`.class_balance`); an epoch
  draws as many patches as the train split has (with replacement),
  optionally capped by ``max_train_batches_per_epoch``;
* optimiser AdamW (weight decay 1e-4) with a poly learning-rate schedule
  (power 0.9, per batch), as DeepLab trains;
* the same seed gives the same weights on the CPU (torch's global RNG is
  seeded inside ``torch.random.fork_rng``, so the caller's RNG state is
  left as it was);
* cancel is checked between batches; the best checkpoint written so far
  stays (written atomically), and :class:`~..common.errors.Cancelled` is raised
  only when no epoch finished.

The run's parts live beside it: the schedule and time budget
(:mod:`.schedule_plan`), one epoch's batches and steps (:mod:`.epoch_loop`),
validation and early stopping (:mod:`.validation`) and the kept model file
(:mod:`.checkpoint_keeper`); this module sets a run up and drives it.
"""
import math
import os
import time
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from ...models.registry import ARCHITECTURES, DEFAULT_ARCHITECTURE
from ..common.errors import Cancelled, MineWatchInputError, translatable
from ..common.messages import Message, tell
from ..common.progress import ScaledFeedback, as_feedback
from ..inference.normalisation import BandNormaliser
from ..raster.band_names import ASSUMED_RGB
from .batches import WEIGHT_DECAY, label_shards, parameter_groups
from .checkpoint_keeper import CheckpointKeeper, model_metadata
from .class_balance import class_weights, patch_class_presence, patch_repeat_factors
from .epoch_loop import EpochTrainer, epoch_batches
from .losses import LOSSES
from .schedule_plan import SchedulePlan, budget_left_s
from .validation import (
    MIN_VAL_BLOCKS,
    MIN_VAL_PIXELS,
    EarlyStopping,
    epoch_record,
    finite_or_none,
    validation_scores,
    validation_verdict,
)

# batches timed (after a first, warm-up batch) before the run's length and the
# budget's schedule are set
ETA_BATCHES = 3
# share of the progress bar self-supervised pretraining takes when the
# supervised run has no time budget to weigh it against
PRETRAIN_PROGRESS_SHARE = 0.1


@dataclass
class TrainingConfig:
    """Training settings. ``max_minutes`` (0/None = no limit): after the
    first batches the learning-rate schedule is laid over the batches that
    fit in the budget (validation included) and the run ends when it is
    complete (or, as a safety net, after the epoch that exceeds the
    budget); ``init_model`` is a
    MineWatch model file to fine-tune (its architecture is used);
    ``num_threads`` sets torch's CPU threads for the run only."""

    architecture: str = DEFAULT_ARCHITECTURE
    arch_kwargs: dict = field(default_factory=dict)
    epochs: int = 30
    batch_size: int = 8
    learning_rate: float = 1e-3
    loss: str = "ce"
    device: str = "auto"
    seed: int = 0
    init_model: str = ""
    max_minutes: float = 0.0
    online_flips: bool = True
    # each train patch given another look (contrast, band balance, blur,
    # noise: .photometric) so the model holds on other sensors' images
    photometric: bool = False
    description: str = ""
    max_train_batches_per_epoch: int = 0
    num_threads: int = 0
    # "scene": the model normalises each scene it classifies by that scene's
    # own band mean/std (ModelMetadata.input_scaling). Training needs no
    # change: the folder's statistics are those of its source scene.
    input_scaling: str = "fixed"
    # arithmetic of the forward and backward passes (common.device
    # PRECISION_CHOICES; the weights and the optimiser stay float32)
    precision: str = "fp32"
    # minutes of self-supervised pretraining (.pretext) before the supervised
    # epochs, on the train patches' images and the unlabelled rasters
    # ``pretrain_images`` (paths); 0 = none. Not part of ``max_minutes``.
    pretrain_minutes: float = 0.0
    pretrain_images: tuple = ()
    # train batches resized by a random factor in this (low, high) range
    # (.multiscale); () = the samples' own scale only
    scale_range: tuple = ()
    # stop early (schedule completed) when validation stops improving
    early_stopping: bool = True
    # below these the model of the schedule's end is kept (see MIN_VAL_PIXELS)
    min_val_pixels: int = MIN_VAL_PIXELS
    min_val_blocks: int = MIN_VAL_BLOCKS
    # the encoder's (backbone's) learning rate as a share of ``learning_rate``:
    # below 1 a pretrained encoder moves less than the freshly made decoder
    encoder_lr_scale: float = 1.0


@dataclass
class TrainingResult:
    """What a training run did. ``history``: one dict per finished epoch
    (epoch, train_loss, val_miou, val_per_class_iou, seconds); MIoU values
    are None when undefined. ``written``: a checkpoint is at ``output_path``."""

    output_path: str
    architecture: str
    history: list
    best_epoch: int
    best_val_miou: float
    epochs_run: int
    cancelled: bool
    stopped_by_budget: bool
    seconds: float
    parameters: int
    class_weights: list
    device: str
    validation_split: str
    written: bool
    precision: str = "fp32"



def check_config(config: "TrainingConfig") -> None:
    """Raise :class:`MineWatchInputError` for settings that cannot train."""
    if config.architecture not in ARCHITECTURES:
        raise MineWatchInputError(translatable(
            "Unknown architecture '{name}'; choose one of: {known}."),
            name=config.architecture, known=", ".join(ARCHITECTURES))
    if config.loss not in LOSSES:
        raise MineWatchInputError(translatable("Unknown loss '{name}'; choose one of: {known}."),
                                  name=config.loss, known=", ".join(LOSSES))
    if int(config.epochs) < 1:
        raise MineWatchInputError(translatable("Epochs must be at least 1, got {value}."),
                                  value=config.epochs)
    if int(config.batch_size) < 2:
        # batch normalisation cannot normalise a batch of one patch
        raise MineWatchInputError(translatable(
            "Batch size must be at least 2 (batch normalisation needs two patches), got {value}."),
            value=config.batch_size)
    if config.input_scaling not in ("fixed", "scene"):
        raise MineWatchInputError(translatable(
            "Unknown input scaling '{value}'; use fixed or scene."), value=config.input_scaling)
    minutes = float(config.pretrain_minutes or 0)
    if not (math.isfinite(minutes) and minutes >= 0):
        raise MineWatchInputError(translatable(
            "The self-supervised pretraining time must be zero or a positive number of minutes, "
            "got {value}."), value=config.pretrain_minutes)
    if not (config.learning_rate and 0 < float(config.learning_rate) < 10):
        raise MineWatchInputError(translatable(
            "The learning rate must be a positive number such as 0.001, got {value}."),
            value=config.learning_rate)
    if not (config.encoder_lr_scale and 0 < float(config.encoder_lr_scale) <= 10):
        raise MineWatchInputError(translatable(
            "The encoder's learning-rate share must be a positive number such as 0.1 or 1, got "
            "{value}."), value=config.encoder_lr_scale)


def open_samples(samples_folder: str) -> Any:
    """The folder's :class:`~.samples.SampleSet` (clear error if not one)."""
    from .samples import SampleSet

    return SampleSet(samples_folder)


def build_training_model(config, samples, feedback=None):
    """A fresh model, or the ``init_model`` checkpoint's, for the samples'
    bands and classes: ``(model, architecture, arch_kwargs)``. A fresh model
    without ``arch_kwargs`` gets the architecture's training defaults
    (:func:`~...models.registry.training_arch_kwargs`)."""
    in_channels, n_classes = samples.in_channels, samples.num_classes
    if config.init_model:
        return _initial_model(config, samples, feedback)
    model = fresh_model(config, in_channels, n_classes)
    _start_encoder_from_imagenet(model, list(samples.band_names), feedback)
    return model, config.architecture, dict(model.minewatch_arch["arch_kwargs"])


def fresh_model(config: "TrainingConfig", in_channels: int, n_classes: int):
    """A randomly initialised network of the config's architecture and
    options (the architecture's training defaults where none are given);
    :class:`MineWatchInputError` when the options cannot build one."""
    from ...models.registry import build_model, training_arch_kwargs

    try:
        return build_model(config.architecture, in_channels, n_classes,
                           **training_arch_kwargs(config.architecture, config.arch_kwargs))
    except (TypeError, ValueError) as exc:
        raise MineWatchInputError(translatable(
            "Cannot build architecture '{name}' with options {options}: {error}. Fix the "
            "architecture options (a JSON object such as {example})."),
            name=config.architecture, options=config.arch_kwargs, error=str(exc),
            example='{"backbone": "resnet50"}') from None


def _start_encoder_from_imagenet(model, band_names, feedback):
    """A fresh network with a pretrained-capable encoder starts it from the
    shipped ImageNet weights, the first layer mapped to the bands; the log
    says where each band's filters come from."""
    from ...models.pretrained import start_from_imagenet

    info = start_from_imagenet(model, band_names)
    if info is None:
        return
    translate = getattr(feedback, "translate", None) or (lambda text: text)
    tell(feedback, Message(translatable(
        "The encoder {encoder} starts from ImageNet weights ({licence}); its first layer reads "
        "the bands as: {bands}."), encoder=info["encoder"], licence=info["licence"],
        bands=", ".join(f"{band} ← {translate(source)}" for band, source in info["bands"].items())))
    if info["assumed_rgb"]:
        tell(feedback, Message(ASSUMED_RGB), warning=True)


def _initial_model(config, samples, feedback):
    """The ``init_model`` checkpoint as the model to fine-tune; one for other
    bands or another number of classes is carried over by
    :mod:`.transfer` (bands by name, class head new but for shared class
    names)."""
    from ...models.checkpoint import load_checkpoint
    from ...models.registry import build_model
    from .transfer import BAND_RULES, band_key, transfer_state

    model, meta = load_checkpoint(config.init_model, "cpu")
    bands = list(samples.band_names)
    classes = [c.name for c in samples.class_table()]
    if meta.architecture != config.architecture:
        tell(feedback, Message(translatable(
            "Fine-tuning keeps the initial model's architecture {arch}."), arch=meta.architecture))
    same_bands = [band_key(b) for b in meta.band_names] == [band_key(b) for b in bands]
    if same_bands and meta.num_classes == len(classes):
        if classes != list(meta.class_names):
            tell(feedback, Message(translatable(
                "The model to fine-tune names its classes {model}; the samples name them "
                "{samples}. Class indices are matched as they are."),
                model=", ".join(meta.class_names), samples=", ".join(classes)), warning=True)
        model.train()
        return model, meta.architecture, dict(meta.arch_kwargs)
    fresh = build_model(meta.architecture, len(bands), len(classes), **dict(meta.arch_kwargs))
    state, report = transfer_state(model.state_dict(), fresh.state_dict(), list(meta.band_names),
                                   bands, list(meta.class_names), classes)
    fresh.load_state_dict(state)
    # the rules for bands the old model lacks are words for the user too
    translate = getattr(feedback, "translate", None) or (lambda text: text)
    tell(feedback, Message(translatable(
        "Fine-tuning {arch} from {path} for other bands or classes: bands {bands}; "
        "{copied} weight tensors kept, {inputs} input layer(s) matched by band, {heads} class "
        "head(s) new (rows kept for the classes both name: {kept}), {new} tensor(s) new."),
        arch=meta.architecture, path=str(config.init_model),
        bands=", ".join(f"{new} ← {translate(old) if old in BAND_RULES else old}"
                        for new, old in report.bands.items()),
        copied=report.copied, inputs=report.input_layers, heads=report.heads,
        kept=", ".join(report.classes_kept) or "–", new=report.new))
    fresh.train()
    return fresh, meta.architecture, dict(meta.arch_kwargs)


# the tile a trained model runs in by default (its metadata's tile_size),
def train_segmentation_model(samples_folder: str, output_path: str,
                             config: Optional["TrainingConfig"] = None,
                             feedback: Any = None) -> "TrainingResult":
    """Train on ``samples_folder`` and write the best-validation model to
    ``output_path`` (a ``.safetensors`` MineWatch model file).

    ``feedback``: progress/cancel (see :mod:`..common.progress`), and log
    lines through :func:`..common.messages.tell`. Returns a
    :class:`TrainingResult`."""
    import torch

    from ..common.device import resolve_compute

    config = config or TrainingConfig()
    check_config(config)
    feedback = as_feedback(feedback)
    samples = open_samples(samples_folder)
    n_train = samples.count("train")
    if n_train == 0:
        raise MineWatchInputError(translatable(
            "The sample folder {folder} has no training patches. Create the samples again "
            "with a larger labelled area or a smaller validation/test share."),
            folder=str(samples_folder))
    val_split = "val" if samples.count("val") > 0 else "train"
    if val_split == "train":
        tell(feedback, Message(translatable(
            "The sample folder has no validation patches: the model is chosen by its score on "
            "the training patches, which overrates it. Give the samples a validation share.")),
            warning=True)
    device, precision, device_text = resolve_compute(config.device, config.precision)
    os.makedirs(os.path.dirname(os.path.abspath(str(output_path))), exist_ok=True)
    old_threads = torch.get_num_threads()
    if config.num_threads:
        torch.set_num_threads(int(config.num_threads))
    try:
        with torch.random.fork_rng(devices=[0] if device == "cuda" else []):
            torch.manual_seed(int(config.seed))
            return _TrainingRun(samples, samples_folder, output_path, config, feedback,
                                device, device_text, val_split, precision).run()
    finally:
        torch.set_num_threads(old_threads)


class _TrainingRun:
    """One training run: :meth:`setup` (model, class weights, patch
    sampling, optimiser, schedule), then per epoch :meth:`train_epoch`
    (:mod:`.epoch_loop`), :meth:`validate` (:mod:`.validation`),
    :meth:`keep_if_best` (:mod:`.checkpoint_keeper`), :meth:`log_epoch` and
    early stopping, and :meth:`result` at the end. The learning-rate
    schedule and the time budget are a :class:`.schedule_plan.SchedulePlan`."""

    def __init__(self, samples, samples_folder, output_path, config, feedback, device,
                 device_text, val_split, precision="fp32"):
        self.samples, self.samples_folder = samples, samples_folder
        self.config, self.feedback = config, feedback
        self.device, self.device_text, self.val_split = device, device_text, val_split
        self.precision = precision
        self.start = time.monotonic()
        self.names = [c.name for c in samples.class_table()]
        self.normaliser = BandNormaliser(samples.band_mean, samples.band_std)
        self.batch_size = int(config.batch_size)
        self.history = []
        self.keeper = CheckpointKeeper(output_path, feedback)
        self.select_by_val = True
        self.early = EarlyStopping(False)
        self.training_meta = {}
        self.pretext = None

    def say(self, template, warning=False, **values):
        tell(self.feedback, Message(template, **values), warning)

    # -- steps ----------------------------------------------------------------

    def setup(self):
        """Model, class weights, repeat-factor sampling, loss, optimiser and
        the poly schedule over every step of the run."""
        import torch

        from .losses import make_loss

        samples, config = self.samples, self.config
        model, self.architecture, arch_kwargs = build_training_model(config, samples, self.feedback)
        if config.pretrain_minutes:
            self.pretrain(model, arch_kwargs)
        # channels-last convolutions train ~20 % faster on CPU (and are no slower on GPU)
        self.model = model.to(self.device, memory_format=torch.channels_last)
        self.n_params = sum(p.numel() for p in self.model.parameters())
        self.pixels = np.asarray(samples.class_pixels("train"), np.int64)
        self.weights = class_weights(self.pixels)
        presence = patch_class_presence(label_shards(samples, "train", self.feedback),
                                        samples.num_classes)
        self.repeat = patch_repeat_factors(presence)
        self.per_epoch = math.ceil(samples.count("train") / self.batch_size)
        if config.max_train_batches_per_epoch:
            self.per_epoch = min(self.per_epoch, int(config.max_train_batches_per_epoch))
        # the poly schedule's length in batches: every epoch's, or, with a
        # time budget, as many as fit in it (set after the first batches)
        self.lr_plan = SchedulePlan.for_epochs(self.per_epoch, int(config.epochs))
        self.batch_seconds = []
        self.budget_s = float(config.max_minutes or 0) * 60.0
        self.loss_fn = make_loss(config.loss, self.weights, samples.ignore_value)
        self.optimiser = torch.optim.AdamW(
            parameter_groups(self.model, float(config.learning_rate), config.encoder_lr_scale),
            weight_decay=WEIGHT_DECAY)
        self.schedule = torch.optim.lr_scheduler.LambdaLR(self.optimiser, self.lr_plan.factor)
        n_val = samples.count(self.val_split)
        self.select_by_val, why = validation_verdict(samples, self.val_split,
                                                     config.min_val_pixels, config.min_val_blocks)
        if why is not None:
            tell(self.feedback, why, warning=True)
        self.early = EarlyStopping(bool(config.early_stopping) and self.select_by_val)
        self.trainer = EpochTrainer(self.model, self.loss_fn, self.optimiser, self.schedule,
                                    self.lr_plan, self.device, self.precision)
        # share of each epoch's progress that training (vs validation) takes
        drawn = self.per_epoch * self.batch_size
        self.train_share = drawn / (drawn + n_val)
        self.log_setup()

    def pretrain(self, model, arch_kwargs):
        """Self-supervised pretraining of ``model`` (:mod:`.pretext`) on its
        share of the progress bar; the time budget starts after it."""
        from .pretext import pretrain

        config = self.config
        minutes, budget = float(config.pretrain_minutes), float(config.max_minutes or 0)
        share = minutes / (minutes + budget) if budget else PRETRAIN_PROGRESS_SHARE
        images = [str(p) for p in config.pretrain_images or ()]
        self.say(translatable(
            "Self-supervised pretraining for {minutes:g} min on the train patches' images and "
            "{count} unlabelled image(s): the network learns to restore hidden squares of them, "
            "then starts its supervised epochs from there."), minutes=minutes, count=len(images))
        done = pretrain(model, self.architecture, arch_kwargs, self.samples, self.normaliser,
                        minutes, images=images, scene_scaling=config.input_scaling == "scene",
                        batch_size=self.batch_size, learning_rate=config.learning_rate,
                        looks=config.photometric, seed=config.seed, device=self.device,
                        precision=self.precision,
                        feedback=ScaledFeedback(self.feedback, 0.0, 100.0 * share))
        self.pretext = {"minutes": minutes, "steps": done.steps,
                        "unlabelled_images": [os.path.basename(p) for p in images],
                        "first_loss": finite_or_none(done.first_loss),
                        "last_loss": finite_or_none(done.last_loss)}
        self.feedback = ScaledFeedback(self.feedback, 100.0 * share, 100.0 * (1.0 - share))
        self.start = time.monotonic()  # the time budget is the supervised epochs'

    def log_setup(self):
        config, samples = self.config, self.samples
        self.say(translatable(
            "Training {arch} ({params:.2f} M parameters) on {device}: {train} train patches, "
            "{val} {split} patches, {epochs} epochs of batch {batch}, loss {loss}, learning rate "
            "{lr:g}."), arch=self.architecture, params=self.n_params / 1e6,
            device=self.device_text, train=samples.count("train"),
            val=samples.count(self.val_split), split=self.val_split, epochs=config.epochs,
            batch=config.batch_size, loss=config.loss, lr=config.learning_rate)
        if len(self.optimiser.param_groups) > 1:
            self.say(translatable(
                "The encoder learns at {scale:g} × the learning rate ({lr:g})."),
                scale=float(config.encoder_lr_scale),
                lr=float(config.learning_rate) * float(config.encoder_lr_scale))
        elif config.encoder_lr_scale != 1.0:
            self.say(translatable(
                "{arch} has no separate encoder: every layer learns at the learning rate."),
                warning=True, arch=self.architecture)
        if config.photometric:
            self.say(translatable(
                "Each train patch is also given a random look (contrast, band balance, blur, "
                "noise)."))
        if config.scale_range:
            self.say(translatable(
                "Each train batch is resized by a random factor from {low:g} to {high:g} "
                "(several scales)."), low=float(config.scale_range[0]),
                high=float(config.scale_range[1]))
        self.say(translatable("Class weights (train pixels): {weights}."),
                 weights=", ".join(f"{n} {w:.2f} ({p})"
                                   for n, w, p in zip(self.names, self.weights, self.pixels)))
        missing = [n for n, p in zip(self.names, self.pixels) if p == 0]
        if missing:
            self.say(translatable(
                "No training pixel of class(es) {classes}: the model cannot learn them."),
                warning=True, classes=", ".join(missing))

    @property
    def epochs(self):
        """Epochs of the run as planned now (the budget and early stopping
        re-plan it)."""
        plan = getattr(self, "lr_plan", None)
        return plan.epochs if plan is not None else int(self.config.epochs)

    def progress(self, epoch, fraction):
        self.feedback.setProgress(100.0 * (epoch - 1 + min(1.0, fraction)) / self.epochs)

    def train_epoch(self, epoch):
        """One epoch of drawn patches (:mod:`.epoch_loop`); the batch losses,
        or None when the user cancelled (checked between batches)."""
        config = self.config
        batches = epoch_batches(self.samples, config, epoch, self.repeat, self.per_epoch,
                                self.batch_size, self.normaliser)
        scales = np.random.default_rng([config.seed, epoch, 3]) if config.scale_range else None

        def after_batch(step, seconds):
            # the first batch carries one-time costs (kernel set-up, bf16
            # primitives): it is timed but left out of the estimate
            if len(self.batch_seconds) <= ETA_BATCHES:
                self.batch_seconds.append(seconds)
                if len(self.batch_seconds) == ETA_BATCHES + 1:
                    self.plan_from_first_batches(float(np.mean(self.batch_seconds[1:])))
            self.progress(epoch, self.train_share * step / self.per_epoch)
            return not self.feedback.isCanceled()

        return self.trainer.epoch(batches, after_batch, config.scale_range, scales)

    def plan_from_first_batches(self, per_batch):
        """After the first :data:`ETA_BATCHES` batches (``per_batch`` s each):
        log the cost of an epoch and of the run, and with a time budget lay
        the schedule over the batches that fit in it (validation included),
        so the learning rate has decayed when the budget is spent."""
        # validation: a forward pass per batch, about a third of a training step
        n_val_batches = math.ceil(self.samples.count(self.val_split) / self.batch_size)
        epoch_s = per_batch * (self.per_epoch + n_val_batches / 3.0)
        if self.budget_s:
            self.fit_to_budget(epoch_s)
        run_s = epoch_s * self.lr_plan.total_steps / self.per_epoch
        values = dict(batch=per_batch, epoch=epoch_s / 60.0, epochs=self.epochs,
                      steps=self.lr_plan.total_steps, run=run_s / 60.0,
                      budget=self.budget_s / 60.0)
        if self.budget_s:
            self.say(translatable(
                "{batch:.2f} s per batch: an epoch takes about {epoch:.1f} min; {epochs} "
                "epoch(s), {steps} batches of learning-rate schedule, about {run:.0f} min in "
                "all (time budget {budget:g} min)."), **values)
        else:
            self.say(translatable(
                "{batch:.2f} s per batch: an epoch takes about {epoch:.1f} min; {epochs} "
                "epoch(s), {steps} batches of learning-rate schedule, about {run:.0f} min in "
                "all."), **values)

    def fit_to_budget(self, epoch_s):
        """Lay the rest of the schedule over the epochs of ``epoch_s`` seconds
        that fit in what is left of the budget (:data:`~.schedule_plan.
        BUDGET_SHARE` of it: the rest is margin for the saves), at most the
        epochs asked for."""
        self.lr_plan.fit_to_budget(budget_left_s(self.budget_s, time.monotonic() - self.start),
                                   epoch_s)

    def validate(self, epoch):
        """Scores on the validation split (raises ``Cancelled``)."""
        share = self.train_share
        return validation_scores(
            self.model, self.samples, self.val_split, self.device, self.batch_size,
            self.normaliser, feedback=self.feedback,
            progress=lambda d, t: self.progress(epoch, share + (1 - share) * d / max(t, 1)),
            precision=self.precision)

    def keep_if_best(self, record, scores):
        """Write the checkpoint when this epoch beats the best so far; True
        when it did."""
        import torch

        score = scores.miou if np.isfinite(scores.miou) else -1.0
        self.early.record(record["epoch"], self.keeper.gain(score))
        if not self.keeper.take(score, record["epoch"], self.select_by_val):
            return False
        config, samples, epoch = self.config, self.samples, record["epoch"]
        self.training_meta = {
            "samples": str(self.samples_folder), "architecture": self.architecture,
            "epochs_run": epoch, "best_epoch": epoch, "best_val_miou": record["val_miou"],
            "val_per_class_iou": dict(zip(self.names, record["val_per_class_iou"])),
            "validation_split": self.val_split, "loss": config.loss,
            "learning_rate": float(config.learning_rate),
            "encoder_lr_scale": float(config.encoder_lr_scale), "batch_size": self.batch_size,
            "seed": int(config.seed), "class_weights": [float(w) for w in self.weights],
            "varied_looks": bool(config.photometric), "self_supervised": self.pretext,
            "scale_range": [float(v) for v in config.scale_range] or None,
            "history": list(self.history), "seconds": round(time.monotonic() - self.start, 3),
            "device": self.device, "torch": torch.__version__,
            "init_model": str(config.init_model or ""), "patch_size": int(samples.patch_size),
            "train_patches": samples.count("train"),
            "model_selection": "best_validation" if self.select_by_val else "schedule_end",
            "early_stopping": self.early.stopping,
            # set True when the run ends normally: a model left by a killed
            # run says it was cut short (Classify warns)
            "complete": False, "planned_epochs": int(self.epochs),
        }
        self.keeper.save(self.model, model_metadata(
            self.model, samples, self.training_meta, config.description, samples.patch_size,
            config.input_scaling))
        return True

    def log_epoch(self, record, scores, improved):
        values = dict(epoch=record["epoch"], epochs=self.epochs,
                      loss=record["train_loss"] or 0.0, split=self.val_split,
                      miou="%.4f" % scores.miou if np.isfinite(scores.miou) else "–",
                      seconds=record["seconds"], best=" *" if improved else "")
        if self.budget_s:
            # with a time budget the number of epochs is re-planned as their
            # speed is measured: the share of the budget used does not swing
            self.say(translatable(
                "Epoch {epoch} ({used:.0f} % of the time budget): train loss {loss:.4f}, {split} "
                "MIoU {miou}, {seconds:.1f} s{best}"),
                used=min(100.0, 100.0 * (time.monotonic() - self.start) / self.budget_s), **values)
        else:
            self.say(translatable(
                "Epoch {epoch}/{epochs}: train loss {loss:.4f}, {split} MIoU {miou}, {seconds:.1f} s"
                "{best}"), **values)

    def maybe_stop_early(self, epoch):
        """Early stopping (:class:`.validation.EarlyStopping`), logged once."""
        message = self.early.check(epoch, self.lr_plan, self.keeper.best_epoch)
        if message is not None:
            tell(self.feedback, message)

    def over_budget(self, epoch):
        """True (logged) when the time budget is used up before the last
        epoch (the schedule was laid out over it, so this is a safety net)."""
        budget = self.budget_s
        if budget and time.monotonic() - self.start > budget and epoch < self.epochs:
            self.say(translatable(
                "Time budget of {minutes:g} min used up after epoch {epoch}; stopping."),
                minutes=float(self.config.max_minutes), epoch=epoch)
            return True
        return False

    # -- the loop ---------------------------------------------------------------

    def run(self):
        self.setup()
        cancelled = by_budget = False
        epoch = 0
        while epoch < self.epochs:  # the budget's plan may shorten the run
            epoch += 1
            epoch_start = time.monotonic()
            losses = self.train_epoch(epoch)
            try:
                scores = None if losses is None else self.validate(epoch)
            except Cancelled:
                scores = None
            if scores is None:
                cancelled = True
                break
            record = epoch_record(epoch, losses, scores, time.monotonic() - epoch_start)
            record["learning_rate"] = float(self.optimiser.param_groups[-1]["lr"])
            self.history.append(record)
            improved = self.keep_if_best(record, scores)
            self.log_epoch(record, scores, improved)
            self.progress(epoch, 1.0)
            self.maybe_stop_early(epoch)
            if self.lr_plan.complete:  # the schedule is complete
                by_budget = bool(self.budget_s)
                break
            if self.budget_s:  # measured: training, validation and the save
                self.fit_to_budget(time.monotonic() - epoch_start)
            if self.over_budget(epoch):
                by_budget = True
                break
        return self.result(cancelled, by_budget)

    def result(self, cancelled, by_budget):
        """The :class:`TrainingResult`; the checkpoint completed with the
        whole history."""
        keeper = self.keeper
        if not keeper.written:
            raise Cancelled("cancelled before the first epoch finished")
        if cancelled:
            self.say(translatable(
                "Cancelled after {epochs} finished epoch(s); the model of epoch {best} is kept."),
                warning=True, epochs=len(self.history), best=keeper.best_epoch)
        seconds = time.monotonic() - self.start
        # the last write has the history up to the best epoch; store the full
        # history and the run's end in the kept model
        keeper.finish(self.history, seconds, early_stopping=self.early.stopping,
                      complete=not cancelled, planned_epochs=int(self.epochs))
        return TrainingResult(
            output_path=str(keeper.output_path), architecture=self.architecture,
            history=self.history, best_epoch=keeper.best_epoch,
            best_val_miou=self.history[keeper.best_epoch - 1]["val_miou"],
            epochs_run=len(self.history), cancelled=cancelled, stopped_by_budget=by_budget,
            seconds=seconds, parameters=int(self.n_params),
            class_weights=[float(w) for w in self.weights], device=self.device,
            precision=self.precision,
            validation_split=self.val_split, written=keeper.written)


def evaluate_model_on_samples(model_path: str, samples_folder: str, split: str = "test",
                              device: str = "auto", batch_size: int = 8, feedback: Any = None) -> Any:
    """:class:`~..evaluation.metrics.SegmentationScores` of a MineWatch model file on
    one split of a sample folder, the patches normalised with the model's
    own band statistics."""
    from ...models.checkpoint import load_checkpoint
    from ..common.device import resolve_device

    samples = open_samples(samples_folder)
    if samples.count(split) == 0:
        raise MineWatchInputError(translatable(
            "The sample folder {folder} has no '{split}' patches to evaluate on. Use another "
            "split or create the samples with a share for it."), folder=str(samples_folder), split=split)
    device, _ = resolve_device(device)
    model, meta = load_checkpoint(model_path, device)
    bands, classes = samples.in_channels, samples.num_classes
    if meta.in_channels != bands or meta.num_classes != classes:
        raise MineWatchInputError(translatable(
            "The model {path} takes {model_bands} bands and predicts {model_classes} classes, but "
            "the samples have {bands} bands and {classes} classes. Evaluate it on samples made "
            "for it."), path=str(model_path), model_bands=meta.in_channels,
            model_classes=meta.num_classes, bands=bands, classes=classes)
    feedback = as_feedback(feedback)
    return validation_scores(model, samples, split, device, max(1, int(batch_size)),
                             BandNormaliser(meta.band_mean, meta.band_std), feedback=feedback,
                             progress=lambda d, t: feedback.setProgress(100.0 * d / max(t, 1)))
