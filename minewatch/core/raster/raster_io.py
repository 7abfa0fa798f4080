"""Raster reading and writing helpers around rasterio.

Writers go to a hidden temporary file beside the destination and are moved
into place only when complete, so a failed or cancelled run never leaves a
file that looks like a finished result.
"""
import os
from functools import lru_cache
from typing import Any

from ..common.errors import MineWatchInputError, translatable
from ..common.outputs import DiscardOnError, hidden_temp_path, remove_stale_temps


def open_raster(path: str) -> Any:
    """Open ``path`` with rasterio, turning GDAL's errors into a message for
    the user."""
    import rasterio
    from rasterio.errors import RasterioIOError

    try:
        return rasterio.open(path)
    except RasterioIOError as exc:
        raise MineWatchInputError(translatable(
            "Cannot read '{path}' as a raster ({reason}). Give a raster file "
            "GDAL can open, e.g. a GeoTIFF."), path=path, reason=str(exc)) from exc


def check_georeferenced(dataset, path):
    """Refuse a raster without a CRS or a geotransform, before any work:
    areas in m² and positions on the map would be meaningless."""
    if dataset.crs is None or (dataset.transform.is_identity and not dataset.gcps[0]):
        raise MineWatchInputError(translatable(
            "The image {path} has no coordinate reference system or no georeferencing, so "
            "areas and positions would be meaningless. Assign its CRS (Raster > Projections > "
            "Assign Projection, or Layer Properties > Source) and run again."), path=path)


# GDAL's default block cache is 5 % of RAM; windows are read once and in
# block order, so a small cache keeps memory flat without re-decoding.
READ_CACHE_MB = 64


def rasterio_env():
    """Context for streaming reads: a small GDAL block cache."""
    import rasterio

    # in bytes: rasterio hands the number to GDALSetCacheMax64, so a bare 64
    # would mean 64 bytes (no cache at all), not 64 MB
    return rasterio.Env(GDAL_CACHEMAX=READ_CACHE_MB * 2**20)


def band_nodata(dataset):
    """Nodata value of each band (None where the band has none)."""
    return list(dataset.nodatavals)


def valid_mask(stack, nodata_values):
    """Pixels valid in every band: not equal to that band's nodata and finite.

    ``stack`` is (bands, rows, cols); returns a bool (rows, cols) array."""
    import numpy as np

    valid = np.ones(stack.shape[1:], dtype=bool)
    for band, nodata in zip(stack, nodata_values):
        if nodata is not None:
            if np.isnan(nodata):
                valid &= ~np.isnan(band)
            else:
                valid &= band != nodata
        if band.dtype.kind == "f":
            valid &= np.isfinite(band)
    return valid


def data_mask(stack, nodata_values):
    """:func:`valid_mask`, and where no band marks a nodata value, pixels
    that are 0 in every band are fill too (an unmarked border, or the
    outside of a warped view), not data."""
    import numpy as np

    valid = valid_mask(stack, nodata_values)
    if all(v is None for v in nodata_values):
        valid &= np.any(stack != 0, axis=0)
    return valid


def gsd_metres(dataset):
    """Pixel size in metres (geometric mean of x and y; linear units of the
    CRS honoured); for a geographic CRS the approximate size at the scene
    centre."""
    import math

    t = dataset.transform
    dx, dy = math.hypot(t.a, t.d), math.hypot(t.b, t.e)
    crs = dataset.crs
    if crs is not None and crs.is_geographic:
        lat = math.radians((dataset.bounds.bottom + dataset.bounds.top) / 2.0)
        metres = 6378137.0 * math.pi / 180.0
        return math.sqrt(dx * metres * math.cos(lat) * dy * metres)
    factor = 1.0
    if crs is not None and crs.linear_units_factor:
        factor = crs.linear_units_factor[1]
    return math.sqrt(dx * dy) * factor


def driver_for(path):
    """GDAL driver name for an output path, GeoTIFF when unknown."""
    from rasterio.drivers import driver_from_extension

    try:
        return driver_from_extension(path)
    except ValueError:
        return "GTiff"


@lru_cache(maxsize=None)
def can_write_by_windows(driver):
    """Whether GDAL's ``driver`` can create a raster and take it window by
    window (GeoTIFF yes; JPEG, PNG and COG only copy a finished image, which
    rasterio would hold whole in memory)."""
    import rasterio

    # the capability test rasterio itself uses to pick its writer (pinned 1.4)
    from rasterio._base import driver_can_create

    with rasterio.Env():
        try:
            return bool(driver_can_create(driver))
        except Exception:  # noqa: BLE001 - an unknown driver cannot write either
            return False


def check_raster_output(path: str) -> None:
    """Refuse an output raster name whose format cannot be written tile by
    tile (e.g. ``.jpg``), saying what to give instead."""
    driver = driver_for(path)
    if not can_write_by_windows(driver):
        raise MineWatchInputError(translatable(
            "The output {path} would be a {driver} file, a format that cannot be written "
            "tile by tile and cannot hold class values or probabilities exactly. Give a "
            "GeoTIFF name (.tif) instead."), path=path, driver=driver)


class AtomicRasterWriter(DiscardOnError):
    """A raster written window by window, moved into place on
    :meth:`commit`; :meth:`discard` (or leaving the ``with`` block on an
    exception) removes the partial file."""

    def __init__(self, path, profile):
        self.path = path
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self.tmp_path = hidden_temp_path(path, "partial")
        import rasterio

        profile = dict(profile)
        profile["driver"] = driver_for(path)
        if profile["driver"] == "GTiff":
            profile.setdefault("tiled", True)
            profile.setdefault("compress", "deflate")
            profile.setdefault("BIGTIFF", "IF_SAFER")
        self.dataset = rasterio.open(self.tmp_path, "w", **profile)

    def write(self, array, window):
        """Write a (rows, cols) array, or (bands, rows, cols) for a
        multi-band raster, at ``window`` = (row, col, h, w)."""
        from rasterio.windows import Window

        row, col, h, w = window
        if array.ndim == 3:
            self.dataset.write(array, window=Window(col, row, w, h))
        else:
            self.dataset.write(array, 1, window=Window(col, row, w, h))

    def commit(self):
        self.dataset.close()
        os.replace(self.tmp_path, self.path)
        remove_stale_temps(self.path, "partial")

    def discard(self):
        if not self.dataset.closed:
            self.dataset.close()
        if os.path.exists(self.tmp_path):
            os.remove(self.tmp_path)


def holds_class_indices(ds, band, sample_px=512):
    """Whether a band can be a class raster: an integer type, or a float
    type whose values (read decimated to at most ``sample_px`` a side) are
    whole numbers — label masks are often saved as float32."""
    import numpy as np

    dtype = np.dtype(ds.dtypes[band - 1])
    if dtype.kind in "iub":
        return True
    if dtype.kind != "f":
        return False
    shape = (min(ds.height, sample_px), min(ds.width, sample_px))
    values = ds.read(band, out_shape=shape)
    values = values[np.isfinite(values)]
    if ds.nodatavals[band - 1] is not None:
        values = values[values != ds.nodatavals[band - 1]]
    return bool(np.all(values == np.round(values)))
