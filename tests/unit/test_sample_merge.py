"""Merging sample folders: every patch kept, counts summed, statistics pooled."""
import numpy as np
import pytest
from sample_folder_lib import make_sample_folder

from minewatch.core.common.errors import MineWatchInputError
from minewatch.core.training.sample_merge import merge_sample_sets, pooled_statistics
from minewatch.core.training.samples import SampleSet


def test_pooled_statistics_equal_numpy_on_the_union():
    rng = np.random.default_rng(0)
    a, b = rng.normal(3, 2, (2, 500)), rng.normal(10, 5, (2, 300))
    mean, std = pooled_statistics([a.mean(1), b.mean(1)], [a.std(1), b.std(1)], [500, 300])
    both = np.concatenate([a, b], axis=1)
    assert np.allclose(mean, both.mean(1)) and np.allclose(std, both.std(1))


def test_merge_keeps_every_patch_and_sums_counts(tmp_path):
    one = make_sample_folder(tmp_path / "one", n_train=10, n_val=4, n_test=3, seed=1, shard_size=4)
    two = make_sample_folder(tmp_path / "two", n_train=6, n_val=2, n_test=5, seed=2, shard_size=4)
    manifest = merge_sample_sets([one, two], tmp_path / "merged")
    merged, a, b = SampleSet(tmp_path / "merged"), SampleSet(one), SampleSet(two)
    for split in ("train", "val", "test"):
        assert merged.count(split) == a.count(split) + b.count(split)
        assert np.array_equal(merged.class_pixels(split), a.class_pixels(split) + b.class_pixels(split))
        ia, la = a.load(split, range(a.count(split)))
        ib, lb = b.load(split, range(b.count(split)))
        im, lm = merged.load(split, range(merged.count(split)))
        assert np.array_equal(im, np.concatenate([ia, ib])) and np.array_equal(lm, np.concatenate([la, lb]))
    images = np.concatenate([a.load("train", range(10))[0], b.load("train", range(6))[0]])
    assert np.allclose(manifest["band_mean"], images.mean(axis=(0, 2, 3)), rtol=1e-3)
    rows = merged.patch_table()
    assert len(rows) == sum(merged.count(s) for s in ("train", "val", "test"))
    assert not list(tmp_path.glob(".merging_*"))


def test_merge_refuses_different_patch_sizes(tmp_path):
    one = make_sample_folder(tmp_path / "one", patch=32)
    two = make_sample_folder(tmp_path / "two", patch=16)
    with pytest.raises(MineWatchInputError, match="patch_size"):
        merge_sample_sets([one, two], tmp_path / "merged")
    assert not (tmp_path / "merged").exists() and not list(tmp_path.glob(".merging_*"))
