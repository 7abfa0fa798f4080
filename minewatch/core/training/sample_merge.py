"""Merge several training-sample folders into one (no QGIS, no torch).

Users label several scenes (other dates, other sensors' GSD); Create
Training Samples makes one folder per scene and the trainer reads one
folder, so the folders are merged: shards copied and renumbered, class
pixel counts summed, and the band statistics pooled. The pooled mean/std
weight each folder by its number of training patches (each patch has the
same pixel count; nodata pixels inside patches are rare enough that this
matches the exact pixel-weighted value closely).
"""
import csv
import os
import shutil
import tempfile

import numpy as np

from ..common.errors import MineWatchInputError, translatable
from ..common.progress import as_feedback, step
from .sample_folder import check_sample_folder
from .samples import CSV_COLUMNS, MANIFEST, PATCHES_CSV, SPLITS, SampleSet, write_manifest

# what must agree between folders for their patches to train one model
MUST_MATCH = ("patch_size", "dtype", "band_names", "classes", "ignore_value")


def _check_compatible(sets):
    first = sets[0]
    for other in sets[1:]:
        for key in MUST_MATCH:
            a, b = first.manifest.get(key), other.manifest.get(key)
            if key == "classes":
                a = [c["name"] for c in a]
                b = [c["name"] for c in b]
            if a != b:
                raise MineWatchInputError(translatable(
                    "The sample folders '{a}' and '{b}' differ in {key} ({va} vs {vb}); only "
                    "folders made with the same patch size, bands, data type and classes can "
                    "be merged. Make them again with the same settings."),
                    a=first.folder, b=other.folder, key=key, va=a, vb=b)


def pooled_statistics(means, stds, weights):
    """Mean and (population) std of the union of groups with the given
    means, stds and sizes, per band; lists of floats."""
    m = np.asarray(means, np.float64)
    s = np.asarray(stds, np.float64)
    w = np.asarray(weights, np.float64)[:, None]
    if w.sum() <= 0:
        w = np.ones_like(w)
    mean = (w * m).sum(0) / w.sum()
    second = (w * (s ** 2 + m ** 2)).sum(0) / w.sum()
    std = np.sqrt(np.maximum(second - mean ** 2, 1e-12))
    return [float(v) for v in mean], [float(v) for v in std]


def merge_sample_sets(folders, out_folder, feedback=None):
    """Write one sample folder at ``out_folder`` holding every patch of
    ``folders``; returns the merged manifest. The folder is written beside
    its destination and moved into place at the end, so a failed or
    cancelled merge leaves nothing half-written."""
    feedback = as_feedback(feedback)
    if len(folders) < 1:
        raise MineWatchInputError(translatable("Give at least one sample folder to merge."))
    sets = [SampleSet(f) for f in folders]
    _check_compatible(sets)
    out_folder = os.path.abspath(out_folder)
    if any(os.path.abspath(f) == out_folder for f in folders):
        raise MineWatchInputError(translatable(
            "The merged folder {folder} is one of the folders to merge. Give a new folder."),
            folder=out_folder)
    # the merged set replaces the folder whole: only an earlier sample set may be there
    check_sample_folder(out_folder)
    parent = os.path.dirname(out_folder)
    os.makedirs(parent, exist_ok=True)
    work = tempfile.mkdtemp(prefix=".merging_", dir=parent)
    try:
        manifest = _merge_into(sets, work, feedback)
        if os.path.isdir(out_folder):
            shutil.rmtree(out_folder)
        os.replace(work, out_folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def _merge_into(sets, work, feedback):
    first = sets[0].manifest
    n_classes = len(first["classes"])
    splits = {name: {"patches": 0, "images": [], "labels": [],
                     "class_pixels": [0] * n_classes} for name in SPLITS}
    shard_map = {}  # (set index, split, old shard) -> new shard
    total = sum(len(s.manifest["splits"].get(name, {}).get("images", [])) for s in sets for name in SPLITS)
    done = 0
    for i, sample_set in enumerate(sets):
        for name in SPLITS:
            part = sample_set.manifest["splits"].get(name)
            if not part:
                continue
            merged = splits[name]
            for old, (image, label) in enumerate(zip(part["images"], part["labels"])):
                new = len(merged["images"])
                os.makedirs(os.path.join(work, name), exist_ok=True)
                for src, kind, bucket in ((image, "images", merged["images"]),
                                          (label, "labels", merged["labels"])):
                    rel = f"{name}/{kind}_{new:04d}.npy"
                    shutil.copyfile(os.path.join(sample_set.folder, src), os.path.join(work, rel))
                    bucket.append(rel)
                shard_map[(i, name, old)] = new
                done += 1
                step(feedback, done, total)
            merged["patches"] += int(part["patches"])
            merged["class_pixels"] = [a + int(b) for a, b in zip(merged["class_pixels"], part["class_pixels"])]
    _merge_patch_tables(sets, work, shard_map)
    weights = [s.count("train") for s in sets]
    mean, std = pooled_statistics([s.band_mean for s in sets], [s.band_std for s in sets], weights)
    manifest = dict(first)
    # a set that was itself merged carries its images and pixel sizes on,
    # so appending image after image keeps them all (and a weighted median)
    images, gsds, counts, lows, highs = [], [], [], [], []
    for s, weight in zip(sets, weights):
        source = s.manifest.get("source") or {}
        images += source.get("images") or [source.get("image", "")]
        gsds += s.manifest.get("gsd_m_list") or [s.gsd_m]
        counts += s.manifest.get("gsd_m_weights") or [weight]
        low, high = s.manifest.get("gsd_m_range") or [s.gsd_m, s.gsd_m]
        lows.append(low)
        highs.append(high)
    manifest.update(
        band_mean=mean, band_std=std, splits=splits,
        gsd_m=weighted_median(gsds, counts),
        stride=first["stride"] if all(s.manifest["stride"] == first["stride"] for s in sets) else None,
        source={"merged": [s.folder for s in sets], "images": images},
        gsd_m_list=[float(g) for g in gsds], gsd_m_weights=[int(c) for c in counts],
        gsd_m_range=[float(min(lows)), float(max(highs))])
    # spatial blocks per split add up (the trainer weighs how many blocks
    # its validation spans); unknown when a set does not record them
    if all(isinstance(s.manifest.get("blocks"), dict) for s in sets):
        manifest["blocks"] = {name: sum(int(s.manifest["blocks"].get(name, 0)) for s in sets)
                              for name in SPLITS}
    else:
        manifest.pop("blocks", None)
    write_manifest(work, manifest)
    return manifest


def weighted_median(values, weights):
    """The median of ``values`` each counted ``weights`` times (train
    patches): the pixel size most of the training saw."""
    values, weights = np.asarray(values, float), np.asarray(weights, float)
    if weights.sum() <= 0:
        return float(np.median(values))
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, 0.5 * cumulative[-1])])


def _merge_patch_tables(sets, work, shard_map):
    """patches.csv of all folders; block ids offset so they stay unique."""
    offset = 0
    with open(os.path.join(work, PATCHES_CSV), "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for i, sample_set in enumerate(sets):
            highest = -1
            for row in sample_set.patch_table():
                block = int(row["block_id"])
                highest = max(highest, block)
                writer.writerow((row["split"], shard_map[(i, row["split"], int(row["shard"]))],
                                 row["index"], row["row_off"], row["col_off"], block + offset,
                                 row["augmented"]))
            offset += highest + 1


__all__ = ["merge_sample_sets", "pooled_statistics", "MANIFEST"]
