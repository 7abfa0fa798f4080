"""End-to-end tiled inference on small rasters, without QGIS or torch."""
import os
import re

import numpy as np
import pytest
import rasterio
from tiled_testlib import (
    CRS,
    MEAN,
    STD,
    TRANSFORM,
    LinearSoftmax,
    TileConstant,
    settings,
    smooth_image,
    tiled_engine,
    write_raster,
)

from minewatch.core.common.constants import CLASS_NODATA, PROB_NODATA
from minewatch.core.common.errors import Cancelled, MineWatchInputError
from minewatch.core.inference.network_run import classify_raster
from minewatch.core.inference.writers import RasterOutputs


def run(tmp_path, image_path, predict, **options):
    out = {name: str(tmp_path / f"{name}.tif") for name in ("classes", "prob", "probs")}
    mean, std = options.pop("mean", MEAN), options.pop("std", STD)
    result = classify_raster(image_path, predict, mean, std,
                             RasterOutputs(out["classes"], out["prob"],
                                           probabilities_path=out["probs"]), **settings(options))
    read = {}
    for name, path in out.items():
        with rasterio.open(path) as ds:
            read[name] = ds.read() if name == "probs" else ds.read(1)
    return result, read


def assemble(engine):
    """Run the engine's block generator into full arrays (test sizes only)."""
    probs = np.full((engine.n_classes or 2, engine.height, engine.width), np.nan, np.float32)
    classes = np.full((engine.height, engine.width), 254, np.uint8)
    for block in engine.blocks():
        row, col, h, w = block.window
        if probs.shape[0] != block.probs.shape[0]:
            probs = np.full((block.probs.shape[0], engine.height, engine.width), np.nan, np.float32)
        probs[:, row:row + h, col:col + w] = block.probs
        classes[row:row + h, col:col + w] = block.classes
    return probs, classes


def test_outputs_share_the_input_grid_and_match_the_model(tmp_path):
    image = smooth_image(100, 130)
    path = write_raster(tmp_path / "img.tif", image)
    predict = LinearSoftmax()
    result, out = run(tmp_path, path, predict, tile_size=32, overlap=8, batch_size=3)
    for name in ("classes", "prob", "probs"):
        with rasterio.open(tmp_path / f"{name}.tif") as ds:
            assert (ds.width, ds.height) == (130, 100)
            assert ds.transform == TRANSFORM and ds.crs == rasterio.crs.CRS.from_string(CRS)
    expected = predict.reference(image)
    # a per-pixel model: tiling and blending change nothing (16-bit carry)
    np.testing.assert_allclose(out["probs"], expected, atol=1e-5)
    margin = np.sort(expected, axis=0)[-1] - np.sort(expected, axis=0)[-2]
    sure = margin > 1e-4
    np.testing.assert_array_equal(out["classes"][sure], expected.argmax(axis=0)[sure])
    np.testing.assert_allclose(out["prob"], expected.max(axis=0), atol=1e-5)
    assert out["classes"].dtype == np.uint8 and out["classes"].max() < 5
    assert result.n_classes == 5 and result.nodata_count == 0
    np.testing.assert_array_equal(result.class_counts,
                                  np.bincount(out["classes"].ravel(), minlength=5))
    assert result.pixel_area == pytest.approx(4.0)


def test_one_forward_pass_per_tile(tmp_path):
    path = write_raster(tmp_path / "img.tif", smooth_image(100, 130))
    predict = LinearSoftmax()
    result, _ = run(tmp_path, path, predict, tile_size=32, overlap=8, batch_size=5)
    # stride 24: rows ceil((100-32)/24)+1 = 4, cols ceil((130-32)/24)+1 = 6
    assert result.n_tiles == predict.tiles == 24
    assert predict.calls == result.n_batches == 5
    assert [s[0] for s in predict.shapes] == [5, 5, 5, 5, 4]
    assert all(s[1:] == (4, 32, 32) for s in predict.shapes)


def test_whole_scene_equals_tiled_for_a_convolution(tmp_path):
    image = smooth_image(90, 110, seed=5)
    path = write_raster(tmp_path / "img.tif", image)
    predict = LinearSoftmax(smooth=3)  # 3 × 3 receptive field
    common = dict(mean=MEAN, std=STD, prefetch=False)
    whole, _ = assemble_engine(path, predict, tile_size=112, overlap=0, **common)
    assert predict.calls == 1
    tiled, _ = assemble_engine(path, predict, tile_size=32, overlap=8, **common)
    # tiles see their own edges differently only in their outer pixel, whose
    # blending weight is sin²(π/32) ≈ 0.01
    diff = np.abs(whole - tiled)
    assert diff.max() < 0.01 and diff.mean() < 2e-4
    # and the whole-scene run equals the model applied to the whole image
    np.testing.assert_allclose(whole, predict.reference(image), atol=1e-6)


def assemble_engine(path, predict, **options):
    engine = tiled_engine(path, predict, options.pop("mean"), options.pop("std"), **options)
    return assemble(engine)


def test_blending_leaves_no_seam(tmp_path):
    path = write_raster(tmp_path / "img.tif", smooth_image(120, 120))
    overlap = 16
    probs, _ = assemble_engine(path, TileConstant(), mean=MEAN, std=STD, tile_size=48,
                               overlap=overlap)
    p = probs[0]
    # tiles hold constants between 0.05 and 0.95; cropping would jump by up
    # to 0.9 at tile borders, the sin² taper changes by ≤ Δ·π/(2·O) per px
    steps = max(np.abs(np.diff(p, axis=0)).max(), np.abs(np.diff(p, axis=1)).max())
    assert steps <= 0.9 * np.pi / (2 * overlap) * 1.01
    assert np.abs(probs.sum(axis=0) - 1).max() < 1e-4


def test_nodata_pixels_get_class_255(tmp_path):
    image = smooth_image(60, 70)
    image[2, 10:20, 30:40] = 0        # nodata in one band only
    image[:, 50, :] = 0
    path = write_raster(tmp_path / "img.tif", image, nodata=0)
    seen = []

    def predict(batch):
        seen.append(batch.copy())
        return LinearSoftmax()(batch)

    result, out = run(tmp_path, path, predict, tile_size=32, overlap=8)
    nodata = (image == 0).any(axis=0)
    assert (out["classes"][nodata] == CLASS_NODATA).all()
    assert (out["classes"][~nodata] < 5).all()
    assert (out["prob"][nodata] == PROB_NODATA).all() and (out["prob"][~nodata] > 0).all()
    assert (out["probs"][:, nodata] == PROB_NODATA).all()
    assert result.nodata_count == nodata.sum()
    assert result.class_counts.sum() == (~nodata).sum()
    # the model saw the band means (0 after normalisation), not dark land
    first = seen[0][0]  # tile (0, 0) covers rows 0–31, cols 0–31
    assert np.all(first[:, 10:20, 30:32] == 0)
    assert np.all(np.isfinite(np.concatenate(seen)))


def test_nan_and_dataset_mask_are_nodata(tmp_path):
    image = (smooth_image(40, 50) / 10000.0).astype(np.float32)  # reflectance
    image[1, 5, 5] = np.nan
    image[0, 6, 7] = np.inf
    path = str(tmp_path / "img.tif")
    write_raster(path, image)
    with rasterio.open(path, "r+") as ds:
        mask = np.full((40, 50), 255, np.uint8)
        mask[30:, 40:] = 0
        ds.write_mask(mask)
    mean = [m / 10000.0 for m in MEAN]
    std = [s / 10000.0 for s in STD]
    _, out = run(tmp_path, path, LinearSoftmax(), mean=mean, std=std, tile_size=32, overlap=8)
    cls = out["classes"]
    assert cls[5, 5] == cls[6, 7] == CLASS_NODATA
    assert (cls[30:, 40:] == CLASS_NODATA).all()
    assert (cls < 5).sum() == 40 * 50 - 2 - 100


def test_all_nodata_raster_is_refused_before_any_output(tmp_path):
    image = np.zeros((4, 40, 50), np.uint16)
    path = write_raster(tmp_path / "img.tif", image, nodata=0)
    predict = LinearSoftmax()
    with pytest.raises(MineWatchInputError, match="no valid pixel"):
        run(tmp_path, path, predict, tile_size=32, overlap=8)
    assert predict.calls == 0
    assert sorted(os.listdir(tmp_path)) == ["img.tif"]


def test_single_valid_pixel_is_found_by_the_exact_scan(tmp_path):
    image = np.zeros((4, 300, 300), np.uint16)
    image[:, 299, 0] = 500   # a corner no sample window reaches
    path = write_raster(tmp_path / "img.tif", image, nodata=0)
    result, out = run(tmp_path, path, LinearSoftmax(), tile_size=128, overlap=16)
    assert result.class_counts.sum() == 1 and out["classes"][299, 0] < 5


@pytest.mark.parametrize("shape", [(1, 1), (5, 7), (31, 2)])
def test_raster_smaller_than_a_tile(tmp_path, shape):
    image = smooth_image(*shape)
    path = write_raster(tmp_path / "img.tif", image)
    predict = LinearSoftmax()
    result, out = run(tmp_path, path, predict, tile_size=32, overlap=8)
    assert result.n_tiles == predict.tiles == 1
    assert out["classes"].shape == shape
    np.testing.assert_allclose(out["probs"], predict.reference(image), atol=1e-6)


def test_band_count_mismatch_says_how_to_fix(tmp_path):
    path = write_raster(tmp_path / "img.tif", smooth_image(20, 20, bands=3))
    with pytest.raises(MineWatchInputError, match="BANDS parameter") as err:
        tiled_engine(path, LinearSoftmax(), MEAN, STD)
    assert "expects 4" in str(err.value) and "image has 3" in str(err.value)
    with pytest.raises(MineWatchInputError, match="do not exist"):
        tiled_engine(path, LinearSoftmax(), MEAN, STD, bands=[1, 2, 3, 4])


def test_band_selection_and_order(tmp_path):
    image = smooth_image(40, 40, seed=9)
    shuffled = np.concatenate([image[[3, 0, 2, 1]], image[:1] // 2])  # 5 bands, mixed
    path = write_raster(tmp_path / "img.tif", shuffled)
    predict = LinearSoftmax()
    _, out = run(tmp_path, path, predict, bands=[2, 4, 3, 1], tile_size=32, overlap=8)
    np.testing.assert_allclose(out["probs"], predict.reference(image), atol=1e-5)


def test_single_band_can_be_repeated_with_a_warning(tmp_path):
    band = smooth_image(30, 30, bands=1)
    path = write_raster(tmp_path / "img.tif", band)
    mean, std = [MEAN[0]] * 3, [STD[0]] * 3
    with pytest.raises(MineWatchInputError, match="expects 3"):
        tiled_engine(path, LinearSoftmax(bands=3), mean, std)
    engine = tiled_engine(path, LinearSoftmax(bands=3), mean, std, repeat_single_band=True,
                            tile_size=32, overlap=8)
    assert engine.bands == [1, 1, 1] and "repeated" in str(engine.warnings[0])
    probs, classes = assemble(engine)
    assert np.isfinite(probs).all() and (classes < 5).all()


@pytest.mark.parametrize("dtype", ["uint8", "int16", "float32"])
def test_any_input_dtype(tmp_path, dtype):
    image = (smooth_image(40, 45) // 8).astype(dtype)
    path = write_raster(tmp_path / "img.tif", image)
    predict = LinearSoftmax()
    _, out = run(tmp_path, path, predict, tile_size=32, overlap=8)
    np.testing.assert_allclose(out["probs"], predict.reference(image), atol=1e-5)


def test_cancel_leaves_no_output(tmp_path):
    path = write_raster(tmp_path / "img.tif", smooth_image(100, 100))

    class CancelAfterFirstBatch:
        def __init__(self):
            self.progress = []

        def setProgress(self, pct):  # noqa: N802
            self.progress.append(pct)

        def isCanceled(self):  # noqa: N802
            return len(self.progress) > 2

    feedback = CancelAfterFirstBatch()
    predict = LinearSoftmax()
    with pytest.raises(Cancelled):
        run(tmp_path, path, predict, tile_size=32, overlap=8, batch_size=2, feedback=feedback)
    assert predict.calls == 1
    assert sorted(os.listdir(tmp_path)) == ["img.tif"]


def test_progress_reaches_100(tmp_path):
    path = write_raster(tmp_path / "img.tif", smooth_image(50, 50))
    seen = []

    class Feedback:
        def setProgress(self, pct):  # noqa: N802
            seen.append(pct)

        def isCanceled(self):  # noqa: N802
            return False

    run(tmp_path, path, LinearSoftmax(), tile_size=32, overlap=8, feedback=Feedback())
    assert seen == sorted(seen) and seen[-1] == pytest.approx(100.0)


def test_progress_text_counts_tiles_down(tmp_path):
    """Issue 30: "Tile n / N, about T s left" once per tenth of the tiles,
    not for every tile (the dialog logs each progress text)."""
    path = write_raster(tmp_path / "img.tif", smooth_image(200, 200))
    texts = []

    class Feedback:
        def setProgress(self, pct):  # noqa: N802
            pass

        def setProgressText(self, text):  # noqa: N802
            texts.append(text)

        def isCanceled(self):  # noqa: N802
            return False

    run(tmp_path, path, LinearSoftmax(), tile_size=32, overlap=8, batch_size=1,
        feedback=Feedback())
    total = int(texts[0].split(" / ")[1].split(",")[0])
    assert total >= 40  # 200 px in tiles of 32 at stride 24: 9 × 9
    assert 5 <= len(texts) <= 10, texts
    assert all(re.fullmatch(r"Tile \d+ / \d+, about \d+ (s|min) left\.", t) for t in texts), texts
    done = [int(t.split(" ")[1]) for t in texts]
    assert done == sorted(done) and done[-1] < total


def test_bad_model_output_is_reported(tmp_path):
    path = write_raster(tmp_path / "img.tif", smooth_image(20, 20))
    with pytest.raises(MineWatchInputError, match="returned an array of shape"):
        run(tmp_path, path, lambda b: b[:, :1], tile_size=32, overlap=8)
    with pytest.raises(MineWatchInputError, match="5 expected"):
        run(tmp_path, path, LinearSoftmax(classes=4), tile_size=32, overlap=8, n_classes=5)
    assert sorted(os.listdir(tmp_path)) == ["img.tif"]


@pytest.mark.parametrize("tile,overlap,batch", [(4, 0, 1), (32, 17, 1), (32, -1, 1), (32, 8, 0)])
def test_bad_tiling_is_refused(tmp_path, tile, overlap, batch):
    path = write_raster(tmp_path / "img.tif", smooth_image(20, 20))
    with pytest.raises(MineWatchInputError):
        tiled_engine(path, LinearSoftmax(), MEAN, STD, tile_size=tile, overlap=overlap,
                       batch_size=batch)


def test_memory_does_not_grow_with_height(tmp_path):
    """The engine's buffers depend on tile, batch and width, not height."""
    shapes = []
    for height in (40, 400):
        path = write_raster(tmp_path / f"img{height}.tif", smooth_image(height, 90))
        engine = tiled_engine(path, LinearSoftmax(), MEAN, STD, tile_size=32, overlap=8,
                                batch_size=2)
        for _ in engine.blocks():
            pass
        shapes.append(engine.buffer_shapes)
    assert shapes[0] == shapes[1]
    largest = max(int(np.prod(s)) for s in shapes[1].values())
    # a batch of tiles (N·K·T²) or the carried strip (K·O·Wp), never H·W
    assert largest == max(2 * 5 * 32 * 32, 5 * 8 * engine.grid.padded_width)
    assert largest < 400 * 90


def test_prefetch_on_and_off_agree(tmp_path):
    path = write_raster(tmp_path / "img.tif", smooth_image(70, 80))
    a, _ = assemble_engine(path, LinearSoftmax(), mean=MEAN, std=STD, tile_size=32, overlap=8,
                           prefetch=True)
    b, _ = assemble_engine(path, LinearSoftmax(), mean=MEAN, std=STD, tile_size=32, overlap=8,
                           prefetch=False)
    np.testing.assert_array_equal(a, b)


def test_partial_files_of_killed_runs_are_cleaned_on_the_next_success(tmp_path):
    path = write_raster(tmp_path / "img.tif", smooth_image(40, 40))
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".classes.tif.0123abcd.partial"
    stale.write_bytes(b"left by a killed run")
    other = out / ".other.tif.0123abcd.partial"  # another output's: not ours to touch
    other.write_bytes(b"x")
    run(out, path, LinearSoftmax(), tile_size=32, overlap=8)
    assert not stale.exists() and other.exists()
