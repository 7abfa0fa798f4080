"""GDAL's Python exception mode, switched on for a block only.

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
