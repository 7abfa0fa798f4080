"""Polygons of a class raster: one per patch or per class, areas in m²."""
import numpy as np
import pytest
import rasterio
from osgeo import ogr
from rasterio.transform import from_origin

from minewatch.core.classmap.areas import class_areas
from minewatch.core.classmap.polygons import polygonise_classes
from minewatch.core.common.errors import Cancelled


def write(path, array, crs="EPSG:32650", transform=None):
    transform = transform or from_origin(1000, 2000, 2, 2)
    with rasterio.open(path, "w", driver="GTiff", width=array.shape[1], height=array.shape[0],
                       count=1, dtype="uint8", crs=crs, transform=transform, nodata=255) as ds:
        ds.write(array, 1)
    return str(path)


def patches():
    """Class 1: two separate squares (one with a class-2 hole); class 2 also
    fills a corner; nodata strip on the right; everything else class 0."""
    a = np.zeros((20, 24), np.uint8)
    a[2:8, 2:8] = 1
    a[4:6, 4:6] = 2
    a[12:16, 12:15] = 1
    a[15:20, 0:3] = 2
    a[:, 22:] = 255
    return a


def test_one_polygon_per_patch_with_holes_and_exact_areas(tmp_path):
    a = patches()
    out = list(polygonise_classes(write(tmp_path / "c.tif", a), 3))
    by_class = {k: sorted(p.area_m2 for p in out if p.class_index == k) for k in range(3)}
    assert by_class[1] == [4 * 12, 4 * (36 - 4)]
    assert by_class[2] == [4 * 4, 4 * 15]
    assert by_class[0] == [4 * (a == 0).sum()]
    hole = next(p for p in out if p.class_index == 1 and p.area_m2 == 4 * 32)
    geometry = ogr.CreateGeometryFromWkb(hole.wkb)
    assert geometry.GetGeometryCount() == 2 and geometry.GetArea() == pytest.approx(4 * 32)
    assert 255 not in {p.class_index for p in out}


def test_dissolve_gives_one_multipolygon_per_class(tmp_path):
    a = patches()
    out = list(polygonise_classes(write(tmp_path / "c.tif", a), 3, dissolve=True))
    assert [p.class_index for p in out] == [0, 1, 2]
    for p in out:
        geometry = ogr.CreateGeometryFromWkb(p.wkb)
        assert geometry.GetGeometryName() == "MULTIPOLYGON"
        assert p.area_m2 == pytest.approx(4 * (a == p.class_index).sum())


def test_classes_beyond_the_model_are_skipped(tmp_path):
    a = patches()
    out = list(polygonise_classes(write(tmp_path / "c.tif", a), 2))
    assert {p.class_index for p in out} == {0, 1}


def test_geographic_polygon_areas_sum_to_class_areas(tmp_path):
    rng = np.random.default_rng(0)
    a = (rng.random((30, 40)) * 3).astype(np.uint8)
    a[:3, :5] = 255
    path = write(tmp_path / "g.tif", a, crs="EPSG:4326", transform=from_origin(10.0, 60.0, 0.001, 0.001))
    _, areas = class_areas(path, 3)
    sums = np.zeros(3)
    for p in polygonise_classes(path, 3):
        sums[p.class_index] += p.area_m2
    np.testing.assert_allclose(sums, areas, rtol=1e-9)


class StopAt:
    def __init__(self, percent):
        self.percent, self.last = percent, 0

    def setProgress(self, value):  # noqa: N802
        self.last = value

    def isCanceled(self):  # noqa: N802
        return self.last >= self.percent


def test_cancel_raises(tmp_path):
    path = write(tmp_path / "c.tif", patches())
    with pytest.raises(Cancelled):
        list(polygonise_classes(path, 3, feedback=StopAt(0)))
