"""Shared helpers for the building-outline tests: shapes, masks, IoU."""
import math

import numpy as np
import rasterio
from affine import Affine
from rasterio.features import rasterize, shapes


def rotated(points, angle_deg, centre):
    """(N, 2) points turned by ``angle_deg`` counter-clockwise about the
    origin, then moved to ``centre``."""
    a = math.radians(angle_deg)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return np.asarray(points, dtype=np.float64) @ rot.T + np.asarray(centre, dtype=np.float64)


def rectangle(centre, width, height, angle_deg=0.0):
    w, h = width / 2, height / 2
    return rotated([(-w, -h), (w, -h), (w, h), (-w, h)], angle_deg, centre)


def l_shape(centre, size, arm, angle_deg=0.0):
    """An L: ``size`` × ``size`` square minus its upper-right part, arms
    ``arm`` wide."""
    s = size / 2
    pts = [(-s, -s), (s, -s), (s, -s + arm), (-s + arm, -s + arm), (-s + arm, s), (-s, s)]
    return rotated(pts, angle_deg, centre)


def circle(centre, radius, n=180):
    t = np.linspace(0, 2 * math.pi, n, endpoint=False)
    return np.column_stack([centre[0] + radius * np.cos(t), centre[1] + radius * np.sin(t)])


def _geojson(ring):
    ring = [tuple(map(float, p)) for p in ring]
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def burn(rings, shape, transform, value=1, out=None):
    """uint8 raster of ``shape`` with ``value`` where pixel centres fall in
    any of the polygons."""
    out = np.zeros(shape, np.uint8) if out is None else out
    burnt = rasterize([_geojson(r) for r in rings], out_shape=shape, transform=transform, dtype="uint8")
    out[burnt > 0] = value
    return out


def trace(mask, transform):
    """Exterior rings of the 4-connected patches of ``mask`` > 0."""
    mask = mask.astype(np.uint8)
    return [np.asarray(g["coordinates"][0]) for g, _ in
            shapes(mask, mask=mask > 0, connectivity=4, transform=transform)]


def iou(ring_a, ring_b, resolution):
    """IoU of two polygons by rasterising both on a fine grid."""
    both = np.vstack([ring_a, ring_b])
    x0, y0 = both.min(axis=0) - resolution
    x1, y1 = both.max(axis=0) + resolution
    shape = (int(math.ceil((y1 - y0) / resolution)), int(math.ceil((x1 - x0) / resolution)))
    grid = Affine(resolution, 0, x0, 0, -resolution, y1)
    a = burn([ring_a], shape, grid).astype(bool)
    b = burn([ring_b], shape, grid).astype(bool)
    return (a & b).sum() / (a | b).sum()


def turning_angles(ring):
    """Angle in degrees between each edge and the next (90 at a right
    corner), for a closed or open ring."""
    p = np.asarray(ring, dtype=np.float64)
    if np.array_equal(p[0], p[-1]):
        p = p[:-1]
    d = np.roll(p, -1, axis=0) - p
    dn = np.roll(d, -1, axis=0)
    cos = (d * dn).sum(axis=1) / (np.hypot(*d.T) * np.hypot(*dn.T))
    return np.degrees(np.arccos(np.clip(cos, -1, 1)))


def write_mask(path, array, transform, crs="EPSG:32650", nodata=255, dtype="uint8", block=None):
    profile = dict(driver="GTiff", width=array.shape[1], height=array.shape[0], count=1,
                   dtype=dtype, crs=crs, transform=transform, nodata=nodata)
    if block:
        profile.update(tiled=True, blockxsize=block, blockysize=block)
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(array.astype(dtype), 1)
    return str(path)


def ogr_valid(ring):
    """GEOS validity of the polygon, through OGR."""
    from devkit.ogr_geometry import ogr_polygon

    return ogr_polygon(ring).IsValid()
