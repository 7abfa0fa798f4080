"""Suspect mining sites found by bowls, not by steps: the default method of
Detect Subsidence Anomalies ("Subsidence bowls"). The patent's cascade
(:mod:`.cascade`) stays selectable and is the baseline it is measured
against; each site's PS are then judged one by one (:mod:`.ps_model`),
scored, and reported to the inspector (:mod:`.site_report`).

A shallow mine under a village makes a subsidence *bowl*: every PS over
the worked panel settles, less with distance, from the day mining starts
until it stops. The patent's cascade looks for a settlement *step* between
two consecutive dates above a fixed δ, which depends on the revisit (with
6-day acquisitions it is seldom reached) and is fooled by a lone PS that
jumps. This detector uses what the cascade ignores:

1. **Background** — the smooth part of each date's field (atmosphere,
   regional trends; cells of ``background_cell_m`` averaged over
   ``background_cells`` × ``background_cells`` cells) is removed, so a
   bowl of tens of metres stands out from km-scale signals.
2. **Unwrapping jumps** — with the radar wavelength λ known, a step of
   ≈ k·λ/2 between two dates that the PS's neighbours do not share is an
   unwrapping error; it is taken out of that PS's series and counted.
3. **Cumulative settlement** Z of each PS over the window (median of the
   last dates minus median of the first), smoothed over the neighbours
   within ``support_radius_m`` (Gaussian weights): a bowl keeps a high
   smoothed value, a lone moving PS does not.
4. **Sites** — PS whose smoothed Z exceeds ``min_cumulative_mm`` and that
   have ``min_support`` PS settling around them (themselves included) are
   linked within ``link_distance_m``; a group of fewer than
   ``min_support`` such PS is no site. One site per bowl, placed at the
   settlement-weighted centre of its core (PS above half its maximum).
5. **Period** — the median series of the core is fitted by flat →
   transition → flat (exhaustive over onset/stop dates and over a linear
   and an S-shaped time function, least squares): stop (None while still
   active) and the mean rate during mining; the onset is fitted again on
   the rise alone, up to the transition's midpoint (residual subsidence
   after the stop would drag it early).
6. **Each PS's own model** (:mod:`.ps_model`): the core's series are
   fitted as steady (+ annual term), mining break, or consolidation; a
   group whose PS mostly consolidate from the first date is a new
   building settling, not a site. The share of core PS with a mining break
   is evidence.
7. **One site per bowl, in space and time** — two sites whose centres lie
   within the sum of their bowl radii and whose active periods overlap are
   one bowl (its fragments), and are merged.
8. **Score** in 0–1: the geometric mean of the amplitude (max smoothed Z
   against ``min_cumulative_mm``), the support (number of settling PS) and
   the share of core PS whose own series shows a mining break.

Units: positions in metres (projected CRS), settlement in mm with
POSITIVE = settlement (see :mod:`.series`), dates datetime64[D].
"""
from dataclasses import dataclass, replace
from typing import Optional

import numpy as np
from scipy.spatial import cKDTree

from ..common.progress import ScaledFeedback, as_feedback, step
from .lone_ps import LONE_MAX_SCORE, LONE_NEIGHBOUR_SHARE, lone_candidates, lone_reports
from .neighbours import neighbour_lists
from .ps_model import CONSOLIDATION, MINING, fit_ps_models
from .ramp_fit import fit_ramp, onset_from_rise
from .series import window_epochs
from .sites import link_sites

# a site whose surroundings (between 2 and 5 bowl radii, at least 50–150 m)
# settle more than this share of its core is no mine's bowl (see
# surroundings_share): it goes to tier 2
MOVING_SURROUNDINGS = 0.5
# a site whose settling core PS mostly move steadily, without a break into
# settlement (below this share), is no mine's bowl either
MIN_MINING_SHARE = 0.5
SURROUNDINGS_RADII = (2.0, 5.0)
SURROUNDINGS_MIN_M = (50.0, 150.0)
SURROUNDINGS_MIN_PS = 3


@dataclass(frozen=True)
class RobustParams:
    """Settings of the bowl detector (see the module doc); ``wavelength_mm``
    None leaves unwrapping jumps uncorrected (spatial support still keeps a
    lone jumping PS from becoming a site)."""

    wavelength_mm: Optional[float] = None
    background_cell_m: float = 100.0
    background_cells: int = 7
    support_radius_m: float = 40.0
    # a dense network is smoothed over this many nearest neighbours (within
    # the support radius), not over every PS in the radius
    smoothing_neighbours: Optional[int] = 24
    min_cumulative_mm: float = 30.0
    min_support: int = 2
    link_distance_m: float = 60.0
    min_score: float = 0.5
    # a site's core PS fitted one by one (the highest Z first)
    max_modelled_ps: int = 200
    start: object = None
    end: object = None

    @property
    def settling_mm(self) -> float:
        """Z (mm) above which a PS counts as settling: half the site
        threshold. It counts towards spatial support, is left out of the
        second background, and is judged on its own in a site's core."""
        return self.min_cumulative_mm / 2.0


@dataclass
class RobustSites:
    """One row per site: position (m), ``score`` 0–1, ``onset``/``stop``
    (datetime64[D], NaT stop = still active), ``max_settlement_mm`` of the
    core, ``rate_mm_per_year`` while active, ``bowl_radius_m`` (farthest
    supporting PS from the centre), ``n_ps``, ``n_buildings``,
    ``n_unwrap_corrected`` (jumps taken out of the site's PS),
    ``mining_share`` (0–1: core PS whose own series shows a mining break)
    and ``seasonal_mm`` (median annual amplitude of the core: thermal
    dilation); ``tier`` 1 for a site, 2 for weaker evidence (after the
    sites; ``weak_reason`` says which, see :func:`weak_evidence`) and
    ``surroundings_share`` (see :func:`surroundings_share`)."""

    x: np.ndarray
    y: np.ndarray
    score: np.ndarray
    onset: np.ndarray
    stop: np.ndarray
    max_settlement_mm: np.ndarray
    rate_mm_per_year: np.ndarray
    bowl_radius_m: np.ndarray
    n_ps: np.ndarray
    n_buildings: np.ndarray
    n_unwrap_corrected: np.ndarray
    mining_share: np.ndarray
    seasonal_mm: np.ndarray
    # 1: a site; 2: weaker evidence: a lone sinking PS (:mod:`.lone_ps`), or
    # settlement the ground around shares (see surroundings_share)
    tier: np.ndarray
    surroundings_share: np.ndarray
    # why a tier-2 row's evidence is weak (:func:`weak_evidence`), '' for a site
    weak_reason: np.ndarray

    def __len__(self):
        return len(self.x)


@dataclass
class RobustResult:
    """What :func:`detect_bowls` found: the ``sites`` (in decreasing
    score), ``site_of_point`` (0-based site index per PS, −1 = none),
    ``cumulative_mm`` Z per PS after background removal and jump
    correction, ``unwrap_corrected`` (jumps taken out, per PS) and the
    window's ``dates``."""

    sites: RobustSites
    site_of_point: np.ndarray
    cumulative_mm: np.ndarray
    unwrap_corrected: np.ndarray
    dates: np.ndarray
    # acquisition dates of the window with no value at any PS, left out
    empty_dates: tuple = ()


@dataclass(frozen=True)
class BackgroundGrid:
    """The background's cells over the whole PS set: ``cell_m`` metres,
    cell (i, j) = column i, row j counted from ``origin`` (the smallest x
    and y of the set, m), ``shape`` (rows, columns) of the whole set's
    grid. A tile of the set uses the same grid (issue 18), so its cells,
    sums and edges are those of the whole set."""

    origin: tuple
    cell_m: float
    shape: tuple

    @classmethod
    def covering(cls, xy, cell_m):
        xy = np.asarray(xy, np.float64)
        grid = cls(tuple(float(v) for v in np.nanmin(xy, axis=0)), float(cell_m), (1, 1))
        i, j = grid.cells(xy)
        return cls(grid.origin, grid.cell_m, (int(j.max()) + 1, int(i.max()) + 1))

    def cells(self, xy):
        """(i, j) int64 cell indices of the points ``xy`` (N, 2) m."""
        ij = np.floor((np.asarray(xy, np.float64) - self.origin) / self.cell_m).astype(np.int64)
        return ij[:, 0], ij[:, 1]

    def whole(self):
        """The cell range (i0, i1, j0, j1), inclusive, of the whole set."""
        return 0, self.shape[1] - 1, 0, self.shape[0] - 1

    def grow(self, cells, by):
        """The inclusive cell range ``cells`` widened by ``by`` cells on
        each side, within the whole set's grid."""
        i0, i1, j0, j1 = cells
        return (max(i0 - by, 0), min(i1 + by, self.shape[1] - 1),
                max(j0 - by, 0), min(j1 + by, self.shape[0] - 1))


def box_sum(grid, size):
    """Sum of each ``size`` × ``size`` window of a 2-D array (the window of
    ``scipy.ndimage.uniform_filter``, edges repeated as its 'nearest'
    mode). Added shift by shift, so a cell's sum does not depend on where
    the array starts: a tile's cells get the whole grid's values exactly."""
    lo = size // 2
    hi = size - 1 - lo
    padded = np.pad(grid, ((lo, hi), (lo, hi)), mode="edge")
    rows = padded[:grid.shape[0]].copy()
    for k in range(1, size):
        rows += padded[k:k + grid.shape[0]]
    out = rows[:, :grid.shape[1]].copy()
    for k in range(1, size):
        out += rows[:, k:k + grid.shape[1]]
    return out


class PreparedSeries:
    """The settlement of the window with each date's smooth background
    removed and unwrapping jumps taken out, served by rows on demand, so
    no second (N, T) array is ever held.

    Background: per date, the mean of each cell of ``grid`` (a
    :class:`BackgroundGrid`; default: covering ``xy``) averaged over
    ``cells`` × ``cells`` cells (NaN ignored), read at each PS's cell and
    kept as a small (T, cells) grid over the cell range ``held`` (i0, i1,
    j0, j1 inclusive; default the whole grid; every point must lie in it).
    On a tile, the cells within ``cells // 2`` of the range's inner edges
    lack their outer neighbours: the tile's halo. Jumps: (point, date,
    amount) kept in a table (see :meth:`correct_unwrapping`)."""

    def __init__(self, settlement, xy, k0, k1, cell_m, cells, grid=None, held=None,
                 exclude_mm=None):
        self.settlement, self.k0, self.k1 = settlement, k0, k1
        self.grid_cells = grid or BackgroundGrid.covering(xy, cell_m)
        i0, i1, j0, j1 = held or self.grid_cells.whole()
        i, j = self.grid_cells.cells(xy)
        self.shape = (j1 - j0 + 1, i1 - i0 + 1)
        self.cells = cells
        self.cell_ij = i, j
        self.cell = (j - j0) * self.shape[1] + (i - i0)
        self.jumps = {}  # point → list of (first date index, amount mm)
        self.corrected = np.zeros(len(xy), np.int64)
        sums, counts = self._cell_sums()
        self.grid = self._box_mean(sums, counts)
        if exclude_mm:
            # a bowl must not pull its own background: PS whose cumulative
            # settlement stands out from the first background by more than
            # ``exclude_mm`` are left out of the second (regional motion is
            # in the first background, so it is never left out). They are
            # few: their sums are taken off the cells' sums.
            out = np.flatnonzero(np.abs(self._first_z()) > exclude_mm)
            if len(out):
                values = np.asarray(settlement[out, k0:k1 + 1], np.float64)
                ok = np.isfinite(values)
                size = sums.shape[1]
                for t in range(values.shape[1]):
                    cell = self.cell[out][ok[:, t]]
                    sums[t] -= np.bincount(cell, values[ok[:, t], t], minlength=size)
                    counts[t] -= np.bincount(cell, minlength=size)
                self.grid = self._box_mean(sums, counts, fallback=self.grid)

    def _first_z(self, size=65536):
        """Z per PS (:func:`cumulative`) on the background as it is, read
        from the window's first and last dates only (no jump taken out yet)."""
        width = self.k1 - self.k0 + 1
        m = end_dates(width)
        z = np.empty(len(self.cell), np.float64)
        for start in range(0, len(self.cell), size):
            rows = slice(start, start + size)
            cell = self.cell[rows]
            head = self.settlement[rows, self.k0:self.k0 + m] - self.grid[:m, cell].T
            tail = self.settlement[rows, self.k1 - m + 1:self.k1 + 1] - self.grid[width - m:, cell].T
            z[rows] = nan_median(tail, 1) - nan_median(head, 1)
        return z

    def _cell_sums(self):
        """(sums, counts), each (T, cells) float64: per date of the window,
        the sum and the number of the finite values of each cell's PS."""
        size = self.shape[0] * self.shape[1]
        width = self.k1 - self.k0 + 1
        sums, counts = np.zeros((width, size)), np.zeros((width, size))
        for t, k in enumerate(range(self.k0, self.k1 + 1)):
            column = self.settlement[:, k]
            ok = np.isfinite(column)
            sums[t] = np.bincount(self.cell[ok], column[ok], minlength=size)
            counts[t] = np.bincount(self.cell[ok], minlength=size)
        return sums, counts

    def _box_mean(self, sums, counts, fallback=None):
        """(T, cells) float32 background: per date the mean over ``cells`` ×
        ``cells`` cells of the cell ``sums`` and ``counts``; where a window
        holds no value, ``fallback``'s (else 0)."""
        grid = np.empty(sums.shape, np.float32)
        for t in range(len(sums)):
            total = box_sum(sums[t].reshape(self.shape), self.cells)
            number = box_sum(counts[t].reshape(self.shape), self.cells)
            empty = np.zeros_like(total) if fallback is None else \
                fallback[t].reshape(self.shape).astype(np.float64)
            grid[t] = np.divide(total, number, out=empty, where=number > 0).ravel()
        return grid

    def in_cells(self, cells):
        """Mask of the points whose cell lies in the inclusive range
        ``cells`` (i0, i1, j0, j1); all points for None."""
        if cells is None:
            return np.ones(len(self.cell), bool)
        i, j = self.cell_ij
        return (i >= cells[0]) & (i <= cells[1]) & (j >= cells[2]) & (j <= cells[3])

    def rows(self, index, jumps=True):
        """Prepared series of the PS ``index`` (slice or array), float32;
        ``jumps`` False leaves the recorded unwrapping jumps in."""
        out = np.array(self.settlement[index, self.k0:self.k1 + 1], np.float32)
        out -= self.grid[:, self.cell[index]].T
        if jumps and self.jumps:
            points = np.arange(len(self.cell))[index]
            for row, point in enumerate(np.atleast_1d(points)):
                for date, amount in self.jumps.get(int(point), ()):
                    out[row, date:] -= amount
        return out

    def blocks(self, size=65536):
        """(first row, prepared block) over every PS."""
        for start in range(0, len(self.cell), size):
            yield start, self.rows(slice(start, start + size))

    def correct_unwrapping(self, xy, tree, radius_m, wavelength_mm, points=None, size=65536):
        """Record as jumps the steps of ≈ k·λ/2 (k ≠ 0) between consecutive
        dates that no neighbour within ``radius_m`` (``tree``: a cKDTree of
        ``xy``) shares (a step of the same sign over a third of it); they
        are taken out of :meth:`rows` from then on. Looks at the PS
        ``points`` (default all). Each PS is judged on its and its
        neighbours' series as they came, before any jump is taken out, so
        the verdict does not depend on the order the PS are visited in (nor
        on which tile of the set holds them)."""
        half = wavelength_mm / 2.0
        points = np.arange(len(self.cell)) if points is None else np.asarray(points, np.int64)
        for start in range(0, len(points), size):
            chosen = points[start:start + size]
            steps = np.diff(self.rows(chosen, jumps=False), axis=1)
            k = np.rint(steps / half)
            suspect = (np.abs(k) >= 1) & (np.abs(steps - k * half) < half / 4)
            for p, date in zip(*np.nonzero(suspect)):
                point, own = int(chosen[p]), steps[p, date]
                near = [j for j in tree.query_ball_point(xy[point], radius_m) if j != point]
                if near:
                    theirs = np.diff(self.rows(np.asarray(near), jumps=False)[:, date:date + 2],
                                     axis=1)[:, 0]
                    # a bowl's edge has still neighbours too: one neighbour moving
                    # the same way by a third of the step makes it real motion
                    if np.any((np.sign(theirs) == np.sign(own)) & (np.abs(theirs) > abs(own) / 3)):
                        continue
                self.jumps.setdefault(point, []).append((int(date) + 1, float(k[p, date] * half)))
                self.corrected[point] += 1
        return self.corrected


def nan_median(values, axis):
    """``np.nanmedian`` without the warning an all-NaN slice raises (its
    median stays NaN: a PS or date without data)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmedian(values, axis=axis)


def end_dates(width):
    """How many dates at each end of a window of ``width`` dates Z reads
    (:func:`cumulative`): a tenth of them, at least 2."""
    return max(2, width // 10)


def cumulative(series):
    """Z per row of ``series`` (n, T): median of the last dates minus median
    of the first (a tenth of the series, at least 2 dates), NaN ignored."""
    m = end_dates(series.shape[1])
    return nan_median(series[:, -m:], 1) - nan_median(series[:, :m], 1)


def neighbourhood(xy, tree, z, radius_m, threshold_mm, *, block=25_000, query=None,
                  neighbours=None):
    """Per PS of ``query`` (indices; default all), in blocks of query
    points (memory flat in N): the Gaussian-weighted mean of ``z`` over the
    PS and its neighbours within its smoothing reach (σ = reach/2; NaN
    ignored), and how many PS within ``radius_m`` (itself included) exceed
    ``threshold_mm``. The reach is ``radius_m``, or where the PS has more
    than ``neighbours`` neighbours in it, the distance to its
    ``neighbours``-th nearest: a dense network is smoothed over as many PS
    as a sparse one, not over hundreds that dilute a small bowl.
    (smoothed, support), one value per query PS."""
    finite = np.isfinite(z)
    value = np.where(finite, z, 0.0)
    settling = (value > threshold_mm).astype(np.int64)
    query_all = np.arange(len(z)) if query is None else np.asarray(query, np.int64)
    n = len(query_all)
    smooth = np.full(n, np.nan)
    support = settling[query_all].copy()
    for start in range(0, n, block):
        at = slice(start, min(n, start + block))
        query = query_all[at]
        lists = neighbour_lists(tree, xy[query], radius_m)
        degree = lists.degree()
        rows = np.repeat(np.arange(len(query)), degree)
        dist = lists.dist.astype(np.float64)
        reach = np.full(len(query), float(radius_m))
        if neighbours:
            crowded = degree > neighbours
            if crowded.any():
                # each row's distances side by side (inf beyond its degree),
                # then the ``neighbours``-th smallest of each
                table = np.full((len(query), int(degree.max())), np.inf, np.float32)
                table[rows, np.arange(len(rows)) - lists.indptr[rows]] = lists.dist
                kth = np.partition(table, neighbours - 1, axis=1)[:, neighbours - 1]
                reach[crowded] = kth[crowded]
        near = dist <= reach[rows]
        weights = np.where(near, np.exp(-0.5 * (dist / (reach[rows] / 2.0)) ** 2), 0.0)
        sums = value[query] + np.bincount(rows, weights * value[lists.indices],
                                          minlength=len(query))
        total = finite[query] + np.bincount(rows, weights * finite[lists.indices],
                                            minlength=len(query))
        smooth[at] = np.divide(sums, total, out=np.full(len(query), np.nan), where=total > 0)
        support[at] += np.bincount(rows, settling[lists.indices],
                                   minlength=len(query)).astype(np.int64)
    return smooth, support


@dataclass
class BowlEvidence:
    """What the sites are built from, per PS of the set (N) and per
    candidate: ``z`` Z per PS after background removal and jump correction
    (float64, mm), ``corrected`` jumps taken out per PS, ``candidates``
    (indices of the PS whose smoothed Z and support pass, ascending), and
    per candidate its prepared series ``rows`` (float32, mm), ``z_smooth``
    and ``support``; ``lone`` the candidates of the second tier
    (:func:`.lone_ps.lone_candidates`: indices, ascending) and their
    prepared series ``lone_rows`` (unwrapping jumps left in). A
    tile fills the part of its core PS (issue 18)."""

    z: np.ndarray
    corrected: np.ndarray
    candidates: np.ndarray
    rows: np.ndarray
    z_smooth: np.ndarray
    support: np.ndarray
    lone: np.ndarray
    lone_rows: np.ndarray


def bowl_evidence(xy, settlement, k0, k1, params, *, grid=None, held=None, core=None):
    """Steps 1–4 of the module doc for the PS ``xy`` (N, 2) m,
    ``settlement`` (N, T) mm positive down, window dates k0…k1 (inclusive).
    ``grid`` is the whole set's :class:`BackgroundGrid`, ``held`` the cell
    range these PS cover and ``core`` the cell range whose PS are judged
    (i0, i1, j0, j1 inclusive; None: all). A tile's ``held`` must reach
    :func:`evidence_halo_cells` beyond ``core``: then the core's evidence
    equals that of the whole set, to the bit. ``z`` and ``corrected`` are
    meaningful at the core's PS only; ``candidates`` are core PS."""
    series = PreparedSeries(settlement, xy, k0, k1, params.background_cell_m,
                            params.background_cells, grid, held,
                            exclude_mm=params.settling_mm)
    tree = cKDTree(xy)
    grid = series.grid_cells
    reach = int(np.ceil(params.support_radius_m / grid.cell_m))
    if params.wavelength_mm:
        # Z of the core's neighbours counts in the core's smoothed Z
        judged = None if core is None else grid.grow(core, reach)
        series.correct_unwrapping(xy, tree, params.support_radius_m, params.wavelength_mm,
                                  points=np.flatnonzero(series.in_cells(judged)))
    z = np.empty(len(xy), np.float64)
    for start, block in series.blocks():
        z[start:start + len(block)] = cumulative(block)
    core_ps = np.flatnonzero(series.in_cells(core))
    # a smoothed Z is a weighted mean of the Z within the support radius, so
    # it can pass the threshold only near a PS whose own Z does: only those
    # PS are smoothed (on a quiet million PS, a few thousand)
    hot = np.flatnonzero(np.isfinite(z) & (z > params.min_cumulative_mm))
    near_hot = np.zeros(len(xy), bool)
    for around in tree.query_ball_point(xy[hot], params.support_radius_m):
        near_hot[around] = True
    query = core_ps[near_hot[core_ps]]
    z_smooth, support = neighbourhood(xy, tree, z, params.support_radius_m,
                                      params.settling_mm, query=query,
                                      neighbours=params.smoothing_neighbours)
    passed = (z_smooth > params.min_cumulative_mm) & (support >= params.min_support)
    candidates = query[passed]
    # the second tier's PS judge their own series as they came: a fast
    # mining ramp can pass for unwrapping jumps
    z_raw = z.copy()
    jumped = np.array(sorted(series.jumps), np.int64)
    if len(jumped):
        z_raw[jumped] = cumulative(series.rows(jumped, jumps=False))
    lone = lone_candidates(core_ps, xy, z_raw, tree, params.support_radius_m)
    return BowlEvidence(z, series.corrected, candidates, series.rows(candidates),
                        z_smooth[passed], support[passed], lone, series.rows(lone, jumps=False))


def evidence_halo_cells(params: RobustParams) -> int:
    """Cells of background a tile must hold beyond its core (see
    :func:`bowl_evidence`): the core's smoothed Z reads Z of neighbours
    within the support radius, whose jumps are judged on their neighbours
    (twice the radius), whose backgrounds average ``background_cells // 2``
    cells around, each leaving out the PS that stand out from the first
    background, itself ``background_cells // 2`` cells around them."""
    return (int(np.ceil(2 * params.support_radius_m / params.background_cell_m))
            + 2 * (params.background_cells // 2))


class _CandidateRows:
    """``rows(index)`` of the candidates' prepared series, by PS index."""

    def __init__(self, candidates, rows):
        self.candidates, self.prepared = candidates, rows

    def rows(self, index):
        return self.prepared[np.searchsorted(self.candidates, index)]


def bowl_sites(xy, dates, building_id, evidence, params, feedback=None):
    """Steps 5–8 of the module doc: the sites of a :class:`BowlEvidence`
    of the whole set (``dates``: the window's). Returns a
    :class:`RobustResult`."""
    n = len(xy)
    candidate = np.zeros(n, bool)
    candidate[evidence.candidates] = True
    z_smooth = np.full(n, np.nan)
    z_smooth[evidence.candidates] = evidence.z_smooth
    support = np.zeros(n, np.int64)
    support[evidence.candidates] = evidence.support
    sites, site_of_point = _sites(xy, _CandidateRows(evidence.candidates, evidence.rows), dates,
                                  np.asarray(building_id), evidence.z, z_smooth, support,
                                  candidate, evidence.corrected, params, as_feedback(feedback))
    sites = _with_lone_ps(sites, site_of_point, xy, dates, building_id, evidence, params)
    return RobustResult(sites, site_of_point, evidence.z.astype(np.float32),
                        evidence.corrected, dates)


def _with_lone_ps(sites, site_of_point, xy, dates, building_id, evidence, params):
    """``sites`` with the second tier (:mod:`.lone_ps`) appended, each lone
    PS marked in ``site_of_point`` (changed in place) with its row."""
    t_days = (dates - dates[0]).astype(np.float64)
    reports = lone_reports(xy, evidence.lone, evidence.lone_rows, t_days,
                           building_id=np.asarray(building_id), site_of_point=site_of_point,
                           site_xy=np.column_stack([sites.x, sites.y]),
                           link_distance_m=params.link_distance_m)
    if not reports:
        return sites
    n = len(sites)
    point = np.array([r.point for r in reports])
    onset = np.array([dates[r.onset] for r in reports], "datetime64[D]")
    stop = np.array([np.datetime64("NaT") if r.stop == len(dates) - 1 else dates[r.stop]
                     for r in reports], "datetime64[D]")
    amount = np.array([r.amount_mm for r in reports])
    days = np.array([max(t_days[r.stop] - t_days[r.onset], 1.0) for r in reports])
    site_of_point[point] = n + np.arange(len(reports))
    one, none = np.ones(len(reports), np.int64), np.zeros(len(reports), np.int64)
    return RobustSites(
        np.r_[sites.x, xy[point, 0]], np.r_[sites.y, xy[point, 1]],
        np.r_[sites.score, [r.score for r in reports]], np.r_[sites.onset, onset],
        np.r_[sites.stop, stop], np.r_[sites.max_settlement_mm, amount],
        np.r_[sites.rate_mm_per_year, amount / days * 365.25],
        np.r_[sites.bowl_radius_m, np.zeros(len(reports))], np.r_[sites.n_ps, one],
        np.r_[sites.n_buildings, one], np.r_[sites.n_unwrap_corrected, none],
        np.r_[sites.mining_share, np.ones(len(reports))],
        np.r_[sites.seasonal_mm, np.full(len(reports), np.nan)], np.r_[sites.tier, 2 * one],
        np.r_[sites.surroundings_share, np.full(len(reports), np.nan)],
        np.r_[sites.weak_reason, np.full(len(reports), "lone", object)])


def detect_bowls(xy, settlement, dates, building_id, params=None, feedback=None):
    """Suspect sites of ``settlement`` (N, T) mm, positive = settlement, at
    ``xy`` (N, 2) m on ``dates``; ``building_id`` −1 off buildings. The
    array is not modified. Returns a :class:`RobustResult`. (On a tiled or
    clustered set: :mod:`.ps_tiles`.)"""
    params = params or RobustParams()
    feedback = as_feedback(feedback)
    xy = np.asarray(xy, np.float64)
    dates = np.asarray(dates, "datetime64[D]")
    k0, k1 = window_epochs(dates, params.start, params.end)
    # a date with no value at any PS (an acquisition missing from the
    # product) carries nothing and would break every series' steps across
    # it: it is left out (a copy of the window's columns, only then)
    empty = ~np.isfinite(settlement[:, k0:k1 + 1]).any(axis=0)
    if empty.any() and not empty.all():
        keep = np.flatnonzero(~empty) + k0
        skipped = tuple(str(d) for d in dates[k0:k1 + 1][empty])
        settlement, dates, k0, k1 = settlement[:, keep], dates[keep], 0, len(keep) - 1
    else:
        skipped = ()
    step(feedback, 1, 6)
    evidence = bowl_evidence(xy, settlement, k0, k1, params)
    step(feedback, 4, 6)
    result = bowl_sites(xy, dates[k0:k1 + 1], building_id, evidence, params,
                        ScaledFeedback(feedback, 100.0 * 4 / 6, 100.0 * 2 / 6))
    step(feedback, 6, 6)
    return replace(result, empty_dates=skipped) if skipped else result


def _sites(xy, series, dates, building_id, z, z_smooth, support, candidate, corrected, params,
           feedback=None):
    """Link candidates into sites and describe each (see :class:`RobustSites`);
    progress and Cancel per group through ``feedback``."""
    feedback = as_feedback(feedback)
    site_of_point = np.full(len(xy), -1, np.int64)
    groups = link_sites(xy, candidate, params.link_distance_m)  # as the cascade's sites
    t_days = (dates - dates[0]).astype(np.float64)
    labels = np.unique(groups[groups >= 0])

    tree = None  # of every PS, built at the first group only: a quiet set has none

    def describe(members):
        nonlocal tree
        row = _describe(members, xy, series, dates, t_days, building_id, z, z_smooth, support,
                        corrected, params)
        if tree is None:
            tree = cKDTree(np.where(np.isfinite(xy), xy, np.inf))
        row["surroundings_share"] = surroundings_share(row, xy, z, tree)
        return row

    rows = []
    for done, label in enumerate(labels, 1):
        members = np.flatnonzero(groups == label)
        # a lone moving PS (or too few) is never a site
        if len(members) >= params.min_support:
            rows.append(describe(members))
        step(feedback, done, len(labels))
    rows = _merge_fragments(rows, describe)
    # a group whose PS mostly consolidate from the first date is a new building
    rows = [r for r in rows if r["consolidation_share"] < 0.5]
    order = np.argsort([-r["score"] for r in rows], kind="stable")
    kept = [rows[i] for i in order if rows[i]["score"] >= params.min_score]
    # where the ground around moves with it, or its PS mostly move steadily
    # without a break, the motion is no mine's bowl (a slope, a wider
    # motion): tier 2, after the sites, its score capped
    for row in kept:
        row["weak_reason"] = weak_evidence(row["surroundings_share"], row["mining_share"],
                                           row["n_settling"]) or ""
        row["tier"] = 2 if row["weak_reason"] else 1
        if row["weak_reason"] == "lone":
            _as_lone_ps(row, xy, z, building_id)
        if row["tier"] == 2:
            row["score"] = min(row["score"], LONE_MAX_SCORE)
    kept = [r for r in kept if r["tier"] == 1] + [r for r in kept if r["tier"] == 2]
    for number, row in enumerate(kept):
        site_of_point[row["members"]] = number
    if not kept:
        return _empty_sites(), site_of_point
    column = {key: np.array([r[key] for r in kept]) for key in kept[0] if key != "members"}
    return RobustSites(column["x"], column["y"], column["score"],
                       column["onset"].astype("datetime64[D]"),
                       column["stop"].astype("datetime64[D]"), column["max_settlement_mm"],
                       column["rate_mm_per_year"], column["bowl_radius_m"], column["n_ps"],
                       column["n_buildings"], column["n_unwrap_corrected"],
                       column["mining_share"], column["seasonal_mm"], column["tier"],
                       column["surroundings_share"],
                       column["weak_reason"].astype(object)), site_of_point


def _as_lone_ps(row, xy, z, building_id):
    """A group with one settling PS, as that PS alone (as :mod:`.lone_ps`
    reports one): the other members only joined it by their smoothed Z."""
    point = int(row["members"][np.nanargmax(z[row["members"]])])
    row.update(members=np.array([point]), x=float(xy[point, 0]), y=float(xy[point, 1]),
               n_ps=1, bowl_radius_m=0.0, n_buildings=int(building_id[point] >= 0),
               surroundings_share=float("nan"), max_settlement_mm=float(z[point]))


def weak_evidence(surroundings: float, mining_share: float, n_settling: int) -> Optional[str]:
    """Why a site's evidence is weak (tier 2), None when it is a site:
    "lone" (a single settling PS: a group of one PS sinking and still PS
    around it that joined it by their smoothed Z; or :mod:`.lone_ps`),
    "moving" (the ground around settles more than
    :data:`MOVING_SURROUNDINGS` of its core) or "steady" (fewer than
    :data:`MIN_MINING_SHARE` of its settling core PS break into
    settlement: they move steadily, as a creeping slope does)."""
    if n_settling <= 1:
        return "lone"
    if surroundings > MOVING_SURROUNDINGS:
        return "moving"
    if mining_share < MIN_MINING_SHARE:
        return "steady"
    return None


def surroundings_share(row, xy, z, tree):
    """How much of a site's settlement the PS around it share: the median
    Z of the PS (not the site's) between :data:`SURROUNDINGS_RADII` bowl
    radii of its centre (at least :data:`SURROUNDINGS_MIN_M` m), over the
    median Z of its core. Near 0 for a mine's bowl, whose surroundings
    stand still; near 1 or more where the ground moves as a whole (a
    creeping slope). NaN with fewer than :data:`SURROUNDINGS_MIN_PS` PS
    there."""
    inner = max(SURROUNDINGS_RADII[0] * row["bowl_radius_m"], SURROUNDINGS_MIN_M[0])
    outer = max(SURROUNDINGS_RADII[1] * row["bowl_radius_m"], SURROUNDINGS_MIN_M[1])
    centre = np.array([row["x"], row["y"]])
    near = np.asarray(tree.query_ball_point(centre, outer), np.int64)
    near = near[np.hypot(*(xy[near] - centre).T) >= inner]
    near = np.setdiff1d(near, row["members"])
    ring = z[near][np.isfinite(z[near])]
    core = row["core_z"]
    if len(ring) < SURROUNDINGS_MIN_PS or not core > 0:
        return float("nan")
    return float(np.median(ring) / core)


def _overlap(a, b):
    """Whether the active periods of two described sites overlap (a site
    still active runs to the end)."""
    end_a = a["stop"] if not np.isnat(a["stop"]) else np.datetime64("9999-12-31")
    end_b = b["stop"] if not np.isnat(b["stop"]) else np.datetime64("9999-12-31")
    return a["onset"] <= end_b and b["onset"] <= end_a


def _merge_fragments(rows, describe):
    """Merge sites that are fragments of one bowl: centres within the sum
    of their bowl radii and overlapping periods; the merged site is
    described afresh from the union of the PS."""
    merged = True
    while merged:
        merged = False
        for i in range(len(rows)):
            for j in range(i + 1, len(rows)):
                a, b = rows[i], rows[j]
                reach = a["bowl_radius_m"] + b["bowl_radius_m"]
                if np.hypot(a["x"] - b["x"], a["y"] - b["y"]) <= reach and _overlap(a, b):
                    union = np.union1d(a["members"], b["members"])
                    rows = [r for k, r in enumerate(rows) if k not in (i, j)] + [describe(union)]
                    merged = True
                    break
            if merged:
                break
    return rows


def _describe(members, xy, series, dates, t_days, building_id, z, z_smooth, support, corrected,
              params):
    peak = float(np.nanmax(z_smooth[members]))
    core = members[z_smooth[members] >= 0.5 * peak]
    weight = np.clip(z_smooth[core], 0, None) ** 2
    x, y = np.average(xy[core], axis=0, weights=weight if weight.sum() > 0 else None)
    core_series = series.rows(core)
    median = nan_median(core_series, 0)
    fit = fit_ramp(median, t_days)
    i, j, a, b, _ = fit
    active_days = max(t_days[j] - t_days[i], 1.0)
    still_active = j == len(dates) - 1 and median[-1] > b - 0.1 * abs(b - a)
    # the PS judged one by one are the core's own settling PS: next to a
    # large bowl, still PS reach the core by their smoothed Z alone, and
    # their steady series would say nothing of the bowl
    settling = np.flatnonzero(z[core] > params.settling_mm)
    judged = settling if len(settling) else np.arange(len(core))
    modelled = judged[np.argsort(-z_smooth[core][judged], kind="stable")][:params.max_modelled_ps]
    models = fit_ps_models(core_series[modelled], dates)
    mining_share = float(np.mean(models.model == MINING))
    amplitude = min(1.0, peak / (3.0 * params.min_cumulative_mm))
    backing = min(1.0, float(support[members].max()) / (3.0 * params.min_support))
    return {
        "members": members, "x": float(x), "y": float(y),
        "score": float(np.cbrt(amplitude * backing * mining_share)),
        "onset": dates[onset_from_rise(median, t_days, fit)],
        "stop": np.datetime64("NaT") if still_active else dates[j],
        "max_settlement_mm": float(np.nanmax(z[core])),
        "rate_mm_per_year": float((b - a) / active_days * 365.25),
        "bowl_radius_m": float(np.hypot(*(xy[members] - (x, y)).T).max()),
        "n_ps": int(len(members)),
        "n_buildings": int(len(np.unique(building_id[members][building_id[members] >= 0]))),
        "n_unwrap_corrected": int(corrected[members].sum()),
        "mining_share": mining_share,
        "consolidation_share": float(np.mean(models.model == CONSOLIDATION)),
        # settling PS that count against "lone": a quarter of the peak at least,
        # as for a lone PS's neighbours (lone_ps.LONE_NEIGHBOUR_SHARE)
        "n_settling": int((z[core] > max(params.settling_mm,
                                         LONE_NEIGHBOUR_SHARE * float(np.nanmax(z[core])))).sum()),
        "seasonal_mm": float(np.median(models.seasonal_mm)),
        "core_z": float(np.nanmedian(z[core])),
    }


def cascade_like_tables(result, building_id):
    """The bowl detector's result in the shape of the cascade's outputs, so
    one set of writers serves both methods: (per-point view with
    ``anomalous``, ``first_flag_date``/``last_flag_date`` (the site's onset
    and stop), ``cumulative_mm`` and NaN/0 for the cascade-only fields,
    :class:`.sites.BuildingTable`, :class:`.sites.SiteTable` with site ids
    1…n)."""
    from types import SimpleNamespace

    from .sites import SiteTable

    sites, site = result.sites, result.site_of_point
    building_id = np.asarray(building_id, np.int64)
    n_points = len(site)
    member = site >= 0
    onset = np.full(n_points, np.datetime64("NaT"), "datetime64[D]")
    stop = onset.copy()
    onset[member], stop[member] = sites.onset[site[member]], sites.stop[site[member]]
    nan = np.full(n_points, np.nan, np.float32)
    points = SimpleNamespace(anomalous=member, first_flag_date=onset, last_flag_date=stop,
                             n_flagged=np.zeros(n_points, np.int64), max_step_mm=nan,
                             gradient_at_max=nan, eta_at_max=nan,
                             cumulative_mm=result.cumulative_mm)
    site_table = SiteTable(site_id=np.arange(1, len(sites) + 1), x=sites.x, y=sites.y,
                           n_points=sites.n_ps, n_buildings=sites.n_buildings,
                           max_cumulative_mm=sites.max_settlement_mm.astype(np.float32),
                           est_start=sites.onset, est_end=sites.stop, flag_start=sites.onset,
                           flag_end=sites.stop)
    buildings = _building_table(building_id, site, result.cumulative_mm, sites)
    return points, buildings, site_table


def _building_table(building_id, site, cumulative_mm, sites):
    """One row per building holding PS of a site: its PS, those in a site,
    the largest Z of its PS, and the site (1…n) and period of its PS with
    the largest Z."""
    from .sites import BuildingTable

    in_site = (site >= 0) & (building_id >= 0)
    hit = np.unique(building_id[in_site])
    n = len(hit)
    row = np.minimum(np.searchsorted(hit, building_id), max(n - 1, 0))
    known = (building_id >= 0) & (n > 0)
    known &= hit[row] == building_id if n else known
    z = np.where(np.isfinite(cumulative_mm), cumulative_mm, -np.inf)
    zmax = np.full(n, -np.inf)
    np.fmax.at(zmax, row[known], z[known])
    idx = np.flatnonzero(in_site)
    order = idx[np.lexsort((z[idx], row[idx]))]  # by building, then Z
    last = order[np.r_[row[order][1:] != row[order][:-1], True]] if len(order) else order
    best = np.full(n, -1, np.int64)
    best[row[last]] = site[last]
    start = np.full(n, np.datetime64("NaT"), "datetime64[D]")
    end = start.copy()
    start[best >= 0], end[best >= 0] = sites.onset[best[best >= 0]], sites.stop[best[best >= 0]]
    return BuildingTable(
        building_id=hit, n_ps=np.bincount(row[known], minlength=n),
        n_anomalous=np.bincount(row[in_site], minlength=n),
        max_cumulative_mm=np.where(np.isfinite(zmax), zmax, np.nan).astype(np.float32),
        est_start=start, est_end=end, flag_start=start.copy(), flag_end=end.copy(),
        site_id=np.where(best >= 0, best + 1, -1))


def _empty_sites():
    empty, nodate = np.empty(0), np.empty(0, "datetime64[D]")
    return RobustSites(empty, empty, empty, nodate, nodate, empty, empty, empty,
                       np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int64),
                       empty, empty, np.empty(0, np.int64), empty, np.empty(0, object))


__all__ = ["BackgroundGrid", "BowlEvidence", "PreparedSeries", "RobustParams", "RobustResult",
           "RobustSites", "bowl_evidence", "bowl_sites", "box_sum", "evidence_halo_cells",
           "cascade_like_tables", "cumulative", "detect_bowls", "neighbourhood"]
