"""The QGIS-free core of Classify Land Damage: class map, style, areas,
clean-up after a cancel; and the device choice."""
import os

import numpy as np
import pytest
import rasterio
from tiled_testlib import MEAN, STD, LinearSoftmax, smooth_image, write_raster

from minewatch.core.common.device import resolve_device
from minewatch.core.common.errors import Cancelled, MineWatchInputError
from minewatch.core.inference.settings import Tiling
from minewatch.core.inference.writers import RasterOutputs
from minewatch.core.landdamage.classify import classify_land_damage, default_overlap
from minewatch.models.classes import LAND_DAMAGE_CLASSES, class_fields
from minewatch.models.metadata import ModelMetadata


def metadata(tile_size=64):
    return ModelMetadata(architecture="se_cot_deeplabv3plus", arch_kwargs={}, in_channels=4,
                         num_classes=8, band_names=["b", "g", "r", "n"], band_mean=MEAN,
                         band_std=STD, gsd_m=2.0, tile_size=tile_size,
                         **class_fields(LAND_DAMAGE_CLASSES))


def test_default_overlap_is_an_eighth_of_the_tile():
    assert default_overlap(512) == 64 and default_overlap(100) == 12


def test_class_map_style_and_areas(tmp_path):
    img = smooth_image(70, 90, seed=2)
    img[:, :5, :5] = 0
    path = write_raster(tmp_path / "i.tif", img, nodata=0)
    out = str(tmp_path / "c.tif")
    run = classify_land_damage(path, LinearSoftmax(classes=8), metadata(),
                               RasterOutputs(out, str(tmp_path / "p.tif")))
    # the model's tile, 1/8 overlap
    assert run.inference.tile_size == 64 and run.inference.overlap == 8
    with rasterio.open(out) as ds:
        classes = ds.read(1)
        assert ds.colormap(1)[7] == (0, 210, 210, 255)
    assert (classes[:5, :5] == 255).all()
    assert run.counts.tolist() == np.bincount(classes[classes != 255], minlength=8).tolist()
    np.testing.assert_allclose(run.areas_m2, 4.0 * run.counts)
    assert os.path.exists(tmp_path / "c.qml") and run.inference.qml_path == str(tmp_path / "c.qml")
    assert run.inference.n_classes == 8


class CancelAt:
    def __init__(self, percent):
        self.percent, self.value = percent, 0.0

    def setProgress(self, value):  # noqa: N802
        self.value = value

    def isCanceled(self):  # noqa: N802
        return self.value > self.percent


@pytest.mark.parametrize("percent", [10, 96])
def test_cancel_removes_every_file(tmp_path, percent):
    """Cancelled during inference (10 %) or while measuring areas (96 %),
    after the class map, its names and its style were written."""
    path = write_raster(tmp_path / "i.tif", smooth_image(150, 150, seed=4))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        classify_land_damage(path, LinearSoftmax(classes=8), metadata(),
                             RasterOutputs(str(out / "c.tif"), str(out / "p.tif")),
                             tiling=Tiling(batch_size=1), feedback=CancelAt(percent))
    assert os.listdir(out) == []


def test_values_foreign_to_the_model_are_warned(tmp_path):
    """The same statistics check as Extract Buildings: an image 10 std
    brighter than the model's training data gets a warning."""
    img = smooth_image(40, 40, seed=3)
    near = write_raster(tmp_path / "near.tif", img)
    far = write_raster(tmp_path / "far.tif", img + np.asarray(STD, np.float32)[:, None, None] * 10)
    runs = [classify_land_damage(path, LinearSoftmax(classes=8), metadata(),
                                 RasterOutputs(str(tmp_path / f"{i}.tif")))
            for i, path in enumerate((near, far))]
    assert not any("far from" in str(w) for w in runs[0].inference.warnings)
    assert any("far from those the model was trained on" in str(w)
               for w in runs[1].inference.warnings)


def test_model_with_other_band_count_is_refused(tmp_path):
    path = write_raster(tmp_path / "i.tif", smooth_image(20, 20, bands=3))
    with pytest.raises(MineWatchInputError, match="expects 4 input bands"):
        classify_land_damage(path, LinearSoftmax(classes=8), metadata(),
                             RasterOutputs(str(tmp_path / "c.tif")))
    assert not os.path.exists(tmp_path / "c.tif")


def test_device_choice():
    import torch

    assert resolve_device("cpu")[0] == "cpu"
    assert resolve_device("auto")[0] == ("cuda" if torch.cuda.is_available() else "cpu")
    if not torch.cuda.is_available():
        with pytest.raises(MineWatchInputError, match="sees no CUDA GPU"):
            resolve_device("cuda")
    with pytest.raises(MineWatchInputError, match="Unknown device"):
        resolve_device("tpu")


def test_a_building_model_is_refused_and_a_model_without_damage_classes_warned(tmp_path):
    from minewatch.models.classes import BUILDING_CLASSES, ClassInfo

    path = write_raster(tmp_path / "i.tif", smooth_image(40, 40))
    building = ModelMetadata(architecture="unet", arch_kwargs={}, in_channels=4, num_classes=2,
                             band_names=["b", "g", "r", "n"], band_mean=MEAN, band_std=STD,
                             gsd_m=2.0, tile_size=64, **class_fields(BUILDING_CLASSES))
    with pytest.raises(MineWatchInputError, match="building model"):
        classify_land_damage(path, LinearSoftmax(classes=2), building,
                             RasterOutputs(str(tmp_path / "c.tif")))
    assert not os.path.exists(tmp_path / "c.tif")
    cover = (ClassInfo(0, "soil", "", "none", (0, 0, 0)), ClassInfo(1, "crop", "", "none", (0, 255, 0)),
             ClassInfo(2, "forest", "", "none", (0, 90, 0)))
    plain = ModelMetadata(architecture="unet", arch_kwargs={}, in_channels=4, num_classes=3,
                          band_names=["b", "g", "r", "n"], band_mean=MEAN, band_std=STD,
                          gsd_m=2.0, tile_size=64, **class_fields(cover))
    run = classify_land_damage(path, LinearSoftmax(classes=3), plain,
                               RasterOutputs(str(tmp_path / "c.tif")))
    assert any("excavation or occupation" in str(w) for w in run.inference.warnings)


def test_an_image_at_another_pixel_size_is_classified_at_the_models(tmp_path):
    """A 0.5 m image and a 2 m model: the model sees the image averaged to
    2 m (a view, not a copy), the class map and probabilities come back on
    the image's 0.5 m grid, the areas are the image grid's; the same image
    with resampling off runs at 0.5 m. A 1.2× difference is left alone."""
    from affine import Affine


    coarse = smooth_image(40, 48, seed=4)
    fine = np.repeat(np.repeat(coarse, 4, axis=1), 4, axis=2)  # each 2 m pixel as 4×4 of 0.5 m
    path = write_raster(tmp_path / "fine.tif", fine, transform=Affine(0.5, 0, 500000, 0, -0.5, 4e6))
    model = LinearSoftmax(classes=8)
    out = str(tmp_path / "c.tif")
    run = classify_land_damage(path, model, metadata(), RasterOutputs(out, str(tmp_path / "p.tif")))
    assert run.inference.resampled_by == pytest.approx(0.25)
    assert run.inference.n_tiles == 1  # a 64-px tile covers the 48 × 40 px view at 2 m
    with rasterio.open(out) as ds, rasterio.open(tmp_path / "p.tif") as prob:
        classes = ds.read(1)
        assert (ds.width, ds.height, ds.transform.a) == (192, 160, 0.5)
        assert (prob.width, prob.height) == (192, 160)
        assert ds.colormap(1)[7] == (0, 210, 210, 255)
    expected = np.repeat(np.repeat(model.reference(coarse).argmax(axis=0), 4, axis=0), 4, axis=1)
    assert (classes == expected).mean() > 0.99
    np.testing.assert_allclose(run.areas_m2, 0.25 * run.counts)
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".minewatch-resample")]
    direct = classify_land_damage(path, LinearSoftmax(classes=8), metadata(),
                                  RasterOutputs(str(tmp_path / "d.tif")), resample=False)
    assert direct.inference.resampled_by is None
    near = write_raster(tmp_path / "near.tif", coarse, transform=Affine(2.4, 0, 500000, 0, -2.4, 4e6))
    kept = classify_land_damage(near, LinearSoftmax(classes=8), metadata(),
                                RasterOutputs(str(tmp_path / "n.tif")))
    assert kept.inference.resampled_by is None


def test_bands_described_by_name_are_fed_by_name(tmp_path):
    """An image whose bands are described red, green, blue, nir is fed to a
    blue, green, red, nir model as 3, 2, 1, 4 (not in file order)."""
    from minewatch.core.raster.band_names import bands_by_name

    assert bands_by_name(["red", "green", "blue", "nir"], ["blue", "green", "red", "nir"]) == \
        [3, 2, 1, 4]
    assert bands_by_name(["B04", "B03", "B02", "B08"], ["blue", "green", "red", "nir"]) == \
        [3, 2, 1, 4]
    assert bands_by_name(["", "", "", ""], ["blue", "green", "red", "nir"]) is None
    assert bands_by_name(["red", "red", "blue", "nir"], ["blue", "green", "red", "nir"]) is None
    path = write_raster(tmp_path / "rgbn.tif", smooth_image(64, 64))
    with rasterio.open(path, "r+") as ds:
        for band, name in enumerate(("red", "green", "blue", "nir"), start=1):
            ds.set_band_description(band, name)
    meta = metadata()  # bands b, g, r, n: blue, green, red, nir
    run = classify_land_damage(path, LinearSoftmax(classes=8), meta,
                               RasterOutputs(str(tmp_path / "c.tif")))
    assert any("fed to the model by name" in str(w) and "b ← band 3" in str(w)
               for w in run.inference.warnings)
