"""Moving data between QGIS layers/sinks and the engine's numpy arrays."""
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsRasterLayer,
)

from ..core.common.errors import Cancelled
from .destinations import output_requested
from .translate import tr

BATCH = 5000


def raster_file_path(layer, name):
    """The file GDAL reads for a raster layer, or a clear error."""
    if not isinstance(layer, QgsRasterLayer) or not layer.isValid():
        raise QgsProcessingException(
            tr("The input '{name}' is not a valid raster layer. Give a raster "
               "file such as a GeoTIFF.").format(name=name))
    if layer.providerType() != "gdal":
        raise QgsProcessingException(
            tr("The input '{name}' comes from the '{provider}' data provider; "
               "MineWatch reads rasters from files. Save it as a GeoTIFF first "
               "(right-click > Export > Save As…).").format(
                name=name, provider=layer.providerType()))
    return layer.source().split("|")[0]


def destination_path(algorithm, parameters, name, context):
    """The output path of a sink/raster destination ('' when not requested)."""
    if not output_requested(parameters, name, context):
        return ""
    return algorithm.parameterAsOutputLayer(parameters, name, context) or ""


def unique_field_name(name, taken):
    """``name``, or ``mw_name``, ``mw_name_2``, … — the first not in
    ``taken`` (lower-case names, updated), so output fields never clash with
    the input's, even on an input that is itself an earlier output."""
    candidates = [name, f"mw_{name}"] + [f"mw_{name}_{i}" for i in range(2, 1000)]
    unique = next(c for c in candidates if c.lower() not in taken)
    taken.add(unique.lower())
    return unique


def write_points(sink, x, y, columns, feedback, start=0.0, span=100.0):
    """Add point features at ``x``/``y`` (arrays, sink CRS) with attribute
    ``columns`` (a list of equal-length arrays, in field order) in batches,
    checking cancel between batches."""
    n = len(x)
    values = [c.tolist() if hasattr(c, "tolist") else list(c) for c in columns]
    xs, ys = x.tolist(), y.tolist()
    for first in range(0, n, BATCH):
        batch = []
        for i in range(first, min(n, first + BATCH)):
            feature = QgsFeature()
            feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(xs[i], ys[i])))
            feature.setAttributes([v[i] for v in values])
            batch.append(feature)
        if not sink.addFeatures(batch, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(tr("Could not write the points: {error}").format(
                error=sink.lastError()))
        feedback.setProgress(start + span * min(n, first + BATCH) / max(n, 1))
        if feedback.isCanceled():
            raise Cancelled("cancelled while writing features")


def write_wkb_features(sink, fields, rows, error_message, batch_size=2000):
    """Add features made from ``rows`` of (WKB geometry, attribute list) to
    ``sink`` in batches and flush it; returns how many were written.
    ``error_message``: translated text with an ``{error}`` field, raised as
    a QgsProcessingException when the sink refuses a batch."""
    def add(batch):
        if batch and not sink.addFeatures(batch, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(error_message.format(error=sink.lastError()))

    batch, count = [], 0
    for wkb, attributes in rows:
        feature = QgsFeature(fields)
        geometry = QgsGeometry()
        geometry.fromWkb(wkb)
        feature.setGeometry(geometry)
        feature.setAttributes(attributes)
        batch.append(feature)
        count += 1
        if len(batch) >= batch_size:
            add(batch)
            batch = []
    add(batch)
    sink.flushBuffer()
    return count


def all_features(source, request):
    """``source.getFeatures(request)`` without Processing's stop on invalid
    geometries: MineWatch repairs or skips them itself and says how many
    (:func:`usable_polygon`). Plain layers are iterated as they are."""
    from qgis.core import QgsProcessingFeatureSource

    if isinstance(source, QgsProcessingFeatureSource):
        return source.getFeatures(request, QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks)
    return source.getFeatures(request)


def usable_polygon(geometry, counts):
    """A valid, linear polygon geometry from ``geometry``, or None (counted
    in ``counts["skipped"]``); repairs are counted in ``counts["repaired"]``."""
    from qgis.core import QgsWkbTypes

    if geometry.isNull() or geometry.type() != QgsWkbTypes.PolygonGeometry:
        counts["skipped"] += 1
        return None
    if QgsWkbTypes.isCurvedType(geometry.wkbType()):
        geometry = QgsGeometry(geometry.constGet().segmentize())
    if not geometry.isGeosValid():
        geometry = geometry.makeValid()
        if geometry.type() != QgsWkbTypes.PolygonGeometry:  # e.g. a collection
            geometry = geometry.convertToType(QgsWkbTypes.PolygonGeometry, True) or QgsGeometry()
        if geometry.isNull() or geometry.type() != QgsWkbTypes.PolygonGeometry:
            counts["skipped"] += 1
            return None
        counts["repaired"] += 1
    return geometry


def polygon_rings(source, target_crs, context, feedback=None, counts=None):
    """Polygons of a feature source as the engine's vertex arrays.

    Returns ``(fids, polygons)``: feature ids (int64 array) and, per
    feature, a list of (k, 2) float64 rings (exterior and holes of every
    part) in ``target_crs``. Curved geometries are segmentised; invalid
    ones (self-intersections, bow-ties) are repaired with GEOS's
    ``makeValid``; features without a usable polygon are skipped.
    ``counts`` (a dict) receives how many were ``skipped`` and
    ``repaired``."""
    import numpy as np
    from qgis.core import QgsFeatureRequest

    request = QgsFeatureRequest().setSubsetOfAttributes([])
    request.setDestinationCrs(target_crs, context.transformContext())
    fids, polygons = [], []
    counts = {} if counts is None else counts
    counts.update(skipped=0, repaired=0)
    total = max(1, source.featureCount())
    for index, feature in enumerate(all_features(source, request)):
        geometry = usable_polygon(feature.geometry(), counts)
        rings = [] if geometry is None else [
            np.array([(p.x(), p.y()) for p in ring], np.float64)
            for part in (geometry.asMultiPolygon() if geometry.isMultipart()
                         else [geometry.asPolygon()])
            for ring in part if len(ring) >= 4]
        if rings:
            fids.append(feature.id())
            polygons.append(rings)
        elif geometry is not None:
            counts["skipped"] += 1
        if feedback is not None and index % 1000 == 0:
            if feedback.isCanceled():
                raise Cancelled("cancelled while reading polygons")
            feedback.setProgress(100.0 * index / total)
    return np.asarray(fids, np.int64), polygons
