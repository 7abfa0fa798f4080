"""Burn class polygons onto a raster grid, window by window.

A pixel takes a polygon's class when the pixel's centre lies inside it
(GDAL's default, ``all_touched=False``), so a raster vectorised along its
pixel edges burns back to the same pixels. Where polygons overlap, the one
later in ``shapes`` wins. Pixels inside no polygon get ``fill``.
"""
from typing import Any, Iterable

import numpy as np

from ..common.constants import CLASS_NODATA
from ..common.progress import as_feedback, step
from .raster_io import AtomicRasterWriter, rasterio_env
from .windows import plan_windows

LABEL_NODATA = CLASS_NODATA  # unlabelled / outside every polygon


def _shape_bounds(shapes):
    """(minx, miny, maxx, maxy) of each GeoJSON-like geometry (float64 (n, 4))."""
    from rasterio.features import bounds

    return np.array([bounds(geometry) for geometry, _ in shapes], np.float64).reshape(-1, 4)


def rasterize_labels(shapes: Iterable[Any], out_path: str, grid: Any, fill: int = 0, feedback: Any = None,
                     budget_bytes: int = 16 * 2**20) -> Any:
    """Write a uint8 class GeoTIFF at ``out_path`` on ``grid`` (a mapping
    with ``transform``, ``width``, ``height``, ``crs``: e.g. a rasterio
    profile or ``dataset.profile``) where each pixel holds the class index
    of the (last) polygon containing its centre, else ``fill`` (0 …
    255; 255 is the file's nodata = unlabelled).

    ``shapes`` are (geometry mapping in the grid's CRS, class index 0–254)
    pairs. The grid is written in strips; each strip burns only the shapes
    whose bounding box meets it. Returns ``out_path``."""
    from rasterio.features import rasterize
    from rasterio.windows import Window
    from rasterio.windows import bounds as window_bounds
    from rasterio.windows import transform as window_transform

    feedback = as_feedback(feedback)
    shapes = [(geometry, int(value)) for geometry, value in shapes]
    boxes = _shape_bounds(shapes)
    transform, width, height = grid["transform"], int(grid["width"]), int(grid["height"])
    profile = {"driver": "GTiff", "dtype": "uint8", "count": 1, "width": width,
               "height": height, "transform": transform, "crs": grid.get("crs"),
               "nodata": LABEL_NODATA, "blockxsize": 256, "blockysize": 256}
    windows = plan_windows(height, width, 1, 1, budget_bytes, (256, 256))
    with rasterio_env(), AtomicRasterWriter(out_path, profile) as writer:
        for index, (row, col, h, w) in enumerate(windows):
            window = Window(col, row, w, h)
            left, bottom, right, top = window_bounds(window, transform)
            # a rotated or south-up grid still gives the right box after sorting
            x0, x1 = sorted((left, right))
            y0, y1 = sorted((bottom, top))
            hit = ((boxes[:, 0] <= x1) & (boxes[:, 2] >= x0)
                   & (boxes[:, 1] <= y1) & (boxes[:, 3] >= y0)) if len(shapes) else []
            chosen = [shapes[i] for i in np.flatnonzero(hit)]
            if chosen:
                block = rasterize(chosen, out_shape=(h, w), fill=fill,
                                  transform=window_transform(window, transform),
                                  all_touched=False, dtype="uint8")
            else:
                block = np.full((h, w), fill, np.uint8)
            writer.write(block, (row, col, h, w))
            step(feedback, index + 1, len(windows))
        writer.commit()
    return out_path
