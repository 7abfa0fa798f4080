"""The best model of a training run, kept on disk: which epoch is best, the
model file written atomically (rescued to the temporary folder when its
destination cannot be written), and the whole run's history stored in it
at the end."""
import os
from typing import Any, List, Optional

from ..common.errors import translatable
from ..common.messages import Message, tell

# px: a fully convolutional network classifies a tile larger than its
# training patch as well, with more context and fewer tile borders; the
# patch itself is in the training record (training["patch_size"])
MIN_RUN_TILE = 512


def model_metadata(model: Any, samples: Any, training: dict, description: str, patch_size: int,
                   input_scaling: str = "fixed") -> Any:
    """The :class:`...models.metadata.ModelMetadata` of ``model`` trained on
    ``samples`` (a :class:`.samples.SampleSet`): its classes, bands and
    their statistics, pixel size, run tile (≥ :data:`MIN_RUN_TILE` px) and
    the ``training`` record."""
    from ...models.metadata import ModelMetadata

    return ModelMetadata.for_model(
        model, classes=samples.class_table(), band_names=list(samples.band_names),
        band_mean=[float(x) for x in samples.band_mean], band_std=[float(x) for x in samples.band_std],
        gsd_m=float(samples.gsd_m), tile_size=max(MIN_RUN_TILE, int(patch_size)), training=training,
        description=description or "", input_scaling=input_scaling)


class CheckpointKeeper:
    """The run's best epoch and its model file at ``output_path`` (which
    becomes the rescue path when the destination fails)."""

    def __init__(self, output_path: str, feedback: Any = None):
        self.output_path = output_path
        self.feedback = feedback
        self.best: Optional[float] = None
        self.best_epoch = 0
        self.written = False

    def gain(self, score: float) -> float:
        """How much ``score`` beats the best so far (inf before the first)."""
        return score - (self.best if self.best is not None else -float("inf"))

    def take(self, score: float, epoch: int, select_by_score: bool) -> bool:
        """Whether the model of ``epoch`` (validation ``score``) is the one to
        keep now: the best so far, or every epoch when ``select_by_score`` is
        False (the model of the schedule's end is kept); recorded when it is."""
        if select_by_score and self.best is not None and score <= self.best:
            return False
        self.best, self.best_epoch = score, epoch
        return True

    def save(self, model: Any, metadata: Any) -> None:
        """Write the model file; when its destination cannot be written (disk
        full, folder gone or made read-only during the run), save it in the
        temporary folder instead and say where, so hours of training are
        never lost."""
        import tempfile

        from ...models.checkpoint import save_checkpoint

        try:
            save_checkpoint(self.output_path, model, metadata)
            self.written = True
            return
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
        rescue = os.path.join(tempfile.gettempdir(), "minewatch_rescued_models",
                              os.path.basename(str(self.output_path)) or "model.safetensors")
        os.makedirs(os.path.dirname(rescue), exist_ok=True)
        save_checkpoint(rescue, model, metadata)
        tell(self.feedback, Message(translatable(
            "The model could not be written to {path} ({reason}); it is saved at {rescue} "
            "instead. Copy it where you want it."),
            path=str(self.output_path), reason=reason, rescue=rescue), warning=True)
        self.output_path = rescue
        self.written = True

    def finish(self, history: List[dict], seconds: float, **facts: Any) -> None:
        """Store the full ``history``, run time (s) and ``facts`` of the whole
        run in the kept model file (weights unchanged; written atomically)."""
        from ...models.checkpoint import load_checkpoint, save_checkpoint

        model, metadata = load_checkpoint(self.output_path, "cpu")
        metadata.training = dict(metadata.training, epochs_run=len(history), history=history,
                                 seconds=round(seconds, 3), **facts)
        save_checkpoint(self.output_path, model, metadata)


__all__ = ["CheckpointKeeper", "MIN_RUN_TILE", "model_metadata"]
