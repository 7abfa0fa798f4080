"""Which polygon holds each point (overlay, patent step 3), vectorised.

Polygons come as vertex arrays in the points' CRS: one item per polygon id,
a list of (k, 2) rings (exterior and holes, either orientation, closed or
not). A multipolygon is one item holding the rings of all its parts. The
test is the even-odd crossing-number rule over all rings of the item, so
holes and parts need no bookkeeping as long as the geometry is valid
(parts do not overlap). Points exactly on an edge may fall either way.

Scale: a uniform grid (cell ≈ the median building size) pairs each point
only with polygons whose bounding box shares its cell, then the edge test
runs over (pair, edge) rows in bounded chunks. Memory is O(points) plus the
chunk budget, independent of the number of polygons.
"""
from dataclasses import dataclass

import numpy as np

from ..common.progress import as_feedback, step

PAIR_CHUNK = 1 << 21     # candidate (point, polygon) pairs per batch
EDGE_CHUNK = 1 << 21     # (pair, edge) rows per crossing test
MAX_CELLS = 1 << 26      # caps the grid for extreme extents


@dataclass
class PolygonSet:
    """Edges of many polygons in flat arrays.

    Polygon p owns edges ``edge_ptr[p]:edge_ptr[p+1]`` from (x0, y0) to
    (x1, y1); ``bbox`` is (xmin, ymin, xmax, ymax) per polygon; ``ids``
    the caller's integer ids."""

    ids: np.ndarray
    edge_ptr: np.ndarray
    x0: np.ndarray
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    bbox: np.ndarray

    def __len__(self):
        return len(self.ids)

    @classmethod
    def from_rings(cls, polygons, ids=None):
        """Build from a sequence of polygons, each a list of (k, 2) rings.

        ``ids`` default to 0..n-1. Rings with fewer than 3 distinct
        vertices are ignored."""
        polygons = list(polygons)
        ids = np.arange(len(polygons), dtype=np.int64) if ids is None else np.asarray(ids, np.int64)
        if len(ids) != len(polygons):
            raise ValueError("one id per polygon is needed")
        starts, ends, counts = [], [], np.zeros(len(polygons), np.int64)
        bbox = np.full((len(polygons), 4), np.nan)
        for p, rings in enumerate(polygons):
            if isinstance(rings, np.ndarray) and rings.ndim == 2:
                rings = [rings]
            for ring in rings:
                ring = np.asarray(ring, np.float64)[:, :2]
                if len(ring) and np.array_equal(ring[0], ring[-1]):
                    ring = ring[:-1]
                if len(ring) < 3:
                    continue
                starts.append(ring)
                ends.append(np.roll(ring, -1, axis=0))
                counts[p] += len(ring)
        a = np.concatenate(starts) if starts else np.empty((0, 2))
        b = np.concatenate(ends) if ends else np.empty((0, 2))
        edge_ptr = np.concatenate([[0], np.cumsum(counts)])
        if len(a):
            owner = np.repeat(np.arange(len(polygons)), counts)
            for col, fn, src in ((0, np.minimum, 0), (1, np.minimum, 1), (2, np.maximum, 0), (3, np.maximum, 1)):
                vals = np.full(len(polygons), np.inf if fn is np.minimum else -np.inf)
                fn.at(vals, owner, a[:, src])
                bbox[:, col] = vals
            bbox[counts == 0] = np.nan
        return cls(ids=ids, edge_ptr=edge_ptr, x0=a[:, 0].copy(), y0=a[:, 1].copy(),
                   x1=b[:, 0].copy(), y1=b[:, 1].copy(), bbox=bbox)


def _grid(polys):
    """Grid origin, cell size and shape covering all polygon boxes."""
    ok = np.isfinite(polys.bbox[:, 0])
    box = polys.bbox[ok]
    xmin, ymin = box[:, 0].min(), box[:, 1].min()
    xmax, ymax = box[:, 2].max(), box[:, 3].max()
    size = np.maximum(box[:, 2] - box[:, 0], box[:, 3] - box[:, 1])
    cell = float(np.median(size)) if len(size) else 1.0
    span = max(xmax - xmin, ymax - ymin, 1e-9)
    cell = max(cell, span / np.sqrt(MAX_CELLS), 1e-9)
    ncx = int((xmax - xmin) // cell) + 1
    ncy = int((ymax - ymin) // cell) + 1
    return xmin, ymin, cell, ncx, ncy


def _polygon_cells(polys, grid):
    """(cell key, polygon) pairs for every cell a polygon box touches, sorted by key."""
    xmin, ymin, cell, ncx, ncy = grid
    ok = np.flatnonzero(np.isfinite(polys.bbox[:, 0]))
    box = polys.bbox[ok]
    cx0 = np.clip(((box[:, 0] - xmin) // cell).astype(np.int64), 0, ncx - 1)
    cy0 = np.clip(((box[:, 1] - ymin) // cell).astype(np.int64), 0, ncy - 1)
    cx1 = np.clip(((box[:, 2] - xmin) // cell).astype(np.int64), 0, ncx - 1)
    cy1 = np.clip(((box[:, 3] - ymin) // cell).astype(np.int64), 0, ncy - 1)
    width = cx1 - cx0 + 1
    n = width * (cy1 - cy0 + 1)
    owner = np.repeat(np.arange(len(ok)), n)
    offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    keys = (cy0[owner] + offset // width[owner]) * ncx + cx0[owner] + offset % width[owner]
    order = np.argsort(keys, kind="stable")
    return keys[order], ok[owner[order]]


def _expand(starts, counts):
    """Concatenated ranges start..start+count as (owner index, value)."""
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(counts)), counts)
    value = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts) + starts[owner]
    return owner, value


def _chunks(weights, budget):
    """Slices of consecutive items whose weights sum to about ``budget``."""
    csum = np.cumsum(weights)
    start = 0
    while start < len(weights):
        base = csum[start - 1] if start else 0
        stop = int(np.searchsorted(csum, base + budget, side="right"))
        stop = max(stop, start + 1)
        yield slice(start, stop)
        start = stop


def _inside(px, py, poly, polys):
    """Even-odd test of points (px, py) against polygon indices ``poly``."""
    inside = np.zeros(len(px), bool)
    n_edges = polys.edge_ptr[poly + 1] - polys.edge_ptr[poly]
    for part in _chunks(n_edges, EDGE_CHUNK):
        pair, edge = _expand(polys.edge_ptr[poly[part]], n_edges[part])
        qx, qy = px[part][pair], py[part][pair]
        y0, y1 = polys.y0[edge], polys.y1[edge]
        straddle = (y0 > qy) != (y1 > qy)
        pair, edge, qx, qy, y0, y1 = (a[straddle] for a in (pair, edge, qx, qy, y0, y1))
        x0 = polys.x0[edge]
        xcross = x0 + (qy - y0) * (polys.x1[edge] - x0) / (y1 - y0)
        crossings = np.bincount(pair[qx < xcross], minlength=part.stop - part.start)
        inside[part] = crossings % 2 == 1
    return inside


def locate_points(x, y, polys, feedback=None):
    """Index into ``polys`` (0..n-1) of the polygon holding each point, −1 if none.

    Where polygons overlap the point takes the lowest index. NaN
    coordinates give −1. ``feedback``: optional progress/cancel object (see
    :mod:`..common.progress`)."""
    feedback = as_feedback(feedback)
    x = np.asarray(x, np.float64)
    y = np.asarray(y, np.float64)
    result = np.full(len(x), np.iinfo(np.int64).max, np.int64)
    if len(polys) == 0 or len(x) == 0 or not np.isfinite(polys.bbox[:, 0]).any():
        return np.full(len(x), -1, np.int64)
    grid = _grid(polys)
    xmin, ymin, cell, ncx, ncy = grid
    cell_keys, cell_poly = _polygon_cells(polys, grid)
    with np.errstate(invalid="ignore"):
        cx = np.floor((x - xmin) / cell)
        cy = np.floor((y - ymin) / cell)
        usable = np.flatnonzero((cx >= 0) & (cx < ncx) & (cy >= 0) & (cy < ncy))
    pkeys = cy[usable].astype(np.int64) * ncx + cx[usable].astype(np.int64)
    del cx, cy
    order = np.argsort(pkeys, kind="stable")
    pkeys = pkeys[order]
    point_sorted = usable[order]
    del order, usable
    lo = np.searchsorted(pkeys, cell_keys, side="left")
    hi = np.searchsorted(pkeys, cell_keys, side="right")
    del pkeys
    counts = hi - lo
    total = max(int(counts.sum()), 1)
    done = 0
    for part in _chunks(counts, PAIR_CHUNK):
        owner, pos = _expand(lo[part], counts[part])
        poly = cell_poly[part][owner]
        pts = point_sorted[pos]
        px, py = x[pts], y[pts]
        box = polys.bbox[poly]
        keep = (px >= box[:, 0]) & (px <= box[:, 2]) & (py >= box[:, 1]) & (py <= box[:, 3])
        pts, poly, px, py = pts[keep], poly[keep], px[keep], py[keep]
        hit = _inside(px, py, poly, polys)
        np.minimum.at(result, pts[hit], poly[hit])
        done += int(counts[part].sum())
        step(feedback, done, total)
    result[result == np.iinfo(np.int64).max] = -1
    return result


def polygon_ids_at(x, y, polys, feedback=None):
    """The caller's id of the polygon holding each point, −1 if none."""
    index = locate_points(x, y, polys, feedback)
    if len(polys) == 0:
        return index  # all −1: there is no id to give
    return np.where(index >= 0, polys.ids[np.maximum(index, 0)], -1)
