"""Polygons of a class raster, with their area in m² (no QGIS).

GDAL's Polygonize traces the whole class raster line by line, so a patch
that spans several inference tiles comes out as one polygon (the class map
is already seamless) and memory holds only the polygons still open on the
current line. Finished polygons go to a temporary GeoPackage, then are
read back one by one.

What a feature is (the issue's "dissolved polygons per class"):

- ``dissolve=False`` (default): one polygon per connected patch of a class
  (4-connected: pixels sharing an edge), holes where other classes or
  nodata lie inside. Patch areas let the user drop specks or list sites.
- ``dissolve=True``: one multipolygon per class, the union of its patches
  (patches of one class never share an edge, so collecting them is their
  union; parts may touch at a corner, which OGC multipolygons allow).

Nodata pixels (255) become no polygon; values ≥ ``n_classes`` are skipped.
Vertices lie on pixel corners, in the raster's CRS.

Areas (m²): for a projected CRS the shoelace area times the CRS's linear
unit in metres, squared. For a geographic CRS (degrees) the area on the
CRS's ellipsoid from the authalic-latitude formula that
:mod:`.areas` uses per pixel row: Polygonize's edges follow pixel
borders, i.e. parallels and meridians, and the area under a parallel edge
between the equator and latitude φ over Δλ is exact, so the polygon areas
of a class sum to :func:`.areas.class_areas` to rounding.
"""
import math
import os
import shutil
import tempfile
from dataclasses import dataclass
from typing import Any, Iterator

import numpy as np

from ..common.errors import Cancelled, MineWatchInputError, translatable
from ..common.progress import as_feedback
from ..raster.gdal_modes import gdal_exceptions
from .areas import WGS84, _authalic_q

CLASS_FIELD = "class"


@dataclass
class ClassPolygon:
    """One output feature: ``class_index``, geometry as OGC WKB in the
    raster's CRS, area in m²."""

    class_index: int
    wkb: bytes
    area_m2: float


class AreaMeasure:
    """Area in m² of OGR polygons in a raster's CRS (see module docstring)."""

    def __init__(self, srs):
        self.geographic = bool(srs is not None and srs.IsGeographic())
        if self.geographic:
            a, inv_f = srs.GetSemiMajor(), srs.GetInvFlattening()
            if not a:
                a, inv_f = WGS84[0], 1 / WGS84[1]
            f = 1.0 / inv_f if inv_f else 0.0
            self.e = math.sqrt(f * (2 - f))
            # area from the equator to φ per radian of longitude = k · q(φ)
            self.k = a * a * (1 - self.e * self.e) / 2.0
        else:
            factor = srs.GetLinearUnits() if srs is not None else 1.0
            self.unit2 = (factor or 1.0) ** 2

    def ring(self, points):
        """Unsigned area of a closed ring given as (x, y[, z]) tuples."""
        xy = np.asarray(points, dtype=np.float64)[:, :2]
        if len(xy) < 4:
            return 0.0
        x, y = xy[:, 0], xy[:, 1]
        if not self.geographic:
            return float(abs(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))) / 2.0 * self.unit2
        dlon = np.radians(np.diff(x))
        mid = np.radians((y[:-1] + y[1:]) / 2.0)
        return abs(float(np.sum(dlon * self.k * _authalic_q(mid, self.e))))

    def polygon(self, geometry):
        """Area of an OGR polygon (exterior minus holes) or multipolygon."""
        from osgeo import ogr

        flat = ogr.GT_Flatten(geometry.GetGeometryType())
        if flat == ogr.wkbMultiPolygon:
            return float(sum(self.polygon(geometry.GetGeometryRef(i))
                             for i in range(geometry.GetGeometryCount())))
        total = 0.0
        for i in range(geometry.GetGeometryCount()):
            area = self.ring(geometry.GetGeometryRef(i).GetPoints() or [])
            total += area if i == 0 else -area
        return float(total)


def polygonise_classes(class_path: str, n_classes: int, dissolve: bool = False,
                       feedback: Any = None) -> Iterator[Any]:
    """Yield :class:`ClassPolygon` s of the uint8 class raster at
    ``class_path`` (classes 0 … n_classes−1), ordered by class when
    ``dissolve``. Progress: tracing 0–60 %, reading back 60–100 %; raises
    :class:`Cancelled` when ``feedback`` asks to stop."""
    from osgeo import gdal, ogr

    feedback = as_feedback(feedback)
    # raise on GDAL errors inside, leave the caller's setting as it was
    with gdal_exceptions():
        folder = tempfile.mkdtemp(prefix="minewatch_polygons_")
        try:
            try:
                raster = gdal.Open(class_path)
            except RuntimeError as exc:
                raise MineWatchInputError(translatable(
                    "Cannot read the class raster '{path}' to make polygons ({reason})."),
                    path=class_path, reason=str(exc)) from exc
            band = raster.GetRasterBand(1)
            srs = raster.GetSpatialRef()
            measure = AreaMeasure(srs)
            store = ogr.GetDriverByName("GPKG").CreateDataSource(os.path.join(folder, "p.gpkg"))
            layer = store.CreateLayer("patches", srs=srs, geom_type=ogr.wkbPolygon)
            layer.CreateField(ogr.FieldDefn(CLASS_FIELD, ogr.OFTInteger))

            cancelled = []

            def progress(fraction, _message, _data):  # GDAL's callback signature
                feedback.setProgress(60.0 * fraction)
                if feedback.isCanceled():
                    cancelled.append(True)
                    return 0
                return 1

            layer.StartTransaction()
            try:
                gdal.Polygonize(band, band.GetMaskBand(), layer, 0, [], callback=progress)
            except RuntimeError:
                if cancelled:
                    raise Cancelled("cancelled while tracing polygons") from None
                raise
            layer.CommitTransaction()
            band, raster = None, None
            yield from _read_back(store, layer, n_classes, dissolve, measure, feedback)
            layer, store = None, None
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _read_back(store, layer, n_classes, dissolve, measure, feedback):
    """Features of the traced layer as :class:`ClassPolygon` s."""
    from osgeo import ogr

    total = max(1, layer.GetFeatureCount())
    if dissolve:
        source = store.ExecuteSQL(f'SELECT * FROM patches ORDER BY "{CLASS_FIELD}"')
    else:
        source = layer
    current, parts = None, None
    try:
        for index, feature in enumerate(source):
            value = feature.GetField(CLASS_FIELD)
            geometry = feature.GetGeometryRef()
            if index % 1000 == 0:
                feedback.setProgress(60.0 + 40.0 * index / total)
                if feedback.isCanceled():
                    raise Cancelled("cancelled while writing polygons")
            if value is None or not 0 <= value < n_classes or geometry is None:
                continue
            if not dissolve:
                yield ClassPolygon(int(value), bytes(geometry.ExportToWkb(ogr.wkbNDR)),
                                   measure.polygon(geometry))
                continue
            if value != current:
                if parts is not None:
                    yield _dissolved(current, parts, measure)
                current, parts = value, ogr.Geometry(ogr.wkbMultiPolygon)
            parts.AddGeometry(geometry)
        if parts is not None:
            yield _dissolved(current, parts, measure)
    finally:
        if dissolve:
            store.ReleaseResultSet(source)
    feedback.setProgress(100.0)


def _dissolved(value, parts, measure):
    from osgeo import ogr

    return ClassPolygon(int(value), bytes(parts.ExportToWkb(ogr.wkbNDR)), measure.polygon(parts))
