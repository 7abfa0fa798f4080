"""Harmonise Image's engine (core/imagery/harmonise.py): a later image with
another gain, offset and haze is brought to the reference's band
distributions (Wasserstein distance down by ≥ 80 %), by histogram
matching and by a line on pseudo-invariant pixels; clouds are left out of
the fit; images without overlap are refused."""
import numpy as np
import pytest
import rasterio
from scipy.stats import wasserstein_distance

from devkit.scenes.mine import generate_mine_scene
from minewatch.core.common.errors import MineWatchInputError
from minewatch.core.imagery.harmonise import HISTOGRAM, LINEAR, harmonise_image, summary

GAIN = np.array([1.25, 1.2, 1.15, 0.8])
OFFSET = np.array([60.0, 40.0, 30.0, -10.0])


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    folder = tmp_path_factory.mktemp("harmonise")
    reference = str(folder / "2021.tif")
    generate_mine_scene(reference, str(folder / "labels.tif"), size=320, seed=31)
    with rasterio.open(reference) as ds:
        dn, profile = ds.read().astype(np.float64), ds.profile
    later = dn * GAIN[:, None, None] + OFFSET[:, None, None]
    later[:, 100:160, 100:200] = 900.0  # land that changed: a new bright dump
    path = str(folder / "2022.tif")
    with rasterio.open(path, "w", **profile) as out:
        out.write(np.clip(np.rint(later), 1, 65535).astype(np.uint16))
    return folder, reference, path


def distances(a_path, b_path):
    """Per band Wasserstein distance over the land that did not change
    (the new dump is real change, which harmonisation must not remove)."""
    unchanged = np.ones((320, 320), bool)
    unchanged[100:160, 100:200] = False
    with rasterio.open(a_path) as a, rasterio.open(b_path) as b:
        x, y = a.read()[:, unchanged], b.read()[:, unchanged]
    return np.array([wasserstein_distance(x[k], y[k]) for k in range(4)])


@pytest.mark.parametrize("method", [HISTOGRAM, LINEAR])
def test_later_image_takes_the_reference_distributions(pair, method):
    folder, reference, later = pair
    out = str(folder / f"harmonised_{method}.tif")
    before = open(later, "rb").read()
    mappings, n = harmonise_image(later, reference, out, method)
    assert n == 320 * 320
    drop = 1 - distances(reference, out) / distances(reference, later)
    assert np.all(drop >= 0.8), drop
    with rasterio.open(out) as ds:
        assert ds.dtypes[0] == "uint16" and ds.count == 4
    assert open(later, "rb").read() == before
    if method == LINEAR:  # the line ignores the changed land: it finds the true gains
        gains = np.array([m["gain"] for m in mappings])
        np.testing.assert_allclose(gains, 1 / GAIN, rtol=0.03)
    assert len(summary(mappings)) == 4


def test_clouds_are_left_out_and_no_overlap_is_refused(pair, tmp_path):
    folder, reference, later = pair
    with rasterio.open(later) as ds:
        profile = ds.profile
    mask = str(tmp_path / "mask.tif")
    with rasterio.open(mask, "w", driver="GTiff", width=320, height=320, count=1, dtype="uint8",
                       crs=profile["crs"], transform=profile["transform"]) as ds:
        cloud = np.zeros((320, 320), np.uint8)
        cloud[100:160, 100:200] = 1  # the changed land, masked as cloud
        ds.write(cloud, 1)
    _, n = harmonise_image(later, reference, str(tmp_path / "h.tif"), HISTOGRAM,
                           image_mask=mask)
    assert n == 320 * 320 - 60 * 100
    far = str(tmp_path / "far.tif")
    with rasterio.open(far, "w", **dict(profile, transform=rasterio.Affine(
            2.0, 0, 900000.0, 0, -2.0, 4000000.0))) as ds:
        ds.write(np.ones((4, 320, 320), np.uint16))
    with pytest.raises(MineWatchInputError, match="no valid pixel in common"):
        harmonise_image(later, far, str(tmp_path / "x.tif"))
    assert not (tmp_path / "x.tif").exists()
    # issue 29: an image given as the mask was ignored without a word
    with pytest.raises(MineWatchInputError, match="a cloud mask is the one-band"):
        harmonise_image(later, reference, str(tmp_path / "y.tif"), HISTOGRAM, image_mask=later)
    assert not (tmp_path / "y.tif").exists()


def test_images_on_other_scales_and_with_an_unmarked_fill(tmp_path):
    """Each image gets its own bins: reflectance floats matched to DN, and
    a float image whose −9999 fill is not marked as nodata, keep their
    detail (regressions: both came out as a single value)."""
    from rasterio.transform import from_origin

    rng = np.random.default_rng(0)
    base = rng.random((1, 100, 100))

    def write(name, array):
        path = str(tmp_path / name)
        with rasterio.open(path, "w", driver="GTiff", width=100, height=100, count=1,
                           dtype=array.dtype.name, crs="EPSG:32650",
                           transform=from_origin(500000, 4000000, 10, 10)) as ds:
            ds.write(array)
        return path

    reflectance = write("refl.tif", (base * 0.3).astype(np.float32))
    dn = write("dn.tif", (base * 3000 + 500).astype(np.uint16))
    harmonise_image(reflectance, dn, str(tmp_path / "a.tif"))
    with rasterio.open(tmp_path / "a.tif") as ds:
        out = ds.read(1)
    assert np.corrcoef(out.ravel(), base.ravel())[0, 1] > 0.999
    filled = (base * 0.3).astype(np.float32)
    filled[:, :, :10] = -9999
    harmonise_image(write("filled.tif", filled), write("ref.tif", (base * 0.25 + 0.02)
                                                         .astype(np.float32)),
                    str(tmp_path / "b.tif"))
    with rasterio.open(tmp_path / "b.tif") as ds:
        inside = ds.read(1)[:, 10:]
    assert np.unique(inside).size > 1000
