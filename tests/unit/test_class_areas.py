"""Class areas for projected and geographic class rasters."""
import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from minewatch.core.classmap.areas import class_areas, geographic_row_areas


def write(path, array, crs, transform, nodata=255):
    with rasterio.open(path, "w", driver="GTiff", width=array.shape[1], height=array.shape[0],
                       count=1, dtype="uint8", crs=crs, transform=transform, nodata=nodata) as ds:
        ds.write(array, 1)
    return str(path)


def test_projected_areas(tmp_path):
    classes = np.array([[0, 1, 1], [2, 255, 1]], np.uint8)
    path = write(tmp_path / "c.tif", classes, "EPSG:32650", from_origin(0, 100, 2, 2))
    counts, areas = class_areas(path, 3)
    assert counts.tolist() == [1, 3, 1]
    np.testing.assert_allclose(areas, [4, 12, 4])


def test_foot_units_are_converted(tmp_path):
    classes = np.ones((2, 2), np.uint8)
    # NAD83 / Texas Central (ftUS)
    path = write(tmp_path / "f.tif", classes, "EPSG:2277", from_origin(0, 100, 10, 10))
    _, areas = class_areas(path, 2)
    assert areas[1] == pytest.approx(4 * 100 * 0.3048006096 ** 2, rel=1e-6)


def test_geographic_whole_sphere_band_matches_ellipsoid_total():
    # one 1°-wide column from pole to pole: 1/360 of the WGS 84 surface
    transform = from_origin(0, 90, 1, 1)
    total = geographic_row_areas(transform, np.arange(180)).sum()
    assert total * 360 == pytest.approx(510065621724088.0, rel=1e-9)


def test_geographic_raster_areas_near_equator(tmp_path):
    classes = np.ones((10, 10), np.uint8)
    # 0.0001° pixels at the equator: about 11.13 m × 11.06 m
    path = write(tmp_path / "g.tif", classes, "EPSG:4326", from_origin(0, 0.0005, 1e-4, 1e-4))
    counts, areas = class_areas(path, 2)
    assert counts[1] == 100
    assert areas[1] == pytest.approx(100 * 11.132 * 11.057, rel=2e-3)
