"""Mask Clouds in real headless QGIS: band roles from the band
descriptions, the mask and the masked image, a bad band."""
import numpy as np
import processing
import pytest
import rasterio
from qgis.core import QgsProcessingException


@pytest.fixture(scope="module")
def cloudy(tmp_path_factory):
    from devkit.scenes.clouds import add_clouds
    from devkit.scenes.mine import generate_mine_scene

    folder = tmp_path_factory.mktemp("mask_clouds")
    image = str(folder / "scene.tif")
    generate_mine_scene(image, str(folder / "labels.tif"), size=384, seed=23)
    with rasterio.open(image) as ds:
        dn, profile, names = ds.read(), ds.profile, ds.descriptions
    dn, cloud, _ = add_clouds(dn, np.random.default_rng(4), 2.0, cover=0.15)
    path = str(folder / "cloudy.tif")
    with rasterio.open(path, "w", **profile) as out:
        out.write(dn)
        for i, name in enumerate(names, start=1):
            out.set_band_description(i, name)
    return path, cloud


def test_mask_and_masked_image(cloudy, tmp_path):
    path, cloud = cloudy
    result = processing.run("minewatch:maskclouds", {
        "INPUT": path, "BUFFER": 0.0, "OUTPUT": str(tmp_path / "mask.tif"),
        "OUTPUT_MASKED": str(tmp_path / "clear.tif")})
    with rasterio.open(result["OUTPUT"]) as ds:
        found = ds.read(1) == 1
    # the wiring (accuracy is measured in tests/unit/test_cloud_mask.py)
    assert (found & cloud).sum() / (found | cloud).sum() >= 0.5
    assert result["CLOUD_SHARE"] == pytest.approx(found.mean(), abs=0.01)
    assert result["SCALE_USED"] == pytest.approx(1 / 1023)
    with rasterio.open(result["OUTPUT_MASKED"]) as ds:
        assert ds.count == 4 and ds.nodata == 0 and np.all(ds.read(1)[found] == 0)


def test_a_band_the_image_lacks_is_refused(cloudy, tmp_path):
    path, _ = cloudy
    with pytest.raises(QgsProcessingException):
        processing.run("minewatch:maskclouds", {
            "INPUT": path, "BLUE": 1, "GREEN": 2, "RED": 3, "NIR": 7,
            "OUTPUT": str(tmp_path / "m.tif")})
    assert not (tmp_path / "m.tif").exists()
