"""One place for the QGIS/Qt API that differs between the supported
versions (QGIS 3.22 … 3.44 with Qt 5, QGIS 4 with Qt 6).

- Field types: QGIS < 3.38 takes ``QVariant.Type``; 3.38 and later take
  ``QMetaType.Type`` (and warn on ``QVariant``); PyQt6 has no
  ``QVariant.Type`` at all.
- ``parameterAsFields`` is deprecated from 3.40 in favour of
  ``parameterAsStrings``.
- ``exec_()`` is gone in PyQt6: call ``exec()``, which PyQt 5.15 (QGIS
  3.22 and later) has too; ``QAction`` moved from QtWidgets to QtGui.
"""
from qgis.core import Qgis, QgsField, QgsFields

# a field kind of ours → the name of the type in QMetaType.Type / QVariant
_META_TYPES = {"int": "Int", "int64": "LongLong", "double": "Double", "string": "QString",
               "date": "QDate", "bool": "Bool"}
_VARIANT_TYPES = {"int": "Int", "int64": "LongLong", "double": "Double", "string": "String",
                  "date": "Date", "bool": "Bool"}
METATYPE_FIELDS = Qgis.QGIS_VERSION_INT >= 33800


def field_type(kind):
    """The type value ``QgsField`` takes in this QGIS for ``kind`` (one of
    int, int64, double, string, date, bool)."""
    if METATYPE_FIELDS:
        from qgis.PyQt.QtCore import QMetaType

        return getattr(QMetaType.Type, _META_TYPES[kind])
    from qgis.PyQt.QtCore import QVariant

    return getattr(QVariant, _VARIANT_TYPES[kind])


def make_field(name, kind):
    """A ``QgsField`` named ``name`` of ``kind`` (see :func:`field_type`)."""
    return QgsField(name, field_type(kind))


def make_fields(spec):
    """``QgsFields`` from ``[(name, kind), …]``."""
    fields = QgsFields()
    for name, kind in spec:
        fields.append(make_field(name, kind))
    return fields


def parameter_field_names(algorithm, parameters, name, context):
    """The field names given for a field parameter (a list of str)."""
    if hasattr(algorithm, "parameterAsStrings"):  # QGIS ≥ 3.40
        return list(algorithm.parameterAsStrings(parameters, name, context) or [])
    return list(algorithm.parameterAsFields(parameters, name, context) or [])
