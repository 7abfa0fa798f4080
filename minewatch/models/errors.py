"""The error raised for model files that cannot be used (no torch)."""
from ..core.common.errors import MineWatchInputError


class CheckpointError(MineWatchInputError):
    """A model file or its metadata is unusable: the message says what is
    wrong and what to do. A ``ValueError`` (via :class:`MineWatchInputError`),
    so the Processing algorithms report it like any other bad input."""
