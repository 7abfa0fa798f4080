"""Validation during training: whether the validation split can choose the
best epoch, its scores after each epoch, the epoch's history record, and
early stopping when the scores stop improving."""
import math
from typing import Any, Callable, Optional

import numpy as np

from ..common.errors import translatable
from ..common.messages import Message
from ..evaluation.metrics import scores_from_confusion
from .batches import confusion_on_split

# model selection by validation needs this many labelled validation pixels
# in at least MIN_VAL_BLOCKS spatial blocks: below it the best epoch is
# chosen on noise (one block of a few dozen patches swung a held-out MIoU
# from 0.46 to 0.57 between equal runs) and the model of the schedule's end
# is kept instead
MIN_VAL_PIXELS = 500_000
MIN_VAL_BLOCKS = 2
# early stopping: after max(EARLY_STOP_PATIENCE, EARLY_STOP_PATIENCE_SHARE ×
# the planned epochs) epochs without a validation gain of EARLY_STOP_GAIN
# MIoU, the learning-rate schedule is brought to its end over the next
# max(2, EARLY_STOP_ANNEAL × epochs run) epochs (a run cut off at a high rate
# would keep an unsettled model). The share matters on small sample sets:
# their epochs are short, and validation often improves only as the rate
# decays (a first real run stopped after 4 of its 25 minutes at a patience
# of 10 epochs of 10 s)
EARLY_STOP_PATIENCE = 10
EARLY_STOP_PATIENCE_SHARE = 0.25
EARLY_STOP_GAIN = 0.005
EARLY_STOP_ANNEAL = 0.1


def finite_or_none(x: Optional[float]) -> Optional[float]:
    """``x`` as a float, None when it is None or not finite (JSON-safe)."""
    return float(x) if x is not None and np.isfinite(x) else None


def validation_verdict(samples: Any, val_split: str, min_pixels: int,
                       min_blocks: int) -> "tuple[bool, Optional[Message]]":
    """(whether the split ``val_split`` of ``samples`` is large enough to
    choose the best epoch on, the warning that says why not or None): it
    needs ``min_pixels`` labelled pixels in ``min_blocks`` spatial blocks;
    the train split never chooses."""
    pixels = int(np.asarray(samples.class_pixels(val_split), np.int64).sum())
    blocks = (samples.manifest.get("blocks") or {}).get(val_split)
    few_pixels = pixels < int(min_pixels)
    few_blocks = blocks is not None and int(blocks) < int(min_blocks)
    if val_split == "val" and (few_pixels or few_blocks):
        values = dict(pixels=pixels, least=int(min_pixels), least_blocks=int(min_blocks))
        if blocks is None:
            return False, Message(translatable(
                "The validation split is small ({pixels} labelled pixels; choosing the best "
                "epoch needs {least}), so its scores swing with chance: the model of the "
                "schedule's end is kept, and no early stopping. For a steadier choice give "
                "the samples a larger validation share."), **values)
        return False, Message(translatable(
            "The validation split is small ({pixels} labelled pixels in {blocks} "
            "block(s); choosing the best epoch needs {least} pixels in {least_blocks} "
            "blocks), so its scores swing with chance: the model of the schedule's end "
            "is kept, and no early stopping. For a steadier choice give the samples a "
            "larger validation share or a smaller BLOCK_SIZE."), blocks=int(blocks), **values)
    return val_split == "val", None


def validation_scores(model: Any, samples: Any, split: str, device: str, batch_size: int,
                      normaliser: Any, *, feedback: Any, progress: Callable[[int, int], None],
                      precision: str = "fp32") -> Any:
    """:class:`..evaluation.metrics.SegmentationScores` of ``model`` on the
    ``split`` of ``samples``; ``progress(done, total)`` after each batch
    (raises :class:`..common.errors.Cancelled`)."""
    cm = confusion_on_split(model, samples, split, device, batch_size, normaliser,
                            feedback=feedback, progress=progress, precision=precision)
    return scores_from_confusion(cm)


def epoch_record(epoch: int, losses: list, scores: Any, seconds: float) -> dict:
    """The history entry of one epoch (MIoU values None when undefined)."""
    return {"epoch": epoch, "train_loss": float(np.mean(losses)) if losses else None,
            "val_miou": finite_or_none(scores.miou),
            "val_per_class_iou": [finite_or_none(x) for x in scores.iou],
            "seconds": round(seconds, 3)}


class EarlyStopping:
    """Watches the validation MIoU; after the patience without a gain (see
    :data:`EARLY_STOP_PATIENCE`) it brings the learning-rate schedule (a
    :class:`.schedule_plan.SchedulePlan`) to its end over the next few
    epochs, so the run ends with a settled model, not one cut off at a high
    rate. ``enabled`` False: never."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.last_gain_epoch = 0
        self.stopping = False

    def record(self, epoch: int, gain: float) -> None:
        """Note ``epoch``'s gain over the best MIoU so far."""
        if gain > EARLY_STOP_GAIN:
            self.last_gain_epoch = epoch

    def check(self, epoch: int, lr_plan: Any, best_epoch: int) -> Optional[Message]:
        """After ``epoch``: when the patience has run out, shorten
        ``lr_plan`` and return the message that says so (once); else None."""
        if not self.enabled or self.stopping:
            return None
        patience = max(EARLY_STOP_PATIENCE, math.ceil(EARLY_STOP_PATIENCE_SHARE * lr_plan.epochs))
        if epoch - self.last_gain_epoch < patience:
            return None
        anneal = max(2, int(math.ceil(EARLY_STOP_ANNEAL * epoch)))
        if not lr_plan.stop_within(anneal):
            return None  # the schedule ends sooner anyway
        self.stopping = True
        return Message(translatable(
            "No validation gain for {patience} epochs (best MIoU at epoch {best}): early "
            "stopping, the learning rate is brought down to 0 over the next {anneal} epoch(s), "
            "so the run ends after epoch {last}."), patience=epoch - self.last_gain_epoch,
            best=best_epoch, anneal=anneal, last=lr_plan.epochs)


__all__ = ["EARLY_STOP_ANNEAL", "EARLY_STOP_GAIN", "EARLY_STOP_PATIENCE",
           "EARLY_STOP_PATIENCE_SHARE", "EarlyStopping", "MIN_VAL_BLOCKS", "MIN_VAL_PIXELS",
           "epoch_record", "finite_or_none", "validation_scores", "validation_verdict"]
