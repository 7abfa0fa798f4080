"""Area of each class in a class raster, streamed window by window.

Areas are in m². For a projected CRS a pixel's area is the geotransform's
determinant times the CRS's linear unit in metres, squared. For a
geographic CRS (degrees) each pixel row gets its exact area on the CRS's
ellipsoid (the area between two parallels over a longitude span, from the
authalic-latitude formula), so a class map in EPSG:4326 is measured in
true m², not in square degrees.
"""
import math

import numpy as np

from ..common.constants import CLASS_NODATA
from ..common.errors import MineWatchInputError, translatable
from ..common.progress import as_feedback, step
from ..raster.raster_io import open_raster, rasterio_env
from ..raster.windows import plan_windows

WGS84 = (6378137.0, 1 / 298.257223563)


def _authalic_q(phi, e):
    """q(φ)/(1−e²) of the authalic latitude, so that the area between the
    equator and φ over Δλ radians is a²(1−e²)·Δλ·_authalic_q(φ)/2."""
    s = np.sin(phi)
    if e == 0:
        return 2.0 * s
    es = e * s
    return s / (1 - es * es) - np.log((1 - es) / (1 + es)) / (2 * e)


def geographic_row_areas(transform, rows, semi_major=WGS84[0], flattening=WGS84[1]):
    """Area in m² of one pixel in each of ``rows`` (0-based) of a north-up
    lon/lat grid in degrees, on an ellipsoid (default WGS 84)."""
    if transform.b != 0 or transform.d != 0:
        raise MineWatchInputError(translatable(
            "Areas on a rotated geographic grid are not supported. Warp the "
            "raster to a north-up grid (Raster > Projections > Warp) first."))
    e = math.sqrt(flattening * (2 - flattening))
    top = np.radians(transform.f + transform.e * np.asarray(rows, dtype=np.float64))
    bottom = np.radians(transform.f + transform.e * (np.asarray(rows, dtype=np.float64) + 1))
    dlon = math.radians(abs(transform.a))
    q = _authalic_q(top, e) - _authalic_q(bottom, e)
    return np.abs(semi_major ** 2 * (1 - e * e) * dlon * q / 2.0)


def projected_pixel_area(transform, metres_per_unit=1.0):
    """Area in m² of one pixel of a projected grid."""
    return abs(transform.a * transform.e - transform.b * transform.d) * metres_per_unit ** 2


def class_areas(path, n_classes, nodata=CLASS_NODATA, feedback=None, budget_bytes=8 * 2**20):
    """Pixel count and area (m²) of classes 0 … n_classes−1 in the uint8
    class raster at ``path`` (``nodata`` pixels and values ≥ n_classes are
    ignored). Returns ``(counts int64[K], areas float64[K])``."""
    feedback = as_feedback(feedback)
    counts = np.zeros(n_classes, np.int64)
    areas = np.zeros(n_classes, np.float64)
    with open_raster(path) as ds, rasterio_env():
        crs = ds.crs
        if crs is None:
            raise MineWatchInputError(translatable(
                "The class raster '{path}' has no coordinate reference system, so "
                "its areas are unknown. Assign the CRS of the source image first."),
                path=path)
        geographic = crs.is_geographic
        if not geographic:
            factor = crs.linear_units_factor[1] if crs.linear_units_factor else 1.0
            pixel_area = projected_pixel_area(ds.transform, factor)
        else:
            ellps = _ellipsoid(crs)
        windows = plan_windows(ds.height, ds.width, 1, 1, budget_bytes, ds.block_shapes[0])
        from rasterio.windows import Window

        for index, (row, col, h, w) in enumerate(windows):
            block = ds.read(1, window=Window(col, row, w, h))
            keep = (block != nodata) & (block < n_classes)
            values = block[keep].astype(np.int64)
            counts += np.bincount(values, minlength=n_classes)[:n_classes]
            if geographic:
                row_area = geographic_row_areas(ds.transform, np.arange(row, row + h), *ellps)
                weights = np.broadcast_to(row_area[:, None], block.shape)[keep]
                areas += np.bincount(values, weights=weights, minlength=n_classes)[:n_classes]
            step(feedback, index + 1, len(windows))
    if not geographic:
        areas = counts * pixel_area
    return counts, areas


def _ellipsoid(crs):
    """(semi-major m, flattening) of a geographic CRS, WGS 84 if unknown."""
    try:
        from osgeo import osr

        srs = osr.SpatialReference()
        srs.ImportFromWkt(crs.to_wkt())
        a, inv_f = srs.GetSemiMajor(), srs.GetInvFlattening()
        return a, (1.0 / inv_f if inv_f else 0.0)
    except Exception:  # no GDAL bindings: the usual case is WGS 84 anyway
        return WGS84
