"""Progress and cancel protocol shared by every engine loop.

Engine functions accept an optional ``feedback`` object with the two
methods QGIS's ``QgsProcessingFeedback`` already has: ``setProgress(pct)``
(0–100) and ``isCanceled()``. Outside QGIS pass nothing, or any object
with those methods (a Dask runner, a CLI progress bar).
"""
import time
from typing import Any

from .errors import Cancelled
from .messages import Message, tell_stage, translatable


class NullFeedback:
    """Feedback that reports nowhere and never cancels."""

    def setProgress(self, percent):  # noqa: N802 - QGIS naming
        pass

    def isCanceled(self):  # noqa: N802 - QGIS naming
        return False


def as_feedback(feedback: Any) -> Any:
    """Return ``feedback`` or a :class:`NullFeedback` when it is None."""
    return NullFeedback() if feedback is None else feedback


def step(feedback, done, total, start=0.0, span=100.0):
    """Report ``done/total`` of a stage mapped to [start, start+span] %, then
    raise :class:`Cancelled` if the user asked to stop."""
    if total > 0:
        feedback.setProgress(start + span * min(done, total) / total)
    if feedback.isCanceled():
        raise Cancelled("cancelled by the user")


class ScaledFeedback:
    """Feedback adapter mapping a stage's 0–100 % onto [start, start+span] %
    of the caller's feedback, so several stages share one progress bar."""

    def __init__(self, feedback, start, span):
        self.feedback = as_feedback(feedback)
        self.start, self.span = start, span

    def setProgress(self, percent):  # noqa: N802 - QGIS naming
        self.feedback.setProgress(self.start + self.span * percent / 100.0)

    def isCanceled(self):  # noqa: N802 - QGIS naming
        return self.feedback.isCanceled()

    def __getattr__(self, name):
        # pushInfo, reportError, … reach the wrapped feedback unchanged
        return getattr(self.feedback, name)


# how often a countdown speaks: each tenth of the tiles (the dialog also
# logs each progress text, so not every tile)
COUNTDOWN_STEPS = 10
MINUTE_S = 60.0


class TileCountdown:
    """Says "Tile n / N, about T left" through the progress text each tenth
    of the tiles, the time left extrapolated from the tiles done so far."""

    def __init__(self, feedback, total: int):
        self.feedback, self.total = feedback, int(total)
        self.start = time.monotonic()
        self.said = 0

    def update(self, done: int) -> None:
        """Report after ``done`` of the tiles (said once per tenth)."""
        tenth = COUNTDOWN_STEPS * done // max(self.total, 1)
        if done <= 0 or done >= self.total or tenth <= self.said:
            return
        self.said = tenth
        left = (time.monotonic() - self.start) / done * (self.total - done)
        if left < MINUTE_S:
            text = Message(translatable("Tile {done} / {total}, about {seconds:.0f} s left."),
                           done=done, total=self.total, seconds=max(left, 1.0))
        else:
            text = Message(translatable("Tile {done} / {total}, about {minutes:.0f} min left."),
                           done=done, total=self.total, minutes=left / MINUTE_S)
        tell_stage(self.feedback, text)
