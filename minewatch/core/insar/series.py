"""Displacement values → settlement in mm, and the monitoring window.

Inside the engine a PS time series is settlement s(t) in millimetres,
float32, POSITIVE = settlement (the surface moved down / away from the
satellite). Files usually hold line-of-sight displacement where negative =
away from the satellite = settlement (EGMS convention), in mm or m.
Missing values are NaN everywhere, never zero.
"""
import numpy as np

from ..common.errors import translatable
from ..common.messages import Message
from .dates import PsInputError

UNITS = {"mm": 1.0, "m": 1000.0}
# sign of a settlement in the file's values
SIGN_NEGATIVE_IS_SETTLEMENT = "negative"
SIGN_POSITIVE_IS_SETTLEMENT = "positive"


def settlement_factor(units="mm", sign=SIGN_NEGATIVE_IS_SETTLEMENT):
    """Factor taking file values to settlement in mm, positive = settlement."""
    if units not in UNITS:
        raise PsInputError(translatable("Unknown unit {units!r}; use 'mm' or 'm'."), units=units)
    if sign not in (SIGN_NEGATIVE_IS_SETTLEMENT, SIGN_POSITIVE_IS_SETTLEMENT):
        raise PsInputError(translatable(
            "Unknown sign convention {sign!r}; use 'negative' (negative = settlement, EGMS) "
            "or 'positive' (positive = settlement)."), sign=sign)
    return UNITS[units] * (-1.0 if sign == SIGN_NEGATIVE_IS_SETTLEMENT else 1.0)


def to_settlement(values, units="mm", sign=SIGN_NEGATIVE_IS_SETTLEMENT):
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
# a file whose motion never exceeds this many mm over its whole span, given
# as mm, is almost certainly in metres (and vice versa for LIKELY_MM_IN_M)
LIKELY_M_IN_MM = 0.5
LIKELY_MM_IN_M = 2_000.0


def drop_implausible(settlement_mm):
    """Set values beyond ±:data:`MAX_PLAUSIBLE_MM` to NaN (missing), in place;
    returns how many were dropped."""
    dropped = 0
    for start in range(0, settlement_mm.shape[0], 262144):
        block = settlement_mm[start:start + 262144]
        bad = np.abs(block) > MAX_PLAUSIBLE_MM  # NaN compares False: stays missing
        dropped += int(bad.sum())
        block[bad] = np.nan
    return dropped


def plausibility_warnings(settlement_mm, units, dropped=0, sample=20_000):
    """Warnings (:class:`~..common.messages.Message` s) about values that do
    not look like displacements in ``units``: motion too small for mm or too
    large for m (judged on the 99th percentile of |s(t) − s(t0)| over up to
    ``sample`` points), and the count of implausible values dropped."""
    warnings = []
    if dropped:
        warnings.append(Message(translatable(
            "{count} values beyond ±{limit:g} mm are not PS displacements (fill values such "
            "as 1e30, or a unit slip); they are treated as missing."),
            count=dropped, limit=MAX_PLAUSIBLE_MM))
    rows = settlement_mm[:: max(1, settlement_mm.shape[0] // sample)]
    motion = np.abs(rows - rows[:, :1])
    motion = motion[np.isfinite(motion)]
    if motion.size < 10:
        return warnings
    spread = float(np.percentile(motion, 99))
    if units == "mm" and 0 < spread < LIKELY_M_IN_MM:
        warnings.append(Message(translatable(
            "The displacements hardly move (99 % within {spread:.3g} mm over the whole series): "
            "they look like metres, not millimetres. Set the units to m if so."), spread=spread))
    elif units == "m" and spread > LIKELY_MM_IN_M:
        warnings.append(Message(translatable(
            "The displacements move by up to {spread:.3g} mm (taking the values as metres): "
            "they look like millimetres. Set the units to mm if so."), spread=spread))
    return warnings


def table_warnings(values, dates, today=None, counts=None):
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
    today = np.datetime64(today or np.datetime64("today", "D"), "D")
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
