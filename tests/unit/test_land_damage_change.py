"""Land-damage change between two class maps (core/landdamage/change.py):
transition codes, change kinds, areas per damage type, alignment of grids,
the minimum mapping unit, and the inputs left alone."""
import os

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from minewatch.core.common.errors import Cancelled, MineWatchInputError
from minewatch.core.landdamage.change import (
    NEW_DAMAGE,
    PERSISTING,
    RESTORED,
    change_kind,
    measure_change,
    transition_table,
    write_transitions,
)
from minewatch.models.classes import LAND_DAMAGE_CLASSES as CLASSES

BACKGROUND, OPEN_PIT, WATER, VEGETATION, LIVING, INDUSTRIAL, DUMP, TAILINGS = range(8)


def write(path, array, pixel=2.0, origin=(500000.0, 4200000.0), crs="EPSG:32650"):
    with rasterio.open(path, "w", driver="GTiff", width=array.shape[1], height=array.shape[0],
                       count=1, dtype="uint8", nodata=255, crs=crs,
                       transform=from_origin(*origin, pixel, pixel)) as ds:
        ds.write(array.astype(np.uint8), 1)
    return str(path)


def read(path):
    with rasterio.open(path) as ds:
        try:
            colours = ds.colormap(1)
        except ValueError:  # no colour table
            colours = None
        return ds.read(1), colours


def scenes():
    before = np.full((100, 100), VEGETATION, np.uint8)
    before[10:30, 10:30] = OPEN_PIT     # restored later (400 px = 1 600 m²)
    before[60:80, 60:80] = DUMP         # persists
    after = before.copy()
    after[10:30, 10:30] = VEGETATION
    after[40:50, 0:50] = OPEN_PIT       # new pit: 500 px = 2 000 m²
    after[90, 90] = INDUSTRIAL          # a lone pixel: 4 m²
    return before, after


def test_kinds_follow_damage_types():
    c = {info.index: info for info in CLASSES}
    assert change_kind(c[VEGETATION], c[OPEN_PIT]) == NEW_DAMAGE
    assert change_kind(c[OPEN_PIT], c[VEGETATION]) == RESTORED
    assert change_kind(c[DUMP], c[DUMP]) == PERSISTING
    names = {t.index: t.name for t in transition_table(CLASSES)}
    assert names[OPEN_PIT * 16 + VEGETATION] == "open pit → vegetation"


def test_transitions_areas_and_inputs_left_alone(tmp_path):
    before, after = scenes()
    a, b = write(tmp_path / "2021.tif", before), write(tmp_path / "2022.tif", after)
    out = write_transitions(a, b, str(tmp_path / "change.tif"), CLASSES)
    codes, colours = read(out)
    assert codes[20, 20] == OPEN_PIT * 16 + VEGETATION
    assert codes[45, 10] == VEGETATION * 16 + OPEN_PIT
    assert codes[0, 0] == VEGETATION * 16 + VEGETATION
    assert colours[VEGETATION * 16 + OPEN_PIT][:3] == CLASSES[OPEN_PIT].color
    result = measure_change(out, CLASSES)
    assert result.matrix_m2[OPEN_PIT, VEGETATION] == pytest.approx(1600)
    assert result.matrix_m2[VEGETATION, OPEN_PIT] == pytest.approx(2000)
    assert result.by_type["excavation"][NEW_DAMAGE] == pytest.approx(0.002)
    assert result.by_type["excavation"][RESTORED] == pytest.approx(0.0016)
    assert result.by_type["occupation"][PERSISTING] == pytest.approx(0.0016)
    assert result.by_type["occupation"][NEW_DAMAGE] == pytest.approx(4e-6)
    assert result.matrix_m2.sum() == pytest.approx(100 * 100 * 4)
    np.testing.assert_array_equal(read(a)[0], before)  # inputs untouched
    np.testing.assert_array_equal(read(b)[0], after)


def test_minimum_mapping_unit_drops_small_patches(tmp_path):
    before, after = scenes()
    a, b = write(tmp_path / "a.tif", before), write(tmp_path / "b.tif", after)
    out = write_transitions(a, b, str(tmp_path / "c.tif"), CLASSES, min_area_m2=100.0)
    codes, _ = read(out)
    assert codes[90, 90] == VEGETATION * 16 + VEGETATION  # the lone pixel is gone
    assert codes[45, 10] == VEGETATION * 16 + OPEN_PIT    # the 2 000 m² pit stays
    assert "occupation" not in measure_change(out, CLASSES).by_type or \
        measure_change(out, CLASSES).by_type["occupation"].get(NEW_DAMAGE, 0) == 0


def test_a_huge_minimum_mapping_unit_keeps_the_map_whole(tmp_path):
    """MIN_AREA far beyond the map (1e12 m²) overflowed GDAL's sieve; every
    patch is now merged into its surroundings, no partial file left."""
    before, after = scenes()
    a, b = write(tmp_path / "a.tif", before), write(tmp_path / "b.tif", after)
    out = write_transitions(a, b, str(tmp_path / "c.tif"), CLASSES, min_area_m2=1e12)
    codes, _ = read(out)
    assert codes.shape == after.shape
    assert sorted(os.listdir(tmp_path)) == ["a.tif", "b.tif", "c.tif"]


def test_earlier_map_on_another_grid_is_aligned_by_nearest(tmp_path):
    before, after = scenes()
    coarse = before[::2, ::2]  # 4 m pixels, same extent
    a = write(tmp_path / "a.tif", coarse, pixel=4.0)
    b = write(tmp_path / "b.tif", after)
    codes, _ = read(write_transitions(a, b, str(tmp_path / "c.tif"), CLASSES))
    assert codes.shape == after.shape
    assert codes[20, 20] == OPEN_PIT * 16 + VEGETATION


def test_ignored_classes_and_nodata_become_nodata(tmp_path):
    before, after = scenes()
    after[0:5, :] = 255
    a, b = write(tmp_path / "a.tif", before), write(tmp_path / "b.tif", after)
    codes, _ = read(write_transitions(a, b, str(tmp_path / "c.tif"), CLASSES,
                                      ignore=(WATER, DUMP)))
    assert np.all(codes[0:5] == 255) and np.all(codes[60:80, 60:80] == 255)


def test_too_many_classes_and_cancel_leave_nothing(tmp_path):
    from minewatch.models.classes import ClassInfo

    before, after = scenes()
    a, b = write(tmp_path / "a.tif", before), write(tmp_path / "b.tif", after)
    many = tuple(ClassInfo(i, f"c{i}", "", "none", (0, 0, 0)) for i in range(20))
    with pytest.raises(MineWatchInputError, match="at most 15"):
        write_transitions(a, b, str(tmp_path / "c.tif"), many)

    class Stop:
        def setProgress(self, value):
            pass

        def isCanceled(self):
            return True

    with pytest.raises(Cancelled):
        write_transitions(a, b, str(tmp_path / "d.tif"), CLASSES, feedback=Stop())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tif", "b.tif"]


def test_report_holds_the_figures_and_an_embedded_chart(tmp_path):
    from html.parser import HTMLParser

    from minewatch.core.landdamage.change_report import write_change_report

    before, after = scenes()
    a, b = write(tmp_path / "a.tif", before), write(tmp_path / "b.tif", after)
    result = measure_change(write_transitions(a, b, str(tmp_path / "c.tif"), CLASSES), CLASSES)
    path = write_change_report(str(tmp_path / "r.html"), result, "2021", "2022")
    text = open(path, encoding="utf-8").read()
    HTMLParser().feed(text)
    assert "Land-damage change 2021 → 2022" in text
    assert text.count("data:image/png;base64,") == 1
    assert "excavation (挖损)" in text and "0.0020" in text and "0.0016" in text


def test_images_and_disjoint_maps_are_refused_clearly(tmp_path):
    before, after = scenes()
    a = write(tmp_path / "a.tif", before)
    far = write(tmp_path / "far.tif", after, origin=(600000.0, 4300000.0))
    with pytest.raises(MineWatchInputError, match="No pixel holds a class"):
        write_transitions(a, far, str(tmp_path / "c.tif"), CLASSES)
    image = str(tmp_path / "image.tif")
    with rasterio.open(image, "w", driver="GTiff", width=100, height=100, count=1,
                       dtype="float32", crs="EPSG:32650",
                       transform=from_origin(500000.0, 4200000.0, 2, 2)) as ds:
        ds.write(np.full((100, 100), 0.37, np.float32), 1)  # a probability or reflectance
    with pytest.raises(MineWatchInputError, match="not class indices"):
        write_transitions(a, image, str(tmp_path / "d.tif"), CLASSES)
    assert not (tmp_path / "c.tif").exists() and not (tmp_path / "d.tif").exists()
    # a float class map of whole numbers (a label mask saved as float32) is one
    floats = write(tmp_path / "floats.tif", after.astype(np.float32))
    write_transitions(a, floats, str(tmp_path / "e.tif"), CLASSES)
    with rasterio.open(tmp_path / "e.tif") as ds, rasterio.open(write_transitions(
            a, write(tmp_path / "ints.tif", after), str(tmp_path / "f.tif"), CLASSES)) as ref:
        assert np.array_equal(ds.read(1), ref.read(1))


def test_earlier_map_in_another_crs_is_reprojected_and_no_crs_is_refused(tmp_path):
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    before, after = scenes()
    a = write(tmp_path / "a.tif", before)
    b = write(tmp_path / "b.tif", after)
    with rasterio.open(a) as src:  # the earlier map delivered in Web Mercator
        transform, width, height = calculate_default_transform(
            src.crs, "EPSG:3857", src.width, src.height, *src.bounds)
        moved = np.full((height, width), 255, np.uint8)
        reproject(before, moved, src_transform=src.transform, src_crs=src.crs,
                  dst_transform=transform, dst_crs="EPSG:3857", resampling=Resampling.nearest)
    mercator = str(tmp_path / "a_3857.tif")
    with rasterio.open(mercator, "w", driver="GTiff", width=width, height=height, count=1,
                       dtype="uint8", nodata=255, crs="EPSG:3857", transform=transform) as ds:
        ds.write(moved, 1)
    same = measure_change(write_transitions(a, b, str(tmp_path / "c1.tif"), CLASSES), CLASSES)
    moved_result = measure_change(write_transitions(mercator, b, str(tmp_path / "c2.tif"),
                                                    CLASSES), CLASSES)
    assert moved_result.by_type["excavation"][NEW_DAMAGE] == pytest.approx(
        same.by_type["excavation"][NEW_DAMAGE], rel=0.05)
    assert moved_result.by_type["excavation"][RESTORED] == pytest.approx(
        same.by_type["excavation"][RESTORED], rel=0.05)
    no_crs = str(tmp_path / "no_crs.tif")
    with rasterio.open(no_crs, "w", driver="GTiff", width=100, height=100, count=1,
                       dtype="uint8") as ds:
        ds.write(before, 1)
    with pytest.raises(MineWatchInputError, match="coordinate reference system"):
        write_transitions(no_crs, b, str(tmp_path / "c3.tif"), CLASSES)


def test_uint16_class_maps_with_a_large_nodata(tmp_path):
    before, after = scenes()
    paths = []
    for name, array in (("a.tif", before), ("b.tif", after)):
        data = array.astype(np.uint16)
        data[0:3] = 65535
        path = str(tmp_path / name)
        with rasterio.open(path, "w", driver="GTiff", width=100, height=100, count=1,
                           dtype="uint16", nodata=65535, crs="EPSG:32650",
                           transform=from_origin(500000.0, 4200000.0, 2.0, 2.0)) as ds:
            ds.write(data, 1)
        paths.append(path)
    codes, _ = read(write_transitions(*paths, str(tmp_path / "c.tif"), CLASSES))
    assert np.all(codes[0:3] == 255) and codes[20, 20] == OPEN_PIT * 16 + VEGETATION
