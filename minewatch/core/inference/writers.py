"""Writing the blocks of a tiled model run into rasters on the input's grid.

:class:`RasterOutputs` names the files a run writes: the class map
(uint8, class index, 255 = nodata, optional colour table), a probability
raster (float32, −1 = nodata: the winning class's probability, or one
chosen class's, e.g. P(building)) and all K probabilities (K bands
float32, −1 = nodata). :func:`write_blocks` streams the engine's blocks
into them; each file appears only when complete, and none is left when
the run fails or is cancelled.
"""
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import numpy as np

from ..common.constants import CLASS_NODATA, PROB_NODATA
from ..raster.raster_io import AtomicRasterWriter, driver_for, rasterio_env
from .engine import no_valid_pixel_error


@dataclass(frozen=True)
class RasterOutputs:
    """``class_path`` (required), ``prob_path`` ('' = none) with
    ``prob_class`` None for the winning class's probability or a class
    index for that class's, ``probabilities_path`` ('' = none) and the
    class map's ``class_colormap`` ({index: RGBA}, None = none)."""

    class_path: str
    prob_path: str = ""
    prob_class: Optional[int] = None
    probabilities_path: str = ""
    class_colormap: Optional[dict] = None


def output_profile(engine, path, dtype, nodata, count=1):
    """Profile of an output on the input's grid; GeoTIFF blocks of the tile
    stride when it allows, so each tile core fills whole blocks and no
    half-written compressed block is ever flushed and rewritten."""
    return _profile(engine, engine.grid.stride, path, dtype, nodata, count)


def output_profile_like(grid, path, dtype, nodata, count=1):
    """Profile of an output on the grid of the dataset ``grid`` (blocks of
    256 px), compressed as :func:`output_profile`."""
    return _profile(grid, 256, path, dtype, nodata, count)


def _profile(grid, stride, path, dtype, nodata, count):
    profile = dict(width=grid.width, height=grid.height, count=count, dtype=dtype,
                   crs=grid.crs, transform=grid.transform, nodata=nodata)
    if driver_for(path) == "GTiff":
        block = stride if stride % 16 == 0 and 64 <= stride <= 2048 else 256
        profile.update(tiled=True, blockxsize=block, blockysize=block)
        if dtype == "float32" and has_zstd():
            # probabilities compress poorly; ZSTD level 1 costs ~1/3 of
            # deflate's time per tile at a similar size
            profile.update(compress="zstd", zstd_level=1)
        else:
            profile.update(compress="deflate", zlevel=6 if dtype == "uint8" else 1)
        if count > 1:
            profile["interleave"] = "band"
    return profile


@lru_cache(maxsize=1)
def has_zstd():
    """Whether GDAL's GeoTIFF driver was built with ZSTD compression."""
    import warnings

    import rasterio
    import rasterio.shutil

    probe = "/vsimem/minewatch_zstd_probe.tif"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the probe has no georeferencing
            with rasterio.open(probe, "w", driver="GTiff", width=1, height=1, count=1,
                               dtype="uint8", compress="zstd"):
                pass
        rasterio.shutil.delete(probe)
        return True
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


def masked(values, valid):
    """``values`` with :data:`PROB_NODATA` where not ``valid`` (no copy when
    every pixel is valid)."""
    return values if valid.all() else np.where(valid, values, np.float32(PROB_NODATA))


class _Writers:
    """The open atomic writers of one run; committed or discarded together."""

    def __init__(self, engine, outputs):
        self.engine, self.outputs = engine, outputs
        self.files = {}

    def open(self, key, path, dtype, count=1):
        self.files[key] = AtomicRasterWriter(path, output_profile(
            self.engine, path, dtype, CLASS_NODATA if dtype == "uint8" else PROB_NODATA, count))
        return self.files[key]

    def write(self, block):
        out = self.outputs
        self.files["class"].write(block.classes, block.window)
        if out.prob_path:
            plane = block.max_prob if out.prob_class is None else masked(
                block.probs[out.prob_class], block.valid)
            self.files["prob"].write(plane, block.window)
        if out.probabilities_path:
            if "probs" not in self.files:  # K is known after the first batch
                self.open("probs", out.probabilities_path, "float32", block.probs.shape[0])
            self.files["probs"].write(masked(block.probs, block.valid), block.window)

    def commit(self):
        for writer in self.files.values():
            writer.commit()

    def discard(self):
        for writer in self.files.values():
            writer.discard()


def write_blocks(engine, outputs, feedback=None):
    """Run ``engine`` (a :class:`.engine.TiledInference`) and write its
    blocks into ``outputs`` (a :class:`RasterOutputs`). Returns the pixel
    count per value 0–255 of the class map (int64, index 255 = nodata).
    Raises ``MineWatchInputError`` when no pixel was valid, or
    ``Cancelled``; either way no file is left behind."""
    writers = _Writers(engine, outputs)
    counts = np.zeros(256, np.int64)
    try:
        writers.open("class", outputs.class_path, "uint8")
        if outputs.class_colormap:
            writers.files["class"].dataset.write_colormap(1, outputs.class_colormap)
        if outputs.prob_path:
            writers.open("prob", outputs.prob_path, "float32")
        with rasterio_env(), closing(engine.blocks(feedback)) as blocks:
            for block in blocks:
                counts += np.bincount(block.classes.ravel(), minlength=256)
                writers.write(block)
        if counts[:CLASS_NODATA].sum() == 0:
            # the engine's pre-check makes this unreachable unless the file changed
            raise no_valid_pixel_error(engine.bands)
        writers.commit()
    except BaseException:
        writers.discard()
        raise
    return counts


__all__ = ["RasterOutputs", "has_zstd", "masked", "output_profile", "write_blocks"]
