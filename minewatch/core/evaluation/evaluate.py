"""Accuracy of a class map against a reference class raster, streamed over
the reference's grid (no QGIS).

The prediction is read resampled by nearest neighbour onto the
reference's grid (a GDAL warped VRT), so the two rasters may differ in
resolution, extent and CRS. Each reference pixel falls into exactly one
of four counts:

- *ignored*: reference nodata or the ignore value (255);
- *without prediction*: outside the prediction's extent, prediction
  nodata or the ignore value in the prediction — reported, never counted
  as an error;
- *outside the classes*: a value ≥ the number of classes (or < 0) in
  either raster;
- *counted*: added to the confusion matrix (rows = reference,
  columns = prediction, :mod:`.metrics`).

Class count: ``n_classes`` when given, else the length of ``class_names``,
else the class names stored in the prediction (MineWatch class maps carry
``CLASS_<k>`` band metadata, :mod:`..classmap.style`) or the reference, else
the largest class value seen in either raster + 1.
"""
from contextlib import ExitStack
from typing import Any, Iterable, Optional, Sequence, Tuple

import numpy as np

from ..classmap.class_tables import values_to_indices
from ..classmap.stored_names import same_classes, stored_class_names
from ..common.constants import IGNORE_LABEL, MAX_CLASSES
from ..common.errors import MineWatchInputError, translatable
from ..common.messages import Message
from ..common.progress import as_feedback, step
from ..raster.raster_io import holds_class_indices, open_raster, rasterio_env
from ..raster.windows import plan_windows
from .metrics import accumulate_confusion, scores_from_confusion

IGNORE_VALUE = IGNORE_LABEL
# the working arrays of a window (two rasters, masks, int64 codes) ≈ 48 B/px
BYTES_PER_PIXEL = 48
WINDOW_BUDGET = 16 * 2**20


def evaluate_rasters(prediction_path: str, reference_path: str, *, ignore_value: int = IGNORE_VALUE,
                     n_classes: Optional[int] = None, class_names: Optional[Sequence[str]] = None,
                     feedback: Any = None, prediction_band: Optional[int] = None,
                     reference_band: Optional[int] = None, window_budget: int = WINDOW_BUDGET,
                     reference_values: Optional[Sequence[int]] = None) -> Tuple[Any, dict]:
    """Score the class raster ``prediction_path`` against ``reference_path``.

    Bands are 1-based; None is allowed for single-band rasters only.
    Returns ``(SegmentationScores, info)`` where ``info`` is a JSON-able
    dict: the pixel counts of the module docstring (``pixels_counted``,
    ``pixels_ignored``, ``pixels_without_prediction``,
    ``pixels_outside_classes``), ``n_classes``, ``class_names``, the
    reference grid, whether the prediction was resampled, and
    ``warnings`` (English sentences). ``reference_values``: the reference's
    class value table (label value of class i at position i, e.g. (1, 2, 3)
    for labels counting from 1); ``ignore_value`` is a raw reference value
    (e.g. 0 = unlabelled) and is never taken from the prediction's classes."""
    feedback = as_feedback(feedback)
    with ExitStack() as stack:
        stack.enter_context(rasterio_env())
        ref = stack.enter_context(open_raster(reference_path))
        pred = stack.enter_context(open_raster(prediction_path))
        rband = _check_band(ref, reference_band, reference_path)
        pband = _check_band(pred, prediction_band, prediction_path)
        resampled = not _same_grid(ref, pred)
        if resampled:
            _check_overlap(ref, pred, reference_path, prediction_path)
        names, names_from = _class_names(class_names, n_classes, pred, pband, ref, rband)
        counter = _Counter(n_classes or (len(names) if names else None), ignore_value,
                           reference_values)
        windows = plan_windows(ref.height, ref.width, 1, BYTES_PER_PIXEL, window_budget,
                               ref.block_shapes[rband - 1])
        reader = _prediction_reader(ref, pred, pband, resampled, stack)
        for done, window in enumerate(windows, 1):
            prediction, has_prediction = reader(window)
            counter.add(ref.read(rband, window=_rio_window(window)), ref.nodatavals[rband - 1],
                        prediction, has_prediction)
            step(feedback, done, len(windows))
        grid = {"width": ref.width, "height": ref.height, "crs": ref.crs.to_string() if ref.crs else "",
                "transform": list(ref.transform)[:6]}
    cm = counter.confusion()
    n = cm.shape[0]
    if counter.counted == 0:
        raise MineWatchInputError(translatable(
            "No reference pixel could be compared: of {total} reference pixels {ignored} are "
            "nodata or the ignore value {ignore}, {missing} have no prediction (outside the "
            "prediction or prediction nodata) and {outside} have a value outside the classes "
            "0…{last}. Check that the two rasters cover the same area, that the reference "
            "holds class indices and that the ignore value is right."),
            total=counter.total, ignored=counter.ignored, ignore=ignore_value,
            missing=counter.without_prediction, outside=counter.outside, last=n - 1)
    if counter.outside > 9 * counter.counted:
        # over 90 % of the pixels are no class of the table: an image (or
        # another classification) was given as a class map; scores would be noise
        raise MineWatchInputError(translatable(
            "{outside} of the compared pixels hold values outside the classes 0…{last}, over 9 "
            "times the {counted} that hold a class: '{path}' (band {band}) does not look like a "
            "class map of these classes. Give the class map (one band of class indices, e.g. "
            "the output of Classify Land Damage) and the matching reference."),
            outside=counter.outside, last=n - 1, counted=counter.counted,
            path=str(prediction_path), band=pband)
    names = list(names or [])[:n] + [str(i) for i in range(len(names or []), n)]
    info = {
        "prediction": str(prediction_path), "reference": str(reference_path),
        "prediction_band": pband, "reference_band": rband, "ignore_value": ignore_value,
        "n_classes": n, "class_names": names, "class_names_from": names_from,
        "grid": grid, "prediction_resampled": resampled, "windows": len(windows),
        "pixels_total": counter.total, "pixels_counted": counter.counted,
        "pixels_ignored": counter.ignored, "pixels_without_prediction": counter.without_prediction,
        "pixels_outside_classes": counter.outside, "warnings": _warnings(counter, n),
    }
    return scores_from_confusion(cm), info


class _Counter:
    """Confusion matrix and pixel counts, window by window. Without a class
    count the matrix grows to the largest value seen (one pass)."""

    def __init__(self, n_classes, ignore_value, reference_values=None):
        self.fixed = n_classes is not None
        self.cm = np.zeros((n_classes or 1,) * 2, np.int64)
        self.ignore_value = ignore_value
        self.reference_values = reference_values
        self.total = self.counted = self.ignored = self.without_prediction = self.outside = 0
        self.max_seen = -1

    def add(self, reference, ref_nodata, prediction, has_prediction):
        # float class rasters (whole numbers, see holds_class_indices): NaN is nodata
        keep = np.isfinite(reference) if reference.dtype.kind == "f" else \
            np.ones(reference.shape, bool)
        if prediction.dtype.kind == "f":
            has_prediction = has_prediction & np.isfinite(prediction)
        if ref_nodata is not None and np.isfinite(ref_nodata):
            keep &= reference != ref_nodata
        if self.ignore_value is not None:
            keep &= reference != self.ignore_value
            if self.ignore_value == IGNORE_VALUE:
                # 255 is also a class map's "no class"; another ignore value
                # (0 = unlabelled in the reference) is a class in the prediction
                has_prediction = has_prediction & (prediction != self.ignore_value)
        if self.reference_values:
            reference = values_to_indices(reference, self.reference_values, -1)
        self.total += reference.size
        self.ignored += reference.size - int(keep.sum())
        missing = keep & ~has_prediction
        self.without_prediction += int(missing.sum())
        keep &= has_prediction
        ref = reference[keep].astype(np.int64)
        pred = prediction[keep].astype(np.int64)
        if ref.size == 0:
            return
        self.max_seen = max(self.max_seen, int(ref.max()), int(pred.max()))
        if not self.fixed:
            self._grow()
        n = self.cm.shape[0]
        inside = (ref >= 0) & (ref < n) & (pred >= 0) & (pred < n)
        self.outside += int(ref.size - inside.sum())
        self.counted += int(inside.sum())
        accumulate_confusion(self.cm, ref, pred)

    def _grow(self):
        if self.max_seen >= MAX_CLASSES:
            raise MineWatchInputError(translatable(
                "A class value of {value} was found; class rasters hold class indices "
                "0…{limit}. Check that the rasters are class maps (not images), or give the "
                "number of classes / their names so larger values are left out."),
                value=self.max_seen, limit=MAX_CLASSES - 1)
        n = self.cm.shape[0]
        if self.max_seen >= n:
            grown = np.zeros((self.max_seen + 1,) * 2, np.int64)
            grown[:n, :n] = self.cm
            self.cm = grown

    def confusion(self):
        return self.cm


def _warnings(counter, n):
    notes = []
    if counter.without_prediction:
        notes.append(Message(translatable(
            "{count} reference pixels have no prediction (outside the prediction's extent or "
            "prediction nodata); they are not counted."), count=counter.without_prediction))
    if counter.outside:
        notes.append(Message(translatable(
            "{count} pixels have a class value outside 0…{last} in the reference or the "
            "prediction; they are not counted."), count=counter.outside, last=n - 1))
    return notes


def _rio_window(window):
    from rasterio.windows import Window

    row, col, h, w = window
    return Window(col, row, w, h)


def _check_band(ds, band, path):
    """The 1-based band to read, refusing a multi-band raster without a
    choice, a band that does not exist and a non-integer band."""
    if band is None:
        if ds.count != 1:
            raise MineWatchInputError(translatable(
                "'{path}' has {count} bands; choose the band that holds the classes."),
                path=path, count=ds.count)
        band = 1
    if not 1 <= band <= ds.count:
        raise MineWatchInputError(translatable(
            "Band {band} does not exist in '{path}', which has {count} band(s)."),
            band=band, path=path, count=ds.count)
    dtype = np.dtype(ds.dtypes[band - 1])
    if not holds_class_indices(ds, band):
        raise MineWatchInputError(translatable(
            "Band {band} of '{path}' is of type {dtype} with values that are not whole "
            "numbers; a class raster holds class indices. Give a class map (e.g. uint8), or "
            "convert it with Raster > Conversion > Translate choosing an integer type."),
            band=band, path=path, dtype=dtype.name)
    return band


def _same_grid(ref, pred):
    return (ref.crs == pred.crs and ref.width == pred.width and ref.height == pred.height
            and ref.transform.almost_equals(pred.transform))


def _check_overlap(ref, pred, reference_path, prediction_path):
    """Refuse rasters without a CRS on different grids and rasters that do
    not overlap."""
    from rasterio.warp import transform_bounds

    if not ref.crs or not pred.crs:
        raise MineWatchInputError(translatable(
            "The prediction and the reference are on different grids and {which} has no "
            "coordinate reference system, so they cannot be aligned. Assign the CRS (Raster "
            "> Projections > Assign Projection) or give rasters on the same grid."),
            which=reference_path if not ref.crs else prediction_path)
    left, bottom, right, top = transform_bounds(pred.crs, ref.crs, *pred.bounds)
    r = ref.bounds
    if left >= r.right or right <= r.left or bottom >= r.top or top <= r.bottom:
        raise MineWatchInputError(translatable(
            "The prediction '{prediction}' and the reference '{reference}' do not overlap. "
            "Give a reference that covers the predicted area (check their CRS)."),
            prediction=prediction_path, reference=reference_path)


def _prediction_reader(ref, pred, band, resampled, stack):
    """``read(window) -> (classes, has_prediction)`` on the reference grid;
    a warped VRT is closed with ``stack``."""
    nodata = pred.nodatavals[band - 1]
    if not resampled:
        def read(window):
            data = pred.read(band, window=_rio_window(window))
            return data, _not_nodata(data, nodata)
        return read

    from rasterio.enums import Resampling
    from rasterio.vrt import WarpedVRT

    # the alpha band marks pixels outside the prediction and its nodata
    vrt = stack.enter_context(WarpedVRT(
        pred, crs=ref.crs, transform=ref.transform, width=ref.width, height=ref.height,
        resampling=Resampling.nearest, add_alpha=True))

    def read_warped(window):
        w = _rio_window(window)
        data = vrt.read(band, window=w)
        return data, (vrt.read_masks(band, window=w) > 0) & _not_nodata(data, nodata)
    return read_warped


def _not_nodata(data, nodata):
    if nodata is None or not np.isfinite(nodata):
        return np.ones(data.shape, bool)
    return data != nodata


def _class_names(given, n_classes, pred, pband, ref, rband):
    """Class names and where they came from (given/prediction/reference/values)."""
    if given:
        return list(given), "given"
    stored = [stored_class_names(ds, band) for ds, band in ((pred, pband), (ref, rband))]
    if all(stored) and not same_classes(*stored):
        # e.g. an 8-class land-damage map scored against building labels
        raise MineWatchInputError(translatable(
            "The prediction's classes ({prediction}) are not the reference's ({reference}): "
            "they cannot be scored against each other. Give a reference labelled with the "
            "prediction's classes, or a prediction made for the reference's classes."),
            prediction=", ".join(stored[0]), reference=", ".join(stored[1]))
    for source, ds, band in (("prediction", pred, pband), ("reference", ref, rband)):
        names = stored_class_names(ds, band)
        if names and (n_classes is None or len(names) >= n_classes):
            return names, source
    return None, "values"


def class_table(names: Sequence[str]) -> Tuple[Any, ...]:
    """A class table (:class:`~minewatch.models.classes.ClassInfo`) for
    names in index order, so polygon labels can be matched by name; the
    "name (中文)" labels of MineWatch class maps give both names."""
    import re

    from ...models.classes import DAMAGE_NONE, ClassInfo

    table = []
    for index, label in enumerate(names):
        both = re.fullmatch(r"(.*\S)\s*\((.+)\)", str(label).strip())
        name, name_zh = (both.group(1), both.group(2)) if both else (str(label).strip(), "")
        table.append(ClassInfo(index, name, name_zh, DAMAGE_NONE, (0, 0, 0)))
    return tuple(table)


def rasterize_reference(shapes: Iterable[Any], prediction_path: str, out_path: str,
                        feedback: Any = None) -> Any:
    """Burn reference polygons ``(geometry mapping, class index)`` — in the
    prediction's CRS — onto the prediction's grid: a uint8 raster whose
    pixels outside every polygon are nodata (255, not counted)."""
    from ..raster.rasterize import LABEL_NODATA, rasterize_labels

    with rasterio_env(), open_raster(prediction_path) as ds:
        grid = {"transform": ds.transform, "width": ds.width, "height": ds.height, "crs": ds.crs}
    return rasterize_labels(shapes, out_path, grid, fill=LABEL_NODATA, feedback=feedback)


__all__ = ["IGNORE_VALUE", "class_table", "evaluate_rasters", "rasterize_reference"]
