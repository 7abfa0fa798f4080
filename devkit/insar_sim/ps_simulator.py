"""Synthetic PS scenes over mined ground, for tests and benchmarks.

A scene is a rectangle in a projected CRS (metres, default EPSG:32650)
with rectangular buildings (some rotated), PS on roofs and on the ground,
regular acquisition dates, and PS settlement (mm, POSITIVE = settlement)
made of: white noise, a small per-point linear trend, seasonal thermal
dilation of buildings (annual sinusoid, amplitude per building), and
mining subsidence bowls by the probability integral method (methods §3)
that grow linearly in time between a start and an end date.

Series are generated in fixed row blocks from ``(seed, block)`` so a
block can be rebuilt alone: big scenes stream to disk without ever
holding the whole (N, T) array. Writers put EGMS-style values on disk:
line-of-sight displacement in mm, NEGATIVE = settlement.
"""
import os
import sqlite3
from dataclasses import dataclass, field

import numpy as np
from scipy.special import erf

from minewatch.core.insar.dates import field_name_for
from minewatch.core.raster.gdal_modes import gdal_exceptions

BLOCK = 65536
SQRT_PI = np.sqrt(np.pi)


@dataclass
class MiningBowl:
    """A mined rectangle under (x, y), m, and its surface subsidence.

    W(x, y) = W0·C(x)·C(y), W0 = m·q·cos α (mm), r = H / tan β, the panel
    spanning centre ± half_x / half_y. Mining progresses linearly from
    ``start`` to ``end`` (datetime64[D]); subsidence follows it, linearly
    (``progress_shape`` "linear") or as real panels do ("s-curve": slow
    start and end, 90 % by ``end``, a residual creep of 10 % after it)."""

    x: float
    y: float
    start: np.datetime64
    end: np.datetime64
    half_x: float = 15.0
    half_y: float = 15.0
    depth_m: float = 30.0
    tan_beta: float = 2.0
    thickness_m: float = 2.0
    subsidence_factor: float = 0.6
    dip_deg: float = 0.0
    progress_shape: str = "linear"

    @property
    def w0_mm(self):
        return 1000.0 * self.thickness_m * self.subsidence_factor * np.cos(np.radians(self.dip_deg))

    @property
    def radius_m(self):
        return self.depth_m / self.tan_beta

    def reach_m(self):
        """Distance from the centre beyond which W < 1e-6·W0 on an axis."""
        return max(self.half_x, self.half_y) + 2.0 * self.radius_m

    def final_mm(self, x, y):
        """Subsidence (mm) after mining ends."""
        def c(u, half):
            return 0.5 * (erf(SQRT_PI * (u + half) / self.radius_m) - erf(SQRT_PI * (u - half) / self.radius_m))
        return self.w0_mm * c(np.asarray(x) - self.x, self.half_x) * c(np.asarray(y) - self.y, self.half_y)

    def progress(self, dates):
        """Mined fraction 0..1 at each date."""
        t = np.asarray(dates, "datetime64[D]").astype(np.float64)
        t0, t1 = float(np.datetime64(self.start, "D").astype(np.int64)), float(np.datetime64(self.end, "D").astype(np.int64))
        u = np.clip((t - t0) / max(t1 - t0, 1.0), 0.0, 1.0)
        if self.progress_shape == "linear":
            return u
        smooth = u * u * (3.0 - 2.0 * u)
        creep = 1.0 - np.exp(-np.maximum(t - t1, 0.0) / max(0.25 * (t1 - t0), 1.0))
        return 0.9 * smooth + 0.1 * creep


@dataclass
class PsScene:
    """Positions, buildings and truth of a synthetic scene; series on demand.

    ``building_id`` is the true building of each PS (−1 on the ground);
    ``buildings`` a list of (4, 2) corner arrays with ids ``building_ids``;
    ``licences`` a list of ring arrays (licensed mining-right areas)."""

    x: np.ndarray
    y: np.ndarray
    pid: np.ndarray
    building_id: np.ndarray
    dates: np.ndarray
    buildings: list
    building_ids: np.ndarray
    bowls: list
    seed: int
    noise_mm: float
    seasonal_amp: np.ndarray          # per building, mm
    trend_mm_per_year: float
    nan_fraction: float = 0.0
    licences: list = field(default_factory=list)
    epsg: int = 32650

    def __len__(self):
        return len(self.x)

    @property
    def xy(self):
        return np.column_stack([self.x, self.y])

    def block(self, index):
        """Settlement (mm, positive = settlement) of rows of block ``index``."""
        a, b = index * BLOCK, min((index + 1) * BLOCK, len(self.x))
        rng = np.random.default_rng([self.seed, 1, index])
        t_years = (self.dates - self.dates[0]).astype(np.float64) / 365.25
        values = rng.normal(0.0, self.noise_mm, (b - a, len(self.dates))).astype(np.float32)
        values += (rng.normal(0.0, self.trend_mm_per_year, b - a).astype(np.float32)[:, None]
                   * t_years.astype(np.float32)[None, :])
        bid = self.building_id[a:b]
        on = bid >= 0
        if on.any():
            season = np.sin(2 * np.pi * (t_years - 0.3)).astype(np.float32)
            # thermal dilation: roofs rise in summer, i.e. "negative settlement"
            values[on] -= self.seasonal_amp[bid[on]][:, None].astype(np.float32) * season[None, :]
        x, y = self.x[a:b], self.y[a:b]
        for bowl in self.bowls:
            near = np.flatnonzero((np.abs(x - bowl.x) < bowl.reach_m()) & (np.abs(y - bowl.y) < bowl.reach_m()))
            if len(near):
                w = bowl.final_mm(x[near], y[near])
                values[near] += (w[:, None] * bowl.progress(self.dates)[None, :]).astype(np.float32)
        if self.nan_fraction > 0:
            values[rng.random(values.shape) < self.nan_fraction] = np.nan
        return values

    def iter_blocks(self):
        """Yield (first row, settlement block) over the scene."""
        for index in range((len(self.x) + BLOCK - 1) // BLOCK):
            yield index * BLOCK, self.block(index)

    def settlement(self):
        """The whole (N, T) float32 settlement array, mm."""
        out = np.empty((len(self.x), len(self.dates)), np.float32)
        for start, values in self.iter_blocks():
            out[start:start + len(values)] = values
        return out

    def truth(self):
        """Planted sites: list of dicts with x, y, start, end."""
        return [dict(x=b.x, y=b.y, start=b.start, end=b.end) for b in self.bowls]


def _rectangle(cx, cy, w, h, angle):
    c, s = np.cos(angle), np.sin(angle)
    local = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2.0
    return local @ np.array([[c, s], [-s, c]]) + [cx, cy]


def simulate_scene(n_points=20000, n_buildings=1500, extent_m=None, ground_fraction=0.3,
                   n_dates=60, revisit_days=12, first_date="2019-01-05", noise_mm=3.0,
                   seasonal_mm=3.0, trend_mm_per_year=2.0, n_bowls=3, bowls=None,
                   nan_fraction=0.0, rotated_fraction=0.3, licence_bowls=0, seed=0, origin=(500000.0, 4200000.0),
                   dates=None):
    """Build a scene.

    Buildings sit on a jittered grid (~45 m spacing unless ``extent_m``
    is given), 8–20 m × 6–14 m, ``rotated_fraction`` of them rotated. Of
    ``n_points`` PS, ``1 − ground_fraction`` lie on roofs (spread over
    buildings at random), the rest anywhere. ``n_bowls`` bowls go under
    random buildings ≥ 400 m apart with consecutive, non-overlapping periods
    inside the series, unless
    ``bowls`` (list of :class:`MiningBowl`) is given. The first
    ``licence_bowls`` bowls get a licence square (300 m) around them.
    ``dates`` (datetime64[D]) replaces the regular ``n_dates`` ×
    ``revisit_days`` series (e.g. 6- then 12-day spacing)."""
    rng = np.random.default_rng([seed, 0])
    side = int(np.ceil(np.sqrt(n_buildings)))
    spacing = 45.0 if extent_m is None else extent_m / side
    extent = side * spacing
    gx, gy = np.meshgrid(np.arange(side), np.arange(side))
    cells = np.column_stack([gx.ravel(), gy.ravel()])[:n_buildings]
    centre = origin + (cells + 0.5) * spacing + rng.uniform(-0.15, 0.15, (n_buildings, 2)) * spacing
    width = rng.uniform(8, 20, n_buildings)
    height = rng.uniform(6, 14, n_buildings)
    angle = np.where(rng.random(n_buildings) < rotated_fraction, rng.uniform(0, np.pi, n_buildings), 0.0)
    buildings = [_rectangle(*centre[i], width[i], height[i], angle[i]) for i in range(n_buildings)]

    n_roof = int(round(n_points * (1 - ground_fraction)))
    owner = rng.integers(0, n_buildings, n_roof)
    u = rng.uniform(-0.45, 0.45, (n_roof, 2)) * np.column_stack([width[owner], height[owner]])
    c, s = np.cos(angle[owner]), np.sin(angle[owner])
    roof = centre[owner] + np.column_stack([u[:, 0] * c - u[:, 1] * s, u[:, 0] * s + u[:, 1] * c])
    ground = origin + rng.uniform(0, extent, (n_points - n_roof, 2))
    xy = np.concatenate([roof, ground])
    building_id = np.concatenate([owner, np.full(n_points - n_roof, -1)]).astype(np.int64)
    order = rng.permutation(n_points)
    xy, building_id = xy[order], building_id[order]
    # a ground PS may fall on a roof by chance: the truth is the geometry
    if dates is None:
        dates = np.datetime64(first_date, "D") + np.arange(n_dates) * revisit_days
    dates = np.asarray(dates, "datetime64[D]")
    n_dates = len(dates)

    if bowls is None:
        bowls = []
        # consecutive periods: η is scene-wide, so a strong concurrent bowl
        # would hide a weaker one; the default truth keeps them apart in time
        slot = (dates[-1] - dates[0]).astype(int) / max(n_bowls, 1)
        for i in rng.permutation(n_buildings):
            if len(bowls) == n_bowls:
                break
            if any(np.hypot(*(centre[i] - (b.x, b.y))) < 400 for b in bowls):
                continue
            k = len(bowls)
            start = dates[0] + np.timedelta64(int((k + rng.uniform(0.1, 0.3)) * slot), "D")
            end = dates[0] + np.timedelta64(int((k + rng.uniform(0.7, 0.9)) * slot), "D")
            bowls.append(MiningBowl(x=float(centre[i, 0]), y=float(centre[i, 1]), start=start, end=end))
    licences = [np.array([[b.x - 150, b.y - 150], [b.x + 150, b.y - 150], [b.x + 150, b.y + 150],
                          [b.x - 150, b.y + 150]]) for b in bowls[:licence_bowls]]
    return PsScene(x=xy[:, 0].copy(), y=xy[:, 1].copy(), pid=np.arange(1, n_points + 1, dtype=np.int64),
                   building_id=building_id, dates=dates, buildings=buildings,
                   building_ids=np.arange(n_buildings, dtype=np.int64), bowls=list(bowls), seed=seed,
                   noise_mm=noise_mm, seasonal_amp=rng.uniform(0, seasonal_mm, n_buildings),
                   trend_mm_per_year=trend_mm_per_year, nan_fraction=nan_fraction, licences=licences)


def _srs(epsg):
    from osgeo import osr
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def _write_polygons(ds, name, rings_list, ids, srs):
    from osgeo import ogr

    from ..ogr_geometry import ogr_polygon
    layer = ds.CreateLayer(name, srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("bid", ogr.OFTInteger64))
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    for ring, bid in zip(rings_list, ids):
        feature = ogr.Feature(defn)
        feature.SetField("bid", int(bid))
        feature.SetGeometry(ogr_polygon(ring))
        layer.CreateFeature(feature)
    layer.CommitTransaction()


def write_gpkg(scene, path, point_layer="ps", style="YYYYMMDD", spatial_index=True,
               settlement=None):
    """See :func:`_write_gpkg`; GDAL raises exceptions only inside."""
    with gdal_exceptions():
        return _write_gpkg(scene, path, point_layer, style, spatial_index, settlement)


def _blocks(scene, settlement):
    """(first row, settlement block) of ``settlement`` (N, T) when given
    (e.g. with confounders added), else of the scene's own series."""
    if settlement is None:
        yield from scene.iter_blocks()
        return
    for start in range(0, len(settlement), BLOCK):
        yield start, settlement[start:start + BLOCK]


def _write_gpkg(scene, path, point_layer="ps", style="YYYYMMDD", spatial_index=True,
                settlement=None):
    """Write a GeoPackage: point layer ``point_layer`` (fid, pid, one REAL
    field per date named in ``style``; values mm, NEGATIVE = settlement,
    NaN → NULL), ``buildings`` polygons (field ``bid``) and, if any,
    ``licences`` polygons. ``settlement`` (N, T) mm, when given, is written
    instead of the scene's own series.

    OGR creates the layers; the point rows go in by one SQLite bulk insert
    (OGR 3.6 has no batch writer and per-feature writes of 10⁸ values take
    hours)."""
    from osgeo import ogr
    if os.path.exists(path):
        os.remove(path)
    names = [field_name_for(d, style) for d in scene.dates]
    srs = _srs(scene.epsg)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    layer = ds.CreateLayer(point_layer, srs, ogr.wkbPoint, options=["SPATIAL_INDEX=NO"])
    layer.CreateField(ogr.FieldDefn("pid", ogr.OFTInteger64))
    for name in names:
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTReal))
    _write_polygons(ds, "buildings", scene.buildings, scene.building_ids, srs)
    if scene.licences:
        _write_polygons(ds, "licences", scene.licences, np.arange(len(scene.licences)), srs)
    ds = None

    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA synchronous=OFF")
        con.execute("PRAGMA journal_mode=MEMORY")
        geom_col, srs_id = con.execute(
            "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name=?", (point_layer,)).fetchone()
        cols = ",".join(f'"{c}"' for c in [geom_col, "pid"] + names)
        sql = f'INSERT INTO "{point_layer}" ({cols}) VALUES ({",".join("?" * (len(names) + 2))})'
        blob = np.dtype([("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs", "<i4"),
                         ("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])
        for start, values in _blocks(scene, settlement):
            stop = start + len(values)
            geom = np.zeros(stop - start, blob)
            geom["magic"], geom["flags"], geom["srs"] = b"GP", 1, srs_id
            geom["order"], geom["type"] = 1, 1
            geom["x"], geom["y"] = scene.x[start:stop], scene.y[start:stop]
            raw = geom.tobytes()
            size = blob.itemsize
            geoms = [raw[i:i + size] for i in range(0, len(raw), size)]
            # EGMS sign: negative = settlement; SQLite stores NaN as NULL
            disp = (-values).tolist()
            con.executemany(sql, ([g, p, *row] for g, p, row in zip(geoms, scene.pid[start:stop].tolist(), disp)))
        # OGR reads the count from here; without it every open runs COUNT(*) over the table
        con.execute("UPDATE gpkg_ogr_contents SET feature_count = ? WHERE lower(table_name) = lower(?)",
                    (len(scene.x), point_layer))
        con.commit()
    finally:
        con.close()
    if spatial_index:
        ds = ogr.Open(path, 1)
        ds.ExecuteSQL(f"SELECT CreateSpatialIndex('{point_layer}', '{geom_col}')")
        ds = None
    return path


def write_egms_csv(scene, path, style="YYYYMMDD", decimals=2, settlement=None):
    """Write an EGMS-like CSV ``pid,easting,northing,height,<date fields>``;
    values mm, NEGATIVE = settlement, NaN → empty cell."""
    names = [field_name_for(d, style) for d in scene.dates]
    with open(path, "w", newline="") as out:
        out.write(",".join(["pid", "easting", "northing", "height"] + names) + "\n")
        for start, values in _blocks(scene, settlement):
            stop = start + len(values)
            text = np.char.mod(f"%.{decimals}f", -values)
            text[np.isnan(values)] = ""
            lead = np.column_stack([scene.pid[start:stop].astype(str),
                                    np.char.mod("%.3f", scene.x[start:stop]),
                                    np.char.mod("%.3f", scene.y[start:stop]),
                                    np.full(stop - start, "0.0")])
            out.writelines(",".join(row) + "\n" for row in np.concatenate([lead, text], axis=1).tolist())
    return path

