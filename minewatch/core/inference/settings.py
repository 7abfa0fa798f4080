"""Small settings of a tiled model run, passed as two dataclasses instead
of a dozen arguments.

:class:`Tiling` says how the scene is cut (tile and overlap in px, tiles
per batch); :class:`ModelInput` says which image bands feed the model.
A tile size or overlap of None is resolved by :meth:`Tiling.resolve`: the
model's training tile and the task's default overlap.
"""
from dataclasses import dataclass, replace
from typing import Optional

TILE_SIZE = 512
BATCH_SIZE = 4


def overlap_for(tile_size, fraction):
    """The default overlap of a task: ``fraction`` of the tile, in whole px
    (1/8 → 64 px at 512², enough for the taper to hide seams)."""
    return max(0, int(int(tile_size) * fraction))


@dataclass(frozen=True)
class Tiling:
    """``tile_size``/``overlap`` in px (None: resolved later),
    ``batch_size`` tiles per model call, ``prefetch`` reads the next batch
    in a background thread while the model runs."""

    tile_size: Optional[int] = None
    overlap: Optional[int] = None
    batch_size: int = BATCH_SIZE
    prefetch: bool = True

    def resolve(self, model_tile, overlap_fraction=1 / 8):
        """A copy with every size set: the tile None or 0 → ``model_tile``
        (the model's run tile, ``ModelMetadata.tile_size``), the overlap
        None → ``overlap_fraction`` of the tile."""
        tile = int(self.tile_size or model_tile)
        overlap = overlap_for(tile, overlap_fraction) if self.overlap is None else int(self.overlap)
        return replace(self, tile_size=tile, overlap=overlap, batch_size=int(self.batch_size))


@dataclass(frozen=True)
class ModelInput:
    """``bands``: 1-based image bands in the model's input order (None or
    empty: all bands in file order); ``repeat_single_band``: one selected
    band feeds every model input (a grey image into an RGB model), with a
    warning."""

    bands: Optional[tuple] = None
    repeat_single_band: bool = False


# defaults of the functions that take settings (frozen, so safe to share)
DEFAULT_TILING = Tiling()
ALL_BANDS = ModelInput()

__all__ = ["ALL_BANDS", "BATCH_SIZE", "DEFAULT_TILING", "ModelInput", "TILE_SIZE", "Tiling",
           "overlap_for"]
