"""Create Training Samples engine: patch grid and spatial split, label
alignment under augmentation, filters, statistics, the folder format."""
import csv
import json
import os

import numpy as np
import pytest
import rasterio
from rasterio.features import shapes as raster_shapes
from rasterio.transform import from_origin
from sample_scene_testlib import stripes, write_raster

from minewatch.core.classmap.class_tables import ClassMatcher, classes_from_names
from minewatch.core.common.errors import Cancelled, MineWatchInputError
from minewatch.core.raster.rasterize import rasterize_labels
from minewatch.core.training.augment import random_matrix, warp_patch
from minewatch.core.training.sample_builder import PatchSettings, create_training_samples
from minewatch.core.training.sample_split import (
    assign_blocks,
    block_grid,
    block_patches,
    block_window,
    parse_split,
)
from minewatch.core.training.samples import SampleSet
from minewatch.models.classes import BUILDING_CLASSES, LAND_DAMAGE_CLASSES


def scene(tmp_path, height=96, width=96, nodata=None):
    """Image whose band 1 = label × 100 and band 2 = noise, and its labels."""
    label = stripes(height, width)
    noise = np.random.default_rng(1).integers(0, 1000, (height, width))
    image = np.stack([label.astype(np.int64) * 100 + 50, noise]).astype(np.uint16)
    return (write_raster(tmp_path / "image.tif", image, nodata=nodata),
            write_raster(tmp_path / "labels.tif", label), image, label)


def read_csv(folder):
    with open(os.path.join(folder, "patches.csv"), newline="") as handle:
        return [{k: (v if k == "split" else int(v)) for k, v in row.items()}
                for row in csv.DictReader(handle)]


# -- split -----------------------------------------------------------------

def test_no_patch_crosses_a_block_and_patches_stay_inside():
    height, width, block, size, stride = 150, 130, 40, 16, 6
    n_rows, n_cols = block_grid(height, width, block)
    seen = set()
    for block_id in range(n_rows * n_cols):
        r0, c0, h, w = block_window(block_id, height, width, block)
        for row, col in block_patches(block_id, height, width, block, size, stride):
            assert r0 <= row and row + size <= r0 + h and c0 <= col and col + size <= c0 + w
            assert row % stride == 0 and col % stride == 0
            seen.add((row, col))
    # every position of the stride grid that fits inside one block is used
    expected = {(r, c) for r in range(0, height - size + 1, stride)
                for c in range(0, width - size + 1, stride)
                if r // block == (r + size - 1) // block and c // block == (c + size - 1) // block}
    assert seen == expected


def test_block_assignment_honours_fractions_and_seed():
    weights = {b: 4 for b in range(100)}
    assigned = assign_blocks(weights, (0.6, 0.2, 0.2), seed=3)
    counts = np.bincount(list(assigned.values()), minlength=3)
    assert abs(counts[0] - 60) <= 1 and abs(counts[1] - 20) <= 1 and abs(counts[2] - 20) <= 1
    assert assigned == assign_blocks(weights, (0.6, 0.2, 0.2), seed=3)
    assert assigned != assign_blocks(weights, (0.6, 0.2, 0.2), seed=4)
    # three blocks still give one to each split; blocks without patches none
    small = assign_blocks({0: 5, 1: 0, 2: 5, 3: 5}, (0.6, 0.2, 0.2), seed=0)
    assert sorted(small) == [0, 2, 3] and sorted(small.values()) == [0, 1, 2]
    assert set(assign_blocks({0: 1, 1: 1}, (0.5, 0.5, 0.0), 0).values()) == {0, 1}


def test_parse_split():
    assert parse_split("60,20,20") == pytest.approx((0.6, 0.2, 0.2))
    assert parse_split("0.8;0.2;0") == pytest.approx((0.8, 0.2, 0.0))
    with pytest.raises(MineWatchInputError, match="add up to 110, not 100"):
        parse_split("70,20,20")
    for bad in ("60,40", "0,50,50", "a,b,c", "60,-20,60"):
        with pytest.raises(MineWatchInputError):
            parse_split(bad)


def test_no_pixel_in_two_splits_with_overlapping_patches(tmp_path):
    image_path, label_path, _, _ = scene(tmp_path, 160, 160)
    out = tmp_path / "samples"
    run = create_training_samples(image_path, str(out), LAND_DAMAGE_CLASSES, label_path=label_path,
                                  patches=PatchSettings(patch_size=16, stride=5, block_size=40,
                                                        augment=2, seed=7))
    assert all(run.counts[s] > 0 for s in ("train", "val", "test"))
    owner = np.full((160, 160), -1)
    codes = {"train": 0, "val": 1, "test": 2}
    rows = read_csv(out)
    assert len(rows) == sum(run.counts.values())
    for row in rows:
        window = owner[row["row_off"]:row["row_off"] + 16, row["col_off"]:row["col_off"] + 16]
        assert window.shape == (16, 16)
        taken = window[window >= 0]
        assert (taken == codes[row["split"]]).all(), "a pixel is in two splits"
        window[...] = codes[row["split"]]
    # overlapping patches really occur (stride < patch size)
    offsets = sorted({(r["row_off"], r["col_off"]) for r in rows})
    assert any(0 < abs(a[0] - b[0]) + abs(a[1] - b[1]) and abs(a[0] - b[0]) < 16
               and abs(a[1] - b[1]) < 16 for a in offsets for b in offsets)
    assert sum(r["augmented"] for r in rows) == run.counts["train"] // 2


# -- augmentation ------------------------------------------------------------

def test_augmentation_keeps_labels_aligned():
    size = 64
    label = stripes(size, size, cell=16)
    label[:8, :8] = 255
    image = np.stack([label.astype(np.float32) * 100, np.ones((size, size), np.float32)])
    rng = np.random.default_rng(0)
    from scipy.ndimage import maximum_filter, minimum_filter

    checked = 0
    for _ in range(20):
        out_image, out_label = warp_patch(image, label, np.ones((size, size), bool),
                                          random_matrix(rng))
        assert out_label.dtype == np.uint8 and out_image.dtype == np.float32
        # away from class edges (255 and the patch border count as edges) the
        # bilinear image equals label × 100
        edge = dict(mode="constant", cval=255)
        interior = ((maximum_filter(out_label, 3, **edge) == minimum_filter(out_label, 3, **edge))
                    & (out_label != 255))
        assert interior.sum() > 500
        assert np.allclose(out_image[0][interior], out_label[interior] * 100.0, atol=1e-3)
        checked += 1
        # labels only take values of the source (no interpolated classes)
        assert set(np.unique(out_label)) <= set(np.unique(label)) | {255}
    assert checked == 20


def test_augmentation_marks_outside_and_nodata_as_ignored():
    size = 32
    label = np.ones((size, size), np.uint8)
    image = np.full((1, size, size), 7, np.uint16)
    valid = np.ones((size, size), bool)
    valid[10:20, 10:20] = False
    # a pure 45° rotation brings pixels in from outside the patch corners
    c, s = np.cos(np.pi / 4), np.sin(np.pi / 4)
    out_image, out_label = warp_patch(image, label, valid, np.array([[c, -s], [s, c]]))
    assert out_label[0, 0] == 255 and out_label[size // 2, 0] == 1
    assert out_label[size // 2, size // 2] == 255  # was nodata
    assert out_image.dtype == np.uint16 and (out_image == 7).all()


# -- filters, statistics, format ---------------------------------------------

def test_min_labelled_filter(tmp_path):
    image_path, _, _, label = scene(tmp_path, 64, 64)
    partial = label.copy()
    partial[:, :40] = 255  # columns 0–39 unlabelled
    label_path = write_raster(tmp_path / "partial.tif", partial, nodata=255)
    kept = {}
    for threshold in (0.0, 0.5, 0.6, 1.0):
        out = tmp_path / f"s{threshold}"
        run = create_training_samples(image_path, str(out), LAND_DAMAGE_CLASSES,
                                      label_path=label_path,
                                      patches=PatchSettings(patch_size=16, stride=8, block_size=64,
                                                            min_labelled=threshold,
                                                            split=(1, 0, 0)))
        kept[threshold] = {r["col_off"] for r in read_csv(out)}
        assert run.counts["train"] == len(read_csv(out))
    # labelled fraction of a patch at col c: (c + 16 − 40)/16 clipped to 0–1
    assert kept[0.0] == {32, 40, 48}  # at least one labelled pixel
    assert kept[0.5] == {32, 40, 48}  # 0.5 is enough at 0.5
    assert kept[0.6] == {40, 48}
    assert kept[1.0] == {40, 48}
    with pytest.raises(MineWatchInputError, match="MIN_LABELLED"):
        create_training_samples(image_path, str(tmp_path / "none"), LAND_DAMAGE_CLASSES,
                                label_path=label_path,
                                patches=PatchSettings(patch_size=64, min_labelled=0.9))
    assert not os.listdir(tmp_path / "none")


def test_manifest_statistics_and_round_trip(tmp_path):
    height = width = 96
    image_path, label_path, image, label = scene(tmp_path, height, width, nodata=0)
    # nodata pixels in the image: their labels become 255, stats skip them
    with rasterio.open(image_path, "r+") as ds:
        data = ds.read()
        data[:, 3:9, 3:30] = 0
        ds.write(data)
    out = tmp_path / "samples"
    run = create_training_samples(image_path, str(out), LAND_DAMAGE_CLASSES, label_path=label_path,
                                  patches=PatchSettings(patch_size=16, stride=16, block_size=32,
                                                        augment=3, seed=2, min_labelled=0.3))
    samples = SampleSet(str(out))
    manifest = json.loads((out / "manifest.json").read_text())
    assert samples.manifest == manifest
    assert manifest["dtype"] == "uint16" and manifest["bands"] == [1, 2]
    assert manifest["gsd_m"] == pytest.approx(2.0)
    assert samples.patch_size == 16 and samples.num_classes == 8 and samples.ignore_value == 255
    assert samples.class_table() == LAND_DAMAGE_CLASSES
    rows = read_csv(out)
    train_raw = []
    for split in ("train", "val", "test"):
        mine = [r for r in rows if r["split"] == split]
        assert samples.count(split) == len(mine) == run.counts[split]
        shards = manifest["splits"][split]
        assert len(shards["images"]) == len(shards["labels"])
        images, labels = samples.load(split, np.arange(len(mine)))
        assert images.dtype == np.float32 and labels.dtype == np.int64
        assert samples.class_pixels(split).tolist() == [
            int((labels == k).sum()) for k in range(8)]
        for k, row in enumerate(mine):
            r, c = row["row_off"], row["col_off"]
            if row["augmented"]:
                assert split == "train"
                continue
            source = data[:, r:r + 16, c:c + 16]
            truth = np.where((source == 0).any(axis=0), 255, label[r:r + 16, c:c + 16])
            assert np.array_equal(images[k], source.astype(np.float32))
            assert np.array_equal(labels[k], truth)
            if split == "train":
                train_raw.append(source)
    stack = np.stack(train_raw).astype(np.float64)  # (n, C, P, P)
    valid = (stack != 0).all(axis=1)
    for band in range(2):
        values = stack[:, band][valid]
        assert manifest["band_mean"][band] == pytest.approx(values.mean(), rel=1e-9)
        assert manifest["band_std"][band] == pytest.approx(values.std(), rel=1e-7)
    assert samples.band_mean == manifest["band_mean"]
    # images of augmented copies were never counted in the stats: 2 extra per patch
    assert run.counts["train"] == 3 * len(train_raw)


def test_selected_bands_and_float_image(tmp_path):
    label = stripes(48, 48)
    image = np.random.default_rng(0).normal(size=(3, 48, 48)).astype(np.float32)
    image_path = write_raster(tmp_path / "f.tif", image)
    label_path = write_raster(tmp_path / "l.tif", label)
    out = tmp_path / "s"
    create_training_samples(image_path, str(out), LAND_DAMAGE_CLASSES, label_path=label_path,
                            bands=[3, 1],
                            patches=PatchSettings(patch_size=16, block_size=16, split=(1, 0, 0)))
    samples = SampleSet(str(out))
    assert samples.manifest["bands"] == [3, 1] and samples.manifest["dtype"] == "float32"
    rows = read_csv(out)
    images, _ = samples.load("train", [0])
    r, c = rows[0]["row_off"], rows[0]["col_off"]
    assert np.array_equal(images[0], image[[2, 0], r:r + 16, c:c + 16])


def test_label_raster_out_of_range_values_are_ignored(tmp_path):
    image_path, _, _, label = scene(tmp_path, 32, 32)
    bad = label.astype(np.int16)
    bad[:4, :4] = 9
    bad[4:6, :4] = -1
    label_path = write_raster(tmp_path / "bad.tif", bad)
    out = tmp_path / "s"
    run = create_training_samples(image_path, str(out), LAND_DAMAGE_CLASSES, label_path=label_path,
                                  patches=PatchSettings(patch_size=16, block_size=16,
                                                        min_labelled=0.1, split=(1, 0, 0)))
    assert run.out_of_range == 24
    assert any("24 label pixels" in str(w) for w in run.warnings)
    _, labels = SampleSet(str(out)).load("train", [0])
    assert (labels[0][:6, :4] == 255).all()


def test_polygons_burn_to_the_same_labels(tmp_path):
    label = stripes(40, 56, cell=7)
    label_path = write_raster(tmp_path / "l.tif", label)
    with rasterio.open(label_path) as ds:
        profile = ds.profile
        polygons = list(raster_shapes(label, transform=ds.transform))
    burnt = rasterize_labels([(g, int(v)) for g, v in polygons], str(tmp_path / "b.tif"), profile,
                             fill=255, budget_bytes=400)  # tiny windows: many strips
    with rasterio.open(burnt) as ds:
        assert np.array_equal(ds.read(1), label) and ds.nodata == 255
    empty = rasterize_labels([], str(tmp_path / "e.tif"), profile, fill=0)
    with rasterio.open(empty) as ds:
        assert (ds.read(1) == 0).all()


def test_previous_samples_are_replaced_and_cancel_leaves_folder(tmp_path):
    image_path, label_path, _, _ = scene(tmp_path, 64, 64)
    out = tmp_path / "samples"
    create_training_samples(image_path, str(out), LAND_DAMAGE_CLASSES, label_path=label_path,
                            patches=PatchSettings(patch_size=16, block_size=16, augment=2))
    before = sorted(os.listdir(out))
    manifest = (out / "manifest.json").read_text()

    class CancelSoon:
        calls = 0

        def setProgress(self, pct):  # noqa: N802
            self.calls += 1

        def isCanceled(self):  # noqa: N802
            return self.calls > 5

    with pytest.raises(Cancelled):
        create_training_samples(image_path, str(out), LAND_DAMAGE_CLASSES, label_path=label_path, feedback=CancelSoon(),
                                patches=PatchSettings(patch_size=8, block_size=8))
    assert sorted(os.listdir(out)) == before and (out / "manifest.json").read_text() == manifest
    run = create_training_samples(image_path, str(out), LAND_DAMAGE_CLASSES, label_path=label_path,
                                  patches=PatchSettings(patch_size=32, block_size=32,
                                                        split=(1, 0, 0)))
    assert sorted(os.listdir(out)) == ["manifest.json", "patches.csv", "train"]
    assert SampleSet(str(out)).count("train") == run.counts["train"] == 4
    assert any("val split has no patches" in str(w) for w in run.warnings) is False


# -- errors --------------------------------------------------------------------

@pytest.mark.parametrize("options, message", [
    (dict(patch_size=128), "larger than the image"),
    (dict(patch_size=16, block_size=8), "BLOCK_SIZE"),
    (dict(patch_size=16, augment=0), "AUGMENT"),
    (dict(patch_size=16, bands=[3]), "do not exist"),
])
def test_bad_options(tmp_path, options, message):
    image_path, label_path, _, _ = scene(tmp_path, 64, 64)
    with pytest.raises(MineWatchInputError, match=message):
        bands = options.pop("bands", None)
        create_training_samples(image_path, str(tmp_path / "s"), LAND_DAMAGE_CLASSES,
                                label_path=label_path, bands=bands,
                                patches=PatchSettings(**options))
    assert os.listdir(tmp_path / "s") == []


def test_bad_labels(tmp_path):
    image_path, _, _, label = scene(tmp_path, 64, 64)
    far = write_raster(tmp_path / "far.tif", label, transform=from_origin(900000, 100000, 2, 2))
    with pytest.raises(MineWatchInputError, match="does not overlap"):
        create_training_samples(image_path, str(tmp_path / "a"), LAND_DAMAGE_CLASSES, label_path=far,
                                patches=PatchSettings(patch_size=16))
    two = write_raster(tmp_path / "two.tif", np.stack([label, label]))
    with pytest.raises(MineWatchInputError, match="2 bands"):
        create_training_samples(image_path, str(tmp_path / "b"), LAND_DAMAGE_CLASSES, label_path=two,
                                patches=PatchSettings(patch_size=16))
    none = write_raster(tmp_path / "none.tif", np.full_like(label, 255), nodata=255)
    with pytest.raises(MineWatchInputError, match="No image pixel has a label"):
        create_training_samples(image_path, str(tmp_path / "c"), LAND_DAMAGE_CLASSES,
                                label_path=none, patches=PatchSettings(patch_size=16))
    # train empty: one block with patches and a split that gives train nothing is
    # impossible (train is seeded first), so a sample folder always has train
    with pytest.raises(MineWatchInputError, match="not a MineWatch training-sample folder"):
        SampleSet(str(tmp_path / "a"))
    (tmp_path / "j").mkdir()
    (tmp_path / "j" / "manifest.json").write_text("{\"format\": \"other\"}")
    with pytest.raises(MineWatchInputError, match="format"):
        SampleSet(str(tmp_path / "j"))


def test_class_lists_and_matching():
    assert classes_from_names("") == LAND_DAMAGE_CLASSES
    assert classes_from_names("Other, BUILDING") == BUILDING_CLASSES
    assert classes_from_names("其他,露天采场,水域,植被,生活区,工业广场,堆放场,尾矿库") == LAND_DAMAGE_CLASSES
    custom = classes_from_names("soil,rock,snow")
    assert [c.name for c in custom] == ["soil", "rock", "snow"]
    assert {c.damage_type for c in custom} == {"none"} and len({c.color for c in custom}) == 3
    with pytest.raises(MineWatchInputError, match="twice"):
        classes_from_names("a,b,A")
    match = ClassMatcher(LAND_DAMAGE_CLASSES, "cls")
    assert [match(v) for v in (3, "3", "3.0", 2.0, "Open Pit", "尾矿库", " water ")] == [
        3, 3, 3, 2, 1, 7, 2]
    for bad in (8, "8", 1.5, "lake", -1):
        with pytest.raises(MineWatchInputError, match="open pit"):
            match(bad)


# -- the output folder is never someone else's --------------------------------

def make_set(tmp_path, out):
    image_path, label_path, _, _ = scene(tmp_path, 64, 64)
    create_training_samples(image_path, str(out), LAND_DAMAGE_CLASSES, label_path=label_path,
                            patches=PatchSettings(patch_size=16, block_size=16))
    return image_path, label_path


def snapshot(folder):
    return {os.path.relpath(os.path.join(root, n), folder): open(os.path.join(root, n), "rb").read()
            for root, _, names in os.walk(folder) for n in names}


@pytest.mark.parametrize("intruder", ["notes.txt", "train/my_data.npy", "photos/a.jpg"])
def test_a_folder_with_other_files_is_refused_and_left_alone(tmp_path, intruder):
    out = tmp_path / "samples"
    image_path, label_path = make_set(tmp_path, out)
    (out / intruder).parent.mkdir(parents=True, exist_ok=True)
    (out / intruder).write_bytes(b"precious")
    before = snapshot(out)
    with pytest.raises(MineWatchInputError, match="not a MineWatch sample set") as err:
        create_training_samples(image_path, str(out), LAND_DAMAGE_CLASSES, label_path=label_path,
                                patches=PatchSettings(patch_size=16, block_size=16))
    assert intruder.split("/")[0] in str(err.value)
    assert snapshot(out) == before


def test_a_foreign_manifest_is_not_a_sample_set(tmp_path):
    image_path, label_path, _, _ = scene(tmp_path, 64, 64)
    out = tmp_path / "other"
    (out / "train").mkdir(parents=True)
    (out / "manifest.json").write_text('{"format": "something-else"}')
    (out / "train" / "x.npy").write_bytes(b"mine")
    before = snapshot(out)
    with pytest.raises(MineWatchInputError, match="not a MineWatch sample set"):
        create_training_samples(image_path, str(out), LAND_DAMAGE_CLASSES, label_path=label_path,
                                patches=PatchSettings(patch_size=16, block_size=16))
    assert snapshot(out) == before


def test_work_folders_of_killed_runs_are_cleaned(tmp_path):
    out = tmp_path / "samples"
    image_path, label_path = make_set(tmp_path, out)
    stale = out / ".minewatch-samples-deadbeef.partial"
    (stale / "train").mkdir(parents=True)
    create_training_samples(image_path, str(out), LAND_DAMAGE_CLASSES, label_path=label_path,
                            patches=PatchSettings(patch_size=16, block_size=16))
    assert not stale.exists() and (out / "manifest.json").exists()


def test_merge_never_replaces_a_foreign_folder(tmp_path):
    from minewatch.core.training.sample_merge import merge_sample_sets

    out = tmp_path / "samples"
    make_set(tmp_path, out)
    target = tmp_path / "mine"
    target.mkdir()
    (target / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(MineWatchInputError, match="not a MineWatch sample set"):
        merge_sample_sets([str(out)], str(target))
    assert (target / "thesis.docx").read_bytes() == b"precious"


def test_append_adds_a_second_image_to_the_same_sample_set(tmp_path):
    """One sample folder from several images: the second run with append
    adds its patches (counts summed, every patch readable); a second image
    with another patch size is refused and the folder stays as it was."""
    first = tmp_path / "one"
    first.mkdir()
    second = tmp_path / "two"
    second.mkdir()
    image_a, labels_a, _, _ = scene(first, 96, 96)
    image_b, labels_b, _, _ = scene(second, 128, 96)
    out = str(tmp_path / "samples")
    settings = PatchSettings(patch_size=16, stride=16, block_size=32, augment=1, seed=1)
    a = create_training_samples(image_a, out, LAND_DAMAGE_CLASSES, label_path=labels_a,
                                patches=settings)
    before = SampleSet(out)
    counts_a = {s: before.count(s) for s in ("train", "val", "test")}
    b = create_training_samples(image_b, out, LAND_DAMAGE_CLASSES, label_path=labels_b,
                                patches=settings, append=True)
    merged = SampleSet(out)
    for split in ("train", "val", "test"):
        assert merged.count(split) == counts_a[split] + b.counts[split]
        if merged.count(split):
            images, labels = merged.load(split, range(merged.count(split)))
            assert images.shape[0] == labels.shape[0] == merged.count(split)
    assert sum(counts_a.values()) == sum(a.counts.values())
    assert len(merged.manifest["source"]["images"]) == 2  # both images remembered
    with pytest.raises(MineWatchInputError, match="16 px patches"):
        create_training_samples(image_b, out, LAND_DAMAGE_CLASSES, label_path=labels_b,
                                patches=PatchSettings(patch_size=32, stride=32, block_size=64,
                                                      augment=1, seed=1), append=True)
    assert SampleSet(out).count("train") == merged.count("train")
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".minewatch-samples-")]


def test_three_unnamed_8bit_bands_are_named_red_green_blue(tmp_path):
    """A plain RGB image (no band descriptions, 8-bit) gets the names a
    pretrained or shipped model matches bands by, with a warning that says
    how to override; an unnamed 16-bit 3-band image keeps "band N"."""
    label = stripes(96, 96)
    rgb = np.stack([label * 60 + 20, label * 30 + 40, np.full_like(label, 90)]).astype(np.uint8)
    labels = write_raster(tmp_path / "labels.tif", label)
    result = create_training_samples(write_raster(tmp_path / "rgb.tif", rgb), str(tmp_path / "s8"),
                                     LAND_DAMAGE_CLASSES[:4], label_path=labels,
                                     patches=PatchSettings(patch_size=32, block_size=32))
    assert SampleSet(str(tmp_path / "s8")).band_names == ["red", "green", "blue"]
    assert any("taken as red, green, blue" in w.render() for w in result.warnings)
    wide = write_raster(tmp_path / "rgb16.tif", rgb.astype(np.uint16) * 100)
    create_training_samples(wide, str(tmp_path / "s16"), LAND_DAMAGE_CLASSES[:4], label_path=labels,
                            patches=PatchSettings(patch_size=32, block_size=32))
    assert SampleSet(str(tmp_path / "s16")).band_names == ["band 1", "band 2", "band 3"]
