"""The learning-rate schedule of a training run as a plan over its batches:
a poly decay to 0 at the plan's last batch, re-laid when a time budget
shows how many batches fit, or when early stopping ends the run sooner.
Pure arithmetic, no network: the trainer asks it for the rate factor of
each batch and tells it what it measured."""
import math
from dataclasses import dataclass

from .batches import POLY_POWER

# share of a time budget the schedule is planned on (checkpoint saves and
# timing noise take the rest)
BUDGET_SHARE = 0.9


@dataclass
class SchedulePlan:
    """The batches a run's learning-rate schedule spans.

    ``per_epoch``: batches per epoch; ``total_steps``: the batch at which the
    rate reaches 0; ``max_steps``: the most batches the run may take (the
    epochs asked for, or fewer once early stopping decided); ``steps_done``:
    batches trained; ``anchor``: (batch, rate factor) where the current
    segment of the poly decay starts — a re-plan starts a new segment where
    the rate is, so the rate never jumps, up or down."""

    per_epoch: int
    total_steps: int
    max_steps: int
    steps_done: int = 0
    anchor: tuple = (0, 1.0)

    @classmethod
    def for_epochs(cls, per_epoch: int, epochs: int) -> "SchedulePlan":
        """The plain schedule over ``epochs`` epochs of ``per_epoch`` batches."""
        return cls(per_epoch=per_epoch, total_steps=per_epoch * epochs,
                   max_steps=per_epoch * epochs)

    @property
    def epochs(self) -> int:
        """Epochs the plan covers (the last may be partial)."""
        return math.ceil(self.total_steps / self.per_epoch)

    @property
    def complete(self) -> bool:
        """Whether every batch of the schedule has been trained."""
        return self.steps_done >= self.total_steps

    def factor(self, step: int) -> float:
        """The factor of the base learning rate at batch ``step``: from the
        anchor's factor down to 0 at ``total_steps`` (power
        :data:`~.batches.POLY_POWER`); with one plan, (1 − step/total)^0.9."""
        start, factor = self.anchor
        span = max(self.total_steps - start, 1)
        return factor * max(0.0, 1.0 - (step - start) / span) ** POLY_POWER

    def end_at(self, steps: int) -> None:
        """Make ``steps`` the schedule's last batch, the decay going on from
        the rate of now."""
        if steps != self.total_steps:
            self.anchor = (self.steps_done, self.factor(self.steps_done))
            self.total_steps = steps

    def fit_to_budget(self, left_s: float, epoch_s: float) -> None:
        """Lay the rest of the schedule over the epochs of ``epoch_s``
        seconds that fit in ``left_s`` seconds, at least one more batch and
        at most ``max_steps``. A plan made long (a slow first epoch) or short
        never makes the rate rise."""
        steps = self.steps_done + int(max(left_s, 0.0) / epoch_s * self.per_epoch)
        self.end_at(min(max(steps, self.steps_done + 1), self.max_steps))

    def stop_within(self, epochs: int) -> bool:
        """End the run ``epochs`` epochs from now (early stopping), the rate
        annealed to 0 by then; False when the schedule ends sooner anyway."""
        steps = self.steps_done + epochs * self.per_epoch
        if steps >= self.total_steps:
            return False
        self.end_at(steps)
        self.max_steps = steps
        return True


def budget_left_s(budget_s: float, elapsed_s: float) -> float:
    """Seconds of a time budget the schedule may still be planned on
    (:data:`BUDGET_SHARE` of it, less what has run)."""
    return BUDGET_SHARE * budget_s - elapsed_s


__all__ = ["BUDGET_SHARE", "SchedulePlan", "budget_left_s"]
