"""Synthetic mining scenes: grid, determinism, class content, spectra."""
import numpy as np
import pytest
import rasterio
from feedback_testlib import CancelledFeedback

from devkit.scenes.mine import generate_mine_scene
from devkit.scenes.terrain import cast_shadows, hillshade, polyline_distance
from minewatch.core.common.errors import Cancelled, MineWatchInputError


def _scene(tmp_path, name, **kwargs):
    image, labels = str(tmp_path / f"{name}.tif"), str(tmp_path / f"{name}_labels.tif")
    info = generate_mine_scene(image, labels, **kwargs)
    with rasterio.open(image) as ds:
        img = ds.read()
    with rasterio.open(labels) as ds:
        lab = ds.read(1)
    return info, image, labels, img, lab


@pytest.fixture(scope="module")
def scene512(tmp_path_factory):
    return _scene(tmp_path_factory.mktemp("synth"), "s", size=512, seed=3)


def test_grid_crs_dtype_and_band_names(tmp_path):
    _, image, labels, img, lab = _scene(tmp_path, "g", size=256, seed=1, gsd_m=0.8, epsg=32645,
                                        origin=(300000.0, 4800000.0))
    with rasterio.open(image) as a, rasterio.open(labels) as b:
        assert a.count == 4 and a.dtypes == ("uint16",) * 4
        assert a.descriptions == ("blue", "green", "red", "nir")
        assert a.crs.to_epsg() == 32645 and b.crs.to_epsg() == 32645
        assert a.transform == b.transform
        assert (a.transform.a, a.transform.e, a.transform.c, a.transform.f) == (0.8, -0.8, 300000.0, 4800000.0)
        assert (a.width, a.height) == (b.width, b.height) == (256, 256)
        assert a.block_shapes[0] == (256, 256) and a.compression is not None
        assert b.count == 1 and b.dtypes == ("uint8",)
        assert b.colormap(1)[7][:3] == (0, 210, 210)
    assert lab.max() <= 7
    # 10-bit-like DN
    assert 20 <= img.min() and img.max() <= 1023 and 100 < np.median(img) < 500


def test_deterministic_for_a_seed_and_different_for_another(tmp_path):
    info_a, _, _, img_a, lab_a = _scene(tmp_path, "a", size=256, seed=7)
    info_b, _, _, img_b, lab_b = _scene(tmp_path, "b", size=256, seed=7)
    _, _, _, img_c, lab_c = _scene(tmp_path, "c", size=256, seed=8)
    assert np.array_equal(img_a, img_b) and np.array_equal(lab_a, lab_b)
    assert info_a["class_pixels"] == info_b["class_pixels"]
    assert not np.array_equal(lab_a, lab_c)
    assert np.abs(img_a.astype(int) - img_c).mean() > 10


def test_class_counts_match_the_label_raster_and_most_classes_present(scene512):
    info, _, _, _, lab = scene512
    counts = np.bincount(lab.ravel(), minlength=8)
    assert info["class_pixels"] == counts.tolist()
    assert sum(c > 0 for c in counts) >= 6
    assert counts[0] == counts.max()  # background dominates even a crowded small scene


@pytest.mark.slow
def test_all_eight_classes_in_a_default_scene_of_1024(tmp_path):
    info, *_ = _scene(tmp_path, "big", size=1024, seed=0)
    assert all(n > 0 for n in info["class_pixels"]), info["class_pixels"]


def test_per_class_spectra_are_plausible(scene512):
    _, _, _, img, lab = scene512
    img = img.astype(np.float64)
    blue, red, nir = img[0], img[2], img[3]
    ndvi = (nir - red) / (nir + red)

    def mean(a, k):
        return a[lab == k].mean() if (lab == k).any() else np.nan

    assert mean(ndvi, 3) > mean(ndvi, 0) > mean(ndvi, 1)  # vegetation > background > open pit
    assert mean(ndvi, 3) > 0.4
    nir_means = [mean(nir, k) for k in range(8)]
    assert int(np.nanargmin(nir_means)) == 2  # water has the lowest NIR
    assert mean(blue, 5) > mean(blue, 0)  # bright roofs and concrete


def test_bad_size_is_refused_and_cancel_stops(tmp_path):
    with pytest.raises(MineWatchInputError, match="size between"):
        generate_mine_scene(str(tmp_path / "x.tif"), str(tmp_path / "y.tif"), size=10)

    with pytest.raises(Cancelled):
        generate_mine_scene(str(tmp_path / "x.tif"), str(tmp_path / "y.tif"), size=128,
                            feedback=CancelledFeedback())
    assert not (tmp_path / "x.tif").exists()


def test_hillshade_and_shadows_follow_the_sun():
    # ground rising eastwards faces west: lit by a western sun, dark under an eastern one
    dem = np.tile(np.arange(32, dtype=np.float32), (32, 1))
    east, west = hillshade(dem, 1.0, 90, 45), hillshade(dem, 1.0, 270, 45)
    assert west[16, 16] > 1.0 > east[16, 16]
    assert np.allclose(hillshade(np.zeros((8, 8), np.float32), 2.0, 135, 40), 1.0)
    tower = np.zeros((21, 21), np.float32)
    tower[10, 10] = 10.0
    shadow = cast_shadows(tower, 1.0, 180, 45)  # sun in the south: shadow to the north
    assert shadow[5, 10] and not shadow[15, 10] and not shadow[10, 10]


def test_polyline_distance():
    dist, value = polyline_distance((20, 20), [(10, 0), (10, 19)], values=[0.0, 1.0])
    assert dist[10, 5] == 0 and dist[13, 5] == pytest.approx(3.0)
    assert value[0, 0] < 0.1 and value[0, 19] > 0.9
