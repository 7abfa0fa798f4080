"""Colour table, class names and the QGIS .qml of a class raster."""
import xml.etree.ElementTree as ET

import numpy as np
import rasterio
from rasterio.transform import from_origin

from minewatch.core.classmap.style import (
    band_tags,
    category_names,
    class_label,
    colormap,
    label_class_raster,
    qml_path,
    qml_text,
    write_qml,
)
from minewatch.models.classes import LAND_DAMAGE_CLASSES


def test_colormap_has_every_class_and_transparent_nodata():
    table = colormap(LAND_DAMAGE_CLASSES)
    assert table[1] == (230, 25, 45, 255)
    assert table[255] == (0, 0, 0, 0)
    assert sorted(table) == list(range(8)) + [255]


def test_labels_tags_and_categories():
    assert class_label(LAND_DAMAGE_CLASSES[7]) == "tailings pond (尾矿库)"
    tags = band_tags(LAND_DAMAGE_CLASSES)
    assert tags["CLASS_2"] == "water (水域)" and tags["DAMAGE_TYPE_2"] == "excavation"
    assert category_names(LAND_DAMAGE_CLASSES)[5] == "industrial site (工业广场)"
    assert len(category_names(LAND_DAMAGE_CLASSES)) == 8


def test_qml_is_a_paletted_style_with_one_entry_per_class(tmp_path):
    root = ET.fromstring(qml_text(LAND_DAMAGE_CLASSES).split("\n", 1)[1])
    renderer = root.find("pipe/rasterrenderer")
    assert renderer.get("type") == "paletted" and renderer.get("band") == "1"
    entries = renderer.findall("colorPalette/paletteEntry")
    assert [int(e.get("value")) for e in entries] == list(range(8))
    assert entries[1].get("color") == "#e6192d" and entries[1].get("label") == "open pit (露天采场)"
    path = write_qml(str(tmp_path / "map.tif"), LAND_DAMAGE_CLASSES)
    assert path == qml_path(str(tmp_path / "map.tif")) == str(tmp_path / "map.qml")


def test_label_class_raster_writes_names_into_the_file(tmp_path):
    path = str(tmp_path / "c.tif")
    with rasterio.open(path, "w", driver="GTiff", width=4, height=4, count=1, dtype="uint8",
                       crs="EPSG:32650", transform=from_origin(0, 4, 1, 1), nodata=255) as ds:
        ds.write(np.arange(16, dtype=np.uint8).reshape(4, 4) % 8, 1)
        ds.write_colormap(1, colormap(LAND_DAMAGE_CLASSES))
    assert label_class_raster(path, LAND_DAMAGE_CLASSES)
    with rasterio.open(path) as ds:
        assert ds.tags(1)["CLASS_6"] == "waste dump (堆放场)"
        assert ds.descriptions[0] == "land damage class"
        assert ds.colormap(1)[4] == (255, 215, 0, 255)
    from osgeo import gdal

    assert "6: waste dump (堆放场)" in gdal.Info(path)


def test_background_is_transparent_in_the_style():
    from minewatch.core.classmap.style import qml_text
    from minewatch.models.classes import BUILDING_CLASSES, LAND_DAMAGE_CLASSES

    for classes in (LAND_DAMAGE_CLASSES, BUILDING_CLASSES):
        text = qml_text(classes)
        assert 'value="0" color="#000000" alpha="0"' in text
        assert text.count('alpha="255"') == len(classes) - 1
