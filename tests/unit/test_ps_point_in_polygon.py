"""Vectorised point-in-polygon against OGR's Contains, holes and parts included."""
import numpy as np
from osgeo import ogr

from minewatch.core.insar.overlay import PolygonSet, locate_points, polygon_ids_at


def ring(cx, cy, r, n, rng, jitter=0.3):
    # near-even angles keep the star simple and around its centre (valid for GEOS)
    angle = (np.arange(n) + rng.uniform(-0.3, 0.3, n)) * 2 * np.pi / n
    rad = r * (1 + rng.uniform(-jitter, jitter, n))
    return np.column_stack([cx + rad * np.cos(angle), cy + rad * np.sin(angle)])


def to_ogr(rings):
    poly = ogr.Geometry(ogr.wkbPolygon)
    for rg in rings:
        lr = ogr.Geometry(ogr.wkbLinearRing)
        for x, y in np.vstack([rg, rg[:1]]):
            lr.AddPoint_2D(float(x), float(y))
        poly.AddGeometry(lr)
    return poly


def random_polygons(rng, count):
    """Star-shaped polygons on a grid; every third has a hole, every fifth a second part."""
    polys, geoms = [], []
    for i in range(count):
        cx, cy = (i % 20) * 50.0, (i // 20) * 50.0
        outer = ring(cx, cy, 15, rng.integers(5, 12), rng)
        rings, geom = [outer], to_ogr([outer])
        if i % 3 == 0:
            hole = ring(cx, cy, 4, 6, rng, 0.1)
            rings.append(hole[::-1])
            geom = to_ogr([outer, hole])
        if i % 5 == 0:
            part = ring(cx + 30, cy + 30, 4, 5, rng, 0.1)
            rings.append(part)
            multi = ogr.Geometry(ogr.wkbMultiPolygon)
            multi.AddGeometry(geom)
            multi.AddGeometry(to_ogr([part]))
            geom = multi
        polys.append(rings)
        geoms.append(geom)
    return polys, geoms


def test_matches_ogr_with_holes_and_multipolygons():
    rng = np.random.default_rng(3)
    polys, geoms = random_polygons(rng, 120)
    ids = np.arange(1000, 1120)
    pset = PolygonSet.from_rings(polys, ids)
    x = rng.uniform(-30, 1000, 6000)
    y = rng.uniform(-30, 300, 6000)
    got = polygon_ids_at(x, y, pset)
    expected = np.full(len(x), -1)
    for k, geom in enumerate(geoms):
        env = geom.GetEnvelope()
        near = np.flatnonzero((x >= env[0]) & (x <= env[1]) & (y >= env[2]) & (y <= env[3]))
        for i in near:
            pt = ogr.Geometry(ogr.wkbPoint)
            pt.AddPoint_2D(float(x[i]), float(y[i]))
            if geom.Contains(pt) and expected[i] == -1:
                expected[i] = ids[k]
    np.testing.assert_array_equal(got, expected)
    assert (got >= 0).sum() > 500  # the test exercises insides, holes and parts
    hole_centres = np.array([[(i % 20) * 50.0, (i // 20) * 50.0] for i in range(0, 120, 3)])
    assert (polygon_ids_at(hole_centres[:, 0], hole_centres[:, 1], pset) == -1).all()


def test_overlap_takes_lowest_index_and_nan_points():
    square = np.array([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], float)
    pset = PolygonSet.from_rings([[square + 5], [square]], ids=[7, 9])
    got = locate_points([7, 2, 14, np.nan, 50], [7, 2, 14, 1, 50], pset)
    np.testing.assert_array_equal(got, [0, 1, 0, -1, -1])


def test_big_polygon_among_small_and_chunking(monkeypatch):
    from minewatch.core.insar import overlay as pip

    monkeypatch.setattr(pip, "PAIR_CHUNK", 97)
    monkeypatch.setattr(pip, "EDGE_CHUNK", 53)
    rng = np.random.default_rng(1)
    small = [[np.array([[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]], float)]
             for i in range(0, 40, 4) for j in range(0, 40, 4)]
    big = [np.array([[-100, -100], [200, -100], [200, 200], [-100, 200]], float)]
    pset = PolygonSet.from_rings(small + [big])
    x, y = rng.uniform(-50, 60, 3000), rng.uniform(-50, 60, 3000)
    got = locate_points(x, y, pset)
    in_small = (x % 4 < 1) & (y % 4 < 1) & (x >= 0) & (x < 40) & (y >= 0) & (y < 40)
    cell = (np.floor(x / 4) * 10 + np.floor(y / 4)).astype(int)
    np.testing.assert_array_equal(got, np.where(in_small, cell, len(small)))
