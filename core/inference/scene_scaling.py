"""Per-band statistics of a whole scene from one decimated read.

Used to normalise a scene by its own statistics (a model whose metadata
says ``input_scaling = "scene"``) and to stretch bands to 0–255 for the
dense CRF's colour term. The scene is read once at reduced resolution
(rasterio ``out_shape``, nearest neighbour, at most ``max_pixels`` pixels),
so the cost does not grow with the scene; statistics are over the pixels
valid in every selected band (not nodata, finite, not masked), in the raw
units of the image.
"""
import math
from dataclasses import dataclass

import numpy as np

from ..raster.raster_io import open_raster, rasterio_env, valid_mask

MAX_PIXELS = 1024 * 1024
LOW_PERCENTILE = 2.0
HIGH_PERCENTILE = 98.0


@dataclass
class SceneStatistics:
    """Per selected band (model input order, repeats allowed), raw units:
    ``mean``, ``std`` (floored so that it is > 0), the ``low``/``high``
    percentiles (2 and 98 %) and the number of valid pixels sampled."""

    mean: np.ndarray
    std: np.ndarray
    low: np.ndarray
    high: np.ndarray
    n_valid: int


def decimated_shape(height, width, max_pixels=MAX_PIXELS):
    """(rows, cols) of a read of at most ``max_pixels`` keeping the aspect."""
    factor = max(1.0, math.sqrt(height * width / float(max_pixels)))
    return max(1, int(height / factor)), max(1, int(width / factor))


def scene_statistics(path, bands, max_pixels=MAX_PIXELS):
    """:class:`SceneStatistics` of the 1-based ``bands`` of the raster at
    ``path``; ``n_valid`` 0 (and NaN statistics) when no sampled pixel is
    valid."""
    from rasterio.enums import MaskFlags, Resampling

    bands = [int(b) for b in bands]
    unique = sorted(set(bands))
    with rasterio_env(), open_raster(path) as ds:
        shape = decimated_shape(ds.height, ds.width, max_pixels)
        raw = ds.read(unique, out_shape=(len(unique),) + shape, resampling=Resampling.nearest)
        valid = valid_mask(raw, [ds.nodatavals[b - 1] for b in unique])
        for b in unique:
            if {MaskFlags.per_dataset, MaskFlags.alpha} & set(ds.mask_flag_enums[b - 1]):
                valid &= ds.read_masks(b, out_shape=shape, resampling=Resampling.nearest) > 0
                break
    n = int(valid.sum())
    stats = np.full((4, len(unique)), np.nan)
    if n:
        for i, band in enumerate(raw):
            values = band[valid].astype(np.float64)
            stats[0, i] = values.mean()
            # a constant band would divide by zero: floor at a tiny fraction of its level
            stats[1, i] = max(values.std(), 1e-6 * max(1.0, abs(stats[0, i])))
            stats[2, i], stats[3, i] = np.percentile(values, [LOW_PERCENTILE, HIGH_PERCENTILE])
    take = [unique.index(b) for b in bands]
    mean, std, low, high = (row[take] for row in stats)
    return SceneStatistics(mean, std, low, high, n)


def scene_normalisation(path, bands, n_inputs):
    """(mean, std) lists per model input for a model with ``input_scaling``
    "scene": the statistics of the image's own bands (1-based ``bands`` in
    the model's order, None = all). Raises ``MineWatchInputError`` for bad
    bands or when no sampled pixel is valid."""
    from .engine import no_valid_pixel_error, resolve_bands

    with open_raster(path) as ds:
        count = ds.count
    bands, _ = resolve_bands(count, bands, n_inputs)
    stats = scene_statistics(path, bands)
    if stats.n_valid == 0:
        raise no_valid_pixel_error(bands)
    return [float(x) for x in stats.mean], [float(x) for x in stats.std]


__all__ = ["SceneStatistics", "decimated_shape", "scene_normalisation", "scene_statistics"]
