"""Class polygons of a QGIS vector layer as (GeoJSON-like geometry, class
index) pairs for :func:`minewatch.core.raster.rasterize.rasterize_labels`."""
import json

from qgis.core import (
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingException,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core.classmap.class_tables import ClassMatcher
from ..core.common.errors import Cancelled, MineWatchInputError
from .qgis_compat import parameter_field_names
from .translate import tr


def label_source(algorithm, parameters, source_param, context):
    """The feature source of ``source_param`` (a feature-source, vector or
    map-layer parameter), or a clear error."""
    source = algorithm.parameterAsSource(parameters, source_param, context)
    if source is None:
        layer = algorithm.parameterAsLayer(parameters, source_param, context)
        if isinstance(layer, QgsVectorLayer):
            source = layer
    if source is None:
        raise QgsProcessingException(tr(
            "The label layer given for '{param}' cannot be opened as a vector layer. "
            "Give a polygon layer (e.g. a GeoPackage or Shapefile).").format(
            param=source_param))
    return source


def class_field_name(algorithm, parameters, field_param, source, context):
    """The class field named in ``field_param``, checked against ``source``."""
    names = parameter_field_names(algorithm, parameters, field_param, context)
    name = names[0] if names else ""
    if not name:
        raise QgsProcessingException(tr(
            "Give the field that holds each polygon's class (index or name) in "
            "'Class field'."))
    fields = source.fields()
    if fields.lookupField(name) < 0:
        raise QgsProcessingException(tr(
            "The label layer has no field '{field}'. Its fields are: {fields}. Choose "
            "the field that holds each polygon's class (index or name).").format(
            field=name, fields=", ".join(f.name() for f in fields) or tr("(none)")))
    return fields.field(fields.lookupField(name)).name()


def polygon_label_shapes(algorithm, parameters, source_param, field_param, classes, target_crs,
                         context, feedback, values=None, unlabelled=None):
    """(geometry mapping in ``target_crs``, class index) of every polygon
    of the layer in ``source_param``; the class comes from ``field_param``
    (an index, a numeric string, or a class name in English or Chinese,
    case-insensitive; a label value of the class value table ``values``
    when given). Polygons whose value is ``unlabelled`` are left out (they
    label nothing). Features whose class is NULL or whose geometry is
    empty are skipped with a warning. Raises ``QgsProcessingException`` for
    a non-polygon or empty layer, a missing field or an unknown class."""
    source = label_source(algorithm, parameters, source_param, context)
    if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.PolygonGeometry:
        raise QgsProcessingException(tr(
            "The label layer must be a polygon layer (it holds {kind} geometries). Give "
            "polygons with a class field, or a class raster.").format(
            kind=QgsWkbTypes.geometryDisplayString(QgsWkbTypes.geometryType(source.wkbType()))))
    field = class_field_name(algorithm, parameters, field_param, source, context)
    match = ClassMatcher(classes, field, values)
    request = QgsFeatureRequest().setSubsetOfAttributes([field], source.fields())
    request.setDestinationCrs(target_crs, context.transformContext())
    shapes, skipped_null, skipped_empty, skipped_unlabelled = [], 0, 0, 0
    total = max(1, source.featureCount())
    try:
        for number, feature in enumerate(source.getFeatures(request)):
            value = feature[field]
            geometry = feature.geometry()
            if value is None or (hasattr(value, "isNull") and value.isNull()):
                skipped_null += 1
                continue
            if geometry is None or geometry.isNull() or geometry.isEmpty():
                skipped_empty += 1
                continue
            if unlabelled is not None and _is_value(value, unlabelled):
                skipped_unlabelled += 1
                continue
            index = match(value)
            if QgsWkbTypes.isCurvedType(geometry.wkbType()):
                geometry = QgsGeometry(geometry.constGet().segmentize())
            shapes.append((json.loads(geometry.asJson(17)), index))
            if number % 500 == 0:
                feedback.setProgress(100.0 * number / total)
                if feedback.isCanceled():
                    raise Cancelled("cancelled while reading label polygons")
    except MineWatchInputError as exc:
        raise QgsProcessingException(exc.render(tr)) from exc
    if skipped_null:
        feedback.pushWarning(tr("{n} label polygons have no class in '{field}' and were "
                                "skipped.").format(n=skipped_null, field=field))
    if skipped_unlabelled:
        feedback.pushInfo(tr("{n} label polygons hold the unlabelled value {value} and label "
                             "nothing.").format(n=skipped_unlabelled, value=unlabelled))
    if skipped_empty:
        feedback.pushWarning(tr("{n} label features without geometry were skipped.").format(
            n=skipped_empty))
    if not shapes:
        raise QgsProcessingException(tr(
            "The label layer has no polygons with a class. Draw or load class polygons "
            "and fill the field '{field}' with a class index or name.").format(field=field))
    return shapes


def _is_value(value, number):
    """True when a field value (number or numeric text) equals ``number``."""
    try:
        return float(str(value).strip()) == float(number)
    except ValueError:
        return False
