"""Labels as users keep them: a class value table ("1=water,2=quarry"), an
unlabelled value, the shifted-by-one hint, the minimum labelled share
chosen from sparse labels, and the same table in Evaluate and Change."""
import numpy as np
import pytest
from sample_scene_testlib import stripes, write_raster

from minewatch.core.classmap.class_tables import (
    ClassMatcher,
    classes_from_names,
    describe_classes,
    label_values,
    values_to_indices,
)
from minewatch.core.common.errors import MineWatchInputError
from minewatch.core.evaluation.evaluate import evaluate_rasters
from minewatch.core.landdamage.change import write_transitions
from minewatch.core.training.sample_builder import (
    PatchSettings,
    auto_min_labelled,
    create_training_samples,
)
from minewatch.core.training.samples import SampleSet
from minewatch.models.classes import LAND_DAMAGE_CLASSES


def test_class_value_tables_parse_and_map():
    table = "1=water, 2: quarry ,3=crops"
    assert label_values(table) == (1, 2, 3)
    assert [c.name for c in classes_from_names(table)] == ["water", "quarry", "crops"]
    assert label_values("water,quarry") is None
    # the land-damage names with values still give the land-damage table
    known = ",".join(f"{i + 1}={c.name}" for i, c in enumerate(LAND_DAMAGE_CLASSES))
    assert classes_from_names(known) == LAND_DAMAGE_CLASSES
    with pytest.raises(MineWatchInputError, match="mixes names"):
        label_values("1=water,quarry")
    with pytest.raises(MineWatchInputError, match="two classes"):
        label_values("1=water,1=quarry")
    raw = np.array([[0, 1, 2], [3, 4, np.nan]])
    assert values_to_indices(raw, (1, 2, 3), -1).tolist() == [[-1, 0, 1], [2, -1, -1]]
    match = ClassMatcher(classes_from_names(table), "class", (1, 2, 3))
    assert match(1) == 0 and match("3") == 2 and match("quarry") == 1
    with pytest.raises(MineWatchInputError):
        match(0)
    assert "0 water [=1]" in describe_classes(classes_from_names(table), (1, 2, 3))


def labels_from_one(tmp_path):
    """An image and labels that count classes 1…3 with 0 = unlabelled."""
    classes = stripes(64, 64, cell=8, n_classes=3)
    labels = classes + 1
    labels[:, :16] = 0  # a strip nobody labelled
    image = np.stack([classes.astype(np.uint16) * 100 + 50] * 2)
    return (write_raster(tmp_path / "image.tif", image),
            write_raster(tmp_path / "labels.tif", labels.astype(np.uint8)), classes)


def test_samples_from_a_value_table_and_an_unlabelled_value(tmp_path):
    image, labels, classes = labels_from_one(tmp_path)
    names = "1=water,2=quarry,3=crops"
    run = create_training_samples(
        image, str(tmp_path / "s"), classes_from_names(names), label_path=labels,
        label_values=label_values(names), unlabelled=0,
        patches=PatchSettings(patch_size=16, block_size=16, split=(1, 0, 0), min_labelled=0.5))
    assert run.out_of_range == 0 and not run.warnings
    sample_set = SampleSet(str(tmp_path / "s"))
    assert sample_set.manifest["label_values"] == [1, 2, 3]
    assert sample_set.manifest["unlabelled_value"] == 0
    images, got = sample_set.load("train", list(range(sample_set.count("train"))))
    # every stored label is the class index of the image's stripe
    truth = (images[:, 0].astype(np.int64) - 50) // 100
    assert ((got == truth) | (got == 255)).all() and (got != 255).any()
    assert sample_set.class_pixels("train").sum() == (got != 255).sum()


def test_labels_counted_from_one_get_a_warning_that_names_the_cause(tmp_path):
    image, labels, _ = labels_from_one(tmp_path)
    run = create_training_samples(
        image, str(tmp_path / "s"), classes_from_names("water,quarry,crops"), label_path=labels,
        patches=PatchSettings(patch_size=16, block_size=16, split=(1, 0, 0)))
    text = " ".join(str(w) for w in run.warnings)
    assert "one past the last class" in text and "value table" in text


def test_the_minimum_labelled_share_fits_sparse_labels(tmp_path):
    assert auto_min_labelled([0.9, 0.8, 0.7]) == 0.5
    assert auto_min_labelled([0.3, 0.3, 0.04, 0.6]) == 0.25
    assert auto_min_labelled([0.03, 0.06, 0.01]) == 0.02
    # sparse polygons: a 6 × 6 px field in every 32 px block (3.5 % of a patch)
    classes = np.full((128, 128), 255, np.uint8)
    for r in range(0, 128, 32):
        for c in range(0, 128, 32):
            classes[r + 5:r + 11, c + 5:c + 11] = (r + c) // 32 % 3
    image = np.stack([np.where(classes == 255, 7, classes).astype(np.uint16)] * 2)
    image_path = write_raster(tmp_path / "image.tif", image)
    labels_path = write_raster(tmp_path / "labels.tif", classes, nodata=255)
    table = classes_from_names("a,b,c")
    # the old fixed default keeps no patch
    with pytest.raises(MineWatchInputError, match="at least 50 % labelled"):
        create_training_samples(image_path, str(tmp_path / "fixed"), table, label_path=labels_path,
                                patches=PatchSettings(patch_size=32, block_size=32,
                                                      split=(0.5, 0.5, 0), min_labelled=0.5))
    run = create_training_samples(image_path, str(tmp_path / "auto"), table, label_path=labels_path,
                                  patches=PatchSettings(patch_size=32, block_size=32,
                                                        split=(0.5, 0.5, 0)))
    assert run.counts["train"] + run.counts["val"] == 16 and run.counts["val"] > 0
    assert run.manifest["min_labelled"] == 0.02
    assert any("chosen from the labels: 2 %" in str(n) for n in run.notes)


def test_evaluate_and_change_read_the_same_table(tmp_path):
    truth = stripes(32, 32, cell=8, n_classes=3)
    reference = (truth + 1).astype(np.uint8)
    reference[:8] = 0  # unlabelled rows
    ref_path = write_raster(tmp_path / "ref.tif", reference)
    pred_path = write_raster(tmp_path / "pred.tif", truth)
    scores, info = evaluate_rasters(pred_path, ref_path, ignore_value=0, n_classes=3,
                                    reference_values=(1, 2, 3))
    # class 0 of the prediction is a class, not 'no prediction'
    assert scores.miou == pytest.approx(1.0) and info["pixels_counted"] == 32 * 24
    assert info["pixels_without_prediction"] == 0
    # the same maps as values 1…3 compared with themselves: no change where labelled
    later_path = write_raster(tmp_path / "later.tif", reference)
    out = str(tmp_path / "change.tif")
    names = ",".join(f"{i + 1}={c.name}" for i, c in enumerate(LAND_DAMAGE_CLASSES[:3]))
    write_transitions(ref_path, later_path, out, classes_from_names(names),
                      values=label_values(names))
    import rasterio

    with rasterio.open(out) as ds:
        codes = ds.read(1)
    assert (codes[:8] == ds.nodata).all()  # unlabelled: no class in either map
    assert (codes[8:] == truth[8:].astype(np.int64) * 16 + truth[8:]).all()


def test_a_building_mask_read_as_land_damage_classes_is_warned(tmp_path):
    """Issue 29: 0/1 building labels without CLASSES were stored as
    background/open pit without a word."""
    mask = (stripes(64, 64, cell=8, n_classes=2)).astype(np.uint8)
    image = np.stack([mask.astype(np.uint16) * 100 + 50] * 4)
    image_path = write_raster(tmp_path / "image.tif", image)
    labels = write_raster(tmp_path / "buildings.tif", mask)
    run = create_training_samples(image_path, str(tmp_path / "s"), LAND_DAMAGE_CLASSES,
                                  label_path=labels, patches=PatchSettings(
                                      patch_size=16, block_size=16, split=(1, 0, 0)))
    assert any("CLASSES=other,building" in str(w) for w in run.warnings)
    named = create_training_samples(image_path, str(tmp_path / "b"),
                                    classes_from_names("other,building"), label_path=labels,
                                    patches=PatchSettings(patch_size=16, block_size=16,
                                                          split=(1, 0, 0)))
    assert not any("CLASSES=other,building" in str(w) for w in named.warnings)


def test_stored_names_are_the_classes_when_none_are_given():
    from minewatch.core.classmap.class_tables import classes_for_stored_names
    from minewatch.models.classes import BUILDING_CLASSES

    classes, from_labels = classes_for_stored_names("", ["other (其他)", "building (建筑物)"])
    assert from_labels and classes == BUILDING_CLASSES
    classes, from_labels = classes_for_stored_names("", None)
    assert not from_labels and classes == LAND_DAMAGE_CLASSES


def test_given_classes_must_name_the_stored_values_alike():
    from minewatch.core.classmap.class_tables import classes_for_stored_names

    stored = ["other (其他)", "building (建筑物)"]
    assert classes_for_stored_names("Other,建筑物", stored)[0][1].name == "building"
    with pytest.raises(MineWatchInputError, match="1: building"):
        classes_for_stored_names("background,open pit", stored)
    # a value table names label values, not indices; unnamed stored values ("2") pass
    with pytest.raises(MineWatchInputError, match="0: other"):
        classes_for_stored_names("0=water,1=building", stored)
    assert classes_for_stored_names("1=building,2=road", ["0", "building", "2"])[0][1].name == "road"
