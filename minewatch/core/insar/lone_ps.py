"""The bowl detector's second tier: one PS on a house that sinks a lot,
alone, along a mining-shaped curve.

A site needs several PS settling together (spatial support), so a lone PS
is never a site: that keeps an unwrapping error or a broken scatterer from
sending an inspector out. But one PS on a house sinking half a metre, in
the way mining makes ground sink, is what an inspector wants to hear about,
with its weaker evidence said plainly. Such a PS is reported in tier 2,
with a score below any default site, when no PS within the support radius
settles more than ``LONE_NEIGHBOUR_SHARE`` of what it does (a creeping
slope or a bowl moves its neighbours too) and its own series
(background removed, unwrapping jumps NOT taken out: a fast ramp can look
like jumps) shows all of:

- a settlement of at least ``LONE_MIN_MM`` from a flat start to the end of
  a transition (:func:`.ramp_fit.fit_ramp`);
- a start after the first acquisitions (a curve from the first date is a
  new building consolidating, or motion older than the series);
- a transition over at least ``LONE_MIN_STEPS`` intervals, no single one
  carrying more than ``LONE_MAX_STEP_SHARE`` of the settlement (an
  unwrapping error is one step of k·λ/2);
- a fit that explains the series (RMS residual within ``LONE_MAX_RMS_SHARE``
  of the settlement).

Tier-2 reports never touch the sites (tier 1): they come from PS in no site
and farther than ``2 × link_distance_m`` from every site; of PS close to one
another only the one that sinks most is reported.
"""
from dataclasses import dataclass
from typing import Any, List, Tuple

import numpy as np

from .ramp_fit import fit_ramp, onset_from_rise, progress_curve

# the least settlement of a lone PS worth an inspector's visit, mm
LONE_MIN_MM = 100.0
# a neighbour settling more than this share of a PS's settlement makes it
# part of something larger, not lone
LONE_NEIGHBOUR_SHARE = 0.25
# acquisitions before the transition may start (0 = the first date)
LONE_MIN_ONSET = 1
LONE_MIN_STEPS = 2
LONE_MAX_STEP_SHARE = 0.6
LONE_MAX_RMS_SHARE = 0.15
# tier-2 scores lie in (0, LONE_MAX_SCORE]: below the default MIN_SCORE of
# sites (0.5), reached at LONE_FULL_MM of settlement
LONE_MAX_SCORE = 0.45
LONE_FULL_MM = 300.0


@dataclass
class LoneReport:
    """A tier-2 report: the PS ``point``, ``onset``/``stop`` date indices
    of its transition (stop = last index: still active), its settlement
    ``amount_mm`` and its ``score``."""

    point: int
    onset: int
    stop: int
    amount_mm: float
    score: float


def lone_candidates(points: np.ndarray, xy: np.ndarray, z_raw: np.ndarray, tree: Any,
                    radius_m: float) -> np.ndarray:
    """The PS of ``points`` (indices, ascending) that settle at least
    :data:`LONE_MIN_MM` (``z_raw``: Z per PS with unwrapping jumps left in)
    with no PS within ``radius_m`` (``tree``: a cKDTree of ``xy``) settling
    more than :data:`LONE_NEIGHBOUR_SHARE` of that: a creeping slope or a
    bowl moves its neighbours too."""
    lone = points[z_raw[points] >= LONE_MIN_MM]
    if not len(lone):
        return lone
    near = tree.query_ball_point(xy[lone], radius_m)
    alone = [not np.any(z_raw[[j for j in others if j != point]]
                        > LONE_NEIGHBOUR_SHARE * z_raw[point])
             for point, others in zip(lone, near)]
    return lone[np.asarray(alone, bool)]


def mining_shaped(series: np.ndarray, t_days: np.ndarray) -> Tuple[bool, int, int, float]:
    """Whether one PS's ``series`` (mm, positive = settlement, on days
    ``t_days``) sinks alone like mining (see the module doc); (verdict,
    onset index, stop index, settlement mm)."""
    fit = fit_ramp(series, t_days)
    onset, stop, before, after, shape = fit
    amount = after - before
    if not np.isfinite(amount) or amount < LONE_MIN_MM or onset < LONE_MIN_ONSET:
        return False, onset, stop, float(amount)
    ok = np.isfinite(series)
    valid = np.flatnonzero(ok)
    intervals = int(((valid >= onset) & (valid <= stop)).sum()) - 1
    steps = np.diff(series[ok])
    if intervals < LONE_MIN_STEPS or steps.max() > LONE_MAX_STEP_SHARE * amount:
        return False, onset, stop, float(amount)
    fitted = before + amount * progress_curve(t_days, onset, stop, shape)
    rms = float(np.sqrt(np.mean((series[ok] - fitted[ok]) ** 2)))
    if rms > LONE_MAX_RMS_SHARE * amount:
        return False, onset, stop, float(amount)
    return True, onset_from_rise(series, t_days, fit), stop, float(amount)


def lone_reports(xy: np.ndarray, candidates: np.ndarray, rows: np.ndarray, t_days: np.ndarray,
                 *, building_id: np.ndarray, site_of_point: np.ndarray, site_xy: np.ndarray,
                 link_distance_m: float) -> list:
    """Tier-2 reports (:class:`LoneReport`, the most settled first) among
    the PS ``candidates`` (indices, ascending) with their raw prepared
    ``rows`` (float32 mm): PS on a building, in no site and farther than
    2 × ``link_distance_m`` from every site centre (``site_xy``, (n, 2) m)
    whose series are mining-shaped; one per cluster of PS within
    ``link_distance_m``."""
    found = []
    for row, point in enumerate(np.asarray(candidates, np.int64)):
        if building_id[point] < 0 or site_of_point[point] >= 0:
            continue
        if len(site_xy) and np.hypot(*(site_xy - xy[point]).T).min() <= 2 * link_distance_m:
            continue
        shaped, onset, stop, amount = mining_shaped(rows[row].astype(np.float64), t_days)
        if shaped:
            score = LONE_MAX_SCORE * min(1.0, amount / LONE_FULL_MM)
            found.append(LoneReport(int(point), onset, stop, amount, score))
    found.sort(key=lambda r: -r.amount_mm)
    kept: List[LoneReport] = []
    for report in found:
        if all(np.hypot(*(xy[report.point] - xy[k.point])) > link_distance_m for k in kept):
            kept.append(report)
    return kept


__all__ = ["LONE_MIN_MM", "LONE_NEIGHBOUR_SHARE", "LoneReport", "lone_candidates",
           "lone_reports", "mining_shaped"]
