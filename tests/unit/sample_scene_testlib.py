"""Tiny labelled rasters for the Create Training Samples tests, shared by
the engine tests (tests/unit) and the Processing tests (tests/qgis)."""
import numpy as np
import rasterio
from rasterio.transform import from_origin

CRS = "EPSG:32650"
TRANSFORM = from_origin(500000, 4000000, 2, 2)  # 2 m pixels


def stripes(height, width, cell=8, n_classes=8):
    """A checker of class cells: class = (row cell + col cell) mod n."""
    return ((np.arange(height)[:, None] // cell + np.arange(width)[None, :] // cell)
            % n_classes).astype(np.uint8)


def write_raster(path, array, transform=TRANSFORM, crs=CRS, nodata=None):
    """Write a (rows, cols) or (bands, rows, cols) array as a GeoTIFF;
    returns the path (str)."""
    array = array[None] if array.ndim == 2 else array
    with rasterio.open(path, "w", driver="GTiff", width=array.shape[2], height=array.shape[1],
                       count=array.shape[0], dtype=array.dtype, crs=crs, transform=transform,
                       nodata=nodata) as ds:
        ds.write(array)
    return str(path)
