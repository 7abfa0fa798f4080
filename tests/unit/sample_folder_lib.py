"""Tiny training-sample folders written directly with numpy, following the
sample-folder contract (manifest.json, ``<split>/images_NNNN.npy`` and
``labels_NNNN.npy`` shards, patches.csv), for the trainer's tests.

Patches are *learnable*: each pixel's bands are a class-specific mean plus
a little noise, so even a tiny network separates the classes within a few
epochs. Class 0 fills the background, classes 1 and 2 are rectangles in
most patches, and the last class (the "rare" one, like the paper's
tailings pond) appears in only a few training patches. A border of label
255 (ignore) runs along the top row of every patch.
"""
import csv
import json
import os

import numpy as np

from minewatch.models.classes import LAND_DAMAGE_CLASSES

# per class and band: a distinct raw (DN-like) mean, far apart
CLASS_LEVELS = np.array([[100, 800, 300], [900, 200, 700], [500, 500, 100], [200, 300, 900]], np.float64)


def make_patches(n, patch, n_classes, rng, rare_every=0):
    """(images float64 (n, 3, P, P), labels uint8 (n, P, P))."""
    labels = np.zeros((n, patch, patch), np.uint8)
    for i in range(n):
        for cls in range(1, n_classes):
            rare = cls == n_classes - 1 and n_classes > 2
            if rare and (not rare_every or i % rare_every):
                continue
            h, w = rng.integers(patch // 4, patch // 2, size=2)
            r, c = rng.integers(0, patch - h), rng.integers(0, patch - w)
            labels[i, r:r + h, c:c + w] = cls
    images = CLASS_LEVELS[:n_classes][labels].transpose(0, 3, 1, 2)
    images = images + rng.normal(0, 30, images.shape)
    labels[:, 0, :] = 255
    return images, labels


def make_sample_folder(folder, n_train=24, n_val=8, n_test=8, patch=32, n_classes=4, seed=0,
                       shard_size=256, dtype="uint16", rare_every=6):
    """Write a sample folder at ``folder`` and return its path (str).

    ``n_classes`` ≤ 4 land-damage classes (names from LAND_DAMAGE_CLASSES);
    the last class is rare in train (one patch in ``rare_every``) and present
    in every val/test patch."""
    folder = str(folder)
    rng = np.random.default_rng(seed)
    classes = LAND_DAMAGE_CLASSES[:n_classes]
    splits, csv_rows, train_images = {}, [], None
    for split, n in (("train", n_train), ("val", n_val), ("test", n_test)):
        images, labels = make_patches(n, patch, n_classes, rng, rare_every if split == "train" else 1)
        images = np.clip(images, 0, np.iinfo(dtype).max).astype(dtype)
        if split == "train":
            train_images = images
        os.makedirs(os.path.join(folder, split), exist_ok=True)
        entry = {"patches": n, "images": [], "labels": [],
                 "class_pixels": np.bincount(labels[labels != 255], minlength=n_classes).tolist()}
        for shard, first in enumerate(range(0, n, shard_size)):
            image_name, label_name = f"{split}/images_{shard:04d}.npy", f"{split}/labels_{shard:04d}.npy"
            np.save(os.path.join(folder, image_name), images[first:first + shard_size])
            np.save(os.path.join(folder, label_name), labels[first:first + shard_size])
            entry["images"].append(image_name)
            entry["labels"].append(label_name)
            for index in range(min(shard_size, n - first)):
                csv_rows.append([split, shard, index, 0, (first + index) * patch, first + index, 0])
        splits[split] = entry
    bands = train_images.transpose(1, 0, 2, 3).reshape(3, -1).astype(np.float64)
    if not bands.size:  # no train patch: any statistics will do
        bands = np.array([[0.0, 2.0]] * 3)
    manifest = {
        "format": "minewatch-samples", "version": 1, "patch_size": patch, "stride": patch,
        "augment": 1, "bands": [1, 2, 3], "band_names": ["blue", "green", "red"], "dtype": dtype,
        "band_mean": bands.mean(axis=1).tolist(), "band_std": bands.std(axis=1).tolist(),
        "gsd_m": 2.0, "crs": "", "ignore_value": 255,
        "classes": [{"index": c.index, "name": c.name, "name_zh": c.name_zh,
                     "damage_type": c.damage_type, "color": list(c.color)} for c in classes],
        "split_fractions": [0.6, 0.2, 0.2], "block_size": patch, "seed": seed, "splits": splits,
        "source": {"image": "synthetic.tif", "labels": "synthetic_labels.tif"},
    }
    with open(os.path.join(folder, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
    with open(os.path.join(folder, "patches.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["split", "shard", "index", "row_off", "col_off", "block_id", "augmented"])
        writer.writerows(csv_rows)
    return folder
