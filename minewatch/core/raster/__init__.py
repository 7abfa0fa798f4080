"""Raster files on disk: opening with clear errors, validity masks,
atomic writers (a file appears only when complete), window plans that
keep memory flat, GDAL exception handling, and rasterising label
polygons onto an image grid."""
