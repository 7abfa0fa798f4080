"""PS over the buildings of a synthetic village image (devkit/scenes/village.py),
so a whole workflow runs on one scene: the optical image for Extract
Buildings and PS whose roofs are the image's buildings for Detect
Subsidence Anomalies (the shipped "Suspect unlicensed mining" model).

The footprints come from the village generator's GeoJSON; PS sit on the
roofs (most) and on open ground, dates are regular, and mining bowls lie
under chosen buildings (:class:`.ps_simulator.MiningBowl`)."""
import numpy as np
from matplotlib.path import Path

from .ps_simulator import MiningBowl, PsScene

ROOF_SHARE = 0.8  # PS on roofs; the rest on open ground


def footprint_rings(geojson_path: str) -> list:
    """The exterior ring (k, 2 array, map CRS metres, unclosed) of each
    footprint polygon in the GeoJSON file."""
    from osgeo import ogr

    dataset = ogr.Open(geojson_path)  # kept referenced while its layer is read
    layer = dataset.GetLayer(0)
    rings = []
    for feature in layer:
        ring = feature.GetGeometryRef().GetGeometryRef(0)
        points = np.array(ring.GetPoints(), np.float64)[:, :2]
        rings.append(points[:-1] if np.allclose(points[0], points[-1]) else points)
    del layer, dataset
    return rings


def village_ps_scene(geojson_path: str, n_points: int = 3000, n_dates: int = 60,
                     revisit_days: int = 12, n_bowls: int = 2, seed: int = 0,
                     epsg: int = 32650) -> PsScene:
    """A :class:`PsScene` on the village's footprints: ``n_bowls`` bowls
    under buildings at least 150 m apart, one after the other in time,
    unlicensed."""
    rng = np.random.default_rng([seed, 7])
    rings = footprint_rings(geojson_path)
    low = np.min([r.min(axis=0) for r in rings], axis=0)
    high = np.max([r.max(axis=0) for r in rings], axis=0)
    n_roof = int(n_points * ROOF_SHARE)
    owner = rng.integers(0, len(rings), n_roof)
    roof = np.empty((n_roof, 2))
    for i, ring in enumerate(rings):  # uniform inside each footprint, by rejection
        mine = np.flatnonzero(owner == i)
        path, lo, hi = Path(ring), ring.min(axis=0), ring.max(axis=0)
        found = np.empty((0, 2))
        while len(found) < len(mine):
            candidates = rng.uniform(lo, hi, (4 * len(mine) + 8, 2))
            found = np.vstack([found, candidates[path.contains_points(candidates)]])
        roof[mine] = found[:len(mine)]
    ground = rng.uniform(low, high, (n_points - n_roof, 2))
    xy = np.vstack([roof, ground])
    building_id = np.concatenate([owner, np.full(n_points - n_roof, -1)]).astype(np.int64)
    dates = np.datetime64("2019-01-05", "D") + np.arange(n_dates) * revisit_days
    centres = np.array([r.mean(axis=0) for r in rings])
    bowls, slot = [], (dates[-1] - dates[0]).astype(int) / max(n_bowls, 1)
    for i in rng.permutation(len(rings)):
        if len(bowls) == n_bowls:
            break
        if any(np.hypot(*(centres[i] - (b.x, b.y))) < 150 for b in bowls):
            continue
        k = len(bowls)
        bowls.append(MiningBowl(
            x=float(centres[i, 0]), y=float(centres[i, 1]),
            start=dates[0] + np.timedelta64(int((k + 0.2) * slot), "D"),
            end=dates[0] + np.timedelta64(int((k + 0.8) * slot), "D")))
    return PsScene(x=xy[:, 0].copy(), y=xy[:, 1].copy(),
                   pid=np.arange(1, n_points + 1, dtype=np.int64), building_id=building_id,
                   dates=dates, buildings=rings,
                   building_ids=np.arange(len(rings), dtype=np.int64), bowls=bowls, seed=seed,
                   noise_mm=3.0, seasonal_amp=rng.uniform(0, 3.0, len(rings)),
                   trend_mm_per_year=2.0, epsg=epsg)
