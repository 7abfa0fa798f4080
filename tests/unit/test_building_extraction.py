"""Extract Buildings engine: tiled inference with a per-tile dense CRF,
scene scaling, building mask → outlines (no QGIS)."""
import dataclasses
import os

import numpy as np
import pytest
import rasterio
from building_testlib import building_scene, fit_tiny_segnet
from outline_testlib import iou, turning_angles

from minewatch.core.buildings.crf_predict import colour_channels, normalised_stretch
from minewatch.core.buildings.dense_crf import CrfParams
from minewatch.core.buildings.extraction import (
    default_overlap,
    infer_buildings,
    iter_buildings,
)
from minewatch.core.common.errors import Cancelled, MineWatchInputError
from minewatch.core.inference.scene_scaling import decimated_shape, scene_statistics
from minewatch.core.inference.settings import Tiling
from minewatch.core.inference.writers import RasterOutputs
from minewatch.models.checkpoint import load_checkpoint, save_checkpoint
from minewatch.models.classes import BUILDING_CLASSES, LAND_DAMAGE_CLASSES
from minewatch.models.errors import CheckpointError
from minewatch.models.metadata import ModelMetadata


def metadata(classes=BUILDING_CLASSES, scaling="fixed", tile=64):
    from minewatch.models.classes import class_fields

    return ModelMetadata(architecture="segnet", arch_kwargs={}, in_channels=3,
                         num_classes=len(classes), band_names=["r", "g", "b"],
                         band_mean=[110.0] * 3, band_std=[50.0] * 3, gsd_m=1.0, tile_size=tile,
                         input_scaling=scaling, **class_fields(classes))


def brightness_predict(speckle=0.0, seed=0):
    """A stand-in model: P(building) rises with the first normalised band,
    with a share ``speckle`` of pixels flipped to confident wrong answers."""
    rng = np.random.default_rng(seed)

    def predict(x):
        p = 1.0 / (1.0 + np.exp(-4.0 * (x[:, 0] - 0.9)))
        if speckle:
            flip = rng.random(p.shape) < speckle
            p = np.where(flip, np.where(p > 0.5, 0.2, 0.8), p)
        return np.stack([1.0 - p, p], axis=1).astype(np.float32)

    return predict


def read(path):
    with rasterio.open(path) as ds:
        return ds.read(1), ds.crs, ds.transform


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scene")
    return building_scene(str(folder / "scene.tif"), size_px=128, n=8, seed=3)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    path, score = fit_tiny_segnet(tmp_path_factory.mktemp("model") / "tiny.safetensors")
    assert score > 0.9, score
    return path


@pytest.mark.slow
def test_crf_removes_speckle_and_keeps_edges(scene, tmp_path):
    path, rings, truth = scene
    scores = {}
    for name, crf in (("raw", None), ("crf", CrfParams())):
        run = infer_buildings(path, brightness_predict(speckle=0.08), metadata(),
                              str(tmp_path / f"{name}_mask.tif"), str(tmp_path / f"{name}_p.tif"),
                              tiling=Tiling(64), crf=crf)
        mask, crs, _ = read(run.class_path)
        wrong = (mask != truth).mean()
        scores[name] = wrong
        assert crs.to_epsg() == 32650
    assert scores["raw"] > 0.05  # the speckle is there without the CRF …
    assert scores["crf"] < 0.01  # … and gone with it, edges kept
    assert scores["crf"] < scores["raw"] / 10


@pytest.mark.slow
def test_tiled_crf_matches_one_big_tile(scene, tmp_path):
    path, _, _ = scene
    runs = [infer_buildings(path, brightness_predict(), metadata(tile=tile),
                            str(tmp_path / f"m{tile}.tif"), str(tmp_path / f"p{tile}.tif"),
                            tiling=Tiling(overlap=overlap), crf=CrfParams())
            for tile, overlap in ((64, 16), (128, 0))]
    small, big = (read(r.class_path)[0] for r in runs)
    assert runs[0].n_tiles > 1 and runs[1].n_tiles == 1
    assert (small == big).mean() > 0.99


@pytest.mark.slow
def test_polygons_match_rectangles_with_a_fitted_segnet(scene, tiny_model, tmp_path):
    import torch

    from minewatch.core.inference.torch_predict import torch_predictor

    path, rings, _ = scene
    model, md = load_checkpoint(tiny_model)
    torch.set_num_threads(1)
    run = infer_buildings(path, torch_predictor(model), md, str(tmp_path / "m.tif"),
                          str(tmp_path / "p.tif"), crf=CrfParams())
    assert run.overlap == default_overlap(md.tile_size, True) == 32
    outlines = list(iter_buildings(run, min_area_m2=20.0))
    assert len(outlines) == len(rings)
    for ring in rings:
        best = max(outlines, key=lambda o: iou(o.exterior, ring, 0.1))
        assert iou(best.exterior, ring, 0.1) >= 0.9
        assert best.regularised
        assert np.abs(turning_angles(best.exterior) - 90).max() <= 5
        assert 0.5 < best.mean_probability <= 1.0
        (ax, ay), (bx, by) = ring[1] - ring[0], ring[3] - ring[0]
        assert best.area_m2 == pytest.approx(abs(ax * by - ay * bx), rel=0.12)


def test_pan_uint16_needs_scene_scaling(tiny_model, tmp_path):
    import torch

    from minewatch.core.inference.torch_predict import torch_predictor

    path, rings, truth = building_scene(str(tmp_path / "pan.tif"), size_px=128, n=8, seed=4,
                                        pan_uint16=True)
    model, md = load_checkpoint(tiny_model)
    torch.set_num_threads(1)
    fixed = infer_buildings(path, torch_predictor(model), md, str(tmp_path / "f.tif"),
                            str(tmp_path / "fp.tif"))
    assert any("repeated" in str(w) for w in fixed.warnings)
    assert any("far from those the model was trained on" in str(w) for w in fixed.warnings)
    scene_md = dataclasses.replace(md, input_scaling="scene")
    scaled = infer_buildings(path, torch_predictor(model), scene_md, str(tmp_path / "s.tif"),
                             str(tmp_path / "sp.tif"), crf=CrfParams())
    assert scaled.scaling == "scene" and scaled.bands == [1, 1, 1]
    assert not any("far from" in str(w) for w in scaled.warnings)
    mask = read(scaled.class_path)[0]
    inter = ((mask == 1) & (truth == 1)).sum()
    assert inter / ((mask == 1) | (truth == 1)).sum() > 0.9


def test_nodata_pixels_stay_nodata_and_send_no_messages(tmp_path):
    path, _, truth = building_scene(str(tmp_path / "nd.tif"), size_px=96, n=5, seed=6)
    with rasterio.open(path, "r+") as ds:
        ds.nodata = 0
        image = ds.read()
        image[:, :, :20] = 0
        ds.write(image)
    seen = []

    def predict(x):
        seen.append(x.shape)
        return brightness_predict()(x)

    run = infer_buildings(path, predict, metadata(), str(tmp_path / "m.tif"),
                          str(tmp_path / "p.tif"), tiling=Tiling(64), crf=CrfParams())
    mask = read(run.class_path)[0]
    prob = read(run.prob_path)[0]
    assert (mask[:, :20] == 255).all() and (prob[:, :20] == -1).all()
    assert run.nodata_count == 96 * 20
    assert (mask[:, 20:] != 255).all() and seen


def test_cancel_leaves_no_output(scene, tmp_path):
    class Cancel:
        def setProgress(self, p):  # noqa: N802
            pass

        def isCanceled(self):  # noqa: N802
            return True

    with pytest.raises(Cancelled):
        infer_buildings(scene[0], brightness_predict(), metadata(), str(tmp_path / "m.tif"),
                        str(tmp_path / "p.tif"), tiling=Tiling(64), crf=CrfParams(), feedback=Cancel())
    assert os.listdir(tmp_path) == []


def test_bad_models_and_bands_refused(scene, tmp_path):
    with pytest.raises(MineWatchInputError, match="2 classes"):
        infer_buildings(scene[0], brightness_predict(), metadata(LAND_DAMAGE_CLASSES),
                        str(tmp_path / "m.tif"), str(tmp_path / "p.tif"))
    with pytest.raises(MineWatchInputError, match="BANDS"):
        infer_buildings(scene[0], brightness_predict(), metadata(), str(tmp_path / "m.tif"),
                        str(tmp_path / "p.tif"), bands=[1, 2])
    assert os.listdir(tmp_path) == []


def test_scene_statistics_and_stretch(scene):
    path = scene[0]
    with rasterio.open(path) as ds:
        data = ds.read().astype(np.float64)
    stats = scene_statistics(path, [3, 1, 1])
    assert stats.n_valid == data[0].size
    np.testing.assert_allclose(stats.mean, data[[2, 0, 0]].mean((1, 2)), rtol=1e-6)
    np.testing.assert_allclose(stats.std, data[[2, 0, 0]].std((1, 2)), rtol=1e-6)
    np.testing.assert_allclose(stats.high, np.percentile(data[[2, 0, 0]], 98, axis=(1, 2)))
    assert decimated_shape(4096, 2048, 1024 * 1024) == (1448, 724)
    assert colour_channels([1, 1, 1]) == [0]
    assert colour_channels([4, 3, 2, 1]) == [0, 1, 2]
    lo, hi = normalised_stretch([10.0, 5.0], [30.0, 5.0], [20.0, 5.0], [10.0, 1.0])
    np.testing.assert_allclose(lo, [-1.0, 0.0])
    np.testing.assert_allclose(hi, [1.0, 1.0])  # a constant band gets a unit range


def test_input_scaling_metadata(tmp_path):
    md = metadata()
    data = md.to_dict()
    assert data["input_scaling"] == "fixed"
    del data["input_scaling"]  # a file written before the field existed
    assert ModelMetadata.from_dict(data).input_scaling == "fixed"
    data["input_scaling"] = "scene"
    assert ModelMetadata.from_dict(data).input_scaling == "scene"
    data["input_scaling"] = "per-patch"
    with pytest.raises(CheckpointError, match="input_scaling"):
        ModelMetadata.from_dict(data)
    from minewatch.models.registry import build_model

    model = build_model("segnet", 3, 2, widths=[4], convs=[1])
    saved = ModelMetadata.for_model(model, classes=BUILDING_CLASSES, band_names=["r", "g", "b"],
                                    band_mean=[0.0] * 3, band_std=[1.0] * 3, gsd_m=0.5,
                                    tile_size=64, input_scaling="scene")
    save_checkpoint(str(tmp_path / "m.safetensors"), model, saved)
    assert load_checkpoint(str(tmp_path / "m.safetensors"))[1].input_scaling == "scene"


def test_scene_scaling_in_classify_land_damage(scene, tmp_path):
    """The flag means the same in Classify Land Damage: the model sees the
    scene standardised by its own statistics."""
    from minewatch.core.landdamage.classify import classify_land_damage

    seen = []

    def predict(x):
        seen.append(x.copy())
        return brightness_predict()(x)

    for scaling in ("fixed", "scene"):
        seen.clear()
        classify_land_damage(scene[0], predict,
                             metadata(LAND_DAMAGE_CLASSES[:2], scaling=scaling, tile=128),
                             RasterOutputs(str(tmp_path / f"{scaling}.tif")),
                             tiling=Tiling(overlap=0, batch_size=1))
        x = np.concatenate(seen)
        if scaling == "scene":
            np.testing.assert_allclose(x.mean((0, 2, 3)), 0.0, atol=1e-3)
            np.testing.assert_allclose(x.std((0, 2, 3)), 1.0, atol=1e-3)
        else:
            with rasterio.open(scene[0]) as ds:
                expected = (ds.read().mean((1, 2)) - 110.0) / 50.0
            np.testing.assert_allclose(x.mean((0, 2, 3)), expected, atol=1e-3)


def test_training_writes_the_scaling_flag(tmp_path):
    from sample_folder_lib import make_sample_folder

    from minewatch.core.training.trainer import TrainingConfig, train_segmentation_model
    from minewatch.models.checkpoint import read_metadata

    folder = make_sample_folder(tmp_path / "s", n_train=4, n_val=2, n_test=0, patch=32, n_classes=2)
    config = TrainingConfig(architecture="segnet", arch_kwargs={"widths": [4], "convs": [1]},
                            epochs=1, batch_size=2, device="cpu", num_threads=1,
                            input_scaling="scene")
    out = str(tmp_path / "m.safetensors")
    train_segmentation_model(folder, out, config)
    assert read_metadata(out).input_scaling == "scene"
    with pytest.raises(MineWatchInputError, match="input scaling"):
        train_segmentation_model(folder, out, dataclasses.replace(config, input_scaling="patch"))


@pytest.mark.slow
def test_the_crf_keeps_confident_buildings_and_cannot_erase_unsure_ones(scene, tmp_path):
    """The share of the network's buildings the CRF keeps is measured; a
    tile where the CRF would erase most of them keeps the network's mask
    (counted, so the log can say so)."""
    path, _, _ = scene
    runs = {name: infer_buildings(path, predict, metadata(), str(tmp_path / f"{name}_m.tif"),
                                  str(tmp_path / f"{name}_p.tif"), tiling=Tiling(64), crf=crf)
            for name, predict, crf in (("raw", brightness_predict(), None),
                                       ("crf", brightness_predict(speckle=0.08), CrfParams()))}
    assert runs["raw"].crf_kept_share is None and runs["raw"].crf_fallback is None
    # confident buildings that differ in colour from the ground: the CRF keeps them
    assert 0.5 <= runs["crf"].crf_kept_share < 1.5 and runs["crf"].crf_fallback[0] == 0

    def unsure(x):
        # a confident building patch in each tile, in no way set apart by colour
        p = np.full((len(x),) + x.shape[2:], 0.2, np.float32)
        p[:, 24:40, 24:40] = 0.8
        return np.stack([1.0 - p, p], axis=1)

    erased = infer_buildings(path, unsure, metadata(), str(tmp_path / "u_m.tif"),
                             str(tmp_path / "u_p.tif"), tiling=Tiling(64, 0), crf=CrfParams())
    # the CRF would erase the patches it cannot tell from the ground: every tile
    # keeps the network's mask
    assert erased.crf_fallback[0] == erased.crf_fallback[1] == erased.n_tiles > 0
    assert erased.crf_kept_share == 1.0
    plain = infer_buildings(path, unsure, metadata(), str(tmp_path / "n_m.tif"),
                            str(tmp_path / "n_p.tif"), tiling=Tiling(64, 0))
    with rasterio.open(tmp_path / "u_m.tif") as a, rasterio.open(tmp_path / "n_m.tif") as b:
        assert np.array_equal(a.read(1), b.read(1))
    assert plain.crf_kept_share is None


def test_crf_failure_rule():
    from minewatch.core.buildings.crf_predict import crf_failed

    assert crf_failed(1000, 900, 500, 200)  # most confident buildings erased
    assert crf_failed(1000, 2100, 500, 500)  # spread over twice the pixels
    # speckle removed (unsure pixels gone, confident ones kept) is a refinement
    assert not crf_failed(1000, 300, 280, 270) and not crf_failed(1000, 1900, 500, 300)
    assert not crf_failed(40, 0, 40, 0)  # too few pixels to judge
