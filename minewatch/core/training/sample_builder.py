"""Create Training Samples without QGIS: cut an image and its class labels
into patches, split them spatially into train/val/test, augment the train
patches and write the sample folder of :mod:`.samples`.

Streaming: the scene is visited one block (``block_size`` px square) at a
time, row of blocks by row of blocks; nothing larger than a block is held.
Two passes: the first reads only the labels to find which blocks hold
usable patches (so the split fractions apply to blocks that matter), the
second reads image and labels of those blocks and writes the patches.
Everything is written into a hidden folder inside ``out_folder`` and moved
into place at the end; a failed or cancelled run leaves nothing behind.
"""
import os
import shutil
import uuid
from dataclasses import dataclass, field, replace
from typing import Any, Optional, Sequence

import numpy as np

from ..classmap.class_tables import values_to_indices
from ..common.errors import MineWatchInputError, translatable
from ..common.messages import Message
from ..common.progress import ScaledFeedback, as_feedback, step
from ..inference.engine import resolve_bands
from ..inference.tile_reader import TileReader
from ..raster.band_names import ASSUMED_RGB, image_band_names
from ..raster.raster_io import gsd_metres, open_raster, rasterio_env
from ..raster.rasterize import rasterize_labels
from .augment import random_matrix, warp_patch
from .sample_folder import WORK_PREFIX, check_sample_folder, sample_set_files
from .sample_split import assign_blocks, block_grid, block_patches, block_window
from .samples import (
    FORMAT,
    IGNORE,
    MANIFEST,
    PATCHES_CSV,
    SPLITS,
    VERSION,
    PatchCsv,
    ShardWriter,
    class_entries,
    write_manifest,
)

PASS1_SPAN = 25.0  # % of the progress bar for the label survey


@dataclass
class SamplesResult:
    """What a run wrote: stored patches per split (augmented copies
    included), the blocks per split, the out-of-range label count and
    warnings (English sentences for the log)."""

    folder: str
    manifest_path: str
    counts: dict
    blocks: dict
    out_of_range: int
    manifest: dict
    warnings: list = field(default_factory=list)
    # log lines that are no warning (e.g. the automatic minimum labelled share)
    notes: list = field(default_factory=list)


class LabelReader:
    """Class labels on the image grid, read window by window as uint8
    (255 = ignore). A raster on another grid or CRS is resampled by
    nearest neighbour through a GDAL warped VRT. Label nodata, values that
    are not an integer class index 0 … n−1 (counted in ``out_of_range``)
    and pixels outside the label raster all become 255. ``values``: a class
    value table (label value of class i at position i, see
    :func:`..classmap.class_tables.label_values`); ``unlabelled``: a label
    value that marks unlabelled pixels (ignored, not counted as out of
    range)."""

    def __init__(self, path, image, n_classes, values=None, unlabelled=None):
        self.path, self.n_classes = path, n_classes
        self.values, self.unlabelled = values, unlabelled
        self.ds = open_raster(path)
        self.out_of_range = 0
        # the most common out-of-range value, for a warning that names its cause
        self.out_of_range_values = {}
        self.warnings = []
        try:
            self.source = self._on_image_grid(image)
        except BaseException:
            self.ds.close()
            raise

    def _on_image_grid(self, image):
        from rasterio.enums import Resampling
        from rasterio.vrt import WarpedVRT
        from rasterio.warp import transform_bounds

        ds = self.ds
        if ds.count != 1:
            raise MineWatchInputError(translatable(
                "The label raster '{path}' has {count} bands; it must have one band of "
                "class indices. Extract the class band first (Raster > Conversion > "
                "Translate, band 1)."), path=self.path, count=ds.count)
        same_size = (ds.width, ds.height) == (image.width, image.height)
        if ds.crs is None or image.crs is None:
            if ds.crs is None and image.crs is None and same_size:
                self.nodata = ds.nodata
                return ds
            if ds.crs is None and same_size and ds.transform.almost_equals(image.transform):
                self.warnings.append(Message(translatable(
                    "The label raster has no CRS; it is taken to be on the image's grid (same "
                    "size and geotransform).")))
                self.nodata = ds.nodata
                return ds
            raise MineWatchInputError(translatable(
                "The {which} has no coordinate reference system, so the labels cannot be "
                "placed on the image. Assign the CRS (Raster > Projections > Assign "
                "Projection) and run again."),
                which="label raster" if ds.crs is None else "image")
        left, bottom, right, top = transform_bounds(ds.crs, image.crs, *ds.bounds)
        ib = image.bounds
        if (left >= max(ib.left, ib.right) or right <= min(ib.left, ib.right)
                or bottom >= max(ib.bottom, ib.top) or top <= min(ib.bottom, ib.top)):
            raise MineWatchInputError(translatable(
                "The label raster '{path}' does not overlap the image (labels cover {lb}, "
                "the image {ib}, in the image's CRS). Give labels drawn over this image."),
                path=self.path, lb=_box(left, bottom, right, top),
                ib=_box(ib.left, ib.bottom, ib.right, ib.top))
        if ds.crs == image.crs and same_size and ds.transform.almost_equals(image.transform):
            self.nodata = ds.nodata
            return ds
        if ds.crs != image.crs:
            self.warnings.append(Message(translatable(
                "The label raster's CRS differs from the image's; labels are reprojected onto "
                "the image grid (nearest neighbour).")))
        self.nodata = IGNORE
        return WarpedVRT(ds, crs=image.crs, transform=image.transform, width=image.width,
                         height=image.height, resampling=Resampling.nearest, nodata=IGNORE)

    def read(self, window, count=False):
        """uint8 labels of ``window`` = (row, col, h, w) of the image grid;
        ``count`` adds its out-of-range values to ``out_of_range``."""
        from rasterio.windows import Window

        row, col, h, w = window
        raw = self.source.read(1, window=Window(col, row, w, h))
        # 255 is the ignore value unless the table names it as a class's value
        ignore = raw == IGNORE if not (self.values and IGNORE in self.values) else \
            np.zeros(raw.shape, bool)
        if self.nodata is not None:
            ignore |= np.isnan(raw) if np.isnan(self.nodata) else raw == self.nodata
        if self.unlabelled is not None:
            ignore |= raw == self.unlabelled
        if self.values:
            values = values_to_indices(raw, self.values, -1).astype(np.float64)
        else:
            values = raw.astype(np.float64)
        good = np.isfinite(values) & (values >= 0) & (values < self.n_classes)
        good &= values == np.floor(np.where(np.isfinite(values), values, 0))
        good &= ~ignore
        if count:
            bad = ~good & ~ignore
            self.out_of_range += int(np.count_nonzero(bad))
            if bad.any():
                found, counts = np.unique(raw[bad], return_counts=True)
                for value, n in zip(found.tolist(), counts.tolist()):
                    self.out_of_range_values[value] = self.out_of_range_values.get(value, 0) + n
        return np.where(good, values, IGNORE).astype(np.uint8)

    def close(self):
        if self.source is not self.ds:
            self.source.close()
        self.ds.close()


def _box(left, bottom, right, top):
    return f"{left:.6g}, {bottom:.6g} – {right:.6g}, {top:.6g}"


def patch_sums(mask, offsets, size):
    """Number of True pixels of ``mask`` in each size × size patch at the
    local (row, col) ``offsets`` (summed-area table)."""
    table = np.zeros((mask.shape[0] + 1, mask.shape[1] + 1), np.int64)
    table[1:, 1:] = np.cumsum(np.cumsum(mask, axis=0, dtype=np.int64), axis=1)
    if not offsets:
        return np.zeros(0, np.int64)
    r, c = np.asarray(offsets, np.int64).T
    return table[r + size, c + size] - table[r, c + size] - table[r + size, c] + table[r, c]


class BandStats:
    """Mean and standard deviation per band over valid pixels, summed in
    float64 about a shift (the first patch's mean) against cancellation."""

    def __init__(self, channels):
        self.n = np.zeros(channels, np.float64)
        self.s1 = np.zeros(channels, np.float64)
        self.s2 = np.zeros(channels, np.float64)
        self.shift = None

    def add(self, image, valid):
        values = image[:, valid].astype(np.float64)
        if values.shape[1] == 0:
            return
        if self.shift is None:
            self.shift = values.mean(axis=1)
        values -= self.shift[:, None]
        self.n += values.shape[1]
        self.s1 += values.sum(axis=1)
        self.s2 += np.einsum("ij,ij->i", values, values)

    def result(self):
        if self.shift is None:
            zero = [0.0] * len(self.n)
            return zero, [1.0] * len(self.n)
        mean = self.s1 / self.n
        var = np.maximum(self.s2 / self.n - mean * mean, 0.0)
        return (mean + self.shift).tolist(), np.sqrt(var).tolist()


def _check_options(height, width, patches):
    patch_size, stride, augment = patches.patch_size, patches.stride, patches.augment
    block_size, min_labelled = patches.block_size, patches.min_labelled
    min_labelled = 0.5 if min_labelled is None else min_labelled  # automatic: checked later
    if patch_size < 8:
        raise MineWatchInputError(translatable(
            "PATCH_SIZE must be at least 8 px (got {size})."), size=patch_size)
    if patch_size > min(height, width):
        raise MineWatchInputError(translatable(
            "PATCH_SIZE ({size} px) is larger than the image ({width} × {height} px). Give a "
            "patch size of at most {most} px."), size=patch_size, width=width, height=height,
            most=min(height, width))
    if stride < 1:
        raise MineWatchInputError(translatable("STRIDE must be at least 1 px (got {stride})."),
                                  stride=stride)
    if augment < 1:
        raise MineWatchInputError(translatable(
            "AUGMENT is a multiplier: 1 = no augmentation, 2 = one extra copy of each train "
            "patch, …; got {augment}."), augment=augment)
    if block_size < patch_size:
        raise MineWatchInputError(translatable(
            "BLOCK_SIZE ({block} px) must be at least PATCH_SIZE ({size} px): a patch must "
            "fit inside one block. Leave BLOCK_SIZE empty for 4 × PATCH_SIZE."),
            block=block_size, size=patch_size)
    if not 0.0 <= min_labelled <= 1.0:
        raise MineWatchInputError(translatable(
            "MIN_LABELLED is a fraction between 0 and 1 (got {value})."), value=min_labelled)


@dataclass(frozen=True)
class PatchSettings:
    """How a sample set is cut: square patches of ``patch_size`` px every
    ``stride`` px (None: the patch size), ``augment`` copies per train patch
    (1 = none), train/val/test fractions ``split`` over blocks of
    ``block_size`` px (None: 4 × the patch size), the least labelled share
    ``min_labelled`` of a kept patch (None: chosen from the labels, see
    :func:`auto_min_labelled`), and the random ``seed``."""

    patch_size: int = 256
    stride: Optional[int] = None
    augment: int = 1
    split: tuple = (0.6, 0.2, 0.2)
    block_size: Optional[int] = None
    min_labelled: Optional[float] = None
    seed: int = 0

    def resolved(self):
        """A copy with whole numbers and the defaults filled in."""
        size = int(self.patch_size)
        return replace(self, patch_size=size, stride=int(self.stride or size),
                       augment=int(self.augment), split=tuple(self.split),
                       block_size=int(self.block_size or 4 * size),
                       min_labelled=None if self.min_labelled is None else float(self.min_labelled),
                       seed=int(self.seed))


DEFAULT_PATCHES = PatchSettings()


def create_training_samples(image_path: str, out_folder: str, classes: Sequence[Any], *,
                            label_path: Optional[str] = None, label_shapes: Any = None,
                            outside_value: int = 0, bands: Optional[Sequence[int]] = None,
                            patches: Any = DEFAULT_PATCHES, feedback: Any = None,
                            labels_name: Optional[str] = None, append: bool = False,
                            label_values: Optional[Sequence[int]] = None,
                            unlabelled: Optional[int] = None) -> Any:
    """Write a training-sample folder in ``out_folder`` (created if needed;
    a previous sample set there is replaced) from the raster ``image_path``
    and either a class raster ``label_path`` (any grid/CRS) or
    ``label_shapes`` ((geometry mapping in the image CRS, class index)
    pairs, burnt on the image grid; pixels in no polygon get
    ``outside_value``: 0 background or 255 ignored). ``patches``: a
    :class:`PatchSettings`.

    A patch is kept when at least ``min_labelled`` (and more than 0) of its
    pixels are labelled (label ≠ 255 and valid image). ``split`` are the
    train/val/test fractions over blocks of ``block_size`` px. Each train
    patch gets ``augment`` − 1 augmented copies. ``append`` adds the new
    patches to a sample set already in ``out_folder`` (same classes, bands
    and patch size; statistics pooled) instead of replacing it: one folder
    from several images. ``label_values``: the class value table of a
    label raster (label value of class i at position i; None: the values
    are the class indices); ``unlabelled``: the label raster's value for
    unlabelled pixels (ignored). Returns :class:`SamplesResult`; raises
    ``MineWatchInputError`` or ``Cancelled`` leaving ``out_folder`` as it
    was."""
    feedback = as_feedback(feedback)
    if append and sample_set_files(out_folder):
        return _append_samples(image_path, out_folder, classes, label_path, label_shapes,
                               outside_value, bands, patches, feedback, labels_name,
                               label_values, unlabelled)
    classes = tuple(sorted(classes, key=lambda c: c.index))
    n_classes = len(classes)
    patches = patches.resolved()
    if (label_path is None) == (label_shapes is None):
        raise ValueError("give exactly one of label_path and label_shapes")
    check_sample_folder(out_folder)
    os.makedirs(out_folder, exist_ok=True)
    work = os.path.join(out_folder, f"{WORK_PREFIX}{uuid.uuid4().hex[:8]}.partial")
    os.makedirs(work)
    labels = None
    try:
        with rasterio_env(), open_raster(image_path) as image:
            _check_options(image.height, image.width, patches)
            bands, _ = resolve_bands(image.count, bands, len(bands) if bands else image.count)
            if label_shapes is not None:
                grid_path = os.path.join(work, "labels_on_image_grid.tif")
                rasterize_labels(label_shapes, grid_path, image.profile, fill=outside_value)
                label_path_used: Optional[str] = grid_path
            else:
                label_path_used = label_path
            # burnt polygons hold class indices already
            labels = LabelReader(label_path_used, image, n_classes,
                                 label_values if label_shapes is None else None,
                                 unlabelled if label_shapes is None else None)
            result = _write_samples(image, labels, bands, work, classes, patches, feedback)
            labels.close()
            labels = None
            if label_shapes is not None:
                os.remove(grid_path)
            result.manifest["source"] = {"image": os.path.abspath(image_path),
                                         "labels": labels_name or os.path.abspath(label_path or "")}
        write_manifest(work, result.manifest)
        _move_into_place(work, out_folder)
    except BaseException:
        if labels is not None:
            labels.close()
        shutil.rmtree(work, ignore_errors=True)
        raise
    result.folder = os.path.abspath(out_folder)
    result.manifest_path = os.path.join(result.folder, MANIFEST)
    return result




def _append_samples(image_path, out_folder, classes, label_path, label_shapes, outside_value,
                    bands, patches, feedback, labels_name, label_values=None, unlabelled=None):
    """New samples beside ``out_folder``, merged with the set there, and the
    merged set swapped into place (the earlier set is kept on failure)."""
    from .sample_merge import merge_sample_sets
    from .samples import SampleSet

    check_sample_folder(out_folder)
    # the settings a user chooses, checked before any work (the merge checks
    # band names and data type too, once the new patches exist)
    existing = SampleSet(out_folder)
    names = [c.name for c in classes]
    have = [c["name"] for c in existing.manifest["classes"]]
    size = patches.resolved().patch_size
    if existing.patch_size != size or have != names:
        raise MineWatchInputError(translatable(
            "The samples already in {folder} are {size} px patches of the classes {have}; "
            "this run would add {new_size} px patches of {names}. Use the same patch size "
            "and classes to add to them, or another output folder."),
            folder=out_folder, size=existing.patch_size, have=", ".join(have),
            new_size=size, names=", ".join(names))
    parent = os.path.dirname(os.path.abspath(out_folder))
    tag = uuid.uuid4().hex[:8]
    new, merged, old = (os.path.join(parent, f"{WORK_PREFIX}{tag}-{what}.partial")
                        for what in ("new", "merged", "old"))
    try:
        result = create_training_samples(
            image_path, new, classes, label_path=label_path, label_shapes=label_shapes,
            outside_value=outside_value, bands=bands, patches=patches,
            feedback=ScaledFeedback(feedback, 0, 80), labels_name=labels_name, label_values=label_values,
            unlabelled=unlabelled)
        manifest = merge_sample_sets([out_folder, new], merged, ScaledFeedback(feedback, 80, 20))
        os.replace(out_folder, old)
        try:
            os.replace(merged, out_folder)
        except BaseException:
            os.replace(old, out_folder)  # the earlier set back in place
            raise
    finally:
        for folder in (new, merged, old):
            shutil.rmtree(folder, ignore_errors=True)
    result.manifest = manifest
    result.folder = os.path.abspath(out_folder)
    result.manifest_path = os.path.join(result.folder, MANIFEST)
    return result


def _move_into_place(work, out_folder):
    """Replace an earlier sample set in ``out_folder`` by the one in
    ``work``; the manifest goes last so a folder with a manifest is whole."""
    for name in (MANIFEST, PATCHES_CSV, *SPLITS):
        old = os.path.join(out_folder, name)
        if os.path.isdir(old):
            shutil.rmtree(old)
        elif os.path.exists(old):
            os.remove(old)
    for name in (*SPLITS, PATCHES_CSV, MANIFEST):
        if os.path.exists(os.path.join(work, name)):
            os.replace(os.path.join(work, name), os.path.join(out_folder, name))
    shutil.rmtree(work, ignore_errors=True)


# MIN_LABELLED left empty: the largest of these shares that keeps at least
# AUTO_KEEP of the patches holding any label. Dense label rasters keep 0.5;
# sparse polygons (a field here, a pit there) get a share that keeps most of
# their patches instead of one or two
AUTO_MIN_LABELLED = (0.5, 0.25, 0.1, 0.05, 0.02)
AUTO_KEEP = 0.5


def auto_min_labelled(fractions):
    """The minimum labelled share for patches whose labelled shares are
    ``fractions`` (those > 0): see :data:`AUTO_MIN_LABELLED`."""
    fractions = np.asarray(fractions, np.float64)
    if fractions.size == 0:
        return AUTO_MIN_LABELLED[0]
    for share in AUTO_MIN_LABELLED:
        if np.count_nonzero(fractions >= share) >= AUTO_KEEP * fractions.size:
            return share
    return AUTO_MIN_LABELLED[-1]


def _survey(image, labels, settings, feedback, reader=None):
    """Pass 1: the labelled share of every patch (labelled pixels with a
    valid image value when ``reader`` is given, as pass 2 counts them);
    (usable patches per block, any label, the minimum labelled share used,
    {share: usable patches} of the automatic choice or None)."""
    patch_size, stride = settings.patch_size, settings.stride
    block_size = settings.block_size
    n_rows, n_cols = block_grid(image.height, image.width, block_size)
    shares, any_label = {}, False
    for block in range(n_rows * n_cols):
        patches = block_patches(block, image.height, image.width, block_size, patch_size, stride)
        if patches:
            r0, c0, h, w = block_window(block, image.height, image.width, block_size)
            lab = labels.read((r0, c0, h, w), count=True)
            labelled = lab != IGNORE
            if reader is not None:
                # image nodata makes a pixel unlabelled in pass 2: a label
                # raster burnt over an image's empty corners is no label
                labelled &= reader.read_window(r0, c0, h, w)[1]
            any_label = any_label or bool(labelled.any())
            sums = patch_sums(labelled, [(r - r0, c - c0) for r, c in patches], patch_size)
            frac = sums / float(patch_size * patch_size)
            shares[block] = frac[sums > 0]
        step(feedback, block + 1, n_rows * n_cols, 0.0, PASS1_SPAN)
    min_labelled, kept = settings.min_labelled, None
    if min_labelled is None:
        every = np.concatenate(list(shares.values())) if shares else np.zeros(0)
        min_labelled = auto_min_labelled(every)
        kept = {share: int(np.count_nonzero(every >= share)) for share in AUTO_MIN_LABELLED}
        kept["any"] = int(every.size)
    weights = {block: int(np.count_nonzero(frac >= min_labelled)) for block, frac in shares.items()}
    return weights, any_label, min_labelled, kept


def _write_samples(image, labels, bands, work, classes, settings, feedback):
    patch_size, stride, augment = settings.patch_size, settings.stride, settings.augment
    split, block_size, seed = settings.split, settings.block_size, settings.seed
    reader = TileReader(image, bands)
    weights, any_label, min_labelled, kept = _survey(image, labels, settings, feedback, reader)
    settings = replace(settings, min_labelled=min_labelled)
    if not any_label:
        raise MineWatchInputError(translatable(
            "No image pixel has a label: the labels do not overlap the image, or every "
            "label is nodata/outside the classes 0 … {last}. Give labels drawn over this "
            "image, with class indices or names of the class list."), last=len(classes) - 1)
    if not any(weights.values()):
        raise MineWatchInputError(translatable(
            "No {size} × {size} px patch has at least {pct:.0f} % labelled pixels. Lower "
            "MIN_LABELLED, use a smaller PATCH_SIZE, or label more of the image."),
            size=patch_size, pct=100.0 * min_labelled)
    assignment = assign_blocks(weights, split, seed)
    dtype = np.result_type(*[np.dtype(image.dtypes[b - 1]) for b in bands])
    writers = {s: ShardWriter(work, s, len(bands), patch_size, dtype, len(classes))
               for s in SPLITS}
    table = PatchCsv(work)
    stats = BandStats(len(bands))
    rng = np.random.default_rng([seed, 1])  # augmentation stream, apart from the split's
    warnings = list(labels.warnings)
    n_rows, n_cols = block_grid(image.height, image.width, block_size)
    try:
        for block in range(n_rows * n_cols):
            if weights.get(block, 0) > 0:
                name = SPLITS[assignment[block]]
                window = block_window(block, image.height, image.width, block_size)
                _block_patches(reader, labels, block, window, name, writers[name], table,
                               stats, rng if name == "train" else None, settings, image)
            step(feedback, block + 1, n_rows * n_cols, PASS1_SPAN, 99.0 - PASS1_SPAN)
        splits = {s: writers[s].close() for s in SPLITS}
    finally:
        table.close()
    if labels.out_of_range:
        warnings.append(out_of_range_warning(labels, len(classes)))
    if splits["train"]["patches"] == 0:
        raise MineWatchInputError(translatable(
            "No patch ended up in the train split (the usable patches are in too few "
            "blocks or hold too many nodata pixels). Lower MIN_LABELLED, use a smaller "
            "PATCH_SIZE or BLOCK_SIZE, or label more of the image."))
    usable = sum(weights.values())
    usable_blocks = sum(1 for w in weights.values() if w > 0)
    for index, name in enumerate(SPLITS[1:], start=1):
        if split[index] > 0 and splits[name]["patches"] == 0:
            warnings.append(Message(translatable(
                "The {name} split has no patches: the {usable} usable patches (at least "
                "{pct:.0f} % labelled) lie in {blocks} block(s) of {block} px, and each block "
                "goes whole to one split. Use a smaller BLOCK_SIZE, a lower MIN_LABELLED "
                "(patches with fewer labelled pixels are dropped), or label more of the "
                "image."), name=name, usable=usable, pct=100.0 * min_labelled,
                blocks=usable_blocks, block=block_size))
    warnings += binary_labels_warning(classes, splits)
    mean, std = stats.result()
    band_names, assumed_rgb = image_band_names(image.descriptions, image.dtypes[0], bands)
    if assumed_rgb:
        warnings.append(Message(ASSUMED_RGB))
    blocks = {s: sum(1 for b in assignment.values() if SPLITS[b] == s) for s in SPLITS}
    manifest = {
        "format": FORMAT, "version": VERSION, "patch_size": patch_size, "stride": stride,
        "augment": augment, "bands": [int(b) for b in bands],
        "band_names": band_names,
        "dtype": np.dtype(dtype).name, "band_mean": mean, "band_std": std,
        "gsd_m": gsd_metres(image), "crs": image.crs.to_wkt() if image.crs else "",
        "classes": class_entries(classes), "ignore_value": IGNORE,
        "split_fractions": [float(f) for f in split], "block_size": block_size, "seed": seed,
        "splits": splits, "source": {}, "min_labelled": min_labelled,
        "label_values": list(labels.values) if labels.values else None,
        "unlabelled_value": labels.unlabelled,
        "blocks": blocks,
    }
    counts = {s: splits[s]["patches"] for s in SPLITS}
    notes = []
    if kept is not None:
        notes.append(Message(translatable(
            "Minimum labelled share of a patch chosen from the labels: {pct:g} % ({kept} of the "
            "{any} patches that hold labels qualify; at 50 % {at_half} would). Set "
            "MIN_LABELLED to choose it yourself."), pct=100.0 * min_labelled,
            kept=kept[min_labelled], any=kept["any"], at_half=kept[AUTO_MIN_LABELLED[0]]))
    return SamplesResult("", "", counts, blocks, labels.out_of_range, manifest, warnings, notes)


def binary_labels_warning(classes, splits):
    """A warning when labels holding only 0 and 1 were read as the default
    land-damage classes (background, open pit): most such labels are a
    building or other two-class mask, given without CLASSES."""
    from ...models.classes import LAND_DAMAGE_CLASSES

    if tuple(classes) != tuple(LAND_DAMAGE_CLASSES):
        return []
    pixels = np.sum([splits[s]["class_pixels"] for s in SPLITS], axis=0)
    if pixels[1] > 0 and not pixels[2:].any():
        return [Message(translatable(
            "The labels hold only the values 0 and 1, read as the land-damage classes "
            "background and open pit. If they are a two-class mask (e.g. 0 other, 1 building), "
            "give the classes, e.g. CLASSES=other,building, and make the samples again."))]
    return []


def out_of_range_warning(labels, n_classes):
    """The warning for label pixels that are no class, naming the likely
    cause: labels that count classes from 1 (the most common stray value is
    one past the last class index) need a class value table."""
    common = max(labels.out_of_range_values.items(), key=lambda item: item[1])[0] \
        if labels.out_of_range_values else None
    values = dict(count=labels.out_of_range, last=n_classes - 1, ignore=IGNORE)
    if labels.values:
        return Message(translatable(
            "{count} label pixels held values that are not in the class value table ({table}) "
            "and were ignored; the most common was {value}. Add it to the table, or give it as "
            "the unlabelled value."), table=", ".join(str(v) for v in labels.values),
            value=common, **values)
    if common is not None and common == n_classes:
        return Message(translatable(
            "{count} label pixels held values outside the classes 0 … {last} and were ignored; "
            "most were {value}, one past the last class. If your labels count classes from 1 "
            "(often with 0 = unlabelled), every class is shifted by one: give the classes as "
            "a value table (1=first class,2=second class,…) and the unlabelled value, and "
            "make the samples again."), value=common, **values)
    return Message(translatable(
        "{count} label pixels held values outside the classes 0 … {last} (or not whole "
        "numbers) and were ignored ({ignore})."), **values)


def _block_patches(reader, labels, block, window, name, writer, table, stats, rng, settings,
                   image):
    """Pass 2 for one block of split ``name``: read it, keep, store (and
    augment, when ``rng`` is given) its patches."""
    patch_size, stride, augment = settings.patch_size, settings.stride, settings.augment
    block_size, min_labelled = settings.block_size, settings.min_labelled
    r0, c0, h, w = window
    raw, valid = reader.read_window(r0, c0, h, w)
    lab = labels.read(window)
    lab[~valid] = IGNORE
    patches = block_patches(block, image.height, image.width, block_size, patch_size, stride)
    local = [(r - r0, c - c0) for r, c in patches]
    sums = patch_sums(lab != IGNORE, local, patch_size)
    frac = sums / float(patch_size * patch_size)
    for (row, col), (lr, lc), keep, count in zip(patches, local, frac >= min_labelled, sums):
        if not keep or count == 0:
            continue
        img = raw[:, lr:lr + patch_size, lc:lc + patch_size]
        lbl = lab[lr:lr + patch_size, lc:lc + patch_size]
        ok = valid[lr:lr + patch_size, lc:lc + patch_size]
        shard, index = writer.add(img, lbl)
        table.add(name, shard, index, row, col, block, False)
        if rng is None:
            continue
        stats.add(img, ok)
        for _ in range(augment - 1):
            aug_img, aug_lbl = warp_patch(img, lbl, ok, random_matrix(rng))
            shard, index = writer.add(aug_img, aug_lbl)
            table.add(name, shard, index, row, col, block, True)
