"""One training epoch: the patches it draws (repeat-factor sampling, flips,
varied looks, several scales, each from its own seeded generator) and the
optimisation steps over their batches (torch, imported inside)."""
import time
from typing import Any, Callable, Generator, List, Optional

import numpy as np

from .batches import PREFETCH_DEPTH, channels_last, train_batches
from .class_balance import draw_patches
from .multiscale import draw_scale, rescale_batch


def epoch_batches(samples: Any, config: Any, epoch: int, repeat: np.ndarray, per_epoch: int,
                  batch_size: int, normaliser: Any) -> Generator:
    """The train batches of ``epoch`` (numbered from 1), prefetched in a
    thread: ``per_epoch`` × ``batch_size`` patches drawn by their
    ``repeat`` factors, flipped and given looks as ``config`` says; the same
    ``config.seed`` and ``epoch`` give the same batches. Close it when done."""
    from ..common.prefetch import prefetched

    order = draw_patches(repeat, per_epoch * batch_size,
                         np.random.default_rng([config.seed, epoch, 0]))
    aug = np.random.default_rng([config.seed, epoch, 1]) if config.online_flips else None
    looks = np.random.default_rng([config.seed, epoch, 2]) if config.photometric else None
    return prefetched(lambda: train_batches(
        samples, order, batch_size, normaliser, samples.num_classes, samples.ignore_value,
        rng=aug, looks_rng=looks), PREFETCH_DEPTH)


class EpochTrainer:
    """The optimisation of a ``model``: its ``loss_fn``, ``optimiser`` and
    learning-rate ``schedule`` (stepped per batch, counted in ``lr_plan``),
    on ``device`` in ``precision`` (the loss always in float32)."""

    def __init__(self, model: Any, loss_fn: Any, optimiser: Any, schedule: Any, lr_plan: Any,
                 device: str, precision: str = "fp32"):
        self.model, self.loss_fn = model, loss_fn
        self.optimiser, self.schedule, self.lr_plan = optimiser, schedule, lr_plan
        self.device, self.precision = device, precision

    def step(self, images: Any, labels: Any, scale_range: tuple = (),
             scales: Optional[np.random.Generator] = None) -> float:
        """One optimisation step on a batch (``images`` as
        :func:`.batches.train_batches` gives them, ``labels`` class
        indices); with ``scales``, resized by a factor drawn from
        ``scale_range`` first. Returns the batch's loss."""
        import torch

        from ..common.device import autocast

        images = channels_last(images, self.device)
        labels = torch.from_numpy(labels).to(self.device)
        if scales is not None:
            images, labels = rescale_batch(images, labels, draw_scale(scales, scale_range))
            images = images.contiguous(memory_format=torch.channels_last)
        with autocast(self.precision, self.device):
            logits = self.model(images)
            if isinstance(logits, dict):
                logits = logits["out"]
        # the loss in float32: bf16 logits lose the small class margins
        loss = self.loss_fn(logits.float(), labels)
        self.optimiser.zero_grad(set_to_none=True)
        loss.backward()
        self.optimiser.step()
        self.schedule.step()
        self.lr_plan.steps_done += 1
        return float(loss.detach())

    def epoch(self, batches: Generator, after_batch: Callable[[int, float], bool],
              scale_range: tuple = (), scales: Optional[np.random.Generator] = None
              ) -> Optional[List[float]]:
        """Train on every batch of ``batches`` (closed at the end);
        ``after_batch(step, seconds)`` is called after each (step from 1,
        the batch's seconds) and returns False to cancel. The batch losses,
        or None when cancelled; the epoch ends early when the schedule is
        complete."""
        self.model.train()
        losses: List[float] = []
        last = time.monotonic()
        try:
            for number, (images, labels) in enumerate(batches, 1):
                losses.append(self.step(images, labels, scale_range, scales))
                now = time.monotonic()
                if not after_batch(number, now - last):
                    return None
                last = now
                if self.lr_plan.complete:
                    break  # the schedule is complete: the run ends on it
        finally:
            batches.close()
        return losses


__all__ = ["EpochTrainer", "epoch_batches"]
