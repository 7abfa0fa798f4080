"""How MineWatch's vector outputs look when QGIS loads them, drawn so the
image under them stays visible: class polygons as light fills with their
outline in the class colours and bilingual names (background not drawn),
change polygons by kind of change, suspected sites by score (or cumulative
settlement for the cascade) with their number as label, PS graduated by
cumulative settlement with legends in rounded millimetres. Processing
opens outputs with a default style, so a post-processor applies these when
the layer is added to the project."""
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsClassificationQuantile,
    QgsGradientColorRamp,
    QgsGraduatedSymbolRenderer,
    QgsPalLayerSettings,
    QgsProcessingLayerPostProcessorInterface,
    QgsRendererCategory,
    QgsRendererRange,
    QgsSymbol,
    QgsTextFormat,
    QgsVectorLayerSimpleLabeling,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QColor

# light → dark red: more settlement, more urgent
SETTLEMENT_RAMP = ("#fee5d9", "#a50f15")
GRADUATED_CLASSES = 5
# Processing calls a post-processor after the run, when the algorithm
# instance that made it may be gone: the Python objects must outlive it
_KEEP = []
_KEEP_MOST = 200


class StyleOnLoad(QgsProcessingLayerPostProcessorInterface):
    """Calls ``apply(layer)`` when QGIS adds the output to the project."""

    def __init__(self, apply):
        super().__init__()
        self.apply = apply
        _KEEP.append(self)
        del _KEEP[:-_KEEP_MOST]

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 - QGIS API
        if layer is not None and layer.isValid():
            self.apply(layer)
            layer.triggerRepaint()


# fill opacity of polygons drawn over the image: the image shows through
LIGHT_FILL_ALPHA = 90
OUTLINE_MM = 0.4
# classes not drawn as polygons (the image is what shows there)
NOT_DRAWN = ("background", "other")


def light_polygon(color):
    """A polygon symbol: a light fill and a solid outline of ``color`` (RGB)."""
    symbol = QgsSymbol.defaultSymbol(QgsWkbTypes.PolygonGeometry)
    fill = QColor(*color[:3])
    fill.setAlpha(LIGHT_FILL_ALPHA)
    symbol.setColor(fill)
    layer = symbol.symbolLayer(0)
    layer.setStrokeColor(QColor(*color[:3]))
    layer.setStrokeWidth(OUTLINE_MM)
    return symbol


def class_polygons(classes):
    """``apply`` for class polygons: one category per class of ``classes``
    (``ClassInfo``: colour, English and Chinese name) on the field class;
    the background class is listed but not drawn."""
    def apply(layer):
        categories = []
        for info in classes:
            label = f"{info.index} {info.name}" + (f" ({info.name_zh})" if info.name_zh else "")
            categories.append(QgsRendererCategory(
                int(info.index), light_polygon(info.color), label,
                info.name.casefold() not in NOT_DRAWN))
        layer.setRenderer(QgsCategorizedSymbolRenderer("class", categories))

    return apply


def change_polygons(kind_colors, kind_labels):
    """``apply`` for change polygons: one category per kind of change on the
    field ``change`` (``kind_colors``: {kind: RGB}; ``kind_labels``: {kind:
    legend text})."""
    def apply(layer):
        categories = [QgsRendererCategory(kind, light_polygon(color), kind_labels.get(kind, kind))
                      for kind, color in kind_colors.items()]
        layer.setRenderer(QgsCategorizedSymbolRenderer("change", categories))

    return apply


def number_labels(layer, expression):
    """Label each feature of ``layer`` with ``expression`` (e.g. the site
    number), white-haloed so it reads over any image; labels never overlap."""
    settings = QgsPalLayerSettings()
    settings.fieldName = expression
    settings.isExpression = True
    text = QgsTextFormat()
    text.setSize(9)
    text.buffer().setEnabled(True)
    text.buffer().setSize(1.0)
    settings.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def graduated(field, n_classes=GRADUATED_CLASSES, size=None, bounds=None, unit="",
              label=None, marker=None):
    """``apply`` for a layer graduated by ``field`` on a light → dark red
    ramp: quantiles of the layer's values (legend rounded to whole
    ``unit`` s, e.g. "19 – 127 mm"), or ``n_classes`` equal classes over
    fixed ``bounds`` (lower, upper) — for a score in 0–1, so a site of
    score 1 is dark whatever the other sites score; ``size`` in mm and
    ``marker`` (e.g. "square") for point markers; ``label`` an expression
    each feature is labelled with."""
    def apply(layer):
        renderer = QgsGraduatedSymbolRenderer(field)
        symbol = QgsSymbol.defaultSymbol(layer.geometryType())
        if size:
            symbol.setSize(size)
        if marker and hasattr(symbol.symbolLayer(0), "setShape"):
            from qgis.core import QgsSimpleMarkerSymbolLayerBase

            symbol.symbolLayer(0).setShape(QgsSimpleMarkerSymbolLayerBase.decodeShape(marker)[0])
        renderer.setSourceSymbol(symbol)
        if bounds is None:
            method = QgsClassificationQuantile()
            method.setLabelPrecision(0)
            method.setLabelFormat("%1 – %2" + (f" {unit}" if unit else ""))
            renderer.setClassificationMethod(method)
            renderer.updateClasses(layer, n_classes)
        else:
            low, high = bounds
            edges = [low + (high - low) * i / n_classes for i in range(n_classes + 1)]
            for lower, upper in zip(edges[:-1], edges[1:]):
                renderer.addClassRange(QgsRendererRange(lower, upper, symbol.clone(),
                                                        f"{lower:g} – {upper:g}"))
        renderer.updateColorRamp(QgsGradientColorRamp(QColor(SETTLEMENT_RAMP[0]),
                                                       QColor(SETTLEMENT_RAMP[1])))
        layer.setRenderer(renderer)
        if label:
            number_labels(layer, label)

    return apply


__all__ = ["StyleOnLoad", "change_polygons", "class_polygons", "graduated"]
