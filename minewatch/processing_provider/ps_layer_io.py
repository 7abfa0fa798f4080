"""A QGIS PS point layer → the engine's :class:`~..core.insar.reader.PsTable`.

File layers (OGR: GeoPackage, Shapefile, …; delimited text CSV) are read by
the engine straight from the file, in chunks, without a Python loop per
feature. Other sources (memory layers, databases, a selection, a filtered
layer) go through QGIS features, slower but general.
"""
from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProviderRegistry,
    QgsWkbTypes,
)

from ..core.common.errors import Cancelled
from .translate import tr


def fast_path_source(layer, parameter_value):
    """``(path, options)`` when the engine can read the layer's file itself,
    else None. ``options`` holds the OGR layer name or the CSV x/y fields."""
    if layer is None or layer.subsetString():
        return None
    if isinstance(parameter_value, QgsProcessingFeatureSourceDefinition) and (
            parameter_value.selectedFeaturesOnly):
        return None
    provider = layer.providerType()
    parts = QgsProviderRegistry.instance().decodeUri(provider, layer.source())
    if provider == "ogr" and parts.get("path"):
        options = {}
        if parts.get("layerName"):
            options["layer"] = parts["layerName"]
        elif parts.get("layerId") is not None:
            options["layer"] = int(parts["layerId"])
        return parts["path"], options
    if provider == "delimitedtext" and parts.get("path"):
        opts = dict(o.split("=", 1) for o in parts.get("openOptions", []) if "=" in o)
        if opts.get("type", "csv") != "csv" or opts.get("delimiter", ",") not in (",", ";", "\\t", "\t"):
            return None
        if not opts.get("xField") or not opts.get("yField"):
            return None
        return parts["path"], {"x_field": opts["xField"], "y_field": opts["yField"]}
    return None


def is_csv_table(fast):
    """True when a fast-path source is a CSV whose positions come from
    coordinate columns (no geometry in QGIS)."""
    return fast is not None and fast[0].lower().endswith((".csv", ".txt")) and not fast[1]


def check_point_layer(source, name, fast):
    """Refuse PS layers that cannot hold PS: empty, not points. A plain CSV
    without geometry passes when the engine reads its coordinate columns."""
    if source.featureCount() == 0:
        raise QgsProcessingException(tr("The layer '{name}' has no features.").format(name=name))
    geometry = QgsWkbTypes.geometryType(source.wkbType())
    if geometry == QgsWkbTypes.NullGeometry and is_csv_table(fast):
        return
    if geometry != QgsWkbTypes.PointGeometry:
        if geometry == QgsWkbTypes.NullGeometry:
            raise QgsProcessingException(tr(
                "'{name}' has no point geometry. Give a point layer of PS, or a CSV with "
                "coordinate columns (easting/northing, x/y or lon/lat).").format(name=name))
        raise QgsProcessingException(tr(
            "'{name}' must be a point layer of PS (one point per scatterer), but it holds "
            "{kind}s. Did you swap the PS and buildings layers?").format(
            name=name, kind=QgsWkbTypes.geometryDisplayString(geometry).lower()))


def read_ps_features(source, date_fields, target_crs, context, feedback):
    """Read PS through QGIS features: ``(pid, xy in target_crs, values
    float32 (N, T) in file units, NaN = NULL)``; ``date_fields`` is the
    engine's sorted :class:`DateFields`."""
    import numpy as np

    fields = source.fields()
    indices = [fields.lookupField(name) for name in date_fields.names]
    pid_index = fields.lookupField("pid")
    wanted = indices + ([pid_index] if pid_index >= 0 else [])
    request = QgsFeatureRequest().setSubsetOfAttributes(wanted)
    request.setDestinationCrs(target_crs, context.transformContext())
    n = source.featureCount()
    values = np.full((max(n, 0), len(indices)), np.nan, np.float32)
    xy = np.full((max(n, 0), 2), np.nan, np.float64)
    pids = []
    row = 0
    for feature in source.getFeatures(request):
        if row >= len(values):  # featureCount was an estimate
            values = np.vstack([values, np.full_like(values[:1024], np.nan)])
            xy = np.vstack([xy, np.full((1024, 2), np.nan)])
        attributes = feature.attributes()
        values[row] = [_number(attributes[i]) for i in indices]
        geometry = feature.geometry()
        if not geometry.isNull() and not geometry.isEmpty():
            xy[row] = _point_xy(geometry)
        pids.append(attributes[pid_index] if pid_index >= 0 else feature.id())
        row += 1
        if row % 10000 == 0:
            if feedback.isCanceled():
                raise Cancelled("cancelled while reading PS")
            feedback.setProgress(100.0 * row / max(n, 1))
    try:
        pid = np.asarray(pids, np.int64)
    except (TypeError, ValueError):
        pid = np.asarray([str(p) for p in pids])
    return pid, xy[:row], values[:row]


def _point_xy(geometry):
    """x, y of a Point or a single-part MultiPoint (Z/M ignored); a MultiPoint
    of several parts is refused: which of its points is the PS is not known."""
    part = geometry.constGet()
    if geometry.isMultipart():
        if part.numGeometries() != 1:
            raise QgsProcessingException(tr(
                "A feature of the PS layer is a MultiPoint of {count} points; a PS is one point. "
                "Split the layer into single points first (Vector > Geometry Tools > Multipart "
                "to Singleparts).").format(count=part.numGeometries()))
        part = part.geometryN(0)
    return part.x(), part.y()


def _number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return float("nan")  # NULL or text: missing, never zero
    return number
