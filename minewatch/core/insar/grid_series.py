"""Gridded InSAR time series (MintPy, LiCSBAS HDF5) as PS points.

SBAS processors deliver displacement on a grid, not as points: every grid
cell that the product's mask keeps (or, without a mask, every cell with a
value at every date... at most missing ones) becomes one point at the
cell's centre, with one field per date, written to a GeoPackage the
subsidence detector reads fast.

Formats (h5py, an optional package, reads them):
* MintPy ``timeseries.h5`` / ``geo_timeseries*.h5``: dataset ``timeseries``
  (dates × rows × cols, metres), ``date`` (``YYYYMMDD`` bytes); geocoded
  files carry ``X_FIRST``, ``Y_FIRST`` (the upper-left corner of the first
  cell), ``X_STEP``, ``Y_STEP`` and ``EPSG`` (or ``X_UNIT = degrees``);
  a file in radar coordinates needs its ``geometryRadar.h5`` (datasets
  ``latitude``, ``longitude``). Mask: ``maskTempCoh.h5`` (dataset ``mask``).
  Line of sight, positive = towards the satellite.
* LiCSBAS ``cum.h5`` / ``cum_filt.h5``: dataset ``cum`` (dates × rows ×
  cols, mm), ``imdates`` (``YYYYMMDD`` integers), ``corner_lat``,
  ``corner_lon`` (the first cell's centre), ``post_lat``, ``post_lon``
  (degrees). Optional ``mask`` dataset. Positive = towards the satellite.

Either way the values written are mm with negative = away from the
satellite = settlement (EGMS's sign), so the detector's defaults apply.
"""
import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np

from ..common.errors import translatable
from ..common.progress import as_feedback, step
from .dates import PsInputError

ROWS_PER_BLOCK = 256


@dataclass
class GridSeries:
    """An opened gridded time series: ``values`` (dates × rows × cols, an
    h5py dataset read block by block), ``to_mm`` its unit factor,
    ``dates`` (datetime64[D]), cell centres from ``centre(rows, cols)``,
    ``crs`` (an EPSG code), ``mask`` (rows × cols bool or None) and
    ``kind`` ("MintPy" or "LiCSBAS")."""

    values: object
    to_mm: float
    dates: np.ndarray
    centre: object
    crs: int
    mask: object
    kind: str


def _h5py():
    try:
        import h5py
    except ImportError as exc:
        raise PsInputError(translatable(
            "Reading MintPy or LiCSBAS HDF5 files needs the Python package h5py, which QGIS's "
            "Python cannot import ({error}). Install it (Plugins > MineWatch > Check "
            "dependencies, or: python -m pip install h5py) and run again."),
            error=str(exc)) from None
    return h5py


@contextmanager
def open_hdf5(path: str) -> Any:
    """The HDF5 file at ``path`` opened for reading; a file that is not
    HDF5 (or is damaged) raises :class:`PsInputError` naming it."""
    h5py = _h5py()
    try:
        handle = h5py.File(path, "r")
    except OSError as exc:
        raise PsInputError(translatable(
            "Cannot read {path} as an HDF5 file ({error}). Give a MintPy or LiCSBAS time-series "
            "file (.h5), or its mask or geometry file where one is asked for."),
            path=path, error=str(exc)) from None
    with handle:
        yield handle


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def _dates(raw):
    """YYYYMMDD bytes, strings or integers → datetime64[D]."""
    out = []
    for value in np.asarray(raw).ravel().tolist():
        text = _text(value).strip()
        if len(text) != 8 or not text.isdigit():
            raise PsInputError(translatable(
                "The HDF5 file's date '{value}' is not YYYYMMDD."), value=text)
        out.append(np.datetime64(f"{text[:4]}-{text[4:6]}-{text[6:]}", "D"))
    return np.asarray(out, "datetime64[D]")


def open_grid_series(h5: Any, path: str, mask_path: Optional[str] = None,
                     geometry_path: Optional[str] = None) -> "GridSeries":
    """The :class:`GridSeries` of the open HDF5 file ``h5`` (at ``path``);
    ``mask_path`` / ``geometry_path``: MintPy's mask and radar geometry
    files. Raises :class:`PsInputError` naming what is missing."""
    if "timeseries" in h5:
        return _mintpy(h5, path, mask_path, geometry_path)
    if "cum" in h5:
        return _licsbas(h5, mask_path)
    raise PsInputError(translatable(
        "{path} holds neither a MintPy time series (dataset 'timeseries') nor a LiCSBAS one "
        "(dataset 'cum'); its datasets are: {names}."), path=path,
        names=", ".join(sorted(h5.keys())[:12]))


def _read_mask(mask_path, shape, name="mask"):
    if not mask_path:
        return None
    with open_hdf5(mask_path) as f:
        if name not in f:
            raise PsInputError(translatable(
                "The mask file {path} has no dataset '{name}'."), path=mask_path, name=name)
        mask = np.asarray(f[name][()]).astype(bool)
    if mask.shape != tuple(shape):
        raise PsInputError(translatable(
            "The mask ({mask}) and the time series ({series}) are not on the same grid."),
            mask=" × ".join(map(str, mask.shape)), series=" × ".join(map(str, shape)))
    return mask


def _mintpy(h5, path, mask_path, geometry_path):
    values = h5["timeseries"]
    attrs = {k: _text(v) for k, v in h5.attrs.items()}
    shape = values.shape[1:]
    if "X_FIRST" in attrs:
        x0, y0 = float(attrs["X_FIRST"]), float(attrs["Y_FIRST"])
        dx, dy = float(attrs["X_STEP"]), float(attrs["Y_STEP"])
        degrees = attrs.get("X_UNIT", "").lower().startswith("deg")
        crs = int(attrs.get("EPSG", 4326 if degrees else 0) or 0)
        if not crs:
            raise PsInputError(translatable(
                "{path} is geocoded but names no EPSG code; geocode it with MintPy's geocode.py "
                "or add the EPSG attribute."), path=path)

        def centre(rows, cols):
            return x0 + (cols + 0.5) * dx, y0 + (rows + 0.5) * dy
    else:
        if not geometry_path:
            raise PsInputError(translatable(
                "{path} is in radar coordinates: give its geometryRadar.h5 (latitude and "
                "longitude of every cell), or geocode the time series first."), path=path)
        with open_hdf5(geometry_path) as g:
            lat, lon = np.asarray(g["latitude"][()]), np.asarray(g["longitude"][()])
        crs = 4326

        def centre(rows, cols):
            return lon[rows, cols], lat[rows, cols]
    return GridSeries(values=values, to_mm=1000.0, dates=_dates(h5["date"][()]),
                      centre=centre, crs=crs, mask=_read_mask(mask_path, shape),
                      kind="MintPy")


def _licsbas(h5, mask_path):
    values = h5["cum"]
    lat0, lon0 = float(np.ravel(h5["corner_lat"][()])[0]), float(np.ravel(h5["corner_lon"][()])[0])
    dlat, dlon = float(np.ravel(h5["post_lat"][()])[0]), float(np.ravel(h5["post_lon"][()])[0])

    def centre(rows, cols):
        return lon0 + cols * dlon, lat0 + rows * dlat
    mask = _read_mask(mask_path, values.shape[1:]) if mask_path else (
        np.asarray(h5["mask"][()]).astype(bool) if "mask" in h5 else None)
    return GridSeries(values=values, to_mm=1.0, dates=_dates(h5["imdates"][()]),
                      centre=centre, crs=4326, mask=mask, kind="LiCSBAS")


def write_grid_as_points(series: Any, out_path: str, feedback: Any = None, min_valid: float = 0.5) -> Any:
    """Write the kept cells of ``series`` as points to the GeoPackage
    ``out_path`` (layer ``ps``: ``pid`` = row × cols + col, one ``YYYYMMDD``
    field per date, mm, negative = settlement), ``ROWS_PER_BLOCK`` rows at a
    time; a cell is kept when the mask keeps it (or, without a mask, when
    at least ``min_valid`` of its dates have a value). Written to a hidden
    file first and renamed when complete. Returns the point count."""
    from osgeo import ogr, osr

    from ..raster.gdal_modes import gdal_exceptions

    feedback = as_feedback(feedback)
    n_dates, height, width = series.values.shape
    names = [str(d).replace("-", "") for d in series.dates.tolist()]
    work = os.path.join(os.path.dirname(os.path.abspath(out_path)),
                        "." + os.path.basename(out_path) + ".partial.gpkg")
    count = 0
    try:
        with gdal_exceptions():
            srs = osr.SpatialReference()
            srs.ImportFromEPSG(int(series.crs))
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            data = ogr.GetDriverByName("GPKG").CreateDataSource(work)
            layer = data.CreateLayer("ps", srs, ogr.wkbPoint)
            layer.CreateField(ogr.FieldDefn("pid", ogr.OFTInteger64))
            for name in names:
                layer.CreateField(ogr.FieldDefn(name, ogr.OFTReal))
            definition = layer.GetLayerDefn()
            # LOS positive = towards the satellite in both products: the
            # file sign (negative = settlement) is kept, only the unit changes
            for top in range(0, height, ROWS_PER_BLOCK):
                block = np.asarray(series.values[:, top:top + ROWS_PER_BLOCK, :], np.float64)
                block = block * series.to_mm
                finite = np.isfinite(block)
                if series.mask is not None:
                    keep = series.mask[top:top + ROWS_PER_BLOCK]
                else:
                    keep = finite.mean(axis=0) >= min_valid
                rows, cols = np.nonzero(keep)
                xs, ys = series.centre(rows + top, cols)
                layer.StartTransaction()
                for r, c, x, y in zip(map(int, rows), map(int, cols), map(float, np.ravel(xs)),
                                      map(float, np.ravel(ys))):
                    feature = ogr.Feature(definition)
                    point = ogr.Geometry(ogr.wkbPoint)
                    point.AddPoint_2D(float(x), float(y))
                    feature.SetGeometry(point)
                    feature.SetField(0, (top + r) * width + c)
                    cell = block[:, r, c]
                    for i in map(int, np.flatnonzero(np.isfinite(cell))):
                        feature.SetField(i + 1, float(cell[i]))
                    layer.CreateFeature(feature)
                    count += 1
                layer.CommitTransaction()
                step(feedback, min(height, top + ROWS_PER_BLOCK), height)
            data = None
        if count == 0:
            raise PsInputError(translatable(
                "No grid cell of the time series is kept (the mask keeps none, or no cell has "
                "values at half of the dates)."))
        os.replace(work, out_path)
    finally:
        if os.path.exists(work):
            os.remove(work)
    return count
