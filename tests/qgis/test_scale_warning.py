"""The pixel-size warning of the model algorithms: from a factor of 2
either way (exactly 2 included), from the raster's own pixel size, the
same for every image of one pixel size whatever its extent."""
import numpy as np
import pytest
import rasterio
from qgis.core import QgsRasterLayer
from rasterio.transform import from_origin

from minewatch.processing_provider.network_algorithm import scale_factor


def image(tmp_path, pixel, size, name):
    path = tmp_path / f"{name}.tif"
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=1,
                       dtype="uint8", crs="EPSG:32650",
                       transform=from_origin(500000.13, 4000000.07, pixel, pixel)) as ds:
        ds.write(np.zeros((1, size, size), np.uint8))
    layer = QgsRasterLayer(str(path), name)
    assert layer.isValid()
    return layer


@pytest.mark.parametrize("size", [333, 1000, 4097])
def test_exactly_half_and_twice_the_model_pixel_warn_for_every_size(tmp_path, size):
    assert scale_factor(image(tmp_path, 0.3, size, "half"), 0.6) == pytest.approx(0.5)
    assert scale_factor(image(tmp_path, 1.2, size, "twice"), 0.6) == pytest.approx(2.0)
    assert scale_factor(image(tmp_path, 0.31, size, "near"), 0.6) is None
    assert scale_factor(image(tmp_path, 1.19, size, "below"), 0.6) is None
    assert scale_factor(image(tmp_path, 0.077, size, "drone"), 0.6) == pytest.approx(0.077 / 0.6,
                                                                                   abs=1e-6)
