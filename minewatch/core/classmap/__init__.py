"""A class raster (uint8, value = class index, 255 = nodata) and what is
made from it: class tables parsed from user input (:mod:`.class_tables`),
colour tables, class names and QGIS styles (:mod:`.style`), area per
class in m², exact on the ellipsoid for a geographic CRS (:mod:`.areas`),
and polygons per class patch (:mod:`.polygons`)."""
