"""Per-band statistics of a whole scene from one decimated read.

Used to normalise a scene by its own statistics (a model whose metadata
says ``input_scaling = "scene"``), to warn when a scene's values are
foreign to a model with fixed statistics (:func:`model_scaling`), and to
stretch bands to 0–255 for the dense CRF's colour term. The scene is read once at reduced resolution
(rasterio ``out_shape``, nearest neighbour, at most ``max_pixels`` pixels),
so the cost does not grow with the scene; statistics are over the pixels
valid in every selected band (not nodata, finite, not masked), in the raw
units of the image.
"""
import math
from dataclasses import dataclass
from typing import Optional

import numpy as np

from ..common.errors import translatable
from ..common.messages import Message
from ..raster.raster_io import open_raster, rasterio_env, valid_mask
from .engine import no_valid_pixel_error

MAX_PIXELS = 1024 * 1024
LOW_PERCENTILE = 2.0
HIGH_PERCENTILE = 98.0
# how far (in the model's std units) a scene's band mean may sit from the
# training mean before the user is warned that the values look foreign
FOREIGN_MEAN_STD = 3.0


@dataclass
class SceneStatistics:
    """Per selected band (model input order, repeats allowed), raw units:
    ``mean``, ``std`` (floored so that it is > 0), the ``low``/``high``
    percentiles (2 and 98 %), the number of valid pixels sampled, and the
    1-based image ``bands`` they describe."""

    mean: np.ndarray
    std: np.ndarray
    low: np.ndarray
    high: np.ndarray
    n_valid: int
    bands: Optional[list] = None


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
    return SceneStatistics(mean, std, low, high, n, bands)


def model_scaling(stats, metadata):
    """(mean, std, warnings): the per-input normalisation to apply for a
    model described by ``metadata`` given the scene's
    :class:`SceneStatistics` ``stats``. A model whose ``input_scaling`` is
    "scene" gets the scene's own mean/std; any other the statistics stored
    in the model, with a warning (a
    :class:`~..common.messages.Message`) when a band's scene mean lies
    more than :data:`FOREIGN_MEAN_STD` training std from the training
    mean."""
    if getattr(metadata, "input_scaling", "fixed") == "scene":
        if stats.n_valid == 0:
            raise no_valid_pixel_error(stats.bands)
        return [float(x) for x in stats.mean], [float(x) for x in stats.std], []
    mean = np.asarray(metadata.band_mean, np.float64)
    std = np.asarray(metadata.band_std, np.float64)
    warnings = []
    if stats.n_valid and np.any(np.abs(stats.mean - mean) > FOREIGN_MEAN_STD * std):
        warnings.append(Message(translatable(
            "The image's band means ({scene}) are far from those the model was trained on "
            "({model}); results may be poor. Give an image of the same kind and scale (e.g. "
            "8-bit RGB for an 8-bit model), or a model that normalises each scene by its own "
            "statistics."), scene=", ".join(f"{x:.4g}" for x in stats.mean),
            model=", ".join(f"{x:.4g}" for x in mean)))
    return mean.tolist(), std.tolist(), warnings


__all__ = ["FOREIGN_MEAN_STD", "SceneStatistics", "decimated_shape", "model_scaling",
           "scene_statistics"]
