"""Read a PS time-series file (GeoPackage, Shapefile, CSV, …) with OGR.

The values land in ONE preallocated (N, T) float32 array, columns sorted
by date, in the file's own units and sign (convert with
:func:`.series.to_settlement`, in place). NULL, empty and non-numeric
cells become NaN. Positions are float64 (N, 2) in the layer's CRS.

With GDAL ≥ 3.6 the rows arrive as Arrow record batches
(``Layer.GetArrowStreamAsNumPy``): no Python loop per feature, and memory
is the float32 array plus one batch. GDAL 3.6 returns an empty stream for
layers of more than ~125 fields, so long series are read in passes of 100
date fields (each pass rescans the file). Without it a per-feature loop does the
same job, slowly.

CSV (EGMS ``pid,easting,northing,…,YYYYMMDD…``): positions come from the x/y
columns (given, or the first of easting/x/lon/longitude and
northing/y/lat/latitude), opened with HEADERS=YES (date names look like
numbers) and AUTODETECT_TYPE=YES so date columns are numeric.
"""
import os
from dataclasses import dataclass
from typing import Any, Optional, Sequence

import numpy as np

from ..common.errors import translatable
from ..common.progress import as_feedback, step
from ..raster.gdal_modes import gdal_exceptions
from .dates import DateFields, PsInputError, detect_date_fields

X_NAMES = ("easting", "x", "lon", "longitude", "pnt_lon")
Y_NAMES = ("northing", "y", "lat", "latitude", "pnt_lat")
# coordinate columns named so, with values within ±180 / ±90, are WGS 84
# degrees when the file says no CRS (StaMPS and DePSI exports)
LON_NAMES = ("lon", "longitude", "pnt_lon", "long")
LAT_NAMES = ("lat", "latitude", "pnt_lat")
WGS84_WKT = ('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],'
             'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AXIS["Latitude",NORTH],'
             'AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]')
CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
BATCH_VALUES = 1 << 22          # values per Arrow batch: ~32 MiB of float64
ARROW_MAX_FIELDS = 100          # date fields per Arrow pass (see _read_arrow)


@dataclass
class PsTable:
    """A PS layer in memory: ``pid`` (int64, or str when the ids are not
    integers), ``xy`` float64 (N, 2), ``values`` float32 (N, T) as stored
    (file units and sign, NaN = missing), ``dates`` the sorted date fields
    (``dates.skipped`` lists the fields not read as dates)."""

    pid: np.ndarray
    xy: np.ndarray
    values: np.ndarray
    dates: DateFields
    crs_wkt: str
    layer_name: str
    used_arrow: bool
    # the features' FIDs in the order read (a tile of the table is read back
    # by them, issue 18)
    fid: Optional[np.ndarray] = None
    # True when the file named no CRS and its lon/lat columns were taken as
    # WGS 84 degrees (``crs_wkt`` is then WGS 84)
    lonlat_assumed: bool = False


def _open(path, x_field, y_field):
    from osgeo import gdal
    if not os.path.exists(path):
        raise PsInputError(translatable("The PS file {path} does not exist."), path=path)
    if path.lower().endswith(CSV_EXTENSIONS):
        options = ["HEADERS=YES", "AUTODETECT_TYPE=YES", "EMPTY_STRING_AS_NULL=YES",
                   "X_POSSIBLE_NAMES=" + (x_field or ",".join(X_NAMES)),
                   "Y_POSSIBLE_NAMES=" + (y_field or ",".join(Y_NAMES))]
        return gdal.OpenEx(path, gdal.OF_VECTOR, allowed_drivers=["CSV"], open_options=options), True
    try:
        return gdal.OpenEx(path, gdal.OF_VECTOR), False
    except RuntimeError as exc:
        raise PsInputError(translatable("Cannot open {path} as a vector layer: {error}"),
                           path=path, error=str(exc)) from exc


def _pick(names, wanted, candidates, what):
    lower = {n.lower(): n for n in names}
    if wanted:
        if wanted not in names:
            raise PsInputError(translatable("The {what} field {name} is not in the layer."),
                               what=what, name=wanted)
        return wanted
    for c in candidates:
        if c in lower:
            return lower[c]
    return None


def _as_float(column, dtype=np.float32):
    """A batch column (numeric, masked or byte strings) as floats with NaN."""
    mask = np.ma.getmaskarray(column) if np.ma.isMaskedArray(column) else None
    data = np.ma.getdata(column)
    if data.dtype.kind in "SUO":
        data = np.where(data == data.dtype.type(b"" if data.dtype.kind == "S" else ""),
                        data.dtype.type(b"nan" if data.dtype.kind == "S" else "nan"), data)
        try:
            out = data.astype(np.float64)
        except (ValueError, TypeError):
            out = np.array([_to_float(v) for v in data.tolist()])  # rare: a non-numeric cell
    else:
        out = data.astype(np.float64)
    out = out.astype(dtype, copy=False)
    if mask is not None:
        out[mask] = np.nan
    return out


def _to_float(value):
    try:
        return float(value)
    except (ValueError, TypeError):
        return np.nan


WKB_POINT, WKB_MULTIPOINT = 1, 4
# byte offset of x in a WKB Point (order 1 + type 4) and in a MultiPoint's
# first part (order 1 + type 4 + count 4, then the part's order 1 + type 4)
POINT_XY_OFFSET, MULTIPOINT_XY_OFFSET = 5, 14


def _wkb_kind(raw):
    """(base geometry type 1…7, byte-order-little) of WKB rows ``raw``
    (uint8, one row per geometry); ISO (1001, 2001, 3001) and EWKB-flag
    (0x80000000 …) Z/M codes map to their 2-D base type."""
    little = raw[:, 0] == 1
    code = np.where(little, raw[:, 1:5].copy().view("<u4")[:, 0], raw[:, 1:5].copy().view(">u4")[:, 0])
    return (code & 0x0FFFFFFF) % 1000, little


def _wkb_xy(column):
    """x, y of WKB points (fixed-size void array or object array of bytes).
    A MultiPoint of one part (how some P-SBAS shapefiles store their points)
    gives that part's x, y; a MultiPoint of several parts raises a
    :class:`PsInputError` (which of its points is the PS is not known)."""
    data = np.ma.getdata(column)
    if data.dtype.kind == "V" and data.dtype.itemsize >= 21:
        raw = np.frombuffer(data.tobytes(), np.uint8).reshape(len(data), data.dtype.itemsize)
    else:
        items = [bytes(v) if v is not None else b"" for v in data.tolist()]
        sizes = {len(v) for v in items}
        if len(sizes) == 1 and sizes.pop() >= 21:
            raw = np.frombuffer(b"".join(items), np.uint8).reshape(len(items), -1)
        else:
            out = np.full((len(items), 2), np.nan)
            for i, v in enumerate(items):
                if len(v) >= 21:
                    out[i] = _wkb_xy(np.array([v], dtype=f"V{len(v)}"))[0]
            return out
    kind, little = _wkb_kind(raw)
    offset = np.full(len(raw), POINT_XY_OFFSET)
    multi = kind == WKB_MULTIPOINT
    if multi.any():
        if raw.shape[1] < MULTIPOINT_XY_OFFSET + 16:
            raise PsInputError(translatable(
                "The PS layer's MultiPoint geometries are empty; give one point per PS."))
        parts = np.where(little, raw[:, 5:9].copy().view("<u4")[:, 0],
                         raw[:, 5:9].copy().view(">u4")[:, 0])
        if (parts[multi] != 1).any():
            raise PsInputError(translatable(
                "{count} features of the PS layer are MultiPoints of several points; a PS is "
                "one point. Split them into single points first (Vector > Geometry Tools > "
                "Multipart to Singleparts)."), count=int((parts[multi] != 1).sum()))
        offset[multi] = MULTIPOINT_XY_OFFSET
        # the part carries its own byte order
        little = np.where(multi, raw[:, 9] == 1, little)
    other = ~np.isin(kind, (WKB_POINT, WKB_MULTIPOINT))
    if other.any():
        raise PsInputError(translatable(
            "The PS layer holds {count} features that are not points (geometry type {kind}); "
            "PS must be points or single-part MultiPoints."), count=int(other.sum()),
            kind=int(kind[other][0]))
    xy = np.empty((len(raw), 2))
    for start in np.unique(offset):
        for order, rows in (("<f8", little), (">f8", ~little)):
            rows = rows & (offset == start)
            if rows.any():
                xy[rows] = np.ascontiguousarray(
                    raw[rows, start:start + 16]).view(order).reshape(-1, 2)
    return xy


def _first_point_layer(ds):
    """The first layer with point geometry (or none at all, e.g. CSV)."""
    from osgeo import ogr
    for i in range(ds.GetLayerCount()):
        lyr = ds.GetLayer(i)
        if ogr.GT_Flatten(lyr.GetGeomType()) in (ogr.wkbPoint, ogr.wkbNone, ogr.wkbUnknown):
            return lyr
    return ds.GetLayer(0)


def read_ps_file(path: str, *, layer: Optional[str] = None,
                 date_fields: Optional[Sequence[str]] = None, x_field: Optional[str] = None,
                 y_field: Optional[str] = None, pid_field: Optional[str] = None,
                 use_arrow: bool = True, feedback: Any = None, positions_only: bool = False) -> Any:
    """Read a PS point layer into a :class:`PsTable` (see :func:`_read_ps_file`);
    ``positions_only``: the values are not read (``values`` has 0 columns,
    ``dates`` still lists the date fields)."""
    with gdal_exceptions():
        return _read_ps_file(path, layer, date_fields, x_field, y_field, pid_field,
                             use_arrow, feedback, positions_only)


def _read_ps_file(path, layer=None, date_fields=None, x_field=None, y_field=None, pid_field=None,
                  use_arrow=True, feedback=None, positions_only=False):
    """Read a PS point layer into a :class:`PsTable`.

    ``layer``: name or index (default the first point layer); ``date_fields``:
    explicit list of date field names (default every date-named field);
    ``x_field``/``y_field``: take positions from these numeric fields
    instead of the geometry (CSV needs them unless easting/northing, x/y or
    lon/lat exist); ``pid_field``: id field (default ``pid`` if present,
    else the FID)."""
    feedback = as_feedback(feedback)
    ds, is_csv = _open(path, x_field, y_field)
    lyr = _layer(ds, path, layer)
    names = _field_names(lyr)
    dates = detect_date_fields(names, date_fields)
    xf, yf = _xy_fields(path, names, is_csv, x_field, y_field)
    pf = _pick(names, pid_field, ("pid",), "id")
    read_dates = [] if positions_only else dates.names
    keep = set(read_dates) | {f for f in (xf, yf, pf) if f}
    ignored = [n for n in names if n not in keep]
    if xf:
        ignored.append("OGR_GEOMETRY")
    lyr.SetIgnoredFields(ignored)
    n = lyr.GetFeatureCount(force=1)
    values = np.empty((n, len(read_dates)), np.float32)
    xy = np.empty((n, 2), np.float64)
    srs = lyr.GetSpatialRef()
    crs_wkt = srs.ExportToWkt() if srs is not None else ""
    arrow = use_arrow and hasattr(lyr, "GetArrowStreamAsNumPy")
    reader = _read_arrow if arrow else _read_features
    fids = []
    pid = reader(lyr, read_dates, xf, yf, pf, values, xy, feedback, fids)
    lonlat = not crs_wkt and is_lonlat(xf, yf, xy)
    return PsTable(pid=pid, xy=xy, values=values, dates=dates,
                   crs_wkt=WGS84_WKT if lonlat else crs_wkt,
                   layer_name=lyr.GetName(), used_arrow=arrow,
                   fid=np.concatenate(fids).astype(np.int64) if fids else np.empty(0, np.int64),
                   lonlat_assumed=lonlat)


def is_lonlat(x_field, y_field, xy):
    """True when the coordinate columns are named as longitude/latitude and
    every finite value lies within ±180 / ±90 (degrees)."""
    if not (x_field and y_field and x_field.lower() in LON_NAMES
            and y_field.lower() in LAT_NAMES):
        return False
    finite = xy[np.isfinite(xy).all(axis=1)]
    return bool(finite.size and (np.abs(finite[:, 0]) <= 180).all()
                and (np.abs(finite[:, 1]) <= 90).all())


def _layer(ds, path, layer):
    lyr = ds.GetLayer(layer) if layer is not None else _first_point_layer(ds)
    if lyr is None:
        raise PsInputError(translatable("The file {path} has no layer {layer}."), path=path, layer=layer)
    return lyr


def _xy_fields(path, names, is_csv, x_field, y_field):
    """The x and y fields of a table whose positions are columns (CSV, or
    fields given), else (None, None): the geometry."""
    if not (is_csv or x_field or y_field):
        return None, None
    xf = _pick(names, x_field, X_NAMES, "x")
    yf = _pick(names, y_field, Y_NAMES, "y")
    if xf is None or yf is None:
        raise PsInputError(translatable(
            "Cannot find the coordinate columns of {path}; name them easting/northing, x/y or "
            "lon/lat, or give their names (advanced X_FIELD and Y_FIELD of Detect Subsidence "
            "Anomalies)."), path=path)
    return xf, yf


def _fid_key(lyr, record):
    """The FID column of an Arrow batch (INCLUDE_FID=YES)."""
    name = lyr.GetFIDColumn() or "OGC_FID"
    return name if name in record else "OGC_FID"


def _field_names(lyr):
    defn = lyr.GetLayerDefn()
    return [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]


def _date_passes(n_dates):
    """Date-field indices of each Arrow pass: ≤ ARROW_MAX_FIELDS at a time
    (GDAL 3.6 silently yields an empty stream beyond ~125 fields); one
    pass even without dates (the positions)."""
    return [range(a, min(a + ARROW_MAX_FIELDS, n_dates))
            for a in range(0, n_dates, ARROW_MAX_FIELDS)] or [range(0)]


def _arrow_batches(lyr, keep, geometry):
    """The layer's Arrow record batches with the FID, the fields ``keep``
    only, and the geometry when ``geometry``."""
    ignored = [name for name in _field_names(lyr) if name not in keep]
    if not geometry:
        ignored.append("OGR_GEOMETRY")
    lyr.SetIgnoredFields(ignored)
    batch = int(np.clip(BATCH_VALUES // ARROW_MAX_FIELDS, 1024, 65536))
    return lyr.GetArrowStreamAsNumPy([f"MAX_FEATURES_IN_BATCH={batch}", "INCLUDE_FID=YES"])


def _feature_values(feature, index):
    """The fields ``index`` of an OGR feature as floats (NaN: NULL, unset
    or not a number)."""
    return [_to_float(feature.GetField(i)) if feature.IsFieldSetAndNotNull(i) else np.nan
            for i in index]


def has_fast_filter(path, layer=None, x_field=None, y_field=None):
    """Whether OGR finds the features in a box of the PS file without
    reading all of it (a GeoPackage's or Shapefile's spatial index)."""
    from osgeo import ogr

    with gdal_exceptions():
        ds, is_csv = _open(path, x_field, y_field)
        return not is_csv and bool(_layer(ds, path, layer).TestCapability(
            ogr.OLCFastSpatialFilter))


def read_ps_rows(path, fids, date_names, bbox=None, layer=None, x_field=None, y_field=None):
    """The values (float32 (len(fids), T), file units and sign, NaN =
    missing) of the features ``fids`` (ascending) of a PS file, one row per
    FID in that order, columns ``date_names``; ``bbox`` (xmin, ymin, xmax,
    ymax in the file's coordinates, covering those features) lets OGR skip
    the rest (a GeoPackage's spatial index; a CSV's coordinate columns).
    Memory: the rows asked for plus one batch. Raises when a FID is absent."""
    with gdal_exceptions():
        return _read_ps_rows(path, np.asarray(fids, np.int64), list(date_names), bbox, layer,
                             x_field, y_field)


def _read_ps_rows(path, fids, date_names, bbox, layer, x_field, y_field):
    ds, is_csv = _open(path, x_field, y_field)
    lyr = _layer(ds, path, layer)
    xf, yf = _xy_fields(path, _field_names(lyr), is_csv, x_field, y_field)
    values = np.full((len(fids), len(date_names)), np.nan, np.float32)
    found = np.zeros(len(fids), bool)
    if bbox is not None and xf:
        x0, y0, x1, y1 = (repr(float(v)) for v in bbox)
        lyr.SetAttributeFilter(f'"{xf}" >= {x0} AND "{xf}" <= {x1} AND "{yf}" >= {y0} '
                               f'AND "{yf}" <= {y1}')
    elif bbox is not None and _gpkg_rtree(ds, lyr) and hasattr(lyr, "GetArrowStreamAsNumPy"):
        _read_gpkg_box(ds, lyr, _gpkg_rtree(ds, lyr), bbox, fids, date_names, values, found)
        return _all_found(values, found, path)
    elif bbox is not None:
        lyr.SetSpatialFilterRect(*(float(v) for v in bbox))
    if not hasattr(lyr, "GetArrowStreamAsNumPy"):  # GDAL < 3.6: feature by feature
        defn = lyr.GetLayerDefn()
        index = [defn.GetFieldIndex(name) for name in date_names]
        for feature in lyr:
            at = int(np.searchsorted(fids, feature.GetFID()))
            if at < len(fids) and fids[at] == feature.GetFID():
                found[at] = True
                values[at] = _feature_values(feature, index)
    else:
        for columns in _date_passes(len(date_names)):
            names = [date_names[k] for k in columns]
            for record in _arrow_batches(lyr, set(names) | {xf, yf}, geometry=False):
                if not _fill_rows(record, _fid_key(lyr, record), fids, columns, names, values,
                                  found):
                    break
    return _all_found(values, found, path)


def _fill_rows(record, fid_key, fids, columns, names, values, found):
    """Copy an Arrow batch's date columns ``names`` into the ``columns`` of
    the rows of ``values`` whose FID (``fids``, ascending) the batch holds,
    marking them ``found``; False for an empty batch."""
    batch_fid = np.asarray(np.ma.getdata(record[fid_key]), np.int64)
    if len(batch_fid) == 0:
        return False
    at = np.minimum(np.searchsorted(fids, batch_fid), max(len(fids) - 1, 0))
    wanted = fids[at] == batch_fid if len(fids) else np.zeros(len(batch_fid), bool)
    rows = at[wanted]
    found[rows] = True
    for k, name in zip(columns, names):
        values[rows, k] = _as_float(record[name])[wanted]
    return True


def _all_found(values, found, path):
    if not found.all():
        raise PsInputError(translatable(
            "{count} PS of the tile are missing from {path} (was the file changed during "
            "the run?)."), count=int((~found).sum()), path=path)
    return values


def _read_gpkg_box(ds, lyr, rtree, bbox, fids, date_names, values, found):
    """Fill ``values``/``found`` for the features ``fids`` of a GeoPackage
    layer in ``bbox``, through SQL on its R-tree. Not the layer's own Arrow
    stream with a filter: on GDAL 3.10 (Debian trixie) that stream with a
    spatial or attribute filter now and then delivers rows of NULLs for
    features it already gave (a whole tile's pass read as missing)."""
    x0, y0, x1, y1 = (repr(float(v)) for v in bbox)
    fid = (lyr.GetFIDColumn() or "fid").replace('"', '""')
    table = lyr.GetName().replace('"', '""')
    box = (f'SELECT id FROM "{rtree.replace(chr(34), chr(34) * 2)}" WHERE maxx >= {x0} '
           f"AND minx <= {x1} AND maxy >= {y0} AND miny <= {y1}")
    batch = int(np.clip(BATCH_VALUES // ARROW_MAX_FIELDS, 1024, 65536))
    for columns in _date_passes(len(date_names)):
        names = [date_names[k] for k in columns]
        selected = ", ".join('"{}"'.format(name.replace('"', '""')) for name in names)
        result = ds.ExecuteSQL(f'SELECT "{fid}" AS mw_fid, {selected} FROM "{table}" '
                               f'WHERE "{fid}" IN ({box})')
        try:
            for record in result.GetArrowStreamAsNumPy([f"MAX_FEATURES_IN_BATCH={batch}"]):
                _fill_rows(record, "mw_fid", fids, columns, names, values, found)
        finally:
            ds.ReleaseResultSet(result)


def _gpkg_rtree(ds, lyr):
    """The name of a GeoPackage layer's R-tree table ('' when none)."""
    if ds.GetDriver().ShortName != "GPKG" or not lyr.GetGeometryColumn():
        return ""
    name = f"rtree_{lyr.GetName()}_{lyr.GetGeometryColumn()}"
    found = ds.ExecuteSQL("SELECT name FROM sqlite_master WHERE type = 'table' AND name = "
                          f"'{name.replace(chr(39), chr(39) * 2)}'")
    try:
        return name if found is not None and found.GetFeatureCount() > 0 else ""
    finally:
        if found is not None:
            ds.ReleaseResultSet(found)


def _read_arrow(lyr, date_names, xf, yf, pf, values, xy, feedback, fids):
    """Arrow batches, in passes of ≤ ARROW_MAX_FIELDS date fields: GDAL 3.6
    silently yields an empty stream beyond ~125 fields."""
    n = len(values)
    groups = _date_passes(len(date_names))
    geom_name = lyr.GetGeometryColumn() or "wkb_geometry"
    pids = []
    for g, cols in enumerate(groups):
        first = g == 0
        wanted = {date_names[k] for k in cols} | ({f for f in (xf, yf, pf) if f} if first else set())
        pos = 0
        for record in _arrow_batches(lyr, wanted, geometry=first and not xf):
            count = len(next(iter(record.values())))
            if count == 0:
                break
            if pos + count > n:
                raise PsInputError(translatable("The layer returned more features than it counted."))
            for k in cols:
                values[pos:pos + count, k] = _as_float(record[date_names[k]])
            if first:
                if xf:
                    xy[pos:pos + count, 0] = _as_float(record[xf], np.float64)
                    xy[pos:pos + count, 1] = _as_float(record[yf], np.float64)
                else:
                    key = geom_name if geom_name in record else next(
                        (k for k, v in record.items() if np.ma.getdata(v).dtype.kind in "VO"), None)
                    xy[pos:pos + count] = _wkb_xy(record[key]) if key else np.nan
                fid = record[_fid_key(lyr, record)]
                # copies: a view would keep the whole Arrow batch (all columns) alive
                pids.append(np.array(np.ma.getdata(record[pf] if pf else fid)))
                fids.append(np.array(np.ma.getdata(fid)))
            pos += count
            step(feedback, g * n + pos, len(groups) * n)
        if pos != n:
            break
    return _finish(pids, values, pos)


def _read_features(lyr, date_names, xf, yf, pf, values, xy, feedback, fids):
    """Per-feature fallback for GDAL without the Arrow API."""
    defn = lyr.GetLayerDefn()
    index = [defn.GetFieldIndex(name) for name in date_names]
    pids = []
    lyr.ResetReading()
    pos = 0
    for feature in lyr:
        if pos >= len(values):
            break
        values[pos] = _feature_values(feature, index)
        if xf:
            xy[pos] = _to_float(feature.GetField(xf)), _to_float(feature.GetField(yf))
        else:
            xy[pos] = _point_xy(feature.GetGeometryRef())
        pids.append(np.array([feature.GetField(pf) if pf else feature.GetFID()]))
        fids.append(np.array([feature.GetFID()]))
        pos += 1
        if pos % 65536 == 0:
            step(feedback, pos, len(values))
    return _finish(pids, values, pos)


def _point_xy(geom):
    """x, y of an OGR Point or single-part MultiPoint (NaN when empty); a
    MultiPoint of several parts is refused as in :func:`_wkb_xy`."""
    if geom is None or geom.IsEmpty():
        return np.nan, np.nan
    if geom.GetGeometryCount() > 0:  # a multi-geometry
        if geom.GetGeometryCount() != 1:
            raise PsInputError(translatable(
                "{count} features of the PS layer are MultiPoints of several points; a PS is "
                "one point. Split them into single points first (Vector > Geometry Tools > "
                "Multipart to Singleparts)."), count=1)
        geom = geom.GetGeometryRef(0)
    return geom.GetX(), geom.GetY()


def _finish(pids, values, count):
    if count != len(values):
        raise PsInputError(translatable(
            "The layer counted {expected} features but returned {got}; re-save it (e.g. as GeoPackage)."),
            expected=len(values), got=count)
    pid = np.concatenate(pids) if pids else np.empty(0, np.int64)
    if pid.dtype.kind == "S":
        pid = pid.astype(str)
    if pid.dtype.kind in "US" or pid.dtype == object:
        try:
            pid = pid.astype(np.int64)
        except (ValueError, TypeError):
            pid = pid.astype(str)
    return pid
