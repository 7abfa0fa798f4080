"""Displacement values → settlement in mm, and the monitoring window.

Inside the engine a PS time series is settlement s(t) in millimetres,
float32, POSITIVE = settlement (the surface moved down / away from the
satellite). Files usually hold line-of-sight displacement where negative =
away from the satellite = settlement (EGMS convention), in mm or m.
Missing values are NaN everywhere, never zero.
"""
from typing import Any, List, Optional, Sequence, Tuple

import numpy as np

from ..common.errors import translatable
from ..common.messages import Message
from .dates import PsInputError

UNITS = {"mm": 1.0, "cm": 10.0, "m": 1000.0}
# sign of a settlement in the file's values
SIGN_NEGATIVE_IS_SETTLEMENT = "negative"
SIGN_POSITIVE_IS_SETTLEMENT = "positive"


def settlement_factor(units="mm", sign=SIGN_NEGATIVE_IS_SETTLEMENT):
    """Factor taking file values to settlement in mm, positive = settlement."""
    if units not in UNITS:
        raise PsInputError(translatable("Unknown unit {units!r}; use 'mm', 'cm' or 'm'."),
                           units=units)
    if sign not in (SIGN_NEGATIVE_IS_SETTLEMENT, SIGN_POSITIVE_IS_SETTLEMENT):
        raise PsInputError(translatable(
            "Unknown sign convention {sign!r}; use 'negative' (negative = settlement, EGMS) "
            "or 'positive' (positive = settlement)."), sign=sign)
    return UNITS[units] * (-1.0 if sign == SIGN_NEGATIVE_IS_SETTLEMENT else 1.0)


def to_settlement(values: np.ndarray, units: str = "mm", sign: str = SIGN_NEGATIVE_IS_SETTLEMENT) -> np.ndarray:
    """Convert an (N, T) array of file values to settlement mm, float32.

    Works in place when ``values`` is already a writeable float32 array (the
    big case: no second copy); NaN stays NaN. Returns the converted array."""
    factor = np.float32(settlement_factor(units, sign))
    if not (isinstance(values, np.ndarray) and values.dtype == np.float32 and values.flags.writeable):
        values = np.asarray(values, dtype=np.float32).copy()
    if factor != 1:
        # row blocks keep the temporaries small on multi-GB arrays
        for start in range(0, values.shape[0], 262144):
            np.multiply(values[start:start + 262144], factor, out=values[start:start + 262144])
    return values


# |settlement| above this is no PS measurement (10 m between two dates of a
# LOS time series); such values (1e30 fill values, unit slips) are dropped
# so they cannot poison the neighbours' gradients and the adaptive η
MAX_PLAUSIBLE_MM = 10_000.0
# a PS series' date-to-date noise is about TYPICAL_NOISE_MM; another unit is
# named when it brings the noise more than UNIT_EVIDENCE times nearer that
# value (on a log scale) than the unit given: a cm file read as mm (noise
# 0.1–0.3 "mm") is named, clean mm data (0.5 mm) is not
TYPICAL_NOISE_MM = 3.0
UNIT_EVIDENCE = 4.0


def drop_implausible(settlement_mm: np.ndarray) -> int:
    """Set values beyond ±:data:`MAX_PLAUSIBLE_MM` to NaN (missing), in place;
    returns how many were dropped."""
    dropped = 0
    for start in range(0, settlement_mm.shape[0], 262144):
        block = settlement_mm[start:start + 262144]
        bad = np.abs(block) > MAX_PLAUSIBLE_MM  # NaN compares False: stays missing
        dropped += int(bad.sum())
        block[bad] = np.nan
    return dropped


def plausibility_warnings(settlement_mm: np.ndarray, units: str, dropped: int = 0,
                          sample: int = 20_000) -> List[Any]:
    """Warnings (:class:`~..common.messages.Message` s) about values that do
    not look like displacements in ``units`` — their date-to-date noise
    (:func:`series_noise_mm`, over up to ``sample`` points) names the likely
    unit (:func:`likely_unit`) — and the count of implausible values
    dropped."""
    warnings = []
    if dropped:
        warnings.append(Message(translatable(
            "{count} values beyond ±{limit:g} mm are not PS displacements (fill values such "
            "as 1e30, or a unit slip); they are treated as missing."),
            count=dropped, limit=MAX_PLAUSIBLE_MM))
    rows = settlement_mm[:: max(1, settlement_mm.shape[0] // sample)]
    noise = series_noise_mm(rows)
    likely = likely_unit(noise, units)
    if likely is not None:
        template = {"mm": translatable(
            "The series' date-to-date noise is {noise:.3g} mm when the values are read as {units}, "
            "where PS noise is usually 0.5–10 mm: they look like millimetres. Set the units to "
            "mm if so."), "cm": translatable(
            "The series' date-to-date noise is {noise:.3g} mm when the values are read as {units}, "
            "where PS noise is usually 0.5–10 mm: they look like centimetres. Set the units to "
            "cm if so."), "m": translatable(
            "The series' date-to-date noise is {noise:.3g} mm when the values are read as {units}, "
            "where PS noise is usually 0.5–10 mm: they look like metres. Set the units to m if "
            "so.")}[likely]
        warnings.append(Message(template, noise=noise, units=units))
    return warnings


def series_noise_mm(settlement_mm):
    """The typical date-to-date noise of (N, T) series in mm: per series the
    robust spread (1.4826 · MAD) of its first differences over √2, then
    the median over the series; NaN when too few values."""
    steps = np.diff(settlement_mm, axis=1)
    centre = np.nanmedian(steps, axis=1, keepdims=True)
    with np.errstate(invalid="ignore"):
        spread = 1.4826 * np.nanmedian(np.abs(steps - centre), axis=1) / np.sqrt(2.0)
    spread = spread[np.isfinite(spread) & (spread > 0)]
    return float(np.median(spread)) if spread.size >= 10 else float("nan")


def likely_unit(noise_mm, units):
    """The unit the values are likely in when their noise, read in
    ``units``, is ``noise_mm`` mm: the unit that brings the noise nearest
    :data:`TYPICAL_NOISE_MM`, when it does so by more than a factor
    :data:`UNIT_EVIDENCE` over ``units``; None otherwise (or when the noise
    is unknown)."""
    if not (np.isfinite(noise_mm) and noise_mm > 0):
        return None
    in_file_units = noise_mm / UNITS[units]

    def distance(unit):
        return abs(np.log(in_file_units * UNITS[unit] / TYPICAL_NOISE_MM))

    best = min(UNITS, key=distance)
    if best == units or distance(units) - distance(best) <= np.log(UNIT_EVIDENCE):
        return None
    return best


def table_warnings(values: np.ndarray, dates: Sequence[Any], today: Any = None,
                   counts: Optional[Tuple[int, int]] = None) -> List[Any]:
    """Warnings (:class:`~..common.messages.Message` s) about a PS table as
    read: how many date cells are missing (empty, NULL or text — all read as
    NaN; ``counts`` (missing, total) when counted elsewhere, e.g. tile by
    tile), and acquisition dates after ``today`` (default: the system
    date), which are field names that are not dates."""
    warnings = []
    missing, total = counts or (0, 0)
    for start in range(0, values.shape[0] if counts is None else 0, 262144):
        block = values[start:start + 262144]
        missing += int(np.isnan(block).sum())
        total += block.size
    if missing:
        warnings.append(Message(translatable(
            "{missing} of {total} date cells ({share:.2g} %) are empty, NULL or not numbers; "
            "they are treated as missing acquisitions."), missing=missing, total=total,
            share=100.0 * missing / total))
    today = np.datetime64("today", "D") if today is None else np.datetime64(today, "D")
    future = [str(d) for d in np.asarray(dates, "datetime64[D]") if d > today]
    if future:
        warnings.append(Message(translatable(
            "{count} date field(s) lie in the future ({dates}): they are probably not "
            "acquisition dates. Check the field names, or list the date fields explicitly."),
            count=len(future), dates=", ".join(future[:5])))
    return warnings


def window_epochs(dates, start=None, end=None):
    """Inclusive epoch indices (k0, k1) of the monitoring window.

    ``start``/``end`` are dates (str 'YYYY-MM-DD', date or datetime64) or
    None for the first/last acquisition. The window holds the acquisitions
    with start ≤ t ≤ end and needs at least two of them."""
    dates = np.asarray(dates, dtype="datetime64[D]")
    lo = dates[0] if start is None else np.datetime64(start, "D")
    hi = dates[-1] if end is None else np.datetime64(end, "D")
    inside = np.flatnonzero((dates >= lo) & (dates <= hi))
    if lo > hi or inside.size < 2:
        raise PsInputError(translatable(
            "The monitoring window {start} – {end} holds {count} acquisitions; it needs at "
            "least 2. Acquisitions run from {first} to {last}."),
            start=str(lo), end=str(hi), count=int(inside.size), first=str(dates[0]), last=str(dates[-1]))
    return int(inside[0]), int(inside[-1])
