"""Anomalous building PS by the step / gradient / cumulative cascade
(patent steps 401–406, methods §3).

Inputs: PS positions (metres, projected CRS), settlement s(t) in mm as an
(N, T) float32 array with POSITIVE = settlement (see :mod:`.series`),
the T acquisition dates sorted ascending, and which points lie on a
building. Only building PS with finite coordinates enter the cascade, as
seeds and as neighbours.

For every pair k of consecutive epochs (t_k, t_k+1) inside the monitoring
window:

- 401 step Δ_i = s_i(t_k+1) − s_i(t_k), mm.
- 402 seed when Δ_i > δ.
- 403 neighbours: other building PS with 0 < distance ≤ d (m).
- 404 G_i = mean over neighbours of |Δ_i − Δ_j| / ‖p_i − p_j‖, mm/m.
- 405 η_k = mean + std of G over the seeds of pair k; a seed is flagged
  when G_i > η_k (strict, so a lone seed of a pair, whose G equals η,
  is never flagged).
- 406 Z_i = s_i(t1) − s_i(t0) over the window; a point is ANOMALOUS when it
  is flagged at one pair or more and Z_i > δz.

Missing values (NaN):
- a step with a NaN at either end is NaN: it is never a seed, and as a
  neighbour's step it is left out of that seed's mean;
- a seed with no neighbour that has a finite step has G = NaN ("isolated"):
  it does not count in η and is not flagged — neighbour contrast cannot be
  judged for a lone point;
- Z uses the first and last finite values inside the window (nearest valid
  epochs); fewer than two finite values give Z = NaN → not anomalous.

Memory: the neighbour lists are built once per point, only for points that
are a seed at some pair ("seed union"), in spatially compact blocks, and
each block handles all its pairs before the next; steps of neighbours are
read straight from the settlement array. Peak memory is the settlement
array plus O(N) bookkeeping plus a bounded block working set.
"""
from dataclasses import dataclass, field

import numpy as np
from scipy.spatial import cKDTree

from ..common.errors import translatable
from ..common.progress import as_feedback, step
from .dates import PsInputError
from .neighbours import neighbour_lists, spatial_order
from .series import window_epochs

ROW_BLOCK = 65536            # rows per pass over the settlement array
NEIGHBOUR_BUDGET = 1 << 21   # neighbour pairs held per block
EXPAND_BUDGET = 1 << 21      # (seed, neighbour) gradient terms per batch


@dataclass
class CascadeParams:
    """Thresholds of the cascade.

    ``step_threshold_mm`` δ (402), ``neighbour_distance_m`` d (403),
    ``cumulative_threshold_mm`` δz (406); ``start``/``end`` bound the
    monitoring window (None = first/last date); ``std_ddof`` is the
    delta degrees of freedom of the std in η (0 = population std)."""

    step_threshold_mm: float = 10.0
    neighbour_distance_m: float = 100.0
    cumulative_threshold_mm: float = 80.0
    start: object = None
    end: object = None
    std_ddof: int = 0

    def validate(self):
        for name in ("step_threshold_mm", "neighbour_distance_m", "cumulative_threshold_mm"):
            value = getattr(self, name)
            if not np.isfinite(value) or value <= 0:
                raise PsInputError(translatable(
                    "The parameter {name} is {value}; it must be a positive number."),
                    name=name, value=value)


@dataclass
class SeedTable:
    """One row per seed (point, pair): ``point`` indexes the input arrays,
    ``pair`` k is the step from dates[k] to dates[k+1]; ``step_mm`` Δ,
    ``gradient`` G (mm/m, NaN when isolated), ``n_neighbours`` neighbours
    with a finite step, ``flagged`` G > η_k."""

    point: np.ndarray
    pair: np.ndarray
    step_mm: np.ndarray
    gradient: np.ndarray
    n_neighbours: np.ndarray
    flagged: np.ndarray

    def __len__(self):
        return len(self.point)


@dataclass
class CascadeResult:
    """Per-point and per-pair results; per-point arrays have the input's N.

    Per point: ``in_cascade`` (building PS with finite position),
    ``cumulative_mm`` Z, ``n_flagged`` pairs passing 402+405,
    ``first_pair``/``last_pair`` (k, −1 if never flagged), ``max_step_mm``
    the largest Δ among flagged pairs with ``gradient_at_max`` G and
    ``eta_at_max`` η of that pair, ``anomalous`` the final verdict.
    Per pair k (length T−1, NaN/0 outside the window): ``eta``,
    ``n_seeds``, ``n_isolated`` seeds without usable neighbours, ``n_flagged``."""

    dates: np.ndarray
    params: CascadeParams
    window: tuple
    in_cascade: np.ndarray
    cumulative_mm: np.ndarray
    n_flagged: np.ndarray
    first_pair: np.ndarray
    last_pair: np.ndarray
    max_step_mm: np.ndarray
    gradient_at_max: np.ndarray
    eta_at_max: np.ndarray
    anomalous: np.ndarray
    eta: np.ndarray
    n_seeds: np.ndarray
    n_isolated: np.ndarray
    pair_flagged: np.ndarray
    seeds: SeedTable = field(repr=False)

    @property
    def first_flag_date(self):
        """Start date t_k of the first flagged pair (NaT if none): the
        estimated start of mining lies after it."""
        return pair_dates(self.dates, self.first_pair, 0)

    @property
    def last_flag_date(self):
        """End date t_k+1 of the last flagged pair (NaT if none): the
        estimated end of mining lies before it."""
        return pair_dates(self.dates, self.last_pair, 1)


def pair_dates(dates, pair, offset):
    """dates[pair + offset] with NaT where pair is −1 (offset 0: pair start, 1: end)."""
    out = np.full(len(pair), np.datetime64("NaT"), "datetime64[D]")
    ok = pair >= 0
    out[ok] = dates[pair[ok] + offset]
    return out


def cumulative_settlement(window_values):
    """Z per row of an (n, W) block: last finite − first finite value, mm.

    NaN where a row has fewer than two finite values."""
    valid = ~np.isnan(window_values)
    width = valid.shape[1]
    first = np.argmax(valid, axis=1)
    last = width - 1 - np.argmax(valid[:, ::-1], axis=1)
    rows = np.arange(len(window_values))
    z = window_values[rows, last] - window_values[rows, first]
    z[~(valid.any(axis=1) & (last > first))] = np.nan
    return z.astype(np.float32)


def check_inputs(xy, settlement, dates, on_building):
    """Positions, dates and which PS take part (building PS with a finite
    position), checked; ``settlement`` None when the series are read
    later, tile by tile (:mod:`.ps_tiles`)."""
    xy = np.asarray(xy, np.float64)
    dates = np.asarray(dates, "datetime64[D]")
    n = len(xy) if settlement is None else settlement.shape[0]
    if settlement is not None and (settlement.ndim != 2 or xy.shape != (n, 2)):
        raise PsInputError(translatable(
            "Positions ({xy}) and settlement ({values}) do not match: expected (N, 2) and (N, T)."),
            xy=xy.shape, values=settlement.shape)
    if settlement is not None and len(dates) != settlement.shape[1]:
        raise PsInputError(translatable(
            "There are {dates} dates but {columns} value columns; give one date per column."),
            dates=len(dates), columns=settlement.shape[1])
    if len(dates) < 3:
        raise PsInputError(translatable("At least 3 acquisition dates are needed, got {count}."),
                           count=len(dates))
    if np.any(np.diff(dates.astype(np.int64)) <= 0):
        raise PsInputError(translatable(
            "The acquisition dates are not strictly increasing; sort the columns by date and "
            "drop duplicate dates."))
    on_building = np.asarray(on_building)
    if on_building.dtype != bool:
        # building ids: −1 = not on a building
        on_building = on_building >= 0
    if on_building.shape != (n,):
        raise PsInputError(translatable("Give one building flag or id per point."))
    return xy, dates, on_building & np.isfinite(xy).all(axis=1)


def _seed_union_and_z(settlement, rows, k0, k1, delta, feedback, span):
    """Pass 1 over the cascade rows: which are a seed at some pair, and Z."""
    any_seed = np.zeros(len(rows), bool)
    z = np.empty(len(rows), np.float32)
    for start in range(0, len(rows), ROW_BLOCK):
        block = settlement[rows[start:start + ROW_BLOCK], k0:k1 + 1]
        with np.errstate(invalid="ignore"):
            any_seed[start:start + len(block)] = (np.diff(block, axis=1) > delta).any(axis=1)
        z[start:start + len(block)] = cumulative_settlement(block)
        step(feedback, start + len(block), len(rows), 0.0, span)
    return any_seed, z


def _block_gradients(settlement, rows, local, lists, k0, k1, delta):
    """Seeds and their G for query points ``local`` (indices into ``rows``)."""
    block = settlement[rows[local], k0:k1 + 1]
    steps = np.diff(block, axis=1)
    with np.errstate(invalid="ignore"):
        q, k = np.nonzero(steps > delta)
    delta_i = steps[q, k]
    degree = lists.degree()[q]
    grad = np.full(len(q), np.nan, np.float32)
    count = np.zeros(len(q), np.int32)
    csum = np.cumsum(degree)
    start = 0
    while start < len(q):
        base = csum[start - 1] if start else 0
        stop = max(int(np.searchsorted(csum, base + EXPAND_BUDGET, side="right")), start + 1)
        deg = degree[start:stop]
        owner = np.repeat(np.arange(stop - start), deg)
        edge = (np.arange(int(deg.sum())) - np.repeat(np.cumsum(deg) - deg, deg)
                + lists.indptr[q[start:stop]][owner])
        neighbour_row = rows[lists.indices[edge]]
        col = k0 + k[start:stop][owner]
        # neighbours' steps straight from the array: no per-block copy of their series
        delta_j = settlement[neighbour_row, col + 1] - settlement[neighbour_row, col]
        term = np.abs(delta_i[start:stop][owner] - delta_j) / lists.dist[edge]
        ok = np.isfinite(term)
        total = np.bincount(owner[ok], weights=term[ok], minlength=stop - start)
        n = np.bincount(owner[ok], minlength=stop - start)
        with np.errstate(invalid="ignore", divide="ignore"):
            grad[start:stop] = np.where(n > 0, total / np.maximum(n, 1), np.nan)
        count[start:stop] = n
        start = stop
    return local[q], k.astype(np.int32), delta_i.astype(np.float32), grad, count


def _thresholds(pair, grad, n_pairs, ddof):
    """η per pair: mean + std of the finite G of that pair's seeds."""
    ok = np.isfinite(grad)
    p, g = pair[ok], grad[ok].astype(np.float64)
    n = np.bincount(p, minlength=n_pairs).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(p, weights=g, minlength=n_pairs) / n
        dev = np.bincount(p, weights=(g - mean[p]) ** 2, minlength=n_pairs)
        std = np.sqrt(dev / (n - ddof))
    eta = mean + std
    eta[n <= ddof] = np.nan
    return eta


def _group_first_last(keys, values):
    """For entries grouped by ``keys``: unique keys, index of min and max value."""
    order = np.lexsort((values, keys))
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    ends = np.r_[starts[1:], len(order)] - 1
    return sorted_keys[starts], order[starts], order[ends]


def detect_anomalies(xy, settlement, dates, on_building, params=None, feedback=None):
    """Run steps 401–406 on all building PS.

    ``xy`` (N, 2) metres; ``settlement`` (N, T) float32 mm, positive =
    settlement, NaN = missing (not copied); ``dates`` T sorted
    datetime64-likes; ``on_building`` bool (N) or building ids (−1 = none).
    ``feedback``: optional QgsProcessingFeedback-like object
    (``setProgress``/``isCanceled``, see :mod:`..common.progress`); cancelling
    raises :class:`~..common.errors.Cancelled` between blocks. Returns a
    :class:`CascadeResult`. (On a tiled or clustered set: :mod:`.ps_tiles`.)"""
    params = params or CascadeParams()
    params.validate()
    feedback = as_feedback(feedback)
    settlement = np.asarray(settlement)
    xy, dates, in_cascade = check_inputs(xy, settlement, dates, on_building)
    k0, k1 = window_epochs(dates, params.start, params.end)
    cumulative, point, pair, step_mm, grad, count = seed_gradients(
        xy, settlement, in_cascade, k0, k1, params, feedback=feedback)
    result = reduce_seeds(settlement.shape[0], dates, params, (k0, k1), in_cascade=in_cascade,
                          cumulative=cumulative, point=point, pair=pair, step_mm=step_mm,
                          grad=grad, count=count)
    step(feedback, 1, 1, 95.0, 5.0)
    return result


def seed_gradients(xy, settlement, in_cascade, k0, k1, params, *, judged=None, feedback=None):
    """Steps 401–404 and 406's Z: (Z per PS (float32, NaN outside the
    cascade), and per seed: its PS, pair k (of the whole date list), Δ, G
    and neighbours with a finite step). The seeds of the PS ``judged``
    (bool, default all) only, their neighbours among all cascade PS; in
    spatially compact blocks, block by block."""
    feedback = as_feedback(feedback)
    delta = np.float32(params.step_threshold_mm)
    radius = params.neighbour_distance_m
    rows = np.flatnonzero(in_cascade)
    any_seed, z_rows = _seed_union_and_z(settlement, rows, k0, k1, delta, feedback, 20.0)
    if judged is not None:
        any_seed &= judged[rows]
    union = np.flatnonzero(any_seed)
    pieces = []
    if len(union):
        cxy = np.ascontiguousarray(xy[rows])
        tree = cKDTree(cxy)
        union = union[spatial_order(cxy[union], 4 * radius)]
        # expected neighbours per point from the mean density sets the block size
        extent = np.ptp(cxy, axis=0).clip(radius)
        per_point = max(1.0, len(rows) * np.pi * radius ** 2 / (extent[0] * extent[1]))
        block = int(np.clip(NEIGHBOUR_BUDGET / per_point, 256, 65536))
        for start in range(0, len(union), block):
            local = union[start:start + block]
            lists = neighbour_lists(tree, cxy[local], radius)
            pieces.append(_block_gradients(settlement, rows, local, lists, k0, k1, delta))
            step(feedback, start + len(local), len(union), 20.0, 75.0)
    if pieces:
        local, pair, step_mm, grad, count = (np.concatenate(p) for p in zip(*pieces))
    else:
        local = np.empty(0, np.int64)
        pair = np.empty(0, np.int32)
        step_mm = grad = np.empty(0, np.float32)
        count = np.empty(0, np.int32)
    cumulative = np.full(len(xy), np.nan, np.float32)
    cumulative[rows] = z_rows
    return cumulative, rows[local], pair + np.int32(k0), step_mm, grad, count


def seed_order(xy, point, pair, radius):
    """The order :func:`detect_anomalies` makes the seeds (``point``,
    ``pair``) in: their PS in compact blocks (:func:`.neighbours.spatial_order`
    of the seeded PS), then by pair; η's sums follow it."""
    union = np.unique(point)
    rank = np.empty(len(xy), np.int64)
    rank[union[spatial_order(xy[union], 4 * radius)]] = np.arange(len(union))
    return np.lexsort((pair, rank[point]))


def reduce_seeds(n, dates, params, window, *, in_cascade, cumulative, point, pair, step_mm, grad,
                 count):
    """Steps 405–406 over all the seeds of a set of ``n`` PS: η per pair,
    flags, the per-point summary and the verdict (a :class:`CascadeResult`)."""
    n_pairs = len(dates) - 1
    eta = _thresholds(pair, grad, n_pairs, params.std_ddof)
    with np.errstate(invalid="ignore"):
        flagged = grad > eta[pair]
    result = _per_point(n, point, pair, step_mm, grad, eta, flagged)
    with np.errstate(invalid="ignore"):
        anomalous = (result["n_flagged"] > 0) & (cumulative > params.cumulative_threshold_mm)
    return CascadeResult(
        dates=dates, params=params, window=window, in_cascade=in_cascade,
        cumulative_mm=cumulative, anomalous=anomalous, eta=eta,
        n_seeds=np.bincount(pair, minlength=n_pairs),
        n_isolated=np.bincount(pair[~np.isfinite(grad)], minlength=n_pairs),
        pair_flagged=np.bincount(pair[flagged], minlength=n_pairs),
        seeds=SeedTable(point=point, pair=pair, step_mm=step_mm, gradient=grad,
                        n_neighbours=count, flagged=flagged),
        **result)


def _per_point(n, point, pair, step_mm, grad, eta, flagged):
    """Per-point summary of the flagged seeds."""
    out = dict(n_flagged=np.zeros(n, np.int32), first_pair=np.full(n, -1, np.int32),
               last_pair=np.full(n, -1, np.int32), max_step_mm=np.full(n, np.nan, np.float32),
               gradient_at_max=np.full(n, np.nan, np.float32), eta_at_max=np.full(n, np.nan, np.float32))
    p, k, d, g = point[flagged], pair[flagged], step_mm[flagged], grad[flagged]
    if len(p) == 0:
        return out
    out["n_flagged"][:] = np.bincount(p, minlength=n)
    ids, first, last = _group_first_last(p, k)
    out["first_pair"][ids] = k[first]
    out["last_pair"][ids] = k[last]
    ids, _, biggest = _group_first_last(p, d)
    out["max_step_mm"][ids] = d[biggest]
    out["gradient_at_max"][ids] = g[biggest]
    out["eta_at_max"][ids] = eta[k[biggest]]
    return out
