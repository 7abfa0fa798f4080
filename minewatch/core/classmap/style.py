"""Colours and names of a class raster: the GDAL colour table, class names
stored in the file, and a QGIS ``.qml`` paletted style beside it (no QGIS).

``classes`` everywhere is a sequence of objects with ``index``, ``name``,
``name_zh``, ``damage_type`` and ``color`` (RGB 0–255), such as
:class:`minewatch.models.classes.ClassInfo` or ``ModelMetadata.class_table()``.
Class index = raster value; ``nodata`` (255) is transparent.

What ends up where, so that every reader finds the legend:

- colour table (GDAL palette, inside a GeoTIFF): any GIS shows the colours;
- band metadata items ``CLASS_<k>=<name>`` and ``DAMAGE_TYPE_<k>=<type>``
  (GeoTIFF: inside the file, GDAL_METADATA tag) and the band description;
- GDAL category names (a GeoTIFF keeps these in the ``.aux.xml`` sidecar,
  formats with native support such as .img/.kea inside the file): ArcGIS,
  ``gdalinfo`` and GDAL-based tools show names per value;
- ``<basename>.qml``: QGIS's paletted renderer with a labelled entry per
  class, loaded automatically by QGIS beside the raster.
"""
import os
from typing import Any, Sequence
from xml.sax.saxutils import quoteattr

from ..common.constants import CLASS_NODATA
from ..common.outputs import write_text
from ..raster.gdal_modes import gdal_exceptions

BAND_DESCRIPTION = "land damage class"


def class_label(info: Any) -> str:
    """Legend label of one class: English name, then the Chinese name in
    brackets when there is one (the paper's vocabulary)."""
    zh = getattr(info, "name_zh", "") or ""
    return f"{info.name} ({zh})" if zh else info.name


def colormap(classes, nodata=CLASS_NODATA):
    """GDAL colour table ``{value: (r, g, b, a)}``: opaque class colours and
    a transparent entry for ``nodata``."""
    table = {int(c.index): tuple(int(v) for v in c.color) + (255,) for c in classes}
    table[int(nodata)] = (0, 0, 0, 0)
    return table


def band_tags(classes):
    """Band metadata items naming each class and its damage type."""
    tags = {}
    for c in classes:
        tags[f"CLASS_{c.index}"] = class_label(c)
        tags[f"DAMAGE_TYPE_{c.index}"] = c.damage_type
    return tags


def category_names(classes):
    """GDAL category names: entry ``v`` names raster value ``v``, for the
    values 0 … K−1 (nodata is named by the band's nodata value, not here)."""
    names = [""] * (max(int(c.index) for c in classes) + 1)
    for c in classes:
        names[int(c.index)] = class_label(c)
    return names


def qml_path(raster_path):
    """Where QGIS looks for a raster's default style: same name, ``.qml``."""
    return os.path.splitext(raster_path)[0] + ".qml"


# classes drawn transparent, so the image under the class map shows through
SEE_THROUGH = ("background", "other")


def qml_text(classes, nodata=CLASS_NODATA, qgis_version="3.22.0"):
    """A QGIS paletted-renderer style for band 1 of the class raster; the
    nodata value is left out of the palette (QGIS draws it transparent) and
    the background class (:data:`SEE_THROUGH`) is transparent too."""
    entries = "\n".join(
        "        <paletteEntry value=\"%d\" color=%s alpha=\"%d\" label=%s/>"
        % (c.index, quoteattr("#%02x%02x%02x" % tuple(int(v) for v in c.color)),
           0 if c.name.casefold() in SEE_THROUGH else 255, quoteattr(class_label(c)))
        for c in sorted(classes, key=lambda c: c.index) if c.index != nodata)
    return f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="{qgis_version}" styleCategories="Symbology">
  <pipe>
    <provider>
      <resampling enabled="false" zoomedInResamplingMethod="nearestNeighbour" zoomedOutResamplingMethod="nearestNeighbour" maxOversampling="2"/>
    </provider>
    <rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin>
        <limits>None</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
      <colorPalette>
{entries}
      </colorPalette>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>
    <rasterresampler maxOversample="2"/>
    <resamplingStage>resamplingFilter</resamplingStage>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
"""


def write_qml(raster_path: str, classes: Sequence[Any], nodata: int = CLASS_NODATA) -> str:
    """Write the style beside ``raster_path``; returns the .qml path."""
    return write_text(qml_path(raster_path), qml_text(classes, nodata))


def label_class_raster(path: str, classes: Sequence[Any]) -> bool:
    """Store the class names in the finished class raster at ``path``: band
    description, ``CLASS_<k>``/``DAMAGE_TYPE_<k>`` metadata and GDAL
    category names (the colour table is written with the pixels). Uses
    GDAL's Python bindings, which QGIS always ships; without them only the
    colour table and the .qml carry the legend."""
    try:
        from osgeo import gdal
    except ImportError:
        return False
    with gdal_exceptions():
        ds = gdal.Open(path, gdal.GA_Update)
        band = ds.GetRasterBand(1)
        band.SetDescription(BAND_DESCRIPTION)
        for key, value in band_tags(classes).items():
            band.SetMetadataItem(key, value)
        band.SetCategoryNames(category_names(classes))
        band, ds = None, None  # closing flushes the tags (and .aux.xml)
    return True
