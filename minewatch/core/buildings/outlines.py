"""Building outlines from a building mask, streamed in strips (no QGIS).

Input: a uint8 mask GeoTIFF, band 1: 1 = building, 0 = other, 255 =
nodata (anything but 1 counts as not building). Output: one
:class:`Outline` per building.

What a building is: a 4-connected patch of building pixels (pixels sharing
an edge; patches touching only at a corner stay separate, as in GDAL's
default Polygonize). Holes are filled: enclosed non-building pixels,
including any smaller building standing inside a courtyard, become part of
the outline (the issue: "drop holes"). Patches whose filled outline is
smaller than ``min_area_m2`` are dropped. Outlines are then simplified and,
with ``regularize``, snapped to right angles where the shape is rectilinear
(:mod:`.regularize`).

Streaming: the mask is read in full-width strips of ``strip_rows`` rows.
Patches that touch the bottom row of the rows read so far may continue
below, and so may patches inside a background region open only towards
the bottom (a courtyard still open), so they are not traced yet: the next read starts at the top row of
the highest such patch and goes ``strip_rows`` further down. A building
crossing strip borders is therefore traced once, whole. Pixels of patches
already written are remembered for the rows read again and left out. The
rows held at once are ``strip_rows`` plus the height of the tallest
unfinished patch, so memory grows with the tallest building (a mask that is
one patch from top to bottom is read whole).

Geometry: rings are float64 (N, 2) arrays of (x, y) in the mask's CRS,
closed (first vertex repeated last) and counter-clockwise. Areas are in m²:
projected CRS: shoelace area times the linear unit squared; geographic
CRS: the ellipsoidal area from :class:`..classmap.polygons.AreaMeasure`.
Perimeters are in m: projected: length times the linear unit; geographic:
lengths in a local frame (metres per degree of the ellipsoid at the
outline's mean latitude), accurate to well under 0.1 % at building size.
Regularisation of a geographic mask runs in that local metric frame, so
right angles are right angles on the ground.

Mean probability: mean of a float probability raster on the same grid over
the pixels of the filled patch (holes included, as the polygon covers
them), ignoring its nodata and non-finite pixels; NaN without a raster.

Known limit: a hole that reaches the outside only through a diagonal
pixel contact (a "pinch") is not a hole of the 4-connected patch, yet the
traced exterior ring encloses it; a building standing alone in such a pinch
comes out as its own outline inside the larger one.
"""
import math
import struct
from dataclasses import dataclass

import numpy as np

from ..classmap.areas import _ellipsoid
from ..common.errors import MineWatchInputError, translatable
from ..common.progress import as_feedback, step
from ..raster.raster_io import open_raster, rasterio_env
from .regularize import close_ring, open_ring, perimeter, regularize_ring, signed_area, simplify_ring

BUILDING = 1
STRIP_BUDGET = 32 * 2**20   # bytes of working arrays per strip (~16 bytes a pixel)
BYTES_PER_PIXEL = 16
FOUR = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=bool)
EIGHT = np.ones((3, 3), dtype=bool)


@dataclass
class Outline:
    """One building: ``exterior`` (N, 2) float64 closed counter-clockwise
    ring in the mask's CRS, ``area_m2``, ``perimeter_m``,
    ``mean_probability`` (NaN without a probability raster) and whether the
    ring was ``regularised`` to right angles."""

    exterior: np.ndarray
    area_m2: float
    perimeter_m: float
    mean_probability: float
    regularised: bool

    def wkb(self):
        """The outline as OGC WKB (little-endian Polygon, one ring)."""
        ring = np.ascontiguousarray(self.exterior, dtype="<f8")
        return struct.pack("<BII", 1, 3, 1) + struct.pack("<I", len(ring)) + ring.tobytes()


def polygonize_mask(mask_path, min_area_m2=20.0, prob_path=None, feedback=None, regularize=True,
                    strip_rows=None, **options):
    """All outlines of the building mask at ``mask_path`` as a list of
    :class:`Outline` (see :func:`iter_outlines`)."""
    return list(iter_outlines(mask_path, min_area_m2, prob_path, feedback, regularize,
                              strip_rows, **options))


def iter_outlines(mask_path, min_area_m2=20.0, prob_path=None, feedback=None, regularize=True,
                  strip_rows=None, dropped=None, **options):
    """Yield the :class:`Outline` s of the building mask at ``mask_path``,
    top strip first (see the module docstring).

    ``min_area_m2``: smallest filled outline kept, m². ``prob_path``: float
    probability raster on the mask's grid, or None. ``regularize``: snap
    rectilinear outlines to right angles; False only simplifies.
    ``strip_rows``: rows read per step (default from a memory budget).
    ``dropped``: a dict that gets ``"under_min_area"`` (patches dropped for
    their area) and ``"pixel_m2"`` (the mask's pixel area, m²) as the
    outlines are made. ``options`` go to :func:`.regularize.regularize_ring` (``simplify_px``
    also to the plain simplification). Raises :class:`..common.errors.Cancelled`
    when ``feedback`` asks to stop."""
    from rasterio.windows import Window

    feedback = as_feedback(feedback)
    if not min_area_m2 >= 0:
        raise MineWatchInputError(translatable(
            "The minimum building area must be zero or more square metres (got {value})."),
            value=min_area_m2)
    dropped = {} if dropped is None else dropped
    dropped.setdefault("under_min_area", 0)
    with rasterio_env(), open_raster(mask_path) as ds:
        geometry = _Geometry(ds, mask_path)
        dropped["pixel_m2"] = geometry.pixel_m2()
        prob = _open_probability(prob_path, ds) if prob_path else None
        try:
            height, width = ds.height, ds.width
            rows = strip_rows or _strip_rows(width, ds.block_shapes[0][0])
            top, bottom, done = 0, 0, np.zeros((0, width), dtype=bool)
            while bottom < height:
                bottom = min(height, bottom + rows)
                window = Window(0, top, width, bottom - top)
                building = ds.read(1, window=window) == BUILDING
                building[:len(done)] &= ~done
                probability = _read_probability(prob, window) if prob is not None else None
                last = bottom == height
                outlines, resume, finished = _strip_outlines(building, probability, last)
                for ring_px, mean_probability in outlines:
                    outline = geometry.outline(ring_px, top, mean_probability, min_area_m2,
                                               regularize, options)
                    if outline is not None:
                        yield outline
                    else:
                        dropped["under_min_area"] += 1
                # rows read again next time: remember which pixels are written
                finished[:len(done)] |= done
                done = finished[resume:]
                top += resume
                step(feedback, bottom, height)
        finally:
            if prob is not None:
                prob.close()


def _strip_rows(width, block_rows):
    """Rows per strip: the memory budget, a whole number of file blocks."""
    rows = max(1, STRIP_BUDGET // max(1, width * BYTES_PER_PIXEL))
    block_rows = max(1, block_rows)
    return max(block_rows, rows // block_rows * block_rows)


def _strip_outlines(building, probability, last):
    """Trace the finished patches of one strip (all of them when ``last``).

    Returns ``(outlines, resume, finished)``: ``outlines`` a list of
    (exterior ring in strip pixel coordinates (col, row), mean probability),
    ``resume`` the strip row where the next read must start (the top row of
    the highest unfinished patch, else the strip height), and ``finished``
    the bool mask of pixels covered by the traced patches."""
    from rasterio.features import shapes
    from scipy import ndimage

    # holes of 4-connected patches are the 8-connected background regions
    # they enclose; a region touching the strip's border is not enclosed
    filled = ndimage.binary_fill_holes(building, structure=EIGHT)
    labels, count = ndimage.label(filled, structure=FOUR)
    rows = building.shape[0]
    open_ids = np.zeros(count + 1, dtype=bool)
    if not last and count:
        # patches on the last row read may go on below: trace them later
        open_ids[np.unique(labels[-1])] = True
        # and so may the patches standing in a background region that reaches
        # only the last row: it can be the courtyard of a patch closing below
        open_ids[_in_open_courtyards(filled, labels)] = True
    open_ids[0] = True
    finished = ~open_ids[labels]
    resume = rows
    if open_ids[1:].any():
        slices = ndimage.find_objects(labels)
        resume = min(slices[i - 1][0].start for i in np.flatnonzero(open_ids[1:]) + 1)
    means = _means(labels, probability, count) if probability is not None else None
    outlines = []
    if finished.any():
        from affine import Affine

        for geom, value in shapes(labels, mask=finished, connectivity=4, transform=Affine.identity()):
            label = int(value)
            ring = np.asarray(geom["coordinates"][0], dtype=np.float64)
            outlines.append((ring, float(means[label]) if means is not None else math.nan))
    return outlines, resume, finished


def _in_open_courtyards(filled, labels):
    """Labels of patches next to a background region (8-connected) that
    touches the strip's last row but not its first row nor the raster's
    left and right edges. Such a region may be a hole of a patch that
    continues below, and whatever stands in a hole is part of that patch.
    (A hole never reaches the first row: its patch would lie above it.)"""
    from scipy import ndimage

    regions, _ = ndimage.label(~filled, structure=EIGHT)
    bottom = np.unique(regions[-1])
    edges = np.unique(np.concatenate([regions[0], regions[:, 0], regions[:, -1], [0]]))
    inner = np.setdiff1d(bottom, edges)
    if not len(inner):
        return np.zeros(0, dtype=np.int64)
    near = ndimage.binary_dilation(np.isin(regions, inner), structure=EIGHT) & filled
    return np.unique(labels[near])


def _means(labels, probability, count):
    """Mean probability per label over its valid pixels (NaN if none)."""
    valid = np.isfinite(probability)
    flat = labels.ravel()
    sums = np.bincount(flat, weights=np.where(valid, probability, 0.0).ravel(), minlength=count + 1)
    counts = np.bincount(flat, weights=valid.ravel().astype(np.float64), minlength=count + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def _open_probability(path, mask):
    prob = open_raster(path)
    if (prob.width, prob.height) != (mask.width, mask.height) or \
            not prob.transform.almost_equals(mask.transform):
        size = (prob.width, prob.height)
        prob.close()
        raise MineWatchInputError(translatable(
            "The probability raster '{path}' ({width}×{height} px) is not on the building "
            "mask's grid ({mask_width}×{mask_height} px, same origin and pixel size). Use "
            "the probability raster written with the mask, or warp it onto the mask's grid."),
            path=path, width=size[0], height=size[1], mask_width=mask.width, mask_height=mask.height)
    return prob


def _read_probability(prob, window):
    """Band 1 of the probability raster as float64, nodata as NaN."""
    values = prob.read(1, window=window).astype(np.float64)
    nodata = prob.nodata
    if nodata is not None and not math.isnan(nodata):
        values[values == nodata] = np.nan
    return values


class _Geometry:
    """Pixel rings → map rings, areas and perimeters in metres, and the
    frame regularisation runs in, for one mask's CRS and transform."""

    def __init__(self, ds, path):
        crs = ds.crs
        if crs is None:
            raise MineWatchInputError(translatable(
                "The building mask '{path}' has no coordinate reference system, so building "
                "areas are unknown. Assign the CRS of the source image to the mask first."),
                path=path)
        self.transform = ds.transform
        self.geographic = bool(crs.is_geographic)
        if self.geographic:
            self.semi_major, self.flattening = _ellipsoid(crs)
            self.e2 = self.flattening * (2 - self.flattening)
            self.measure = _area_measure(crs)
        else:
            factor = crs.linear_units_factor[1] if crs.linear_units_factor else 1.0
            self.unit = factor or 1.0
        t = self.transform
        self.pixel_area_units = abs(t.a * t.e - t.b * t.d)

    def outline(self, ring_px, row_offset, mean_probability, min_area_m2, regularize, options):
        """An :class:`Outline` from a traced ring in strip pixel coordinates,
        or None when its area is below ``min_area_m2``."""
        # float64 before the affine: under numpy 2 a float32 ring times the
        # transform's Python floats stays float32 (centimetres lost at UTM
        # eastings of 500 km)
        px = open_ring(ring_px).astype(np.float64)
        px[:, 1] += row_offset
        t = self.transform  # written out: affine 3 deprecates `*` on coordinate arrays
        xs = t.c + t.a * px[:, 0] + t.b * px[:, 1]
        ys = t.f + t.d * px[:, 0] + t.e * px[:, 1]
        ring = np.column_stack([xs, ys])
        if self.area_m2(ring) < min_area_m2:
            return None
        origin = ring.mean(axis=0)
        scale = self._scale(origin[1])
        local = (ring - origin) * scale
        pixel_size = math.sqrt(self.pixel_area_units * scale[0] * scale[1])
        if regularize:
            local, regularised = regularize_ring(local, pixel_size, **options)
        else:
            simplify = {k: v for k, v in options.items() if k == "simplify_px"}
            local, regularised = simplify_ring(local, pixel_size, **simplify), False
        ring = close_ring(open_ring(local / scale + origin))
        return Outline(exterior=ring, area_m2=self.area_m2(ring),
                       perimeter_m=perimeter(local) * self._length_unit(),
                       mean_probability=mean_probability, regularised=bool(regularised))

    def pixel_m2(self):
        """The area of one pixel in m² (at the mask's centre for a geographic CRS)."""
        if self.geographic:
            t = self.transform
            x0, y0 = t.c + t.a * 0.5, t.f + t.e * 0.5
            return self.measure.ring(np.array([[x0, y0], [x0 + t.a, y0], [x0 + t.a, y0 + t.e],
                                               [x0, y0 + t.e], [x0, y0]]))
        return self.pixel_area_units * self.unit ** 2

    def area_m2(self, ring):
        if self.geographic:
            return self.measure.ring(close_ring(open_ring(ring)))
        return abs(signed_area(ring)) * self.unit ** 2

    def _scale(self, y):
        """(x, y) factors to a local frame with equal units: metres per
        degree at latitude ``y`` for a geographic CRS, 1 otherwise."""
        if not self.geographic:
            return np.array([1.0, 1.0])
        phi = math.radians(y)
        w = 1 - self.e2 * math.sin(phi) ** 2
        n = self.semi_major / math.sqrt(w)                    # prime vertical radius
        m = self.semi_major * (1 - self.e2) / w ** 1.5         # meridional radius
        return np.array([math.radians(1) * n * math.cos(phi), math.radians(1) * m])

    def _length_unit(self):
        """Metres per unit of the local frame."""
        return 1.0 if self.geographic else self.unit


def _area_measure(crs):
    """:class:`..classmap.polygons.AreaMeasure` for a rasterio CRS."""
    from osgeo import osr

    from ..classmap.polygons import AreaMeasure

    srs = osr.SpatialReference()
    srs.ImportFromWkt(crs.to_wkt())
    return AreaMeasure(srs)
