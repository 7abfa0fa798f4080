"""Radiometric harmonisation of an image to a reference image of another
date (issue 16; methods §4), so a model trained on
one year classifies another.

Both images are compared over their valid overlap only: the reference is
read onto the image's grid (nearest neighbour, any CRS), window by window;
no-data pixels and, when masks are given (Mask Clouds' output: 1 cloud,
2 shadow), clouds and shadows of either date are left out. Two methods,
per band:

- ``histogram`` — the image's cumulative distribution over the overlap is
  mapped onto the reference's (quantile matching): value v becomes
  F_ref⁻¹(F_img(v));
- ``linear`` — reference ≈ gain × image + offset fitted on pseudo-invariant
  pixels: started from the bands' medians and interquartile spreads, then
  a least-squares line refitted without the pixels whose residual exceeds
  2 robust σ (land that changed), six times, on a sample of the overlap.

The mapping is applied to every pixel of the image, written on the
image's own grid and type (integers rounded and clipped to the type),
no data kept. Band k of the image is matched to band k of the reference.
"""
from typing import Any, List, Sequence, Tuple

import numpy as np

from ..common.constants import CLASS_NODATA
from ..common.errors import MineWatchInputError, translatable
from ..common.progress import ScaledFeedback, as_feedback, step
from ..raster.raster_io import (
    AtomicRasterWriter,
    band_nodata,
    check_raster_output,
    data_mask,
    open_raster,
    rasterio_env,
    valid_mask,
)
from ..raster.windows import plan_windows

HISTOGRAM, LINEAR = "histogram", "linear"
METHODS = (HISTOGRAM, LINEAR)
FLOAT_BINS = 4096
SAMPLE_PIXELS = 200_000
MASKED_VALUES = (1, 2)  # cloud, shadow in Mask Clouds' mask


class _Domain:
    """Histogram bins of one band of one image: every integer value for
    integer types with a range of at most 2¹⁶ (offset to start at 0), else
    up to FLOAT_BINS bins between quantiles of a sample of the values (so a
    stray fill value such as −9999 cannot squeeze the real values into one
    bin)."""

    def __init__(self, dtype, low, high, sample=None):
        self.integer = np.dtype(dtype).kind in "ui" and high - low < 65536
        self.low, self.high = float(low), float(high)
        if self.integer:
            self.size = int(high - low) + 1
            return
        if sample is None or not len(sample):
            sample = np.array([self.low, self.high])
        edges = np.unique(np.quantile(sample, np.linspace(0.0, 1.0, FLOAT_BINS + 1)))
        if len(edges) < 2:
            edges = np.array([edges[0], edges[0] + 1.0])
        self.edges = edges
        self.size = len(edges) - 1

    def index(self, values):
        if self.integer:
            return (values.astype(np.int64) - int(self.low)).clip(0, self.size - 1)
        return (np.searchsorted(self.edges, values, side="right") - 1).clip(0, self.size - 1)

    def centres(self):
        if self.integer:
            return np.arange(self.size) + self.low
        return 0.5 * (self.edges[:-1] + self.edges[1:])


def _aligned(reference, image, fill=0):
    """The reference read onto the image's grid (nearest neighbour); outside
    its extent its nodata value, or ``fill`` when it has none. GDAL ≥ 3.11
    turns source pixels equal to the fill into fill + 1 (so they stay
    data): a mask's fill must be a value it never holds."""
    from rasterio.enums import Resampling
    from rasterio.vrt import WarpedVRT

    return WarpedVRT(reference, crs=image.crs, transform=image.transform, width=image.width,
                     height=image.height, resampling=Resampling.nearest,
                     nodata=reference.nodata if reference.nodata is not None else fill)


def _overlap_pixels(image, reference, image_mask, reference_mask, budget_bytes, feedback, span):
    """Yield (image values (B, n), reference values (B, n)) of the valid,
    unmasked overlap, window by window."""
    from contextlib import ExitStack

    from rasterio.windows import Window

    with ExitStack() as stack:
        aligned = stack.enter_context(_aligned(reference, image))
        # a mask's clear value is 0: outside its extent it reads CLASS_NODATA
        masks = [stack.enter_context(_aligned(stack.enter_context(open_raster(m)), image,
                                              fill=CLASS_NODATA))
                 for m in (image_mask, reference_mask) if m]
        windows = plan_windows(image.height, image.width, 2 * image.count + 2, 8, budget_bytes,
                               image.block_shapes[0])
        nodata_image, nodata_ref = band_nodata(image), band_nodata(reference)
        for index, (row, col, h, w) in enumerate(windows):
            window = Window(col, row, w, h)
            a = image.read(window=window)
            b = aligned.read(window=window)
            # the warped reference is 0 outside its extent when it marks no nodata
            ok = data_mask(a, nodata_image) & data_mask(b, nodata_ref)
            for mask in masks:
                ok &= ~np.isin(mask.read(1, window=window), MASKED_VALUES)
            if ok.any():
                yield a[:, ok], b[:, ok]
            step(feedback, index + 1, len(windows), *span)


def _range(image, reference, image_mask, reference_mask, budget_bytes, feedback):
    """(low, high), each (2, bands): the image's (row 0) and the
    reference's (row 1) value range over the overlap, for their own bins
    (the two may be on different scales); the number of overlap pixels;
    and a sample of each image's values (bands × n) for float bins."""
    low = np.full((2, image.count), np.inf)
    high = np.full((2, image.count), -np.inf)
    count = 0
    samples = ([], [])
    for a, b in _overlap_pixels(image, reference, image_mask, reference_mask, budget_bytes,
                                feedback, (0, 20)):
        for k, values in enumerate((a, b)):
            low[k] = np.minimum(low[k], values.min(1))
            high[k] = np.maximum(high[k], values.max(1))
            samples[k].append(values[:, ::max(1, values.shape[1] // 2000)].astype(np.float64))
        count += a.shape[1]
    sample = [np.concatenate(part, axis=1) if part else None for part in samples]
    return low, high, count, sample


def check_cloud_mask(path):
    """Refuse a mask that is not Mask Clouds' one-band class raster (an
    image given as the mask was ignored without a word)."""
    if not path:
        return
    with open_raster(path) as mask:
        if mask.count != 1 or mask.dtypes[0] not in ("uint8", "int8", "uint16", "int16"):
            raise MineWatchInputError(translatable(
                "The mask {path} has {count} band(s) of {dtype}: a cloud mask is the one-band "
                "class raster of Mask Clouds (0 clear, 1 cloud, 2 shadow). Give that output, "
                "not an image."), path=path, count=mask.count, dtype=mask.dtypes[0])


def fit_mapping(image_path, reference_path, *, method=HISTOGRAM, image_mask="", reference_mask="",
                feedback=None, budget_bytes=32 * 2**20, seed=0):
    """The per-band mapping of the image's values onto the reference's:
    a list of dicts (``method``; histogram: ``source``/``target`` value
    tables; linear: ``gain``, ``offset``, ``n_invariant``) and the number
    of overlap pixels used."""
    feedback = as_feedback(feedback)
    if method not in METHODS:
        raise MineWatchInputError(translatable("Unknown method {method}; use {methods}."),
                                  method=method, methods=", ".join(METHODS))
    with open_raster(image_path) as image, open_raster(reference_path) as reference, \
            rasterio_env():
        if image.crs is None or reference.crs is None:
            raise MineWatchInputError(translatable(
                "Both images need a coordinate reference system to be compared; assign the "
                "CRS of each first."))
        if reference.count != image.count:
            raise MineWatchInputError(translatable(
                "The image has {n} bands and the reference {m}: band k is matched to band "
                "k, so give images with the same bands in the same order."),
                n=image.count, m=reference.count)
        for mask in (image_mask, reference_mask):
            check_cloud_mask(mask)
        low, high, total, sample = _range(image, reference, image_mask, reference_mask,
                                          budget_bytes, feedback)
        if not np.all(np.isfinite(low)):
            raise MineWatchInputError(translatable(
                "The image and the reference have no valid pixel in common (no overlap, or "
                "all of it no data or cloud). Give a reference of the same area."))
        domains = [tuple(_Domain(ds.dtypes[b], low[k, b], high[k, b],
                                 None if sample[k] is None else sample[k][b])
                         for k, ds in enumerate((image, reference)))
                   for b in range(image.count)]
        counts_image = [np.zeros(d.size, np.int64) for d, _ in domains]
        counts_ref = [np.zeros(d.size, np.int64) for _, d in domains]
        rng = np.random.default_rng(seed)
        sample_a, sample_b, n = [], [], 0
        for a, b in _overlap_pixels(image, reference, image_mask, reference_mask, budget_bytes,
                                    feedback, (20, 60)):
            n += a.shape[1]
            for k, (mine, theirs) in enumerate(domains):
                counts_image[k] += np.bincount(mine.index(a[k]), minlength=mine.size)
                counts_ref[k] += np.bincount(theirs.index(b[k]), minlength=theirs.size)
            if method == LINEAR:
                keep = rng.random(a.shape[1]) < SAMPLE_PIXELS / total
                sample_a.append(a[:, keep].astype(np.float64))
                sample_b.append(b[:, keep].astype(np.float64))
    mappings = []
    for k, (mine, theirs) in enumerate(domains):
        if method == HISTOGRAM:
            mappings.append(_histogram_mapping(mine, theirs, counts_image[k], counts_ref[k]))
        else:
            mappings.append(_linear_mapping(np.concatenate([s[k] for s in sample_a]),
                                            np.concatenate([s[k] for s in sample_b])))
    return mappings, n


def _histogram_mapping(mine, theirs, counts_image, counts_ref):
    """Quantile matching as a value table: image value (bins of ``mine``)
    → reference value (bins of ``theirs``)."""
    cdf_image = np.cumsum(counts_image) / max(counts_image.sum(), 1)
    cdf_ref = np.cumsum(counts_ref) / max(counts_ref.sum(), 1)
    # mid-rank of each image value, then the reference value at that rank
    mid = cdf_image - 0.5 * counts_image / max(counts_image.sum(), 1)
    present = counts_ref > 0
    target = np.interp(mid, cdf_ref[present] - 0.5 * counts_ref[present] / counts_ref.sum(),
                       theirs.centres()[present])
    return {"method": HISTOGRAM, "source": mine.centres(), "target": target, "cdf": cdf_image}


def _linear_mapping(a, b):
    """Robust line b ≈ gain·a + offset on pseudo-invariant pixels."""
    # a start that changed land cannot pull: spreads and medians
    q_a, q_b = np.percentile(a, [25, 50, 75]), np.percentile(b, [25, 50, 75])
    gain = (q_b[2] - q_b[0]) / max(q_a[2] - q_a[0], 1e-9)
    offset = q_b[1] - gain * q_a[1]
    keep = np.ones(len(a), bool)
    for _ in range(6):
        residual = b - (gain * a + offset)
        sigma = 1.4826 * np.median(np.abs(residual[keep] - np.median(residual[keep]))) + 1e-9
        keep = np.abs(residual - np.median(residual[keep])) <= 2.0 * sigma
        if keep.sum() < 10:
            break
        gain, offset = np.polyfit(a[keep], b[keep], 1)
    return {"method": LINEAR, "gain": float(gain), "offset": float(offset),
            "n_invariant": int(keep.sum())}


def apply_mapping(values, mapping):
    """The mapped float values of one band."""
    values = values.astype(np.float64)
    if mapping["method"] == LINEAR:
        return mapping["gain"] * values + mapping["offset"]
    return np.interp(values, mapping["source"], mapping["target"])


def harmonise_image(image_path: str, reference_path: str, out_path: str, method: str = HISTOGRAM,
                    *, image_mask: str = "", reference_mask: str = "", feedback: Any = None,
                    budget_bytes: int = 32 * 2**20) -> Tuple[Any, int]:
    """Write ``image_path`` harmonised to ``reference_path`` to ``out_path``;
    returns (mappings, overlap pixels) as :func:`fit_mapping`."""
    from rasterio.windows import Window

    feedback = as_feedback(feedback)
    check_raster_output(out_path)
    mappings, n = fit_mapping(image_path, reference_path, method=method, image_mask=image_mask,
                              reference_mask=reference_mask,
                              feedback=ScaledFeedback(feedback, 0, 60), budget_bytes=budget_bytes)
    with open_raster(image_path) as image, rasterio_env():
        dtype = np.dtype(image.dtypes[0])
        profile = {"count": image.count, "dtype": dtype.name, "nodata": image.nodata,
                   "crs": image.crs, "transform": image.transform, "width": image.width,
                   "height": image.height}
        nodata = band_nodata(image)
        windows = plan_windows(image.height, image.width, image.count * 2, 8, budget_bytes,
                               image.block_shapes[0])
        with AtomicRasterWriter(out_path, profile) as writer:
            for index, (row, col, h, w) in enumerate(windows):
                block = image.read(window=Window(col, row, w, h))
                ok = valid_mask(block, nodata)
                out = block.copy()
                for k in range(image.count):
                    mapped = apply_mapping(block[k][ok], mappings[k])
                    if dtype.kind in "ui":
                        info = np.iinfo(dtype)
                        mapped = np.clip(np.rint(mapped), info.min, info.max)
                        if image.nodata is not None and info.min <= image.nodata <= info.max:
                            # a mapped value must not become the no-data value
                            mapped[mapped == image.nodata] += 1 if image.nodata < info.max else -1
                    out[k][ok] = mapped.astype(dtype)
                writer.write(out, (row, col, h, w))
                step(feedback, index + 1, len(windows), 60, 40)
            for i, name in enumerate(image.descriptions, start=1):
                if name:
                    writer.dataset.set_band_description(i, name)
            writer.commit()
    return mappings, n


def summary(mappings: Sequence[Any], quantiles: Sequence[float] = (5, 50, 95)) -> List[dict]:
    """A JSON-able per-band description of the mappings: for histogram
    matching, the image values at the given percentiles of the overlap and
    what they became; for the line, gain and offset."""
    out = []
    for k, m in enumerate(mappings, start=1):
        if m["method"] == LINEAR:
            out.append({"band": k, "gain": round(m["gain"], 6), "offset": round(m["offset"], 4),
                        "n_invariant": m["n_invariant"]})
        else:
            picks = np.minimum(np.searchsorted(m["cdf"], np.asarray(quantiles) / 100.0),
                               len(m["source"]) - 1)
            out.append({"band": k, "from": [round(float(m["source"][i]), 4) for i in picks],
                        "to": [round(float(m["target"][i]), 4) for i in picks]})
    return out


__all__ = ["HISTOGRAM", "LINEAR", "METHODS", "apply_mapping", "fit_mapping", "harmonise_image",
           "summary"]
