"""A damaged or hostile training-sample folder gives one clear error that
names the file, never a traceback from numpy, and never reads outside the
folder or unpickles anything (issue 12)."""
import json
import os

import numpy as np
import pytest
from sample_folder_lib import make_sample_folder

from minewatch.core.common.errors import MineWatchInputError
from minewatch.core.training.samples import SampleSet


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "samples"
    make_sample_folder(str(path), n_train=6, n_val=2, n_test=2, patch=16)
    return path


def manifest_of(folder):
    return json.loads((folder / "manifest.json").read_text())


def rewrite(folder, change):
    manifest = manifest_of(folder)
    change(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest))


def refused(folder, *words):
    with pytest.raises(MineWatchInputError) as err:
        SampleSet(str(folder))
    text = str(err.value)
    assert "is not a MineWatch training-sample folder" in text
    for word in words:
        assert word in text
    return text


def first_image_shard(folder):
    return manifest_of(folder)["splits"]["train"]["images"][0]


def test_a_good_folder_opens(folder):
    samples = SampleSet(str(folder))
    images, labels = samples.load("train", [0, 5])
    assert images.shape == (2, samples.in_channels, 16, 16) and labels.shape == (2, 16, 16)


def test_missing_manifest_keys(folder):
    rewrite(folder, lambda m: m.pop("band_std"))
    refused(folder, "band_std")


def test_edited_patch_size(folder):
    rewrite(folder, lambda m: m.update(patch_size=32))
    refused(folder, first_image_shard(folder), "shape")


def test_edited_class_list(folder):
    rewrite(folder, lambda m: m["classes"].pop(1))
    refused(folder, "classes")


def test_patch_count_that_does_not_add_up(folder):
    rewrite(folder, lambda m: m["splits"]["train"].update(patches=999))
    refused(folder, "train", "999")


def test_wrong_shard_shape(folder):
    np.save(folder / first_image_shard(folder), np.zeros((6, 16, 16), np.float32))
    refused(folder, first_image_shard(folder))


def test_pickled_shard_is_never_unpickled(folder, tmp_path):
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    shard = folder / first_image_shard(folder)
    np.save(shard, np.array([Exploit()], dtype=object), allow_pickle=True)
    refused(folder, first_image_shard(folder), "not a plain numpy array")
    assert not marker.exists()


@pytest.mark.parametrize("escape", ["../outside.npy", "/etc/passwd"])
def test_shard_paths_that_leave_the_folder(folder, tmp_path, escape):
    np.save(tmp_path / "outside.npy", np.zeros((6, 4, 16, 16), np.float32))
    rewrite(folder, lambda m: m["splits"]["train"]["images"].__setitem__(0, escape))
    refused(folder, "leaves the folder")


def test_missing_shard(folder):
    os.remove(folder / first_image_shard(folder))
    refused(folder, first_image_shard(folder), "missing")
