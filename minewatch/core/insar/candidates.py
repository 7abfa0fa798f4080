"""PS candidate selection by amplitude dispersion (patent step 201).

For a co-registered stack of M SAR amplitude images (one per band), each
pixel gets the mean amplitude m_A = mean_i(M_i) and the amplitude
dispersion index D_A = σ_A / m_A, σ_A the population standard deviation
(ddof = 0) of the M amplitudes. A pixel is a PS candidate when
m_A ≥ T_m and D_A ≤ T_D. Amplitudes are in the stack's own units (linear
amplitude, not dB); D_A is unitless.

The scan reads the stack in block-aligned windows, so memory is bounded by
the window budget, not the scene. It keeps only pixels with D_A ≤ T_D (a few
per cent of a scene), so T_m may default to the scene mean of m_A, known
only after the last window, without a second pass.
"""
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from ..common.errors import MineWatchInputError, translatable
from ..common.messages import Message
from ..common.progress import as_feedback, step
from ..raster.raster_io import AtomicRasterWriter, band_nodata, open_raster, rasterio_env, valid_mask
from ..raster.windows import plan_windows

MIN_BANDS = 3
DISPERSION_NODATA = -1.0


def amplitude_dispersion(stack, valid):
    """Mean amplitude and dispersion index of a (M, rows, cols) stack.

    Returns float32 ``(mean, dispersion)``; pixels not ``valid`` or with
    m_A ≤ 0 get NaN in both. Accumulates in float64 so uint16 stacks with
    hundreds of bands keep their precision."""
    # band by band, so the temporaries are single (rows, cols) planes, not
    # float64 copies of the whole window
    total = np.zeros(stack.shape[1:], np.float64)
    total_sq = np.zeros(stack.shape[1:], np.float64)
    for band in stack:
        band = band.astype(np.float64)
        total += band
        total_sq += band * band
    count = stack.shape[0]
    mean = total / count
    std = np.sqrt(np.maximum(total_sq / count - mean * mean, 0.0))
    usable = valid & (mean > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        disp = np.where(usable, std / mean, np.nan)
    mean = np.where(usable, mean, np.nan)
    return mean.astype(np.float32), disp.astype(np.float32)


def select_candidates(mean, disp, dispersion_threshold, min_mean_amplitude=None):
    """Boolean mask of PS candidates: D_A ≤ T_D and (if given) m_A ≥ T_m.
    NaN pixels are never candidates."""
    with np.errstate(invalid="ignore"):
        mask = disp <= dispersion_threshold
        if min_mean_amplitude is not None:
            mask &= mean >= min_mean_amplitude
    return mask


@dataclass
class CandidateScan:
    """Result of :func:`scan_amplitude_stack`.

    ``rows``/``cols`` are pixel indices (0-based, row from the top);
    ``x``/``y`` the pixel centres in the raster's CRS; ``mean_amp`` in the
    stack's units; ``disp_index`` unitless."""

    rows: np.ndarray
    cols: np.ndarray
    x: np.ndarray
    y: np.ndarray
    mean_amp: np.ndarray
    disp_index: np.ndarray
    scene_mean_amplitude: float
    min_mean_amplitude: float
    n_valid: int
    n_bands: int
    crs_wkt: str = ""
    warnings: list = field(default_factory=list)


def check_stack(dataset):
    """Refuse rasters that cannot be an amplitude stack."""
    if dataset.count < MIN_BANDS:
        raise MineWatchInputError(translatable(
            "The raster has {bands} band(s); PS selection needs a stack of at "
            "least {needed} co-registered SAR amplitude images, one per band. "
            "Stack the dates into one raster first (e.g. GDAL 'Build virtual "
            "raster' with 'Place each input file into a separate band')."),
            bands=dataset.count, needed=MIN_BANDS)


def scan_amplitude_stack(path: str, dispersion_threshold: float = 0.25,
                         min_mean_amplitude: Optional[float] = None,
                         dispersion_path: Optional[str] = None, budget_bytes: int = 64 * 2**20,
                         feedback: Any = None, windows_map: Any = None) -> "CandidateScan":
    """Scan a raster amplitude stack window by window and return the PS
    candidates as a :class:`CandidateScan`.

    ``min_mean_amplitude`` None means T_m = the scene mean of m_A over valid
    pixels. When ``dispersion_path`` is given, D_A is written there as
    float32 (nodata −1), moved into place only after the whole scan.
    Raises :class:`MineWatchInputError` for bad input and ``Cancelled`` on
    cancel (then no dispersion file is left). ``windows_map(function,
    windows, *args)``: where the windows are scanned, ``function(window,
    *args)`` for each, yielding the results in window order (default: here;
    :class:`..scaleout.ordered.ClusterMap` on a Dask cluster)."""
    if not dispersion_threshold > 0:
        raise MineWatchInputError(translatable(
            "The dispersion threshold must be positive (typical 0.25, 0.4 for "
            "a looser set); got {value}."), value=dispersion_threshold)
    feedback = as_feedback(feedback)
    with open_raster(path) as ds:
        check_stack(ds)
        windows = plan_windows(ds.height, ds.width, ds.count,
                               np.dtype(ds.dtypes[0]).itemsize, budget_bytes,
                               ds.block_shapes[0])
        writer = None
        if dispersion_path:
            profile = dict(width=ds.width, height=ds.height, count=1,
                           dtype="float32", crs=ds.crs, transform=ds.transform,
                           nodata=DISPERSION_NODATA)
            writer = AtomicRasterWriter(dispersion_path, profile)
        try:
            results = None
            if windows_map is not None:
                results = windows_map(scan_window, windows, path, dispersion_threshold,
                                      min_mean_amplitude, writer is not None)
            with rasterio_env():
                scan = _scan(ds, windows, dispersion_threshold, min_mean_amplitude, writer,
                             feedback, results)
            if writer is not None:
                writer.commit()
        except BaseException:
            if writer is not None:
                writer.discard()
            raise
        scan.crs_wkt = ds.crs.to_wkt() if ds.crs else ""
    return scan


def scan_window(window, path, t_d, t_m, want_dispersion=False):
    """One window (row, col, h, w) of the stack at ``path``: its candidates
    (rows, cols in the stack, mean amplitude, D_A; before the scene-mean
    threshold), the sum and count of valid m_A, the sign counts (negative,
    zero, all samples) and, when wanted, the D_A block (float32, nodata
    −1). A plain function of plain values, so a Dask worker can run it."""
    from rasterio.windows import Window

    row, col, h, w = window
    with open_raster(path) as ds, rasterio_env():
        stack = ds.read(window=Window(col, row, w, h))
        nodata = band_nodata(ds)
    valid = valid_mask(stack, nodata)
    samples = stack[:, valid]
    signs = np.array([int((samples < 0).sum()), int((samples == 0).sum()), samples.size],
                     np.int64)
    mean, disp = amplitude_dispersion(stack, valid)
    finite = np.isfinite(mean)
    # pixels whose amplitude never changes (D_A exactly 0): a stack of one
    # image repeated would make every pixel a PS
    signs = np.append(signs, int((disp[finite] == 0).sum()))
    keep = select_candidates(mean, disp, t_d, t_m)
    r, c = np.nonzero(keep)
    block = (np.where(np.isfinite(disp), disp, DISPERSION_NODATA).astype(np.float32)
             if want_dispersion else None)
    return ((r.astype(np.int32) + row, c.astype(np.int32) + col, mean[keep], disp[keep]),
            float(mean[finite].sum(dtype=np.float64)), int(finite.sum()), signs, block)


def _scan(ds, windows, t_d, t_m, writer, feedback, results=None):
    """Gather the windows' scans (``results``: an iterable of
    :func:`scan_window` outputs in window order, e.g. from a cluster;
    default: computed here) and apply the scene-wide threshold."""
    if results is None:
        results = (scan_window(window, ds.name, t_d, t_m, writer is not None)
                   for window in windows)
    parts = []
    total_sum = 0.0
    n_valid = 0
    signs = np.zeros(4, np.int64)  # negative, zero, all valid samples, constant pixels
    for index, (window, (part, part_sum, part_valid, part_signs, block)) in enumerate(
            zip(windows, results)):
        parts.append(part)
        total_sum += part_sum
        n_valid += part_valid
        signs += part_signs
        if writer is not None:
            writer.write(block, window)
        step(feedback, index + 1, len(windows))
    warnings = check_amplitudes(*signs[:3])
    if n_valid and signs[3] > MAX_CONSTANT_SHARE * n_valid:
        raise MineWatchInputError(translatable(
            "The amplitude of {share:.0f} % of the pixels never changes over the {bands} dates: "
            "the stack holds one image repeated (or copied dates), not a time series, and every "
            "such pixel would pass as a PS. Build the stack from the coregistered amplitude "
            "images of different dates."), share=100.0 * signs[3] / n_valid, bands=ds.count)
    if n_valid == 0:
        raise MineWatchInputError(translatable(
            "The raster has no valid pixel: every pixel is nodata (or not a "
            "finite number) in at least one band. Check the nodata value of "
            "the stack and that all dates overlap."))
    scene_mean = total_sum / n_valid
    rows, cols, mean_amp, disp_index = (np.concatenate(p) for p in zip(*parts))
    threshold = scene_mean if t_m is None else float(t_m)
    if t_m is None:
        strong = mean_amp >= threshold
        rows, cols, mean_amp, disp_index = (
            a[strong] for a in (rows, cols, mean_amp, disp_index))
    x, y = pixel_centres(ds.transform, rows, cols)
    return CandidateScan(rows=rows, cols=cols, x=x, y=y, mean_amp=mean_amp,
                         disp_index=disp_index, scene_mean_amplitude=scene_mean,
                         min_mean_amplitude=threshold, n_valid=n_valid,
                         n_bands=ds.count, warnings=warnings)


# more pixels than this share with a constant amplitude over time: no time series
MAX_CONSTANT_SHARE = 0.5
# more negative samples than this share: not linear amplitude (dB, or a
# calibrated/complex product); a few may be resampling artefacts
MAX_NEGATIVE_SHARE = 0.01


def check_amplitudes(n_negative, n_zero, n_samples):
    """Refuse a stack that is not linear amplitude (negative values: dB);
    warn about zero amplitudes that are not marked nodata. Returns the
    warnings (:class:`~..common.messages.Message` s)."""
    if n_samples and n_negative > MAX_NEGATIVE_SHARE * n_samples:
        raise MineWatchInputError(translatable(
            "{share:.1f} % of the stack's values are negative: it looks like amplitudes in "
            "decibels (or another quantity), but the dispersion index D_A = σ/m needs linear "
            "amplitude (≥ 0). Convert it first, amplitude = 10^(dB/20) (Raster Calculator), "
            "and run again."), share=100.0 * n_negative / n_samples)
    warnings = []
    if n_zero:
        warnings.append(Message(translatable(
            "{count} values of the stack are exactly 0 but not marked as nodata; they count "
            "as valid amplitudes (and make D_A large there). If 0 means 'no data', set the "
            "raster's nodata value to 0."), count=n_zero))
    if n_negative:
        warnings.append(Message(translatable(
            "{count} values of the stack are negative; amplitudes cannot be. They are used "
            "as they are: check the stack."), count=n_negative))
    return warnings


def pixel_centres(transform, rows, cols):
    """Map coordinates of pixel centres for integer ``rows``/``cols`` arrays
    under an affine geotransform (works for rotated grids too)."""
    c = cols.astype(np.float64) + 0.5
    r = rows.astype(np.float64) + 0.5
    x = transform.a * c + transform.b * r + transform.c
    y = transform.d * c + transform.e * r + transform.f
    return x, y
