"""Synthetic village scenes: grid, determinism, building content, exact
footprints, pan/rgb variants, pixel size."""
import json

import numpy as np
import pytest
import rasterio
from feedback_testlib import CancelledFeedback
from rasterio.features import rasterize
from scipy import ndimage

from devkit.scenes.village import PAN_MAX, generate_village_scene
from minewatch.core.common.errors import Cancelled, MineWatchInputError


def _scene(tmp_path, name, footprints=True, **kwargs):
    image, labels = str(tmp_path / f"{name}.tif"), str(tmp_path / f"{name}_labels.tif")
    fp = str(tmp_path / f"{name}.geojson") if footprints else None
    info = generate_village_scene(image, labels, footprints_path=fp, **kwargs)
    with rasterio.open(image) as ds:
        img = ds.read()
    with rasterio.open(labels) as ds:
        lab = ds.read(1)
    return info, image, labels, fp, img, lab


@pytest.fixture(scope="module", params=["suburb", "village", "mixed"])
def scene(request, tmp_path_factory):
    return _scene(tmp_path_factory.mktemp("village"), "s", size=384, seed=5, layout=request.param)


def test_grid_crs_dtype_and_band_names(tmp_path):
    info, image, labels, _, img, lab = _scene(tmp_path, "g", size=256, seed=1, gsd_m=0.8, epsg=32616,
                                              origin=(733601.0, 3725139.0))
    with rasterio.open(image) as a, rasterio.open(labels) as b:
        assert a.count == 3 and a.dtypes == ("uint8",) * 3
        assert a.descriptions == ("red", "green", "blue")
        assert b.count == 1 and b.dtypes == ("uint8",)
        for ds in (a, b):
            assert ds.crs.to_epsg() == 32616 and (ds.width, ds.height) == (256, 256)
            assert ds.transform.a == pytest.approx(0.8) and ds.transform.e == pytest.approx(-0.8)
            assert (ds.transform.c, ds.transform.f) == (733601.0, 3725139.0)
        assert b.colormap(1)[1][:3] == (255, 60, 0)  # the building class colour
    assert set(np.unique(lab)) <= {0, 1}
    assert info["class_pixels"] == [int((lab == 0).sum()), int((lab == 1).sum())]
    assert info["gsd_m"] == 0.8 and info["buildings"] > 0


def test_deterministic_for_a_seed_and_different_for_another(tmp_path):
    a = _scene(tmp_path, "a", size=256, seed=7)
    b = _scene(tmp_path, "b", size=256, seed=7)
    c = _scene(tmp_path, "c", size=256, seed=8)
    assert np.array_equal(a[4], b[4]) and np.array_equal(a[5], b[5])
    with open(a[3]) as fa, open(b[3]) as fb:
        assert json.load(fa)["features"] == json.load(fb)["features"]
    assert not np.array_equal(a[4], c[4])


@pytest.mark.slow
def test_building_fraction_is_plausible(scene):
    info, *_, lab = scene
    fraction = lab.mean()
    assert 0.05 <= fraction <= 0.40, (info["layout"], fraction)
    # many separate buildings, not one blob
    _, n = ndimage.label(lab)
    assert n >= 10


def test_footprints_burn_back_to_the_label_raster(scene):
    info, image, labels, fp, img, lab = scene
    with open(fp) as f:
        doc = json.load(f)
    assert doc["crs"]["properties"]["name"].endswith("32650")
    assert len(doc["features"]) == info["buildings"]
    with rasterio.open(labels) as ds:
        burnt = rasterize([(f["geometry"], 1) for f in doc["features"]], out_shape=lab.shape,
                          transform=ds.transform, fill=0, dtype="uint8")
    inter = np.logical_and(burnt == 1, lab == 1).sum()
    union = np.logical_or(burnt == 1, lab == 1).sum()
    assert inter / union >= 0.98


def test_footprints_are_right_angled_and_closed(scene):
    fp = scene[3]
    with open(fp) as f:
        features = json.load(f)["features"]
    kinds = {f["properties"]["kind"] for f in features}
    assert kinds & {"house", "row_house"}
    for f in features:
        ring = np.array(f["geometry"]["coordinates"][0])
        assert np.array_equal(ring[0], ring[-1])
        x, y = ring[:, 0], ring[:, 1]
        assert np.dot(x[:-1], y[1:]) - np.dot(y[:-1], x[1:]) > 0  # counter-clockwise
        if f["properties"]["round"]:
            continue
        edges = np.diff(ring, axis=0)
        edges /= np.linalg.norm(edges, axis=1, keepdims=True)
        cosines = np.sum(edges * np.roll(edges, 1, axis=0), axis=1)
        assert np.allclose(cosines, 0, atol=1e-6), f["properties"]
        assert len(ring) - 1 in (4, 6, 8)


def test_suburb_has_l_or_t_shapes_and_small_sheds(tmp_path):
    *_, fp, _, _ = _scene(tmp_path, "s", size=512, seed=2, layout="suburb")
    with open(fp) as f:
        features = json.load(f)["features"]
    sizes = [len(f["geometry"]["coordinates"][0]) - 1 for f in features]
    assert any(n in (6, 8) for n in sizes)
    assert any(f["properties"]["kind"] == "shed" and f["properties"]["area_m2"] < 20 for f in features)


def test_pan_variant_has_an_11_bit_range(tmp_path):
    info, image, *_, img, lab = _scene(tmp_path, "p", size=256, seed=3, bands="pan")
    with rasterio.open(image) as ds:
        assert ds.count == 1 and ds.dtypes == ("uint16",) and ds.descriptions == ("pan",)
    lo, med, hi = np.percentile(img, [2, 50, 98])
    assert img.min() >= 1 and img.max() <= PAN_MAX
    assert 30 < lo < med < hi and hi > 2.5 * lo and med > 150
    # the same seed gives the same scene in either band set
    rgb = _scene(tmp_path, "r", size=256, seed=3, bands="rgb")
    assert np.array_equal(rgb[5], lab)


@pytest.mark.slow
def test_coarser_pixels_give_smaller_buildings_in_pixels(tmp_path):
    fine = _scene(tmp_path, "f", size=384, seed=4, gsd_m=0.5, layout="village", footprints=False)[5]
    coarse = _scene(tmp_path, "c", size=384, seed=4, gsd_m=2.0, layout="village", footprints=False)[5]

    def mean_blob(lab):
        blobs, n = ndimage.label(lab)
        return lab.sum() / max(n, 1)

    assert mean_blob(coarse) < mean_blob(fine) / 4


def test_bad_input_is_refused_and_cancel_stops(tmp_path):
    x, y = str(tmp_path / "x.tif"), str(tmp_path / "y.tif")
    with pytest.raises(MineWatchInputError, match="pixel size between"):
        generate_village_scene(x, y, size=128, gsd_m=30)
    with pytest.raises(MineWatchInputError, match="'rgb'"):
        generate_village_scene(x, y, size=128, bands="nir")
    with pytest.raises(MineWatchInputError, match=".geojson"):
        generate_village_scene(x, y, size=128, footprints_path=str(tmp_path / "f.shp"))

    with pytest.raises(Cancelled):
        generate_village_scene(x, y, size=128, feedback=CancelledFeedback())
    assert not (tmp_path / "x.tif").exists()


def test_off_nadir_lean_moves_what_stands_and_keeps_the_ground():
    from devkit.scenes.terrain import lean

    height = np.zeros((40, 40), np.float32)
    height[10:20, 10:20] = 6.0  # a 6 m block
    radiance = np.full((1, 40, 40), 0.2, np.float32)
    radiance[0, 10:20, 10:20] = 1.0  # a bright roof
    # 45° off nadir, leaning east: 6 m → 12 px at 0.5 m
    seen = lean(radiance, height, 0.5, 45.0, 90.0, wall_shade=0.5)[0]
    assert np.allclose(seen[10:20, 22:32], 1.0)  # the roof, 12 px east
    assert np.allclose(seen[10:20, 10:22], 0.5)  # the wall between base and top
    assert np.allclose(seen[:10], 0.2) and np.allclose(seen[20:], 0.2)  # ground stays
    assert np.array_equal(lean(radiance, height, 0.5, 0.0, 90.0), radiance)  # nadir


def test_an_off_nadir_scene_keeps_its_footprint_labels(tmp_path):
    paths = {}
    for name, off_nadir in (("nadir", None), ("oblique", (25.0, 60.0))):
        paths[name] = (str(tmp_path / f"{name}.tif"), str(tmp_path / f"{name}_labels.tif"))
        info = generate_village_scene(*paths[name], size=256, seed=4, gsd_m=0.5, bands="pan",
                                      layout="suburb", off_nadir=off_nadir)
    assert info["off_nadir"] == (25.0, 60.0)
    with rasterio.open(paths["nadir"][1]) as a, rasterio.open(paths["oblique"][1]) as b:
        assert np.array_equal(a.read(), b.read())  # labels are the footprints either way
    with rasterio.open(paths["nadir"][0]) as a, rasterio.open(paths["oblique"][0]) as b:
        assert not np.array_equal(a.read(), b.read())


def test_ps_on_a_village_sit_on_its_roofs(tmp_path):
    """devkit/insar_sim/village_ps.py: roof PS inside their footprint, bowls
    under buildings (the demo of the shipped 'Suspect unlicensed mining')."""
    from matplotlib.path import Path

    from devkit.insar_sim.village_ps import footprint_rings, village_ps_scene

    footprints = str(tmp_path / "v.geojson")
    generate_village_scene(str(tmp_path / "v.tif"), str(tmp_path / "v_labels.tif"), size=256,
                           seed=4, gsd_m=0.5, footprints_path=footprints)
    rings = footprint_rings(footprints)
    scene = village_ps_scene(footprints, n_points=400, n_bowls=1, seed=1)
    roofs = np.flatnonzero(scene.building_id >= 0)
    assert len(roofs) == 320
    for i in roofs[:50]:
        assert Path(rings[scene.building_id[i]]).contains_point((scene.x[i], scene.y[i]))
    bowl = scene.bowls[0]
    assert any(Path(r).contains_point((bowl.x, bowl.y)) for r in rings)
