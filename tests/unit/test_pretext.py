"""Self-supervised pretraining (core/training/pretext.py): hidden squares,
the head left alone, the loss falling, unlabelled rasters, and the trainer's
option."""
import numpy as np
import pytest
from sample_folder_lib import make_sample_folder
from tiled_testlib import write_raster

from minewatch.core.common.errors import Cancelled, MineWatchInputError
from minewatch.core.inference.normalisation import BandNormaliser
from minewatch.core.training.pretext import (
    UnlabelledWindows,
    head_keys,
    hidden_blocks,
    pretrain,
)
from minewatch.core.training.samples import SampleSet
from minewatch.core.training.trainer import TrainingConfig, train_segmentation_model

torch = pytest.importorskip("torch")

TINY = {"base_width": 4, "depth": 2}


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    return make_sample_folder(tmp_path_factory.mktemp("samples"), n_train=16, n_val=4, n_test=4,
                              patch=32)


def tiny_model(n_classes=4):
    from minewatch.models.registry import build_model

    torch.manual_seed(0)
    return build_model("unet", 3, n_classes, **TINY)


class Stop:
    def __init__(self, after):
        self.calls, self.after = 0, after

    def setProgress(self, percent):  # noqa: N802
        pass

    def isCanceled(self):  # noqa: N802
        self.calls += 1
        return self.calls > self.after


def test_hidden_squares_cover_about_half_of_each_patch_in_whole_blocks():
    hidden = hidden_blocks(200, 40, np.random.default_rng(0), block=8, share=0.5)
    assert hidden.shape == (200, 40, 40)
    assert 0.45 < hidden.mean() < 0.55
    assert hidden.reshape(200, -1).any(axis=1).all()
    # constant over each 8-px square
    blocks = hidden.reshape(200, 5, 8, 5, 8)
    assert (blocks == blocks[:, :, :1, :, :1]).all()
    # even a share of 0 hides one square, so every patch has something to restore
    assert hidden_blocks(3, 16, np.random.default_rng(1), block=8, share=0.0).sum() == 3 * 64


@pytest.mark.parametrize("arch, kwargs", [("unet", TINY), ("deeplabv3plus", {"aspp_channels": 8,
                                                                          "decoder_channels": 8})])
def test_the_head_is_the_part_that_depends_on_the_number_of_classes(arch, kwargs):
    heads = head_keys(arch, kwargs, 3)
    assert heads and all(k.endswith(("weight", "bias")) for k in heads)
    assert len(heads) <= 2  # one output layer: its weights and bias


def test_pretraining_restores_hidden_squares_better_and_keeps_the_head(samples):
    model = tiny_model()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    sample_set = SampleSet(samples)
    result = pretrain(model, "unet", TINY, sample_set,
                      BandNormaliser(sample_set.band_mean, sample_set.band_std), 10.0,
                      batch_size=8, learning_rate=0.01, max_steps=40)
    assert result.steps == 40
    assert result.last_loss < 0.85 * result.first_loss
    heads = head_keys("unet", TINY, 3)
    after = model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in heads)
    changed = [k for k in after if k not in heads and after[k].dtype.is_floating_point
               and not torch.equal(before[k], after[k])]
    assert len(changed) > len(after) // 2


def test_unlabelled_rasters_give_normalised_windows_and_wrong_ones_are_refused(samples, tmp_path):
    sample_set = SampleSet(samples)
    normaliser = BandNormaliser(sample_set.band_mean, sample_set.band_std)
    image = np.stack([np.full((64, 80), m, np.float32) for m in sample_set.band_mean])
    image[:, :10, :10] = -9999
    path = str(tmp_path / "unlabelled.tif")
    write_raster(path, image, nodata=-9999)
    windows = UnlabelledWindows([path], 3, 32, normaliser, scene_scaling=False)
    images, valid = windows.draw(20, np.random.default_rng(0))
    assert images.shape == (20, 3, 32, 32) and valid.shape == (20, 32, 32)
    assert np.allclose(images[np.broadcast_to(valid[:, None], images.shape)], 0.0, atol=1e-4)
    assert (~valid).any()  # the nodata corner is flagged, not restored
    assert np.all(images[np.broadcast_to(~valid[:, None], images.shape)] == 0.0)
    two = str(tmp_path / "two_bands.tif")
    write_raster(two, image[:2])
    with pytest.raises(MineWatchInputError, match="2 band"):
        UnlabelledWindows([two], 3, 32, normaliser, scene_scaling=False)
    small = str(tmp_path / "small.tif")
    write_raster(small, image[:, :20, :20])
    with pytest.raises(MineWatchInputError, match="smaller than"):
        UnlabelledWindows([small], 3, 32, normaliser, scene_scaling=False)


def test_cancel_stops_pretraining(samples):
    sample_set = SampleSet(samples)
    with pytest.raises(Cancelled):
        pretrain(tiny_model(), "unet", TINY, sample_set,
                 BandNormaliser(sample_set.band_mean, sample_set.band_std), 5.0,
                 feedback=Stop(after=2))


@pytest.mark.slow
def test_training_with_pretraining_says_so_records_it_and_differs(samples, tmp_path):
    from minewatch.models.checkpoint import load_checkpoint

    image = np.random.default_rng(0).normal(500, 200, (3, 64, 64)).astype(np.float32)
    raster = str(tmp_path / "unlabelled.tif")
    write_raster(raster, image)
    lines = []

    class Log:
        def setProgress(self, percent):  # noqa: N802
            lines.append(percent)

        def isCanceled(self):  # noqa: N802
            return False

        def pushInfo(self, text):  # noqa: N802
            lines.append(text)

    common = dict(architecture="unet", arch_kwargs=TINY, batch_size=8, learning_rate=0.01,
                  device="cpu", epochs=1, max_train_batches_per_epoch=2, seed=1)
    plain, pre = str(tmp_path / "plain.safetensors"), str(tmp_path / "pre.safetensors")
    train_segmentation_model(samples, plain, TrainingConfig(**common))
    train_segmentation_model(samples, pre, TrainingConfig(**common, pretrain_minutes=0.02,
                                                          pretrain_images=(raster,)), Log())
    texts = [x for x in lines if isinstance(x, str)]
    assert any("Self-supervised pretraining for" in t for t in texts)
    assert any("restoring error" in t for t in texts)
    progress = [x for x in lines if not isinstance(x, str)]
    assert progress == sorted(progress) and progress[-1] == pytest.approx(100.0)
    _, meta = load_checkpoint(pre)
    record = meta.training["self_supervised"]
    assert record["steps"] > 0 and record["unlabelled_images"] == ["unlabelled.tif"]
    _, plain_meta = load_checkpoint(plain)
    assert plain_meta.training["self_supervised"] is None
    a, b = load_checkpoint(plain)[0].state_dict(), load_checkpoint(pre)[0].state_dict()
    assert not all(torch.equal(a[k], b[k]) for k in a)
    with pytest.raises(MineWatchInputError, match="self-supervised"):
        train_segmentation_model(samples, pre, TrainingConfig(**common, pretrain_minutes=-1))


def test_a_pretraining_too_short_for_one_batch_is_recorded_without_losses(samples, tmp_path):
    from minewatch.models.checkpoint import load_checkpoint

    out = str(tmp_path / "short.safetensors")
    train_segmentation_model(samples, out, TrainingConfig(
        architecture="unet", arch_kwargs=TINY, batch_size=8, device="cpu", epochs=1,
        max_train_batches_per_epoch=1, pretrain_minutes=1e-9))
    record = load_checkpoint(out)[1].training["self_supervised"]
    assert record["steps"] == 0 and record["first_loss"] is None and record["last_loss"] is None
