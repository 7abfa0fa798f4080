"""The training-sample folder: its writer (shards, patches.csv, manifest)
and its reader :class:`SampleSet` (no QGIS, no torch).

Layout of a folder written by Create Training Samples::

    manifest.json            what the trainer needs (see MANIFEST_KEYS)
    patches.csv              split, shard, index, row_off, col_off, block_id, augmented
    train/images_0000.npy    (n, C, P, P) source dtype, raw units
    train/labels_0000.npy    (n, P, P) uint8 class index, 255 = ignore
    val/…  test/…

Shards hold at most :data:`MAX_SHARD_PATCHES` patches (fewer when patches
are large, so one shard stays near :data:`SHARD_BYTES`). Image pixels are
stored as read (raw units, nodata pixels keep their raw value; their label
is 255), so the trainer normalises with ``band_mean``/``band_std``.
"""
import csv
import json
import os

import numpy as np

from ..common.constants import IGNORE_LABEL
from ..common.errors import MineWatchInputError, translatable

FORMAT = "minewatch-samples"
VERSION = 1
IGNORE = IGNORE_LABEL
SPLITS = ("train", "val", "test")
MAX_SHARD_PATCHES = 256
SHARD_BYTES = 64 * 2**20
MANIFEST = "manifest.json"
PATCHES_CSV = "patches.csv"
CSV_COLUMNS = ("split", "shard", "index", "row_off", "col_off", "block_id", "augmented")
MANIFEST_KEYS = ("format", "version", "patch_size", "stride", "augment", "bands", "band_names",
                 "dtype", "band_mean", "band_std", "gsd_m", "crs", "classes", "ignore_value",
                 "split_fractions", "block_size", "seed", "splits", "source")


# -- reader -------------------------------------------------------------------

def _bad_folder(folder, problem):
    return MineWatchInputError(translatable(
        "'{folder}' is not a MineWatch training-sample folder ({problem}). Give the "
        "output folder of 'Create Training Samples', or run that algorithm again to "
        "make one."), folder=folder, problem=problem)


class SampleSet:
    """Read access to a training-sample folder.

    ``load(split, indices)`` returns images as float32 (k, C, P, P) in raw
    source units and labels as int64 (k, P, P) (255 = ignore); shards are
    opened memory-mapped, so only the requested patches are read."""

    def __init__(self, folder):
        self.folder = os.path.abspath(folder)
        path = os.path.join(self.folder, MANIFEST)
        if not os.path.isdir(self.folder):
            raise _bad_folder(folder, "no such folder")
        if not os.path.isfile(path):
            raise _bad_folder(folder, f"no {MANIFEST}")
        try:
            with open(path, encoding="utf-8") as handle:
                manifest = json.load(handle)
        except (OSError, ValueError) as exc:
            raise _bad_folder(folder, f"{MANIFEST} is unreadable: {exc}") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _bad_folder(folder, f"{MANIFEST} is not of format '{FORMAT}'")
        if manifest.get("version") != VERSION:
            raise _bad_folder(folder, f"format version {manifest.get('version')}, "
                                      f"this MineWatch reads version {VERSION}")
        missing = [k for k in MANIFEST_KEYS if k not in manifest]
        if missing:
            raise _bad_folder(folder, f"{MANIFEST} lacks {', '.join(missing)}")
        self.manifest = manifest
        self._offsets = {}
        self._check_manifest(folder)
        for split in SPLITS:
            self._check_shards(folder, split)
        self._shards = {}

    def _check_manifest(self, folder):
        """The manifest's numbers and class list are usable (an edited or
        damaged manifest fails here, naming what is wrong)."""
        m = self.manifest
        size = m["patch_size"]
        if isinstance(size, bool) or not isinstance(size, int) or not 8 <= size <= 8192:
            raise _bad_folder(folder, f"{MANIFEST}: patch_size {size!r} is not 8 … 8192")
        if not isinstance(m["bands"], list) or not m["bands"]:
            raise _bad_folder(folder, f"{MANIFEST}: bands must be a non-empty list")
        for key in ("band_mean", "band_std", "band_names"):
            if not isinstance(m[key], list) or len(m[key]) != len(m["bands"]):
                raise _bad_folder(folder, f"{MANIFEST}: {key} must list one value per band")
        classes = m["classes"]
        if (not isinstance(classes, list) or len(classes) < 2
                or not all(isinstance(c, dict) and {"index", "name", "color"} <= set(c)
                           for c in classes)
                or sorted(c["index"] for c in classes) != list(range(len(classes)))):
            raise _bad_folder(folder, f"{MANIFEST}: classes must be indices 0 … K−1 "
                                      "with a name and a colour each")
        if not isinstance(m["splits"], dict):
            raise _bad_folder(folder, f"{MANIFEST}: splits must be an object")

    def _check_shards(self, folder, split):
        """Every shard of ``split`` lies inside the folder, is a plain numpy
        array (no pickled objects) of the manifest's shape, and the counts
        add up; reads only the files' headers."""
        entry = self.manifest["splits"].get(split, {"patches": 0, "images": [], "labels": []})
        images, labels = entry.get("images", []), entry.get("labels", [])
        if not isinstance(images, list) or not isinstance(labels, list) \
                or len(images) != len(labels):
            raise _bad_folder(folder, f"{MANIFEST}: the {split} split lists unequal shards")
        total = 0
        for image_name, label_name in zip(images, labels):
            image = self._shard_header(folder, image_name)
            label = self._shard_header(folder, label_name)
            size, bands = self.patch_size, len(self.manifest["bands"])
            if image.shape[1:] != (bands, size, size) or label.shape != (image.shape[0], size, size):
                raise _bad_folder(folder, f"shard {image_name} / {label_name} holds arrays of "
                                          f"shape {image.shape} / {label.shape}, not "
                                          f"(n, {bands}, {size}, {size}) / (n, {size}, {size})")
            total += image.shape[0]
        if total != int(entry.get("patches", 0)):
            raise _bad_folder(folder, f"{MANIFEST}: the {split} split claims "
                                      f"{entry.get('patches')} patches, its shards hold {total}")

    def _shard_header(self, folder, name):
        """The memory-mapped array of shard ``name``, refusing a path that
        leaves the folder and anything but a plain numeric array."""
        path = os.path.realpath(os.path.join(self.folder, str(name)))
        if not path.startswith(os.path.realpath(self.folder) + os.sep):
            raise _bad_folder(folder, f"shard path {name!r} leaves the folder")
        if not os.path.isfile(path):
            raise _bad_folder(folder, f"shard {name} is missing")
        try:
            array = np.load(path, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise _bad_folder(folder, f"shard {name} is not a plain numpy array ({exc})") from None
        if not isinstance(array, np.ndarray) or array.dtype.kind not in "uif" or array.ndim < 3:
            raise _bad_folder(folder, f"shard {name} is not a numeric patch array")
        return array

    # -- manifest fields --------------------------------------------------
    @property
    def patch_size(self):
        return int(self.manifest["patch_size"])

    @property
    def num_classes(self):
        return len(self.manifest["classes"])

    @property
    def in_channels(self):
        return len(self.manifest["bands"])

    @property
    def band_mean(self):
        return [float(v) for v in self.manifest["band_mean"]]

    @property
    def band_std(self):
        return [float(v) for v in self.manifest["band_std"]]

    @property
    def band_names(self):
        return [str(v) for v in self.manifest["band_names"]]

    @property
    def gsd_m(self):
        return float(self.manifest["gsd_m"])

    @property
    def ignore_value(self):
        return int(self.manifest["ignore_value"])

    def class_table(self):
        """The classes as a tuple of ``models.classes.ClassInfo``."""
        from ...models.classes import ClassInfo

        return tuple(ClassInfo(int(c["index"]), str(c["name"]), str(c.get("name_zh", "")),
                               str(c.get("damage_type", "none")), tuple(int(v) for v in c["color"]))
                     for c in sorted(self.manifest["classes"], key=lambda c: c["index"]))

    def _split(self, split):
        if split not in SPLITS:
            raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
        return self.manifest["splits"].get(split, {"patches": 0, "images": [], "labels": [],
                                                   "class_pixels": [0] * self.num_classes})

    def count(self, split):
        """Number of stored patches of ``split`` (augmented copies included)."""
        return int(self._split(split)["patches"])

    def class_pixels(self, split):
        """Pixels per class in ``split`` (int64, augmented copies included)."""
        return np.asarray(self._split(split)["class_pixels"], dtype=np.int64)

    # -- patches ------------------------------------------------------------
    def _shard_table(self, split):
        """(cumulative starts, list of (images, labels) memmaps) of a split."""
        if split not in self._shards:
            entry = self._split(split)
            arrays, sizes = [], []
            for image_name, label_name in zip(entry["images"], entry["labels"]):
                images = self._shard_header(self.folder, image_name)
                labels = self._shard_header(self.folder, label_name)
                arrays.append((images, labels))
                sizes.append(len(labels))
            starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
            self._shards[split] = (starts, arrays)
        return self._shards[split]

    def load(self, split, indices):
        """Patches ``indices`` (0-based over the split, any order) as
        (float32 (k, C, P, P) raw units, int64 (k, P, P) labels)."""
        starts, arrays = self._shard_table(split)
        indices = np.asarray(indices, dtype=np.int64).reshape(-1)
        total = int(starts[-1])
        if indices.size and (indices.min() < 0 or indices.max() >= total):
            raise IndexError(f"patch index out of range 0…{total - 1} for split {split}")
        size, channels = self.patch_size, self.in_channels
        images = np.empty((indices.size, channels, size, size), np.float32)
        labels = np.empty((indices.size, size, size), np.int64)
        shard_of = np.searchsorted(starts, indices, side="right") - 1
        for k, (shard, index) in enumerate(zip(shard_of, indices)):
            shard_images, shard_labels = arrays[shard]
            local = int(index - starts[shard])
            images[k] = shard_images[local]
            labels[k] = shard_labels[local]
        return images, labels

    def patch_table(self):
        """Rows of patches.csv as dicts of ints (split stays a string)."""
        with open(os.path.join(self.folder, PATCHES_CSV), newline="", encoding="utf-8") as handle:
            return [{k: (v if k == "split" else int(v)) for k, v in row.items()}
                    for row in csv.DictReader(handle)]


# -- writer -------------------------------------------------------------------

def shard_capacity(channels, patch_size, itemsize):
    """Patches per shard: at most 256, and about :data:`SHARD_BYTES` of image."""
    per_patch = max(1, channels * patch_size * patch_size * itemsize)
    return int(max(1, min(MAX_SHARD_PATCHES, SHARD_BYTES // per_patch)))


class ShardWriter:
    """Collects the patches of one split and writes them as numbered
    ``images_NNNN.npy``/``labels_NNNN.npy`` pairs under ``folder/split``.

    ``add`` returns (shard, index in shard) for patches.csv; ``close``
    writes the last, partial shard."""

    def __init__(self, folder, split, channels, patch_size, dtype, n_classes):
        self.folder, self.split = folder, split
        self.dtype = np.dtype(dtype)
        self.capacity = shard_capacity(channels, patch_size, self.dtype.itemsize)
        self.images = np.empty((self.capacity, channels, patch_size, patch_size), self.dtype)
        self.labels = np.empty((self.capacity, patch_size, patch_size), np.uint8)
        self.fill = 0
        self.shards = 0
        self.patches = 0
        self.image_files, self.label_files = [], []
        self.class_pixels = np.zeros(n_classes, np.int64)
        self.n_classes = n_classes

    def add(self, image, label):
        position = (self.shards, self.fill)
        self.images[self.fill] = image
        self.labels[self.fill] = label
        self.fill += 1
        self.patches += 1
        counts = np.bincount(label.reshape(-1), minlength=256)
        self.class_pixels += counts[:self.n_classes]
        if self.fill == self.capacity:
            self._flush()
        return position

    def _flush(self):
        if self.fill == 0:
            return
        directory = os.path.join(self.folder, self.split)
        os.makedirs(directory, exist_ok=True)
        image_name = f"{self.split}/images_{self.shards:04d}.npy"
        label_name = f"{self.split}/labels_{self.shards:04d}.npy"
        np.save(os.path.join(self.folder, image_name), self.images[:self.fill])
        np.save(os.path.join(self.folder, label_name), self.labels[:self.fill])
        self.image_files.append(image_name)
        self.label_files.append(label_name)
        self.shards += 1
        self.fill = 0

    def close(self):
        self._flush()
        return {"patches": self.patches, "images": list(self.image_files),
                "labels": list(self.label_files),
                "class_pixels": [int(v) for v in self.class_pixels]}


class PatchCsv:
    """patches.csv, one row per stored patch."""

    def __init__(self, folder):
        self.handle = open(os.path.join(folder, PATCHES_CSV), "w", newline="", encoding="utf-8")
        self.writer = csv.writer(self.handle)
        self.writer.writerow(CSV_COLUMNS)

    def add(self, split, shard, index, row_off, col_off, block_id, augmented):
        self.writer.writerow((split, shard, index, row_off, col_off, block_id, int(augmented)))

    def close(self):
        if not self.handle.closed:
            self.handle.close()


def class_entries(classes):
    """The manifest's "classes" list from ClassInfo-like objects."""
    return [{"index": int(c.index), "name": c.name, "name_zh": c.name_zh,
             "damage_type": c.damage_type, "color": [int(v) for v in c.color]}
            for c in sorted(classes, key=lambda c: c.index)]


def write_manifest(folder, manifest):
    """Write ``manifest.json`` (UTF-8, Chinese names kept readable)."""
    missing = [k for k in MANIFEST_KEYS if k not in manifest]
    if missing:
        raise ValueError(f"manifest lacks {missing}")
    path = os.path.join(folder, MANIFEST)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=1)
    return path
