"""Object-level scores of extracted building polygons against reference
footprints (no QGIS; geometry through GDAL's OGR, which QGIS ships).

A predicted and a reference polygon *match* when their IoU (intersection
area / union area, in the layer's CRS units²) is ≥ the threshold (0.5, the
SpaceNet convention); matching is one-to-one, greedy by decreasing IoU.
Precision = matches / predicted, recall = matches / reference, F1 their
harmonic mean. Pixel-level building IoU is a separate score (Evaluate
Segmentation on the masks).
"""
from dataclasses import dataclass, field

from ..ogr_geometry import ogr_polygon


@dataclass
class MatchScores:
    """Counts, precision/recall/F1 (NaN when undefined) and the matched
    pairs as (predicted index, reference index, IoU)."""

    predicted: int
    reference: int
    matched: int
    precision: float
    recall: float
    f1: float
    pairs: list = field(default_factory=list)

    def as_dict(self):
        return {"predicted": self.predicted, "reference": self.reference, "matched": self.matched,
                "precision": self.precision, "recall": self.recall, "f1": self.f1,
                "mean_matched_iou": (sum(p[2] for p in self.pairs) / len(self.pairs)
                                     if self.pairs else float("nan"))}


def _as_geometry(item):
    """An OGR geometry from an OGR geometry, WKB bytes, WKT text or a ring."""
    from osgeo import ogr

    if isinstance(item, ogr.Geometry):
        return item
    if isinstance(item, (bytes, bytearray)):
        return ogr.CreateGeometryFromWkb(bytes(item))
    if isinstance(item, str):
        return ogr.CreateGeometryFromWkt(item)
    return ogr_polygon(item)


def polygon_iou(a, b):
    """IoU of two polygons (any form :func:`match_polygons` accepts)."""
    a, b = _as_geometry(a), _as_geometry(b)
    if not a.Intersects(b):
        return 0.0
    inter = a.Intersection(b).GetArea()
    union = a.GetArea() + b.GetArea() - inter
    return inter / union if union > 0 else 0.0


def match_polygons(predicted, reference, threshold=0.5):
    """:class:`MatchScores` of ``predicted`` against ``reference`` polygons
    (lists of OGR geometries, WKB, WKT or N×2 rings, same CRS)."""
    pred = [_as_geometry(p) for p in predicted]
    ref = [_as_geometry(r) for r in reference]
    boxes = [g.GetEnvelope() for g in ref]  # (minx, maxx, miny, maxy)
    candidates = []
    for i, p in enumerate(pred):
        px0, px1, py0, py1 = p.GetEnvelope()
        for j, (rx0, rx1, ry0, ry1) in enumerate(boxes):
            if px0 > rx1 or rx0 > px1 or py0 > ry1 or ry0 > py1:
                continue
            iou = polygon_iou(p, ref[j])
            if iou >= threshold:
                candidates.append((iou, i, j))
    used_p, used_r, pairs = set(), set(), []
    for iou, i, j in sorted(candidates, reverse=True):
        if i in used_p or j in used_r:
            continue
        used_p.add(i)
        used_r.add(j)
        pairs.append((i, j, iou))
    n_pred, n_ref, m = len(pred), len(ref), len(pairs)
    precision = m / n_pred if n_pred else float("nan")
    recall = m / n_ref if n_ref else float("nan")
    f1 = 2 * m / (n_pred + n_ref) if n_pred + n_ref else float("nan")
    return MatchScores(n_pred, n_ref, m, precision, recall, f1, pairs)


__all__ = ["MatchScores", "match_polygons", "polygon_iou"]
