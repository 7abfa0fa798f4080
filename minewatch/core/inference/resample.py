"""Running a model at its own pixel size on an image of another one.

A network trained at 0.6 m sees 0.3 m roofs as twice too large (measured on
real building tiles: IoU 0.24 at the image's 0.3 m, 0.33 resampled to the
model's 0.6 m). When the image's pixel size differs from the model's by
:data:`RESAMPLE_FACTOR` or more either way, the run reads the image through
a GDAL warped VRT at the model's pixel size (averaging when it shrinks,
bilinear when it enlarges: computed window by window as tiles are read,
never a resampled copy of the scene), and its outputs are warped back onto
the image's grid afterwards (class map by nearest neighbour, probabilities
bilinear), window by window. Pixel sizes in metres (projected CRS).
"""
import os
from typing import Optional

import numpy as np

from ..common.constants import CLASS_NODATA, PROB_NODATA
from ..common.progress import step
from ..raster.raster_io import AtomicRasterWriter, gsd_metres, open_raster, rasterio_env
from ..raster.windows import plan_windows

# resample when the pixel sizes differ by this factor or more, either way
RESAMPLE_FACTOR = 1.5


def pixel_size_factor(input_path: str, model_gsd_m: float, threshold: float) -> Optional[float]:
    """The image's pixel size over the model's (both metres, from the
    raster's geotransform) when it differs by ``threshold`` or more either
    way (exactly the threshold counts: the factor is rounded to 6 decimals,
    so rounding of the extent decides nothing), else None (also for a
    geographic CRS or an unknown model pixel size)."""
    if not model_gsd_m or model_gsd_m <= 0:
        return None
    with open_raster(input_path) as ds:
        if ds.crs is None or ds.crs.is_geographic:
            return None
        pixel = gsd_metres(ds)
    factor = round(pixel / float(model_gsd_m), 6)
    if pixel > 0 and (factor >= threshold or factor <= round(1 / threshold, 6)):
        return factor
    return None


def resampling_factor(input_path, model_gsd_m):
    """:func:`pixel_size_factor` at :data:`RESAMPLE_FACTOR`: when a run
    reads the image at the model's pixel size."""
    return pixel_size_factor(input_path, model_gsd_m, RESAMPLE_FACTOR)


def model_grid_view(input_path, model_gsd_m, vrt_path):
    """Write a warped VRT of ``input_path`` at ``model_gsd_m`` metres per
    pixel over the same extent (same CRS), to ``vrt_path``; returns it."""
    from osgeo import gdal

    from ..raster.gdal_modes import gdal_exceptions

    with open_raster(input_path) as ds:
        unit = ds.crs.linear_units_factor[1] if ds.crs.linear_units_factor else 1.0
        shrink = gsd_metres(ds) < model_gsd_m
        left, bottom, right, top = ds.bounds
    res = float(model_gsd_m) / (unit or 1.0)
    with gdal_exceptions():
        out = gdal.Warp(vrt_path, input_path, format="VRT", xRes=res, yRes=res,
                        outputBounds=(left, bottom, right, top),
                        resampleAlg="average" if shrink else "bilinear", multithread=False)
        if out is None:
            raise RuntimeError(f"GDAL could not make a resampled view of {input_path}")
        out = None  # closes and writes the VRT
    return vrt_path


def to_input_grid(model_grid_path, out_path, input_path, categorical, *, colormap=None,
                  feedback=None, span=(0, 100), budget_bytes=64 * 2**20):
    """Warp the raster ``model_grid_path`` (a run's output at the model's
    pixel size) onto ``input_path``'s grid into ``out_path``, window by
    window, the file appearing only when complete: nearest neighbour for a
    ``categorical`` class map (nodata 255), bilinear otherwise
    (probabilities, nodata −1, never averaged with nodata)."""
    from rasterio.enums import Resampling
    from rasterio.vrt import WarpedVRT
    from rasterio.windows import Window

    from .writers import output_profile_like

    with rasterio_env(), open_raster(input_path) as grid, open_raster(model_grid_path) as src:
        nodata = CLASS_NODATA if categorical else PROB_NODATA
        with WarpedVRT(src, crs=grid.crs, transform=grid.transform, width=grid.width,
                       height=grid.height, src_nodata=nodata, nodata=nodata,
                       resampling=Resampling.nearest if categorical else Resampling.bilinear) as vrt:
            profile = output_profile_like(grid, out_path, src.dtypes[0], nodata, src.count)
            windows = plan_windows(grid.height, grid.width, 2 * src.count,
                                   np.dtype(src.dtypes[0]).itemsize, budget_bytes)
            with AtomicRasterWriter(out_path, profile) as writer:
                for index, (row, col, h, w) in enumerate(windows):
                    writer.write(vrt.read(window=Window(col, row, w, h)), (row, col, h, w))
                    step(feedback, index + 1, len(windows), *span)
                if colormap:
                    writer.dataset.write_colormap(1, colormap)
                writer.commit()
    return out_path


def class_counts(class_path, budget_bytes=64 * 2**20):
    """Pixels per class value 0…255 of a class map, window by window."""
    from rasterio.windows import Window

    counts = np.zeros(256, np.int64)
    with open_raster(class_path) as ds:
        for row, col, h, w in plan_windows(ds.height, ds.width, 1, 1, budget_bytes):
            counts += np.bincount(ds.read(1, window=Window(col, row, w, h)).ravel(), minlength=256)
    return counts


def scratch_folder(out_path):
    """A hidden folder beside ``out_path`` for the run at the model's pixel
    size (same disk as the outputs; removed by the caller)."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(out_path)) or "."
    return tempfile.mkdtemp(prefix=".minewatch-resample-", dir=folder)


__all__ = ["RESAMPLE_FACTOR", "class_counts", "model_grid_view", "pixel_size_factor",
           "resampling_factor",
           "scratch_folder", "to_input_grid"]
