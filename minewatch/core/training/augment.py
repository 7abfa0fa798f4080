"""Geometric augmentation of a training patch (the paper's affine, flip and
rotation), keeping the label aligned with the image.

One random transform per copy: a horizontal flip (p = 0.5), a rotation by
a multiple of 90°, and a small affine (rotation ±30°, isotropic scale
0.8–1.2, shear ±10°) about the patch centre. The image is resampled
bilinearly (edge pixels repeated past the border), the label by nearest
neighbour; output pixels whose source falls outside the patch, or whose
bilinear footprint touches an invalid (nodata) image pixel, get the ignore
label 255, so the loss never sees invented content.
"""
import math

import numpy as np

from ..common.constants import IGNORE_LABEL as IGNORE

MAX_ROTATION_DEG = 30.0
SCALE_RANGE = (0.8, 1.2)
MAX_SHEAR_DEG = 10.0


def random_matrix(rng):
    """A 2 × 2 matrix mapping output (row, col) offsets from the centre to
    source offsets: flip · rot90 · rotation · shear · scale."""
    flip = np.diag([1.0, -1.0]) if rng.random() < 0.5 else np.eye(2)
    k = int(rng.integers(4))
    quarter = np.array([[0.0, -1.0], [1.0, 0.0]])
    rot90 = np.linalg.matrix_power(quarter, k)
    theta = math.radians(rng.uniform(-MAX_ROTATION_DEG, MAX_ROTATION_DEG))
    rotation = np.array([[math.cos(theta), -math.sin(theta)],
                         [math.sin(theta), math.cos(theta)]])
    shear = np.array([[1.0, math.tan(math.radians(rng.uniform(-MAX_SHEAR_DEG, MAX_SHEAR_DEG)))],
                      [0.0, 1.0]])
    scale = 1.0 / rng.uniform(*SCALE_RANGE)  # output → source: inverse zoom
    return flip @ rot90 @ rotation @ shear * scale


def source_coordinates(matrix, size):
    """Source (row, col) of every output pixel centre, (2, size, size)."""
    centre = (size - 1) / 2.0
    grid = np.indices((size, size), dtype=np.float64).reshape(2, -1) - centre
    return (matrix @ grid + centre).reshape(2, size, size)


def warp_patch(image, label, valid, matrix):
    """Apply ``matrix`` (see :func:`random_matrix`) to a patch.

    ``image`` (C, P, P) any dtype, ``label`` (P, P) uint8, ``valid``
    (P, P) bool image validity. Returns (image of the same dtype, label
    uint8)."""
    from scipy.ndimage import map_coordinates

    size = label.shape[-1]
    coords = source_coordinates(matrix, size)
    # labels: nearest source pixel, 255 where it falls outside the patch
    near = np.floor(coords + 0.5).astype(np.int64)
    inside = ((near >= 0) & (near < size)).all(axis=0)
    rows, cols = np.clip(near[0], 0, size - 1), np.clip(near[1], 0, size - 1)
    out_label = np.where(inside, label[rows, cols], IGNORE).astype(np.uint8)
    # a bilinear value mixing in a nodata pixel is not a real measurement
    if not valid.all():
        footprint = map_coordinates(valid.astype(np.float32), coords, order=1, mode="nearest")
        out_label[footprint < 0.999] = IGNORE
    out_image = np.empty_like(image)
    for band in range(image.shape[0]):
        warped = map_coordinates(image[band].astype(np.float64), coords, order=1, mode="nearest")
        out_image[band] = _cast(warped, image.dtype)
    return out_image, out_label


def _cast(values, dtype):
    """Float values to ``dtype``: rounded and clipped for integer types."""
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return np.clip(np.rint(values), info.min, info.max).astype(dtype)
    return values.astype(dtype)
