"""Issue 30: outputs are drawn so the image under them stays visible. Each
style is rendered over a one-colour image by QGIS's own map renderer and
the pixels are read back: where a class map says 'background' or a change
map 'unchanged', the image's colour comes through unchanged; where a class
is drawn the image still tints it. Legends of graduated layers are
rounded and carry the unit."""
import re

import numpy as np
import pytest
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsRasterLayer,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor
from tiled_testlib import CRS, write_raster

from minewatch.core.classmap.style import write_qml
from minewatch.core.landdamage.change import drawn_transitions, transition_code, transition_table
from minewatch.models.classes import LAND_DAMAGE_CLASSES
from minewatch.processing_provider.styles import class_polygons, graduated

IMAGE_RGB = (20, 120, 200)
SIZE = 40  # pixels of 2 m (tiled_testlib's grid)


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    """A one-colour RGB image, styled as plain RGB."""
    data = np.stack([np.full((SIZE, SIZE), v, np.uint8) for v in IMAGE_RGB])
    path = write_raster(tmp_path_factory.mktemp("styles") / "image.tif", data)
    layer = QgsRasterLayer(path, "image")
    assert layer.isValid()
    return layer


def render(layers, extent):
    """The rendered map (top layer first) as a QImage of SIZE² pixels."""
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(layers[-1].crs())
    settings.setExtent(extent)
    settings.setOutputSize(QSize(SIZE, SIZE))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    return job.renderedImage()


def rgb(picture, x, y):
    color = picture.pixelColor(x, y)
    return color.red(), color.green(), color.blue()


def test_class_polygons_leave_background_clear_and_tint_classes(image):
    extent = image.extent()
    layer = QgsVectorLayer(f"Polygon?crs={CRS}&field=class:integer", "classes", "memory")
    left, right = QgsRectangle(extent), QgsRectangle(extent)
    left.setXMaximum(extent.center().x())
    right.setXMinimum(extent.center().x())
    features = []
    for rect, class_index in ((left, 0), (right, 1)):  # background | open pit
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromRect(rect))
        feature.setAttributes([class_index])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    class_polygons(LAND_DAMAGE_CLASSES)(layer)
    picture = render([layer, image], extent)
    assert rgb(picture, SIZE // 4, SIZE // 2) == IMAGE_RGB  # background: the image itself
    tinted = rgb(picture, 3 * SIZE // 4, SIZE // 2)
    pit = LAND_DAMAGE_CLASSES[1].color
    assert tinted != IMAGE_RGB and tinted != tuple(pit), tinted  # the image shows through
    assert tinted[0] > IMAGE_RGB[0]  # reddened by the open pit's colour


def test_the_change_map_leaves_unchanged_land_clear(image, tmp_path):
    unchanged = transition_code(3, 3)  # vegetation → vegetation
    new_damage = transition_code(3, 1)  # vegetation → open pit
    codes = np.full((1, SIZE, SIZE), unchanged, np.uint8)
    codes[0, :, SIZE // 2:] = new_damage
    path = write_raster(tmp_path / "change.tif", codes, nodata=255)
    present = [t for t in transition_table(LAND_DAMAGE_CLASSES)
               if t.index in (unchanged, new_damage)]
    write_qml(path, drawn_transitions(LAND_DAMAGE_CLASSES, present))
    layer = QgsRasterLayer(path, "change")
    assert layer.isValid()
    picture = render([layer, image], image.extent())
    assert rgb(picture, SIZE // 4, SIZE // 2) == IMAGE_RGB
    assert rgb(picture, 3 * SIZE // 4, SIZE // 2) == tuple(LAND_DAMAGE_CLASSES[1].color)


def test_settlement_legends_are_rounded_millimetres():
    layer = QgsVectorLayer(f"Point?crs={CRS}&field=cum_mm:double", "ps", "memory")
    features = []
    for i, value in enumerate(np.linspace(18.9155, 126.6944, 50)):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(f"POINT ({float(i)} 0)"))
        feature.setAttributes([float(value)])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    graduated("cum_mm", unit="mm")(layer)
    labels = [r.label() for r in layer.renderer().ranges()]
    assert len(labels) == 5
    assert all(re.fullmatch(r"-?\d+ – -?\d+ mm", label) for label in labels), labels


def test_sites_are_labelled_with_their_number():
    layer = QgsVectorLayer(f"Point?crs={CRS}&field=site_id:integer&field=score:double",
                           "sites", "memory")
    graduated("score", size=4.0, bounds=(0.0, 1.0), marker="square", label='"site_id"')(layer)
    assert layer.labelsEnabled()
    assert layer.labeling().settings().fieldName == '"site_id"'
