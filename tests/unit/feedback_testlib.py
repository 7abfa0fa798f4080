"""Shared feedback stand-ins for the engine tests."""
from minewatch.core.common.progress import NullFeedback


class CancelledFeedback(NullFeedback):
    """A feedback whose user has already pressed Cancel: the engine's first
    progress step must raise :class:`minewatch.core.common.errors.Cancelled`."""

    def isCanceled(self):  # noqa: N802 - QGIS naming
        return True
