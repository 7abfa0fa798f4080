"""The period of mining settlement in one series: flat → transition →
flat, fitted by least squares over every onset/stop pair, in a linear or an
S-shaped time function (used for sites, lone PS and the report's curves).

Series in mm (positive = settlement), time in days from the first date;
onset and stop are date indices.

The onset is then read again from the rise alone (:func:`onset_from_rise`):
what happens after the midpoint (residual subsidence after the stop, which
real panels show for months) stretches a whole-series fit and drags its
onset early, by up to 5 acquisitions on 6-day series."""
import numpy as np

# time functions of mining subsidence tried by :func:`fit_ramp`: a linear
# ramp, and the S-shape of real panels (slow start and end; Knothe-like)
RAMP_SHAPES = ("linear", "s-curve")
# the S-shape is chosen when its squared residuals are below this share of
# the linear ramp's
S_CURVE_MARGIN = 0.8
# the onset is refitted on the dates up to where the fitted transition has
# run this share of its course
RISE_SHARE = 0.5


def _shaped(u, shape):
    """The mined fraction at time share ``u`` (0…1) of the period, in ``shape``."""
    return u * u * (3.0 - 2.0 * u) if shape == "s-curve" else u


def progress_curve(t_days, onset, stop, shape="linear"):
    """Mined fraction 0…1 at ``t_days`` for a period from date index
    ``onset`` to ``stop`` (of ``t_days``), in the given shape."""
    u = np.clip((t_days - t_days[onset]) / max(t_days[stop] - t_days[onset], 1.0), 0.0, 1.0)
    return _shaped(u, shape)


def _ramps(t_fit, t_all, onsets, stop, shape):
    """Progress (rows: ``onsets``, date indices of ``t_all``; columns: the
    days ``t_fit``) of transitions that end at date index ``stop``."""
    u = np.clip((t_fit[None, :] - t_all[onsets, None]) / (t_all[stop] - t_all[onsets, None]),
                0.0, 1.0)
    return _shaped(u, shape)


def _levels(ramp, y):
    """Least-squares levels before and after, y ≈ a (1 − r) + b r, for each
    row of ``ramp``: (a, b, squared residuals; inf where singular)."""
    s11 = ((1 - ramp) ** 2).sum(1)
    s12 = ((1 - ramp) * ramp).sum(1)
    s22 = (ramp ** 2).sum(1)
    r1 = ((1 - ramp) * y).sum(1)
    r2 = (ramp * y).sum(1)
    det = s11 * s22 - s12 ** 2
    with np.errstate(all="ignore"):
        a = (r1 * s22 - r2 * s12) / det
        b = (r2 * s11 - r1 * s12) / det
        sse = (((a[:, None] * (1 - ramp) + b[:, None] * ramp) - y[None, :]) ** 2).sum(1)
    sse[~np.isfinite(sse)] = np.inf
    return a, b, sse


def fit_ramp(series, t_days):
    """Flat → transition → flat fitted to ``series`` (NaN ignored) by least
    squares over every onset/stop date pair and each shape of
    :data:`RAMP_SHAPES`; (onset index, stop index, level before, level
    after, shape)."""
    ok = np.isfinite(series)
    if ok.sum() < 2:  # nothing to fit: the whole window, flat
        return 0, len(series) - 1, float("nan"), float("nan"), RAMP_SHAPES[0]
    y, t = series[ok], t_days[ok]
    index = np.flatnonzero(ok)
    best = {shape: (np.inf, 0, len(y) - 1, 0.0, 0.0, shape) for shape in RAMP_SHAPES}
    for j in range(1, len(y)):
        for shape in RAMP_SHAPES:
            a, b, sse = _levels(_ramps(t, t, np.arange(j), j, shape), y)
            at = int(np.argmin(sse))
            if sse[at] < best[shape][0]:
                best[shape] = (sse[at], at, j, float(a[at]), float(b[at]), shape)
    # the S-shape only when it fits clearly better: on a linear ramp the
    # two fit almost alike, and noise would pick a wider S
    chosen = best["s-curve"] if best["s-curve"][0] < S_CURVE_MARGIN * best["linear"][0] \
        else best["linear"]
    _, i, j, a, b, shape = chosen
    return int(index[i]), int(index[j]), a, b, shape


def onset_from_rise(series, t_days, fit) -> int:
    """The onset (date index) of ``fit`` (:func:`fit_ramp`'s result on
    ``series``) fitted again, in the same shape, on the dates up to where
    the fitted transition has run :data:`RISE_SHARE` of its course, levels
    and stop free: the onset is what the rise says, whatever the series
    does after its midpoint."""
    onset, stop, before, after, shape = fit
    if not (np.isfinite(before) and np.isfinite(after)) or after == before:
        return int(onset)
    course = progress_curve(t_days, onset, stop, shape)
    rise = np.flatnonzero((course >= RISE_SHARE) & np.isfinite(series))
    last = int(rise[0]) if len(rise) else len(series) - 1
    ok = np.isfinite(series) & (np.arange(len(series)) <= last)
    if ok.sum() < 3:
        return int(onset)
    y, t = series[ok], t_days[ok]
    best_sse, best_onset = np.inf, int(onset)
    for j in range(1, len(t_days)):
        onsets = np.arange(min(j, last + 1))
        _, _, sse = _levels(_ramps(t, t_days, onsets, j, shape), y)
        at = int(np.argmin(sse))
        if sse[at] < best_sse:
            best_sse, best_onset = sse[at], int(onsets[at])
    return best_onset


__all__ = ["RAMP_SHAPES", "RISE_SHARE", "S_CURVE_MARGIN", "fit_ramp", "onset_from_rise",
           "progress_curve"]
