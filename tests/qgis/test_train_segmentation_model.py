"""Train Segmentation Model and Compare Segmentation Models in real
headless QGIS (processing.run and qgis_process.bin), on tiny synthetic
sample folders (32 px patches) with tiny U-Net/SegNet settings."""
import csv
import os

import processing
import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback
from sample_folder_lib import make_sample_folder  # tests/unit, via conftest

TRAIN = "minewatch:trainsegmentationmodel"
COMPARE = "minewatch:comparemodels"
TINY_UNET = '{"base_width": 4, "depth": 2}'


class LogFeedback(QgsProcessingFeedback):
    """Keeps the log lines (pushInfo/pushWarning)."""

    def __init__(self):
        super().__init__()
        self.lines = []

    def pushInfo(self, info):  # noqa: N802 - QGIS API
        super().pushInfo(info)
        self.lines.append(info)

    def pushWarning(self, warning):  # noqa: N802 - QGIS API
        super().pushWarning(warning)
        self.lines.append(warning)


def arch_index(name):
    from minewatch.models.registry import list_architectures

    return list(list_architectures()).index(name)


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    return make_sample_folder(tmp_path_factory.mktemp("samples"), n_train=16, n_val=6, n_test=6, patch=32)


def test_train_writes_the_model_outputs_and_log(plugin, samples, tmp_path):
    from minewatch.models.checkpoint import read_metadata

    out = str(tmp_path / "model.safetensors")
    feedback = LogFeedback()
    result = processing.run(TRAIN, {
        "SAMPLES": samples, "ARCHITECTURE": arch_index("unet"), "ARCH_OPTIONS": TINY_UNET, "EPOCHS": 2,
        "BATCH_SIZE": 8, "LEARNING_RATE": 0.01, "LOSS": 2, "DEVICE": 1, "SEED": 5,
        "DESCRIPTION": "QGIS test", "OUTPUT_MODEL": out}, feedback=feedback)
    assert result["OUTPUT_MODEL"] == out and os.path.isfile(out)
    assert result["EPOCHS_RUN"] == 2 and result["BEST_EPOCH"] in (1, 2)
    assert 0.0 <= result["BEST_VAL_MIOU"] <= 1.0
    meta = read_metadata(out)
    assert meta.architecture == "unet" and meta.description == "QGIS test"
    assert meta.training["loss"] == "ce_dice" and meta.training["seed"] == 5
    assert meta.training["varied_looks"] is True  # the algorithm's default
    assert meta.training["best_val_miou"] == pytest.approx(result["BEST_VAL_MIOU"])
    text = "\n".join(feedback.lines)
    assert "Training unet" in text and "Epoch 1/2: train loss" in text and "Epoch 2/2" in text
    assert "Class weights" in text and "Saved " in text
    assert "random look" in text


def test_varied_looks_are_an_advanced_option_for_train_and_compare(plugin, samples, tmp_path):
    from qgis.core import QgsApplication

    from minewatch.models.checkpoint import read_metadata

    for alg in (TRAIN, COMPARE):
        parameter = QgsApplication.processingRegistry().algorithmById(alg).parameterDefinition("PHOTOMETRIC")
        assert parameter.defaultValue() is True and parameter.flags() & parameter.FlagAdvanced
    out = str(tmp_path / "plain.safetensors")
    feedback = LogFeedback()
    processing.run(TRAIN, {
        "SAMPLES": samples, "ARCHITECTURE": arch_index("unet"), "ARCH_OPTIONS": TINY_UNET, "EPOCHS": 1,
        "DEVICE": 1, "PHOTOMETRIC": False, "OUTPUT_MODEL": out}, feedback=feedback)
    assert read_metadata(out).training["varied_looks"] is False
    assert not any("random look" in line for line in feedback.lines)


@pytest.mark.slow
def test_self_supervised_pretraining_on_unlabelled_layers(plugin, samples, tmp_path):
    import numpy as np
    from qgis.core import QgsApplication, QgsRasterLayer
    from tiled_testlib import write_raster  # tests/unit, via conftest

    from minewatch.models.checkpoint import read_metadata

    algorithm = QgsApplication.processingRegistry().algorithmById(TRAIN)
    for name in ("PRETRAIN_MINUTES", "PRETRAIN_IMAGES"):
        parameter = algorithm.parameterDefinition(name)
        assert parameter.flags() & parameter.FlagAdvanced
    assert algorithm.parameterDefinition("PRETRAIN_MINUTES").defaultValue() == 0
    image = write_raster(str(tmp_path / "unlabelled.tif"),
                         np.random.default_rng(0).normal(500, 200, (3, 64, 64)).astype(np.float32))
    layer = QgsRasterLayer(image, "unlabelled")  # kept referenced while the run uses it
    common = {"SAMPLES": samples, "ARCHITECTURE": arch_index("unet"), "ARCH_OPTIONS": TINY_UNET,
              "EPOCHS": 1, "DEVICE": 1, "PRETRAIN_IMAGES": [layer]}
    out, feedback = str(tmp_path / "pre.safetensors"), LogFeedback()
    processing.run(TRAIN, {**common, "PRETRAIN_MINUTES": 0.02, "OUTPUT_MODEL": out}, feedback=feedback)
    record = read_metadata(out).training["self_supervised"]
    assert record["steps"] > 0 and record["unlabelled_images"] == ["unlabelled.tif"]
    text = "\n".join(feedback.lines)
    assert "Self-supervised pretraining for 0.02 min" in text and "restoring error" in text
    # images without minutes: said to be unused, not silently ignored
    out, feedback = str(tmp_path / "none.safetensors"), LogFeedback()
    processing.run(TRAIN, {**common, "OUTPUT_MODEL": out}, feedback=feedback)
    assert read_metadata(out).training["self_supervised"] is None
    assert any("they are not used" in line for line in feedback.lines)
    # a raster of other bands than the samples: a clear message
    two = QgsRasterLayer(write_raster(str(tmp_path / "two.tif"), np.ones((2, 64, 64), np.float32)), "two")
    with pytest.raises(QgsProcessingException, match="2 band"):
        processing.run(TRAIN, {**common, "PRETRAIN_IMAGES": [two], "PRETRAIN_MINUTES": 0.02,
                               "OUTPUT_MODEL": str(tmp_path / "bad.safetensors")})
    assert not os.path.exists(str(tmp_path / "bad.safetensors"))


class CancelAfterFirstEpoch(LogFeedback):
    """Presses Cancel as soon as the first epoch's line is logged."""

    def pushInfo(self, info):  # noqa: N802 - QGIS API
        super().pushInfo(info)
        if info.startswith("Epoch 1/"):
            self.cancel()


def test_loss_falls_and_cancel_keeps_the_best_model(plugin, samples, tmp_path):
    from minewatch.models.checkpoint import load_checkpoint, read_metadata

    params = {"SAMPLES": samples, "ARCHITECTURE": arch_index("unet"), "ARCH_OPTIONS": TINY_UNET,
              "BATCH_SIZE": 4, "LEARNING_RATE": 0.01, "DEVICE": 1, "SEED": 1}
    out = str(tmp_path / "full.safetensors")
    processing.run(TRAIN, dict(params, EPOCHS=3, OUTPUT_MODEL=out))
    losses = [h["train_loss"] for h in read_metadata(out).training["history"]]
    assert len(losses) == 3 and losses[-1] < losses[0]

    cancelled = str(tmp_path / "cancelled.safetensors")
    feedback = CancelAfterFirstEpoch()
    try:
        processing.run(TRAIN, dict(params, EPOCHS=5, OUTPUT_MODEL=cancelled), feedback=feedback)
    except QgsProcessingException:
        pass  # either outcome is fine as long as the best model so far is kept
    assert feedback.isCanceled()
    model, meta = load_checkpoint(cancelled)
    assert meta.training["best_epoch"] == 1 and len(meta.training["history"]) < 5


def test_bad_inputs_fail_clearly(plugin, samples, tmp_path):
    out = tmp_path / "m.safetensors"
    base = {"ARCHITECTURE": arch_index("unet"), "ARCH_OPTIONS": TINY_UNET, "EPOCHS": 1, "DEVICE": 1,
            "OUTPUT_MODEL": str(out)}
    not_samples = tmp_path / "folder"
    not_samples.mkdir()
    with pytest.raises(QgsProcessingException, match="not a MineWatch training-sample folder"):
        processing.run(TRAIN, {**base, "SAMPLES": str(not_samples)})
    empty = make_sample_folder(tmp_path / "empty", n_train=0, n_val=2, n_test=2)
    with pytest.raises(QgsProcessingException, match="no training patches"):
        processing.run(TRAIN, {**base, "SAMPLES": empty})
    with pytest.raises(QgsProcessingException, match="JSON"):
        processing.run(TRAIN, {**base, "SAMPLES": samples, "ARCH_OPTIONS": "{base_width: 4"})
    three = make_sample_folder(tmp_path / "three", n_train=4, n_val=2, n_test=0, n_classes=3)
    small = str(tmp_path / "three.safetensors")
    processing.run(TRAIN, {**base, "SAMPLES": three, "OUTPUT_MODEL": small})
    # another class table is no longer an error: the head is new, the rest kept
    across = str(tmp_path / "across.safetensors")
    processing.run(TRAIN, {**base, "SAMPLES": samples, "INIT_MODEL": small, "OUTPUT_MODEL": across})
    assert os.path.exists(across)

    import torch

    if not torch.cuda.is_available():
        with pytest.raises(QgsProcessingException, match="sees no CUDA GPU"):
            processing.run(TRAIN, {**base, "SAMPLES": samples, "DEVICE": 2})
    assert not out.exists()


def test_compare_writes_a_row_per_architecture(plugin, samples, tmp_path):
    table = str(tmp_path / "compare.csv")
    feedback = LogFeedback()
    result = processing.run(COMPARE, {
        "SAMPLES": samples, "ARCHITECTURES": [arch_index("unet"), arch_index("segnet")],
        "ARCH_OPTIONS": '{"unet": {"base_width": 4, "depth": 2}, "segnet": {"widths": [4, 8], "convs": [1, 1]}}',
        "EPOCHS": 1, "BATCH_SIZE": 8, "LEARNING_RATE": 0.01, "DEVICE": 1,
        "OUTPUT_FOLDER": str(tmp_path / "models"), "OUTPUT_TABLE": table}, feedback=feedback)
    assert result["OUTPUT_TABLE"] == table and result["BEST_ARCHITECTURE"] in ("unet", "segnet")
    with open(table, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [r["architecture"] for r in rows] == ["unet", "segnet"]
    for row in rows:
        assert os.path.isfile(row["model"]) and os.path.dirname(row["model"]) == str(tmp_path / "models")
        assert row["eval_split"] == "test" and 0 <= float(row["miou"]) <= 1 and float(row["parameters_m"]) > 0
        assert row["iou_vegetation"] != ""  # the rare class is scored too
    assert "Highest MIoU" in "\n".join(feedback.lines)


@pytest.mark.slow
def test_compare_takes_the_pretrained_architectures(plugin, samples, tmp_path):
    """Compare Segmentation Models with the EfficientNet-Lite0 (ImageNet)
    architectures (issue 26): each trains, from ImageNet, and is scored."""
    table = str(tmp_path / "compare.csv")
    feedback = LogFeedback()
    processing.run(COMPARE, {
        "SAMPLES": samples, "ARCHITECTURES": [arch_index("unet_lite0"),
                                              arch_index("deeplabv3plus_lite0")],
        "EPOCHS": 1, "BATCH_SIZE": 8, "DEVICE": 1, "OUTPUT_FOLDER": str(tmp_path / "models"),
        "OUTPUT_TABLE": table}, feedback=feedback)
    with open(table, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [r["architecture"] for r in rows] == ["unet_lite0", "deeplabv3plus_lite0"]
    assert all(0 <= float(r["miou"]) <= 1 for r in rows)
    assert sum("starts from ImageNet" in line for line in feedback.lines) == 2


@pytest.mark.slow
def test_qgis_process_trains(qgis_process, samples, tmp_path):
    out = tmp_path / "m.safetensors"
    rc, data, proc = qgis_process.run_json(TRAIN, SAMPLES=samples, ARCHITECTURE=arch_index("unet"),
                                           ARCH_OPTIONS=TINY_UNET, EPOCHS=1, DEVICE=1, OUTPUT_MODEL=str(out))
    assert rc == 0, proc.stdout + proc.stderr
    assert data["results"]["EPOCHS_RUN"] == 1 and out.is_file()


@pytest.mark.slow
def test_starts_from_the_shipped_weights_of_the_same_architecture(tmp_path):
    """No initial model, no architecture options: U-Net-Lite0 starts from
    the shipped building model, carried over to the samples' bands and
    classes; unticking the option trains from random (and ImageNet) weights."""
    from minewatch.models.checkpoint import read_metadata
    from minewatch.models.shipped import BUILDING_MODEL

    samples = make_sample_folder(tmp_path / "s", n_train=4, n_val=2, n_test=0, patch=32)
    params = {"SAMPLES": samples, "ARCHITECTURE": arch_index("unet_lite0"), "EPOCHS": 1,
              "BATCH_SIZE": 2, "DEVICE": 1, "SEED": 1}
    feedback = LogFeedback()
    processing.run(TRAIN, {**params, "OUTPUT_MODEL": str(tmp_path / "a.safetensors")},
                   feedback=feedback)
    assert any("Starting from the shipped model buildings_default.safetensors" in line
               for line in feedback.lines)
    assert any("for other bands or classes" in line for line in feedback.lines)
    trained = read_metadata(str(tmp_path / "a.safetensors"))
    assert trained.arch_kwargs == read_metadata(BUILDING_MODEL).arch_kwargs
    assert trained.training["init_model"] == BUILDING_MODEL
    scratch = LogFeedback()
    processing.run(TRAIN, {**params, "START_FROM_SHIPPED": False,
                           "OUTPUT_MODEL": str(tmp_path / "b.safetensors")}, feedback=scratch)
    assert not any("Starting from the shipped" in line for line in scratch.lines)
    assert read_metadata(str(tmp_path / "b.safetensors")).training["init_model"] == ""
    # issue 26: the default architecture's shipped model learnt synthetic
    # scenes only: its training starts from the ImageNet encoder, and says so
    default = LogFeedback()
    processing.run(TRAIN, {key: value for key, value in params.items() if key != "ARCHITECTURE"}
                   | {"OUTPUT_MODEL": str(tmp_path / "c.safetensors")}, feedback=default)
    assert any("synthetic scenes only" in line for line in default.lines)
    assert any("starts from ImageNet weights" in line for line in default.lines)
    assert read_metadata(str(tmp_path / "c.safetensors")).training["init_model"] == ""


@pytest.mark.slow
def test_a_sentinel2_stack_with_labels_counted_from_one_trains_and_classifies(plugin, tmp_path):
    """A 10-band Sentinel-2 stack (band names B02 … B12), labels 1–3 with
    0 = unlabelled: samples with a value table, the default architecture
    (ImageNet EfficientNet-Lite0 encoder, RGB filters for B04/B03/B02),
    then Classify Land Damage with the new model."""
    import numpy as np
    import rasterio
    from sample_scene_testlib import stripes, write_raster

    from minewatch.models.checkpoint import read_metadata
    from minewatch.models.registry import DEFAULT_ARCHITECTURE

    names = ["B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12"]
    classes = stripes(96, 96, cell=16, n_classes=3)
    rng = np.random.default_rng(3)
    stack = (classes[None].astype(np.float32) * 900 + 400
             + rng.normal(0, 60, (10, 96, 96)) * np.arange(1, 11)[:, None, None] / 5)
    image = write_raster(tmp_path / "s2.tif", stack.astype(np.uint16))
    with rasterio.open(image, "r+") as ds:
        for band, name in enumerate(names, start=1):
            ds.set_band_description(band, name)
    labels = (classes + 1).astype(np.uint8)
    labels[:, :16] = 0
    labels_path = write_raster(tmp_path / "labels.tif", labels)
    samples = str(tmp_path / "samples")
    processing.run("minewatch:createtrainingsamples", {
        "INPUT": image, "LABELS": labels_path, "CLASSES": "1=water,2=quarry,3=crops",
        "UNLABELLED": 0, "PATCH_SIZE": 32, "BLOCK_SIZE": 32, "SPLIT": "70,30,0",
        "OUTPUT_FOLDER": samples})
    model = str(tmp_path / "s2.safetensors")
    feedback = LogFeedback()
    processing.run(TRAIN, {"SAMPLES": samples, "EPOCHS": 1, "BATCH_SIZE": 4, "DEVICE": 1,
                           "START_FROM_SHIPPED": False, "OUTPUT_MODEL": model}, feedback=feedback)
    meta = read_metadata(model)
    assert meta.architecture == DEFAULT_ARCHITECTURE and meta.band_names == names
    assert meta.class_names == ["water", "quarry", "crops"]
    start = [line for line in feedback.lines if "starts from ImageNet" in line]
    assert start and "B04 ← red" in start[0] and "B11 ← mean" in start[0]
    out = str(tmp_path / "s2_classes.tif")
    processing.run("minewatch:classifylanddamage", {"INPUT": image, "MODEL": model, "DEVICE": 1,
                                                     "OUTPUT": out})
    with rasterio.open(out) as ds:
        assert ds.shape == (96, 96) and set(np.unique(ds.read(1))) <= {0, 1, 2}


def test_a_temporary_model_file_is_refused_before_training(plugin, samples):
    """Issue 30: the trained model is saved where the user chose; a
    temporary file (the dialog's default) would go when QGIS closes."""
    with pytest.raises(QgsProcessingException, match="Choose a file for the trained model"
                       ".*_model.safetensors"):
        processing.run(TRAIN, {"SAMPLES": samples, "EPOCHS": 1,
                               "OUTPUT_MODEL": "TEMPORARY_OUTPUT"})


def test_compare_never_writes_over_what_a_user_or_the_samples_own(plugin, samples, tmp_path):
    """Issue 29: Compare replaced a user's own fcn.safetensors in its output
    folder, and took the sample folder's manifest as its table; both are
    refused before anything trains."""
    import hashlib

    folder = tmp_path / "mine"
    folder.mkdir()
    own = folder / "fcn.safetensors"
    own.write_bytes(b"a model of the user's")
    before = hashlib.sha256(own.read_bytes()).hexdigest()
    params = {"SAMPLES": samples, "ARCHITECTURES": [arch_index("fcn")], "EPOCHS": 1,
              "BATCH_SIZE": 8, "DEVICE": 1}
    with pytest.raises(QgsProcessingException, match="fcn.safetensors"):
        processing.run(COMPARE, {**params, "OUTPUT_FOLDER": str(folder),
                                 "OUTPUT_TABLE": str(tmp_path / "t.csv")})
    assert hashlib.sha256(own.read_bytes()).hexdigest() == before
    assert sorted(os.listdir(folder)) == ["fcn.safetensors"]
    manifest = os.path.join(samples, "manifest.json")
    kept = open(manifest, "rb").read()
    with pytest.raises(QgsProcessingException, match="(?i)input"):
        processing.run(COMPARE, {**params, "OUTPUT_FOLDER": str(tmp_path / "models"),
                                 "OUTPUT_TABLE": manifest})
    assert open(manifest, "rb").read() == kept and not (tmp_path / "models").exists()
