"""Building outlines from a mask: one clean polygon per building, streamed
in strips, with area, perimeter and mean probability."""
import math

import numpy as np
import pytest
from osgeo import ogr
from outline_testlib import burn, circle, iou, l_shape, ogr_valid, rectangle, turning_angles, write_mask
from rasterio.transform import from_origin

from minewatch.core.buildings.outlines import iter_outlines, polygonize_mask
from minewatch.core.buildings.regularize import signed_area
from minewatch.core.classmap.areas import geographic_row_areas
from minewatch.core.common.errors import Cancelled, MineWatchInputError

PX = 0.5
X0, Y0 = 500000.0, 4200000.0
TRANSFORM = from_origin(X0, Y0, PX, PX)
SIZE = 200


def at(col, row):
    """Map coordinates of a point given in pixels (slightly off the grid)."""
    return (X0 + (col + 0.1) * PX, Y0 - (row + 0.15) * PX)


def scene():
    """Known buildings (true polygons in map coordinates) and their mask."""
    buildings = {
        "axis": rectangle(at(30, 25), 20 * PX, 30 * PX, 0),
        "r10": rectangle(at(80, 30), 24 * PX, 40 * PX, 10),
        "r30": rectangle(at(140, 35), 16 * PX, 36 * PX, 30),
        "r45": rectangle(at(40, 100), 30 * PX, 50 * PX, 45),
        "small": rectangle(at(170, 100), 12 * PX, 14 * PX, 0),
        "L": l_shape(at(105, 110), 44 * PX, 16 * PX, 20),
        "round": circle(at(150, 165), 16 * PX),
        "wide": rectangle(at(60, 160), 60 * PX, 22 * PX, 63),
    }
    mask = burn(list(buildings.values()), (SIZE, SIZE), TRANSFORM)
    speck = rectangle(at(185, 185), 5 * PX, 5 * PX, 0)      # 6.25 m² < 20 m²
    burn([speck], (SIZE, SIZE), TRANSFORM, out=mask)
    mask[:, :2] = 255                                          # a nodata strip
    return buildings, mask


def match(outlines, true):
    """The outline with the largest IoU with ``true`` and that IoU."""
    scores = [iou(o.exterior, true, PX / 5) for o in outlines]
    k = int(np.argmax(scores))
    return outlines[k], scores[k]


@pytest.mark.parametrize("strip_rows", [None, 16])
def test_synthetic_scene_matches_known_buildings(tmp_path, strip_rows):
    buildings, mask = scene()
    path = write_mask(tmp_path / "mask.tif", mask, TRANSFORM)
    outlines = polygonize_mask(path, strip_rows=strip_rows)
    assert len(outlines) == len(buildings)       # the speck is dropped
    for name, true in buildings.items():
        outline, score = match(outlines, true)
        assert score >= 0.9, name
        ring = outline.exterior
        assert np.array_equal(ring[0], ring[-1]) and signed_area(ring) > 0
        assert ogr_valid(ring), name
        # in the input CRS, inside the raster
        assert np.all((ring[:, 0] >= X0) & (ring[:, 0] <= X0 + SIZE * PX))
        assert np.all((ring[:, 1] <= Y0) & (ring[:, 1] >= Y0 - SIZE * PX))
        assert outline.area_m2 == pytest.approx(abs(signed_area(ring)))
        assert outline.perimeter_m == pytest.approx(np.hypot(*np.diff(ring, axis=0).T).sum())
        assert math.isnan(outline.mean_probability)
        if name == "round":
            assert not outline.regularised
        else:
            assert outline.regularised, name
            assert np.all(np.abs(turning_angles(ring) - 90) < 5), name


def test_strips_do_not_change_the_result(tmp_path):
    _, mask = scene()
    path = write_mask(tmp_path / "mask.tif", mask, TRANSFORM, block=16)
    whole = polygonize_mask(path, min_area_m2=0)
    for rows in (1, 7, 16, 33):
        strips = polygonize_mask(path, min_area_m2=0, strip_rows=rows)
        assert sorted(o.area_m2 for o in strips) == pytest.approx(sorted(o.area_m2 for o in whole))


def test_building_crossing_strip_borders_is_one_polygon(tmp_path):
    mask = np.zeros((64, 64), np.uint8)
    # a U opening upwards: its arms look like two buildings until row 40
    mask[5:45, 5:12] = 1
    mask[5:45, 30:37] = 1
    mask[38:45, 5:37] = 1
    # taller than many strips
    mask[2:62, 45:55] = 1
    # two blocks touching only at a corner, on a strip border: two buildings
    mask[50:56, 5:15] = 1
    mask[56:62, 15:25] = 1
    path = write_mask(tmp_path / "mask.tif", mask, TRANSFORM)
    outlines = polygonize_mask(path, min_area_m2=0, strip_rows=8)
    areas = sorted(o.area_m2 for o in outlines)
    assert areas == pytest.approx(sorted([(40 * 14 + 7 * 18) * PX * PX, 60 * 10 * PX * PX,
                                          60 * PX * PX, 60 * PX * PX]))
    u = max(outlines, key=lambda o: len(o.exterior))
    assert len(u.exterior) == 9 and u.regularised


def test_min_area_filter(tmp_path):
    mask = np.zeros((40, 40), np.uint8)
    mask[2:10, 2:12] = 1      # 80 px = 20 m²
    mask[20:27, 20:30] = 1    # 70 px = 17.5 m²
    path = write_mask(tmp_path / "mask.tif", mask, TRANSFORM)
    assert [o.area_m2 for o in polygonize_mask(path)] == pytest.approx([20.0])
    assert len(polygonize_mask(path, min_area_m2=0)) == 2
    assert polygonize_mask(path, min_area_m2=25) == []


def test_holes_are_filled_and_courtyard_islands_dropped(tmp_path):
    mask = np.zeros((60, 60), np.uint8)
    mask[10:50, 10:50] = 1
    mask[20:40, 20:40] = 0        # courtyard
    mask[27:33, 27:33] = 1        # a kiosk in the courtyard
    mask[12:14, 40:42] = 255      # nodata inside the building
    path = write_mask(tmp_path / "mask.tif", mask, TRANSFORM)
    outlines = polygonize_mask(path, min_area_m2=0, strip_rows=9)
    assert len(outlines) == 1
    assert outlines[0].area_m2 == pytest.approx(40 * 40 * PX * PX)
    assert len(outlines[0].exterior) == 5


def test_mean_probability_over_the_filled_polygon(tmp_path):
    mask = np.zeros((48, 48), np.uint8)
    mask[4:30, 4:20] = 1
    mask[10:14, 8:12] = 0                     # hole, filled: its pixels count
    mask[30:44, 26:44] = 1
    rows, cols = np.mgrid[:48, :48]
    prob = (0.3 + 0.01 * rows + 0.002 * cols).astype(np.float32)
    prob[5, 5] = -1.0                         # nodata, left out of the mean
    path = write_mask(tmp_path / "mask.tif", mask, TRANSFORM)
    ppath = write_mask(tmp_path / "prob.tif", prob, TRANSFORM, nodata=-1.0, dtype="float32")
    outlines = polygonize_mask(path, prob_path=ppath, strip_rows=5, min_area_m2=0)
    first = np.zeros((48, 48), bool)
    first[4:30, 4:20] = True
    first[5, 5] = False
    second = mask == 1
    second[:30] = False
    expected = sorted([prob[first].mean(), prob[second].mean()])
    assert sorted(o.mean_probability for o in outlines) == pytest.approx(expected, rel=1e-6)


def test_geographic_mask_gives_metres_and_ground_right_angles(tmp_path):
    lat0, lon0, deg = 40.0, 116.0, 5e-6
    transform = from_origin(lon0, lat0 + 200 * deg, deg, deg)
    m_lat = math.radians(1) * 6378137.0 * (1 - 0.00669438) / (1 - 0.00669438 * math.sin(math.radians(lat0)) ** 2) ** 1.5
    m_lon = math.radians(1) * 6378137.0 * math.cos(math.radians(lat0)) / math.sqrt(
        1 - 0.00669438 * math.sin(math.radians(lat0)) ** 2)
    centre = np.array([lon0 + 100.3 * deg, lat0 + 100.2 * deg])
    # 20 m × 12 m turned by 30° on the ground
    true_m = rectangle((0.0, 0.0), 20.0, 12.0, 30)
    true = true_m / [m_lon, m_lat] + centre
    mask = burn([true], (200, 200), transform)
    path = write_mask(tmp_path / "mask.tif", mask, transform, crs="EPSG:4326")
    (outline,) = polygonize_mask(path, strip_rows=32)
    row_area = geographic_row_areas(transform, np.arange(200))
    pixel_area = float((mask * row_area[:, None]).sum())
    assert outline.area_m2 == pytest.approx(240.0, rel=0.03)
    assert outline.area_m2 == pytest.approx(pixel_area, rel=0.03)
    assert outline.perimeter_m == pytest.approx(64.0, rel=0.03)
    assert outline.regularised
    ground = (outline.exterior - centre) * [m_lon, m_lat]
    assert np.all(np.abs(turning_angles(ground) - 90) < 1)
    assert iou(ground, true_m, 0.05) >= 0.9


def test_without_regularisation_outlines_are_only_simplified(tmp_path):
    mask = burn([rectangle(at(30, 30), 20 * PX, 36 * PX, 25)], (64, 64), TRANSFORM)
    path = write_mask(tmp_path / "mask.tif", mask, TRANSFORM)
    (plain,) = polygonize_mask(path, regularize=False)
    (regular,) = polygonize_mask(path)
    assert not plain.regularised and regular.regularised
    assert ogr_valid(plain.exterior)
    assert len(plain.exterior) < 4 * 20     # simplified, not the staircase
    assert not np.allclose(turning_angles(plain.exterior), 90, atol=1e-6)
    assert np.allclose(turning_angles(regular.exterior), 90, atol=1e-6)


def test_wkb_round_trip(tmp_path):
    mask = burn([l_shape(at(30, 30), 40 * PX, 14 * PX, 15)], (64, 64), TRANSFORM)
    path = write_mask(tmp_path / "mask.tif", mask, TRANSFORM)
    (outline,) = polygonize_mask(path)
    geometry = ogr.CreateGeometryFromWkb(outline.wkb())
    assert geometry.GetGeometryName() == "POLYGON"
    assert geometry.IsValid()
    assert geometry.GetArea() == pytest.approx(outline.area_m2)


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")
def test_bad_inputs_say_what_to_do(tmp_path):
    mask = np.zeros((20, 20), np.uint8)
    mask[2:10, 2:12] = 1
    path = write_mask(tmp_path / "mask.tif", mask, TRANSFORM)
    with pytest.raises(MineWatchInputError, match="minimum building area"):
        polygonize_mask(path, min_area_m2=-1)
    other = write_mask(tmp_path / "p.tif", np.zeros((21, 20), np.float32), TRANSFORM, dtype="float32")
    with pytest.raises(MineWatchInputError, match="warp it onto the mask's grid"):
        polygonize_mask(path, prob_path=other)
    import rasterio

    with rasterio.open(tmp_path / "nocrs.tif", "w", driver="GTiff", width=20, height=20, count=1,
                       dtype="uint8") as ds:
        ds.write(mask, 1)
    with pytest.raises(MineWatchInputError, match="Assign the CRS"):
        polygonize_mask(str(tmp_path / "nocrs.tif"))
    with pytest.raises(MineWatchInputError, match="Cannot read"):
        polygonize_mask(str(tmp_path / "missing.tif"))


def test_cancel_and_progress(tmp_path):
    _, mask = scene()
    path = write_mask(tmp_path / "mask.tif", mask, TRANSFORM)

    class Feedback:
        def __init__(self, stop_at):
            self.seen, self.stop_at = [], stop_at

        def setProgress(self, pct):  # noqa: N802 - QGIS naming
            self.seen.append(pct)

        def isCanceled(self):  # noqa: N802 - QGIS naming
            return len(self.seen) >= self.stop_at

    done = Feedback(10**6)
    polygonize_mask(path, strip_rows=50, feedback=done)
    assert done.seen[-1] == pytest.approx(100.0) and done.seen == sorted(done.seen)
    with pytest.raises(Cancelled):
        polygonize_mask(path, strip_rows=50, feedback=Feedback(2))


@pytest.mark.slow
def test_random_masks_give_the_same_patches_in_any_strip_height(tmp_path):
    from scipy import ndimage

    rng = np.random.default_rng(7)
    for trial in range(12):
        mask = (rng.random((30, 34)) < rng.uniform(0.35, 0.65)).astype(np.uint8)
        path = write_mask(tmp_path / f"m{trial}.tif", mask, TRANSFORM)
        # simplify_px=0 keeps every traced corner, so areas are exact
        kwargs = dict(min_area_m2=0, regularize=False, simplify_px=0)
        whole = sorted(o.area_m2 for o in polygonize_mask(path, **kwargs))
        # one outline per 4-connected patch, patches in another's hole merged
        filled = ndimage.binary_fill_holes(mask == 1, structure=np.ones((3, 3)))
        assert len(whole) == ndimage.label(filled)[1]
        for rows in (1, 2, 5):
            strips = sorted(o.area_m2 for o in polygonize_mask(path, strip_rows=rows, **kwargs))
            assert strips == pytest.approx(whole)


def test_patches_under_the_minimum_area_are_counted(tmp_path):
    """Two 3 × 3 m patches (9 m²) and one 10 × 10 m building at 0.5 m:
    with 20 m² the two are dropped and counted, with the pixel area."""
    from outline_testlib import rectangle

    rings = [rectangle(at(10, 10), 3, 3), rectangle(at(40, 10), 3, 3), rectangle(at(30, 40), 10, 10)]
    path = write_mask(tmp_path / "mask.tif", burn(rings, (64, 64), TRANSFORM), TRANSFORM)
    dropped = {}
    outlines = list(iter_outlines(path, 20.0, dropped=dropped))
    assert len(outlines) == 1 and outlines[0].area_m2 == pytest.approx(100, rel=0.05)
    assert dropped == {"under_min_area": 2, "pixel_m2": pytest.approx(0.25)}
