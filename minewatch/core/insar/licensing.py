"""Licence status: which suspected sites and which flagged buildings lie in
a licensed mining area (patent: licensed areas tell legal mining from
unlicensed). One computation for both, on the engine's vertex arrays:

* a site is licensed when its centre lies inside a licence polygon;
* a building is licensed when its polygon intersects a licence polygon
  (shares any area or boundary), tested exactly: a vertex of either inside
  the other, or two edges crossing.

Coordinates are the map CRS's (metres); polygons are lists of (k, 2) rings
as :mod:`.overlay` takes them.
"""
from typing import List, Optional, Sequence, Tuple

import numpy as np

from .overlay import PolygonSet, locate_points

Rings = Sequence[np.ndarray]

# (building edge, licence edge) pairs tested per batch in the crossing test
CROSSING_CHUNK = 1 << 20


def inside_polygons(x: np.ndarray, y: np.ndarray, polygons: Optional[PolygonSet]) -> np.ndarray:
    """True where a point (``x``, ``y``, m; e.g. a site centre) lies inside
    any polygon of ``polygons`` (e.g. the licensed mining areas)."""
    x, y = np.atleast_1d(np.asarray(x, np.float64)), np.atleast_1d(np.asarray(y, np.float64))
    if polygons is None or len(polygons) == 0:
        return np.zeros(len(x), bool)
    return locate_points(x, y, polygons) >= 0


def polygons_intersect(polygons: Sequence[Rings], licences: PolygonSet) -> np.ndarray:
    """True per polygon of ``polygons`` (each a list of (k, 2) rings) that
    intersects any polygon of ``licences``."""
    rings: List[List[np.ndarray]] = [[np.asarray(r, np.float64)[:, :2] for r in p if len(r)]
                                     for p in polygons]
    out = np.zeros(len(rings), bool)
    if len(licences) == 0 or not rings:
        return out
    # a building vertex inside a licence: the usual case (licences are larger),
    # for every building in one pass
    counts = np.array([sum(len(r) for r in p) for p in rings], np.int64)
    if counts.sum():
        vertices = np.concatenate([r for p in rings for r in p])
        owner = np.repeat(np.arange(len(rings)), counts)
        inside = locate_points(vertices[:, 0], vertices[:, 1], licences) >= 0
        out[np.unique(owner[inside])] = True
    for i in np.flatnonzero(~out & (counts > 0)):
        out[i] = _licence_in_or_across(rings[i], licences)
    return out


def _licence_in_or_across(rings: List[np.ndarray], licences: PolygonSet) -> bool:
    """Whether a licence polygon lies inside the polygon of ``rings`` or an
    edge of each cross (the polygon's own vertices are all outside)."""
    vertices = np.concatenate(rings)
    lo, hi = vertices.min(axis=0), vertices.max(axis=0)
    box = licences.bbox
    near = np.flatnonzero((box[:, 0] <= hi[0]) & (box[:, 2] >= lo[0])
                          & (box[:, 1] <= hi[1]) & (box[:, 3] >= lo[1]))
    if not len(near):
        return False
    own = PolygonSet.from_rings([rings])
    edges = np.concatenate([np.arange(licences.edge_ptr[p], licences.edge_ptr[p + 1])
                            for p in near])
    if (locate_points(licences.x0[edges], licences.y0[edges], own) >= 0).any():
        return True
    return _edges_cross(own, licences, edges)


def _edges_cross(own: PolygonSet, licences: PolygonSet, edges: np.ndarray) -> bool:
    """Whether an edge of ``own`` meets one of the licence ``edges``
    (orientation test on segments whose boxes overlap; touching counts)."""
    ax0, ay0, ax1, ay1 = own.x0, own.y0, own.x1, own.y1
    per_batch = max(1, CROSSING_CHUNK // max(1, len(ax0)))
    for start in range(0, len(edges), per_batch):
        e = edges[start:start + per_batch]
        bx0, by0 = licences.x0[e][:, None], licences.y0[e][:, None]
        bx1, by1 = licences.x1[e][:, None], licences.y1[e][:, None]
        # boxes first: collinear segments give zero orientations without meeting
        boxes = ((np.minimum(ax0, ax1) <= np.maximum(bx0, bx1))
                 & (np.minimum(bx0, bx1) <= np.maximum(ax0, ax1))
                 & (np.minimum(ay0, ay1) <= np.maximum(by0, by1))
                 & (np.minimum(by0, by1) <= np.maximum(ay0, ay1)))
        d1 = _side(bx0, by0, bx1, by1, ax0, ay0)
        d2 = _side(bx0, by0, bx1, by1, ax1, ay1)
        d3 = _side(ax0, ay0, ax1, ay1, bx0, by0)
        d4 = _side(ax0, ay0, ax1, ay1, bx1, by1)
        if (boxes & (d1 * d2 <= 0) & (d3 * d4 <= 0)).any():
            return True
    return False


def _side(x0, y0, x1, y1, px, py):
    """z of (p1 − p0) × (p − p0): its sign says on which side of the line p lies."""
    return (x1 - x0) * (py - y0) - (y1 - y0) * (px - x0)


def licence_status(site_x: np.ndarray, site_y: np.ndarray, building_polygons: Sequence[Rings],
                   licence_polygons: Optional[Sequence[Rings]]
                   ) -> Tuple[Optional[np.ndarray], Optional[np.ndarray]]:
    """(licensed per site, licensed per building) for sites centred at
    ``site_x``/``site_y`` (m) and the flagged ``building_polygons``;
    (None, None) without licence polygons: the status is unknown, not
    "unlicensed"."""
    if licence_polygons is None:
        return None, None
    licences = PolygonSet.from_rings(list(licence_polygons))
    return inside_polygons(site_x, site_y, licences), polygons_intersect(building_polygons,
                                                                         licences)


__all__ = ["inside_polygons", "licence_status", "polygons_intersect"]
