"""A minimum mapping unit for class rasters: GDAL's sieve filter, which
streams over the raster (patches are traced line by line)."""
import os

from ..common.errors import Cancelled
from ..common.outputs import hidden_temp_path
from .gdal_modes import gdal_cache, gdal_exceptions


def sieve_raster(source_path, out_path, threshold_pixels, feedback, start=0.0, span=100.0):
    """Write ``source_path`` to ``out_path`` (GeoTIFF, appears only when
    complete) with every 8-connected patch smaller than ``threshold_pixels``
    given the value around it; no-data pixels stay out. Progress in
    [start, start + span] %; raises :class:`Cancelled` when asked to stop."""
    from osgeo import gdal

    tmp = hidden_temp_path(out_path, "partial")
    cancelled = []

    def progress(fraction, _message, _data):  # GDAL's callback signature
        feedback.setProgress(start + span * fraction)
        if feedback.isCanceled():
            cancelled.append(True)
            return 0
        return 1

    with gdal_exceptions(), gdal_cache():
        source = gdal.Open(source_path)
        copy = gdal.GetDriverByName("GTiff").CreateCopy(
            tmp, source, options=["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"])
        try:
            gdal.SieveFilter(source.GetRasterBand(1), source.GetRasterBand(1).GetMaskBand(),
                             copy.GetRasterBand(1), threshold_pixels, 8, callback=progress)
        except RuntimeError:
            copy, source = None, None
            os.remove(tmp)
            if cancelled:
                raise Cancelled("cancelled while removing small patches") from None
            raise
        copy, source = None, None
    os.replace(tmp, out_path)
    return out_path


__all__ = ["sieve_raster"]
