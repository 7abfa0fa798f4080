"""The trainer: class balance, losses, training runs (tiny U-Nets on 32 px
learnable patches), checkpoints, seeding, cancel, evaluation, comparison."""
import csv
import json
import os
import re

import numpy as np
import pytest
from sample_folder_lib import make_sample_folder

from minewatch.core.common.errors import Cancelled, MineWatchInputError
from minewatch.core.evaluation.metrics import confusion_matrix
from minewatch.core.training.class_balance import (
    class_weights,
    draw_patches,
    patch_class_presence,
    patch_repeat_factors,
)
from minewatch.core.training.trainer import (
    TrainingConfig,
    evaluate_model_on_samples,
    train_segmentation_model,
)

torch = pytest.importorskip("torch")

# the tiny validation split (6 patches of 32 px) is chosen on as a real one is
TINY = {"architecture": "unet", "arch_kwargs": {"base_width": 4, "depth": 2}, "batch_size": 8,
        "learning_rate": 0.01, "device": "cpu", "min_val_pixels": 0, "min_val_blocks": 0}


class Log:
    """A feedback that records progress and log lines; ``cancel_on`` makes
    isCanceled() True once a log line containing it was pushed."""

    def __init__(self, cancel_on=None, cancel_now=False):
        self.lines, self.warnings, self.progress = [], [], []
        self.cancel_on, self.cancelled = cancel_on, cancel_now

    def setProgress(self, percent):  # noqa: N802
        self.progress.append(percent)

    def isCanceled(self):  # noqa: N802
        return self.cancelled

    def pushInfo(self, text):  # noqa: N802
        self.lines.append(text)
        if self.cancel_on and self.cancel_on in text:
            self.cancelled = True

    def pushWarning(self, text):  # noqa: N802
        self.warnings.append(text)


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    return make_sample_folder(tmp_path_factory.mktemp("samples"), n_train=16, n_val=6, n_test=6, patch=32)


def config(**changes):
    return TrainingConfig(**{**TINY, "epochs": 2, **changes})


def weights_of(path):
    from minewatch.models.checkpoint import load_checkpoint

    model, _ = load_checkpoint(path)
    return {k: v.clone() for k, v in model.state_dict().items()}


# -- class balance ------------------------------------------------------------

def test_class_weights_favour_rare_classes_and_zero_absent_ones():
    w = class_weights([100000, 10000, 5000, 0, 2000])
    assert w[3] == 0.0
    assert w[4] > w[2] > w[1] > w[0] > 0
    assert w[2] == pytest.approx(7500 / 5000) and w[0] == 0.1  # median / count, clipped
    w = class_weights([10**7, 10**5, 10**5, 134])
    assert w[3] == 10.0 and w[0] == 0.1  # clipped to a sane range
    assert np.all(class_weights([0, 0]) == 0)


def test_patches_with_rare_classes_are_drawn_more_often():
    labels = np.zeros((200, 4, 4), np.uint8)
    labels[:, 0, 0] = 1
    labels[7, 1, 1] = 2  # the rare class in one patch of 200
    labels[9] = 255      # a patch without labelled pixels
    presence = patch_class_presence([labels[:100], labels[100:]], 3)
    assert presence.shape == (200, 3) and presence[7, 2] and not presence[9].any()
    factors = patch_repeat_factors(presence)
    assert factors[7] == pytest.approx(np.sqrt(0.1 / (1 / 200)))
    assert factors[0] == factors[9] == 1.0
    draws = draw_patches(factors, 20000, np.random.default_rng(1))
    assert np.array_equal(draws, draw_patches(factors, 20000, np.random.default_rng(1)))
    assert (draws == 7).sum() > 3 * (draws == 8).sum()


# -- losses -------------------------------------------------------------------

@pytest.mark.parametrize("name", ["ce", "focal", "ce_dice"])
def test_losses_are_finite_and_ignore_255(name):
    from minewatch.core.training.losses import make_loss

    loss = make_loss(name, [0.5, 1.0, 4.0])
    gen = torch.Generator().manual_seed(0)
    logits = torch.randn(2, 3, 8, 8, generator=gen, requires_grad=True)
    target = torch.randint(0, 3, (2, 8, 8), generator=gen)
    target[:, :2] = 255
    value = loss(logits, target)
    assert torch.isfinite(value) and value > 0
    value.backward()
    assert torch.all(logits.grad[:, :, :2] == 0)  # ignored pixels give no gradient
    changed = logits.detach().clone()
    changed[:, :, :2] += 100.0
    assert float(loss(changed, target)) == pytest.approx(float(value.detach()), rel=1e-5)
    empty = loss(logits, torch.full((2, 8, 8), 255))
    assert float(empty.detach()) == 0.0
    perfect = torch.nn.functional.one_hot(target.clamp(max=2), 3).permute(0, 3, 1, 2).float() * 50
    assert float(loss(perfect, target)) < 0.01 * float(value.detach())


# -- training -----------------------------------------------------------------

def test_training_lowers_the_loss_and_writes_a_described_checkpoint(samples, tmp_path):
    from minewatch.models.checkpoint import load_checkpoint

    out = str(tmp_path / "m.safetensors")
    log = Log()
    result = train_segmentation_model(samples, out, config(epochs=3, description="tiny test"), log)
    assert result.written and not result.cancelled and result.epochs_run == 3
    losses = [h["train_loss"] for h in result.history]
    assert losses[-1] < losses[0]
    assert all(0 <= h["val_miou"] <= 1 and len(h["val_per_class_iou"]) == 4 for h in result.history)
    assert result.best_val_miou == max(h["val_miou"] for h in result.history)
    assert sum(line.startswith("Epoch ") for line in log.lines) == 3
    assert log.progress[-1] == pytest.approx(100.0) and log.progress == sorted(log.progress)

    model, meta = load_checkpoint(out)
    manifest = json.load(open(os.path.join(samples, "manifest.json")))
    assert meta.architecture == "unet" and meta.arch_kwargs == {"base_width": 4, "depth": 2}
    assert meta.class_names == ["background", "open pit", "water", "vegetation"]
    assert meta.band_names == ["blue", "green", "red"] and meta.band_mean == manifest["band_mean"]
    assert meta.band_std == manifest["band_std"] and meta.gsd_m == 2.0 and meta.tile_size == 512
    assert meta.training["patch_size"] == 32  # what the log names as its training patch
    assert meta.description == "tiny test"
    t = meta.training
    assert t["best_epoch"] == result.best_epoch and t["epochs_run"] == 3 and len(t["history"]) == 3
    assert t["best_val_miou"] == pytest.approx(result.best_val_miou)
    assert t["complete"] is True
    assert t["class_weights"][3] > t["class_weights"][0]  # the rare class weighs more
    assert {"loss", "learning_rate", "batch_size", "seed", "seconds", "device", "torch", "samples",
            "val_per_class_iou", "architecture"} <= set(t)


def test_a_small_validation_split_keeps_the_schedules_end(samples, tmp_path):
    from minewatch.models.checkpoint import read_metadata

    out = str(tmp_path / "m.safetensors")
    log = Log()
    # the default minimum: 6 patches of 32 px are far too few to choose an epoch on
    result = train_segmentation_model(samples, out, config(epochs=3, min_val_pixels=500_000), log)
    assert result.best_epoch == result.epochs_run == 3
    assert any(re.search(r"validation split is small \(\d+ labelled pixels", w) for w in log.warnings)
    assert read_metadata(out).training["model_selection"] == "schedule_end"


def test_early_stopping_completes_the_schedule(samples, tmp_path):
    from minewatch.models.checkpoint import read_metadata

    out = str(tmp_path / "m.safetensors")
    log = Log()
    # a rate too small to learn anything: no validation gain after epoch 1
    result = train_segmentation_model(samples, out, config(
        epochs=40, learning_rate=1e-12, max_train_batches_per_epoch=1), log)
    # 10 epochs without a gain (batch-norm statistics still move the scores
    # a little), then 2 epochs of annealing: the run ends long before 40
    stop = [(i, line) for i, line in enumerate(log.lines) if "early stopping" in line]
    assert len(stop) == 1
    index, line = stop[0]
    stopped_after = sum(x.startswith("Epoch ") for x in log.lines[:index])
    assert "No validation gain for 10 epochs" in line
    assert result.epochs_run == stopped_after + 2 < 40
    assert f"ends after epoch {result.epochs_run}" in line
    last = [x for x in log.lines if x.startswith("Epoch ")][-1]
    assert last.startswith(f"Epoch {result.epochs_run}/{result.epochs_run}:")
    assert read_metadata(out).training["early_stopping"] is True


def test_same_seed_gives_identical_weights(samples, tmp_path):
    runs = {}
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        path = str(tmp_path / f"{name}.safetensors")
        train_segmentation_model(samples, path, config(epochs=1, seed=seed, max_train_batches_per_epoch=2))
        runs[name] = weights_of(path)
    assert all(torch.equal(runs["a"][k], runs["b"][k]) for k in runs["a"])
    assert not all(torch.equal(runs["a"][k], runs["c"][k]) for k in runs["a"])


def test_cancel_during_epoch_two_keeps_epoch_one(samples, tmp_path):
    from minewatch.models.checkpoint import read_metadata

    out = str(tmp_path / "m.safetensors")
    log = Log(cancel_on="Epoch 1/")
    result = train_segmentation_model(samples, out, config(epochs=4), log)
    assert result.cancelled and result.epochs_run == 1 and result.best_epoch == 1
    assert read_metadata(out).training["epochs_run"] == 1
    # a cut-short run says so in the model's record (Classify warns about it)
    assert read_metadata(out).training["complete"] is False
    assert read_metadata(out).training["planned_epochs"] == 4
    assert any("Cancelled" in w for w in log.warnings)


def test_cancel_before_the_first_epoch_writes_nothing(samples, tmp_path):
    out = tmp_path / "m.safetensors"
    with pytest.raises(Cancelled):
        train_segmentation_model(samples, str(out), config(), Log(cancel_now=True))
    assert not out.exists() and not list(tmp_path.iterdir())


def test_time_budget_stops_after_the_epoch(samples, tmp_path):
    log = Log()
    result = train_segmentation_model(samples, str(tmp_path / "m.safetensors"),
                                      config(epochs=5, max_minutes=1e-6, max_train_batches_per_epoch=1), log)
    assert result.stopped_by_budget and result.epochs_run == 1 and not result.cancelled
    assert any("budget" in line for line in log.lines)


def test_fine_tuning_and_its_checks(samples, tmp_path):
    first = str(tmp_path / "first.safetensors")
    train_segmentation_model(samples, first, config(epochs=1, max_train_batches_per_epoch=1))
    tuned = train_segmentation_model(samples, str(tmp_path / "tuned.safetensors"),
                                     config(epochs=1, init_model=first, architecture="fcn"), Log())
    assert tuned.architecture == "unet" and tuned.written
    # another class table: the head is new, the rest carried over (core/training/transfer.py)
    other = make_sample_folder(tmp_path / "five", n_train=4, n_val=2, n_test=0, n_classes=3)
    log = Log()
    result = train_segmentation_model(other, str(tmp_path / "x.safetensors"),
                                      config(epochs=1, init_model=first), log)
    assert result.written and any("for other bands or classes" in line for line in log.lines)


def test_no_val_split_validates_on_train_with_a_warning(tmp_path):
    folder = make_sample_folder(tmp_path / "s", n_train=8, n_val=0, n_test=0)
    log = Log()
    result = train_segmentation_model(folder, str(tmp_path / "m.safetensors"), config(epochs=1), log)
    assert result.validation_split == "train" and any("no validation" in w for w in log.warnings)


def test_bad_inputs_are_refused_clearly(samples, tmp_path):
    out = str(tmp_path / "m.safetensors")
    with pytest.raises(MineWatchInputError, match="not a MineWatch training-sample folder"):
        train_segmentation_model(str(tmp_path), out, config())
    empty = make_sample_folder(tmp_path / "empty", n_train=0, n_val=2, n_test=2)
    with pytest.raises(MineWatchInputError, match="no training patches"):
        train_segmentation_model(empty, out, config())
    with pytest.raises(MineWatchInputError, match="Unknown architecture"):
        train_segmentation_model(samples, out, config(architecture="resnet"))
    with pytest.raises(MineWatchInputError, match="base_widht"):
        train_segmentation_model(samples, out, config(arch_kwargs={"base_widht": 8}))
    with pytest.raises(MineWatchInputError, match="at least 2"):
        train_segmentation_model(samples, out, config(batch_size=1))
    with pytest.raises(MineWatchInputError, match="encoder's learning-rate share"):
        train_segmentation_model(samples, out, config(encoder_lr_scale=0))
    assert not os.path.exists(out)


@pytest.mark.slow
def test_a_slower_encoder_moves_less_than_the_decoder(samples, tmp_path):
    """encoder_lr_scale: the encoder's group at a share of the rate; with a
    share near 0 its weights stay where they started, the decoder's do not."""
    from minewatch.core.training.batches import parameter_groups
    from minewatch.models.registry import build_model

    model = build_model("unet_lite0", in_channels=3, num_classes=2)
    groups = parameter_groups(model, 0.01, 0.1)
    assert [g["lr"] for g in groups] == pytest.approx([0.001, 0.01])
    assert sum(len(g["params"]) for g in groups) == len(list(model.parameters()))
    assert len(parameter_groups(model, 0.01)) == 1
    plain = build_model("unet", in_channels=3, num_classes=2, base_width=4, depth=2)
    assert len(parameter_groups(plain, 0.01, 0.1)) == 1  # no separate encoder

    lite = {"architecture": "unet_lite0", "arch_kwargs": {}, "epochs": 1}
    start_file = str(tmp_path / "start.safetensors")
    train_segmentation_model(samples, start_file, config(**lite))
    log = Log()
    out = str(tmp_path / "slow_encoder.safetensors")
    train_segmentation_model(samples, out, config(**lite, encoder_lr_scale=1e-9,
                                                  init_model=start_file), log)
    trained, start = weights_of(out), weights_of(start_file)
    change = {k: float((trained[k] - start[k]).abs().max()) for k in trained
              if k.endswith("weight")}
    encoder = [v for k, v in change.items() if k.startswith("encoder.")]
    decoder = [v for k, v in change.items() if not k.startswith("encoder.")]
    assert max(encoder) < 1e-6 < 1e-4 < max(decoder), (max(encoder), max(decoder))
    assert any("encoder learns at 1e-09" in line for line in log.lines)


# -- evaluation and comparison ------------------------------------------------

def test_evaluation_agrees_with_a_manual_confusion_matrix(samples, tmp_path):
    from minewatch.core.training.samples import SampleSet
    from minewatch.models.checkpoint import load_checkpoint

    path = str(tmp_path / "m.safetensors")
    train_segmentation_model(samples, path, config(epochs=1))
    scores = evaluate_model_on_samples(path, samples, "test", device="cpu", batch_size=4)
    model, meta = load_checkpoint(path)
    images, labels = SampleSet(samples).load("test", np.arange(6))
    x = (images - np.asarray(meta.band_mean, np.float32)[:, None, None]) / \
        np.asarray(meta.band_std, np.float32)[:, None, None]
    with torch.no_grad():
        prediction = model(torch.from_numpy(x.astype(np.float32))).argmax(1).numpy()
    expected = confusion_matrix(labels, prediction, 4, ignore_value=255)
    assert np.array_equal(scores.confusion, expected)
    assert scores.pixels == int((labels != 255).sum())


def test_compare_architectures_writes_models_and_a_table(samples, tmp_path):
    from minewatch.core.training.comparison import best_architecture, compare_architectures, write_comparison

    rows = compare_architectures(samples, ["unet", "segnet"], str(tmp_path / "models"),
                                 config(epochs=1, max_train_batches_per_epoch=1), Log(),
                                 arch_kwargs={"unet": {"base_width": 4, "depth": 2},
                                              "segnet": {"widths": [4, 8], "convs": [1, 1]}})
    assert [r["architecture"] for r in rows] == ["unet", "segnet"]
    for row in rows:
        assert os.path.isfile(row["model"]) and row["eval_split"] == "test" and row["epochs_run"] == 1
        assert 0 <= row["miou"] <= 1 and row["parameters_m"] > 0 and "iou_open_pit" in row
    assert best_architecture(rows) in ("unet", "segnet")
    names = ["background", "open pit", "water", "vegetation"]
    table = write_comparison(str(tmp_path / "t.csv"), rows, names)
    with open(table, encoding="utf-8-sig") as f:
        read = list(csv.DictReader(f))
    assert [r["architecture"] for r in read] == ["unet", "segnet"]
    assert float(read[0]["miou"]) == pytest.approx(rows[0]["miou"]) and "iou_vegetation" in read[0]
    page = open(write_comparison(str(tmp_path / "t.html"), rows, names, notes=["<x>"]), encoding="utf-8").read()
    assert page.count("<tr>") == 3 and "IoU open pit" in page and "&lt;x&gt;" in page
    with pytest.raises(MineWatchInputError, match="not compared"):
        compare_architectures(samples, ["unet"], str(tmp_path / "m2"), config(), arch_kwargs={"fcn": {}})
    # issue 29: an option the second network does not take failed after the
    # first had trained; now before anything trains or is written
    with pytest.raises(MineWatchInputError, match="segnet.*bogus"):
        compare_architectures(samples, ["unet", "segnet"], str(tmp_path / "m3"),
                              config(epochs=1, max_train_batches_per_epoch=1),
                              arch_kwargs={"segnet": {"bogus": 1}})
    assert not os.path.exists(tmp_path / "m3")


def test_compare_writes_only_where_nothing_of_the_users_is(samples, tmp_path):
    """Issue 29: a folder holding the user's own model (here fcn.safetensors,
    a name the comparison would write) is refused before anything trains; a
    folder an earlier comparison wrote is reused."""
    from minewatch.core.training.comparison import compare_architectures

    tiny = {"unet": {"base_width": 4, "depth": 2}}
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "unet.safetensors").write_bytes(b"the user's own model")
    log = Log()
    with pytest.raises(MineWatchInputError, match="earlier comparison did not write"):
        compare_architectures(samples, ["unet"], str(folder), config(epochs=1), log,
                              arch_kwargs=tiny)
    assert (folder / "unet.safetensors").read_bytes() == b"the user's own model"
    assert not any("unet (1/1)" in line for line in log.lines)  # nothing trained
    fresh = tmp_path / "fresh"
    for _ in range(2):  # a second comparison into the first one's folder
        compare_architectures(samples, ["unet"], str(fresh), config(epochs=1), arch_kwargs=tiny)
    assert sorted(os.listdir(fresh)) == ["minewatch_comparison.json", "unet.safetensors"]


def test_a_model_whose_destination_fails_is_saved_elsewhere_and_said(samples, tmp_path,
                                                                    monkeypatch):
    """The destination cannot be written when the first checkpoint is saved
    (a full disk, a folder removed during training): the model is not lost."""
    from minewatch.models import checkpoint

    out = str(tmp_path / "gone" / "m.safetensors")
    real_save = checkpoint.save_checkpoint

    def save(path, model, metadata):
        if str(path) == out:
            raise OSError(28, "No space left on device")
        return real_save(path, model, metadata)

    monkeypatch.setattr(checkpoint, "save_checkpoint", save)
    log = Log()
    result = train_segmentation_model(samples, out, config(epochs=1), log)
    assert result.output_path != out and os.path.isfile(result.output_path)
    assert any("could not be written" in w and result.output_path in w for w in log.warnings)
    assert checkpoint.read_metadata(result.output_path).training["epochs_run"] == 1
    os.remove(result.output_path)


@pytest.mark.slow
def test_a_time_budget_gets_a_complete_schedule(samples, tmp_path):
    """With MAX_MINUTES the learning rate decays over the batches that fit
    in the budget, and the run ends when the schedule is complete — long
    before the 500 epochs asked for."""
    log = Log()
    result = train_segmentation_model(samples, str(tmp_path / "m.safetensors"),
                                      config(epochs=500, max_minutes=0.05, learning_rate=0.01),
                                      log)
    assert 1 <= result.epochs_run < 500 and result.stopped_by_budget
    final = result.history[-1]["learning_rate"]
    assert final <= 0.02 * 0.01  # decayed to (almost) nothing: a complete schedule
    rates = [r["learning_rate"] for r in result.history]
    assert rates == sorted(rates, reverse=True)
    assert any("s per batch" in line and "time budget" in line for line in log.lines)
    # the epoch lines give the share of the budget used, which only rises
    # (the number of epochs is re-planned as their speed is measured)
    used = [float(line.split("(")[1].split(" %")[0]) for line in log.lines
            if line.startswith("Epoch ") and "% of the time budget" in line]
    assert len(used) == result.epochs_run and used == sorted(used)
    assert not any(line.startswith("Epoch ") and "/" in line.split(":")[0] for line in log.lines)


def test_a_budget_plan_made_too_short_is_lengthened_without_a_jump():
    """A slow first epoch (one-time kernel set-up) used to shorten the
    schedule for good; a later plan now lengthens it again, and the rate
    goes on from where it was, never rising."""
    from minewatch.core.training.schedule_plan import SchedulePlan

    plan = SchedulePlan(per_epoch=10, total_steps=30, max_steps=1000, steps_done=20)
    before = plan.factor(plan.steps_done)  # planned far too short
    plan.fit_to_budget(left_s=89.0, epoch_s=1.0)  # epochs of 1 s: 89 more fit
    assert plan.total_steps == 20 + 890 and plan.epochs == 91
    assert plan.factor(plan.steps_done) == pytest.approx(before)
    factors = [plan.factor(step) for step in range(plan.steps_done, plan.total_steps + 1)]
    assert factors == sorted(factors, reverse=True) and factors[-1] == 0.0
    # never beyond the epochs asked for, never less than one more batch
    plan.fit_to_budget(left_s=1e9, epoch_s=1.0)
    assert plan.total_steps == 1000
    plan.fit_to_budget(left_s=-5.0, epoch_s=1.0)
    assert plan.total_steps == 21
    # with one plan the schedule is the plain poly one
    plain = SchedulePlan.for_epochs(per_epoch=10, epochs=10)
    assert plain.factor(40) == pytest.approx(0.6 ** 0.9) and plain.epochs == 10


def test_early_stopping_ends_the_plan_within_the_epochs_it_gives():
    from minewatch.core.training.schedule_plan import SchedulePlan

    plan = SchedulePlan.for_epochs(per_epoch=10, epochs=30)
    plan.steps_done = 100
    rate = plan.factor(100)
    assert plan.stop_within(2) and plan.total_steps == plan.max_steps == 120
    assert plan.epochs == 12 and plan.factor(100) == pytest.approx(rate)
    assert plan.factor(120) == 0.0
    assert not plan.stop_within(5)  # the schedule ends sooner anyway
    plan.steps_done = 120
    assert plan.complete


# -- varied looks (photometric augmentation) ---------------------------------

def test_varied_looks_change_the_image_only_and_repeat_with_the_seed():
    from scipy.ndimage import gaussian_filter

    from minewatch.core.training.photometric import jitter_looks

    # smooth, normalised patches (imagery is not white noise; blur keeps its
    # shapes) whose bands share most of their content, as a photo's do
    noise = np.random.default_rng(0).normal(size=(6, 3, 32, 32))
    noise = noise[:, :1] + 0.3 * noise
    images = gaussian_filter(noise, sigma=(0, 0, 3, 3))
    images = ((images - images.mean()) / images.std()).astype(np.float32)
    before = images.copy()
    a = jitter_looks(images, np.random.default_rng(5))
    b = jitter_looks(images, np.random.default_rng(5))
    c = jitter_looks(images, np.random.default_rng(6))
    assert np.array_equal(images, before)  # the input batch is left alone
    assert a.dtype == np.float32 and a.shape == images.shape
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    # each patch got its own look: contrast and brightness differ between patches
    ratios = [np.std(a[i]) / np.std(images[i]) for i in range(len(images))]
    assert np.ptp(ratios) > 0.02
    # a look is a change of appearance, not of content: each band stays tied to its source
    for i in range(len(images)):
        for band in range(3):
            assert np.corrcoef(a[i, band].ravel(), images[i, band].ravel())[0, 1] > 0.8
    # some three-band patches are seen grey, as a panchromatic image repeated
    many = jitter_looks(np.repeat(images, 8, axis=0), np.random.default_rng(7))
    grey = [np.allclose(p[0], p[1]) and np.allclose(p[1], p[2]) for p in many]
    assert 0 < sum(grey) < len(grey) / 2


def test_training_with_varied_looks_is_seeded_and_says_so(samples, tmp_path):
    runs, feedback = {}, Log()
    for name, looks in (("a", True), ("b", True), ("c", False)):
        path = str(tmp_path / f"{name}.safetensors")
        train_segmentation_model(samples, path, config(epochs=1, seed=3, photometric=looks,
                                                       max_train_batches_per_epoch=2),
                                 feedback if name == "a" else None)
        runs[name] = weights_of(path)
    assert all(torch.equal(runs["a"][k], runs["b"][k]) for k in runs["a"])
    assert not all(torch.equal(runs["a"][k], runs["c"][k]) for k in runs["a"])
    assert any("random look" in line for line in feedback.lines)


def test_a_fresh_default_model_has_the_cpu_width_and_the_paper_width_on_request(samples):
    from minewatch.core.training.samples import SampleSet
    from minewatch.core.training.trainer import build_training_model

    sample_set = SampleSet(samples)
    fresh = TrainingConfig(device="cpu")  # the default architecture, no options
    model, arch, kwargs = build_training_model(fresh, sample_set)
    assert arch == "se_cot_deeplabv3plus_lite0"
    assert kwargs == {"aspp_channels": 128, "decoder_channels": 128}
    assert model.aspp.project[0][0].out_channels == 128
    paper = TrainingConfig(device="cpu", arch_kwargs={"aspp_channels": 256, "decoder_channels": 256})
    model, _, kwargs = build_training_model(paper, sample_set)
    assert kwargs == {"aspp_channels": 256, "decoder_channels": 256}
    assert model.aspp.project[0][0].out_channels == 256


def test_a_pretrained_encoder_starts_from_imagenet_and_the_log_names_each_band(samples):
    from minewatch.core.training.samples import SampleSet
    from minewatch.core.training.trainer import build_training_model
    from minewatch.models.pretrained import read_encoder_state

    sample_set = SampleSet(samples)
    feedback = Log()
    model, arch, _ = build_training_model(TrainingConfig(architecture="unet_lite0", device="cpu"),
                                          sample_set, feedback)
    state, _ = read_encoder_state("efficientnet_lite0")
    assert arch == "unet_lite0"
    assert torch.equal(model.encoder.blocks[5].project_conv.weight, state["blocks.5.project_conv.weight"])
    line = next(line for line in feedback.lines if "starts from ImageNet weights" in line)
    assert "(Apache-2.0)" in line
    assert all(f"{band} ←" in line for band in sample_set.band_names)


def test_several_scales_resize_batches_and_keep_labels_aligned(samples, tmp_path):
    from minewatch.core.training.multiscale import draw_scale, rescale_batch
    from minewatch.models.checkpoint import read_metadata

    rng = np.random.default_rng(0)
    factors = [draw_scale(rng, (0.5, 2.0)) for _ in range(2000)]
    assert 0.5 <= min(factors) and max(factors) <= 2.0
    assert abs(np.median(np.log(factors))) < 0.1  # log-uniform: halving as likely as doubling
    labels = torch.zeros(1, 32, 32, dtype=torch.int64)
    labels[:, 8:24, 8:24] = 3
    labels[:, :, :2] = 255
    images = labels[:, None].float().repeat(1, 2, 1, 1)
    big, big_labels = rescale_batch(images, labels, 2.0)
    assert big.shape == (1, 2, 64, 64) and big_labels.shape == (1, 64, 64)
    assert set(big_labels.unique().tolist()) == {0, 3, 255}
    assert (big_labels[:, 16:48, 16:48] == 3).all() and (big_labels[:, :, :4] == 255).all()
    small, small_labels = rescale_batch(images, labels, 0.7)
    assert small.shape[-2:] == (16, 16) == small_labels.shape[-2:]  # 22.4 px → 16 (multiple)
    assert rescale_batch(images, labels, 1.1)[0] is images  # rounds back to 32
    log = Log()
    out = str(tmp_path / "m.safetensors")
    result = train_segmentation_model(samples, out, config(epochs=1, scale_range=(0.5, 2.0)), log)
    assert result.written and any("several scales" in line for line in log.lines)
    assert read_metadata(out).training["scale_range"] == [0.5, 2.0]
