"""OGR geometries from coordinate arrays, built point by point: never WKT
from f-strings (numpy 2 prints a scalar as ``np.float64(…)``)."""


def ogr_polygon(ring):
    """An OGR polygon from one ring of (x, y) pairs (closed if it is not)."""
    from osgeo import ogr

    line = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ring:
        line.AddPoint_2D(float(x), float(y))
    line.CloseRings()
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(line)
    return poly


def ogr_box(left, bottom, right, top):
    """An OGR polygon of a rectangle."""
    return ogr_polygon([(left, bottom), (right, bottom), (right, top), (left, top)])
