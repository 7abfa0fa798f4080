"""GDAL's process-wide settings, changed for a block only: the Python
exception mode and the size of the block cache.

``gdal.UseExceptions()`` is process-wide: inside QGIS it would change how
every other plugin's GDAL calls fail. Engine code that wants exceptions
uses :func:`gdal_exceptions`, which restores the caller's modes on exit.
"""
from contextlib import contextmanager


@contextmanager
def gdal_exceptions():
    """Raise Python exceptions from gdal/ogr/osr calls inside the block."""
    from osgeo import gdal, ogr, osr

    modules = (gdal, ogr, osr)
    previous = [m.GetUseExceptions() for m in modules]
    for module in modules:
        module.UseExceptions()
    try:
        yield
    finally:
        # GDAL stacks one error handler per module: undo in reverse order
        for module, was_on in reversed(list(zip(modules, previous))):
            if not was_on:
                module.DontUseExceptions()


# GDAL's block cache defaults to 5 % of the RAM; a whole-raster operation
# (sieve, polygonise) would fill it and memory would grow with the scene
BLOCK_CACHE_BYTES = 64 * 2**20


@contextmanager
def gdal_cache(max_bytes=BLOCK_CACHE_BYTES):
    """Cap GDAL's block cache inside the block (restored on exit), so
    memory stays flat in the size of the raster."""
    from osgeo import gdal

    previous = gdal.GetCacheMax()
    gdal.SetCacheMax(min(previous, max_bytes))
    try:
        yield
    finally:
        gdal.SetCacheMax(previous)
