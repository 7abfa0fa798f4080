"""How MineWatch's vector outputs look when QGIS loads them: class polygons
in the class colours with bilingual names, suspected sites by score (or
cumulative settlement for the cascade), the sites' PS graduated by
cumulative settlement. Processing opens outputs with a default style, so a
post-processor applies these when the layer is added to the project."""
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsClassificationQuantile,
    QgsGradientColorRamp,
    QgsGraduatedSymbolRenderer,
    QgsProcessingLayerPostProcessorInterface,
    QgsRendererCategory,
    QgsRendererRange,
    QgsSymbol,
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


def class_polygons(classes):
    """``apply`` for class polygons: one category per class of ``classes``
    (``ClassInfo``: colour, English and Chinese name) on the field class."""
    def apply(layer):
        categories = []
        for info in classes:
            symbol = QgsSymbol.defaultSymbol(QgsWkbTypes.PolygonGeometry)
            symbol.setColor(QColor(*info.color))
            symbol.setOpacity(0.75)
            label = f"{info.index} {info.name}" + (f" ({info.name_zh})" if info.name_zh else "")
            categories.append(QgsRendererCategory(int(info.index), symbol, label))
        layer.setRenderer(QgsCategorizedSymbolRenderer("class", categories))

    return apply


def graduated(field, n_classes=GRADUATED_CLASSES, size=None, bounds=None):
    """``apply`` for a layer graduated by ``field`` on a light → dark red
    ramp: quantiles of the layer's values, or ``n_classes`` equal classes
    over fixed ``bounds`` (lower, upper) — for a score in 0–1, so a site of
    score 1 is dark whatever the other sites score; ``size`` in mm for
    point markers."""
    def apply(layer):
        renderer = QgsGraduatedSymbolRenderer(field)
        symbol = QgsSymbol.defaultSymbol(layer.geometryType())
        if size:
            symbol.setSize(size)
        renderer.setSourceSymbol(symbol)
        if bounds is None:
            renderer.setClassificationMethod(QgsClassificationQuantile())
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

    return apply


__all__ = ["StyleOnLoad", "class_polygons", "graduated"]
