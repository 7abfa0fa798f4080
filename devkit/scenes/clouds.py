"""Synthetic clouds and their shadows over a DN image (for tests and the
two-date demo): smooth cloud fields of a chosen cover, white and nearly
opaque in their cores, thinning at their edges, and shadows cast away from
the sun at a chosen distance."""
import numpy as np
from scipy import ndimage

from .terrain import smooth_noise

TRUTH_OPACITY = 0.25


def add_clouds(dn, rng, gsd_m, cover=0.12, azimuth_deg=150.0, shadow_offset_m=300.0,
               cloud_dn=880.0, scale_m=600.0):
    """Return (dn with clouds (same dtype), cloud truth, shadow truth): clouds
    where a smooth field (features ``scale_m`` wide) exceeds its (1 −
    ``cover``) quantile, blended toward ``cloud_dn`` in every band with an
    opacity rising from the edge; truth = opacity ≥ :data:`TRUTH_OPACITY`
    (a quarter of the signal is cloud: too much to classify). Shadows: the
    cloud truth moved ``shadow_offset_m`` away from the sun (truth where no
    cloud edge lies over it)
    (``azimuth_deg`` from north), darkened to 35 %."""
    bands, rows, cols = dn.shape
    field = smooth_noise(rng, (rows, cols), scale_m / gsd_m)
    threshold = np.quantile(field, 1.0 - cover)
    opacity = np.clip((field - threshold) / 0.4, 0.0, 1.0).astype(np.float32)
    cloud = opacity >= TRUTH_OPACITY
    angle = np.radians(azimuth_deg + 180.0)
    shift = (-np.cos(angle) * shadow_offset_m / gsd_m, np.sin(angle) * shadow_offset_m / gsd_m)
    shadow = ndimage.shift(cloud.astype(np.uint8), shift, order=0, mode="constant") > 0
    shadow &= ~cloud
    # where a thin cloud edge lies over the shadow it brightens it again: the
    # truth is the shadow one can see (the darkening applies everywhere)
    visible_shadow = shadow & (opacity < 0.05)
    out = dn.astype(np.float32)
    out[:, shadow] *= 0.35
    out = out * (1 - opacity) + np.float32(cloud_dn) * opacity
    info = np.iinfo(dn.dtype) if dn.dtype.kind in "ui" else None
    if info is not None:
        out = np.clip(np.rint(out), info.min + 1, info.max)
    return out.astype(dn.dtype), cloud, visible_shadow


__all__ = ["add_clouds"]
