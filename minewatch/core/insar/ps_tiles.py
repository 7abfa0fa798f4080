"""A PS table cut into spatial tiles, each read from the file on its own,
so the detection runs tile by tile — in this process or on a Dask cluster
(issue 18) — and gives the very result of the whole table in one piece.

The client reads the positions only (FID, x, y: O(N), never the (N, T)
series) and cuts the background grid of the bowl detector
(:class:`.robust.BackgroundGrid`, ``background_cell_m`` cells) into square
tiles of ``tile_cells`` cells. A tile's *core* PS are those in its cells;
it also reads a *halo* of cells around them: what the core's evidence
reads beyond it (neighbours, their neighbours, the background's window —
:func:`.robust.evidence_halo_cells`; the cascade's neighbour radius). Each
PS is in the core of exactly one tile.

Each tile reads its PS back from the file by FID (within a bounding box,
so a GeoPackage's spatial index or a CSV's coordinate filter skips the
rest) and returns the evidence of its core:

- bowls: Z and corrected jumps per core PS, and the candidates with their
  prepared series; the client links the candidates of all tiles into sites,
  so a bowl across a tile border is one site, built once.
- cascade: each core building PS's seeds (pair, step, G) and Z; the client
  puts the seeds in the in-process order and reduces η per date pair over
  all of them, so every flag is the whole table's.

Sums run in the same order as on the whole table (neighbours by index,
the background's window shift by shift), so the result equals the
in-process one to the bit (tests/unit/test_ps_tiles.py).

Units: positions in metres of the working (projected) CRS, settlement in
mm positive down, dates datetime64[D].
"""
from dataclasses import dataclass
from typing import Optional

import numpy as np

from ..common.errors import translatable
from ..common.messages import Message
from ..common.progress import ScaledFeedback, as_feedback, step
from .dates import PsInputError
from .reader import has_fast_filter, read_ps_rows
from .series import MAX_PLAUSIBLE_MM, drop_implausible, settlement_factor

# PS per tile aimed at: a tile's series (PS × dates × 4 bytes, with its
# halo) stay a few hundred MB on a worker
TILE_PS = 250_000
# a tile is at least this many times as wide as its halo, so the halo (read
# twice) stays a modest share of the work
MIN_TILE_HALOS = 4
# rows of each tile's core kept for the plausibility warnings
SAMPLE_ROWS = 2_000


@dataclass(frozen=True)
class PsFileSource:
    """Where the workers read PS series from: an OGR file (``layer``; a
    CSV's ``x_field``/``y_field``), the date fields in date order, and the
    factor taking its values to settlement in mm, positive down."""

    path: str
    date_names: tuple
    factor: float
    layer: object = None
    x_field: Optional[str] = None
    y_field: Optional[str] = None

    @classmethod
    def of(cls, path, date_names, units="mm", sign="negative", layer=None, x_field=None,
           y_field=None):
        return cls(path, tuple(date_names), settlement_factor(units, sign), layer, x_field,
                   y_field)


@dataclass(frozen=True)
class PsTile:
    """One tile's job: the FIDs (ascending, as in the file) of the PS it reads, their
    positions ``xy`` (m, working CRS) and ``building_id`` (−1: none),
    ``core`` (True for its own PS), its cells ``core_cells`` and
    ``held`` (i0, i1, j0, j1 inclusive, of the bowls' background grid), and
    ``bbox`` (of the same PS in the file's coordinates)."""

    fids: np.ndarray
    xy: np.ndarray
    building_id: np.ndarray
    core: np.ndarray
    core_cells: tuple
    held: tuple
    bbox: tuple


class PsTilePlan:
    """The tiles of a PS set on ``grid`` (:class:`.robust.BackgroundGrid`):
    ``tile_cells`` cells a side, each holding ``halo_cells`` more around
    its core (default: about :data:`TILE_PS` PS, and :data:`MIN_TILE_HALOS`
    halos wide). PS without a finite position are in no tile."""

    def __init__(self, grid, xy, halo_cells, tile_cells=None):
        self.grid, self.halo = grid, int(halo_cells)
        xy = np.asarray(xy, np.float64)
        finite = np.isfinite(xy).all(axis=1)
        i, j = grid.cells(np.where(finite[:, None], xy, np.asarray(grid.origin)))
        self.i, self.j, self.finite = i, j, finite
        if tile_cells is None:
            occupied = max(1, len(np.unique(j[finite] * grid.shape[1] + i[finite])))
            per_cell = max(1.0, finite.sum() / occupied)
            tile_cells = max(int(np.sqrt(TILE_PS / per_cell)), MIN_TILE_HALOS * self.halo)
        self.tile_cells = max(int(tile_cells), 1)
        across = -(-grid.shape[1] // self.tile_cells)
        tile_id = np.where(finite, (j // self.tile_cells) * across + i // self.tile_cells, -1)
        order = np.argsort(tile_id, kind="stable")
        ids, starts = np.unique(tile_id[order], return_index=True)
        ends = np.r_[starts[1:], len(order)]
        self.cores = []  # (core cell range, the core's PS indices ascending)
        for tid, a, b in zip(ids, starts, ends):
            if tid < 0:
                continue
            ti, tj = int(tid % across), int(tid // across)
            cells = (ti * self.tile_cells, min((ti + 1) * self.tile_cells, grid.shape[1]) - 1,
                     tj * self.tile_cells, min((tj + 1) * self.tile_cells, grid.shape[0]) - 1)
            self.cores.append((cells, order[a:b]))

    def __len__(self):
        return len(self.cores)

    def tiles(self, fid, xy, building_id, file_xy=None):
        """The :class:`PsTile` jobs, made one at a time (the client never
        holds them all); ``fid`` increasing in the order of the set (see
        :func:`check_positions`), so a tile's PS keep the set's order;
        ``file_xy``: positions in the file's CRS (default ``xy``) for the
        bounding boxes."""
        file_xy = xy if file_xy is None else file_xy
        for cells, core_index in self.cores:
            held = self.grid.grow(cells, self.halo)
            index = np.flatnonzero(self.finite & (self.i >= held[0]) & (self.i <= held[1])
                                   & (self.j >= held[2]) & (self.j <= held[3]))
            corner = file_xy[index]
            yield PsTile(fid[index], xy[index], building_id[index],
                         np.isin(index, core_index), cells, held,
                         tuple(np.r_[corner.min(axis=0), corner.max(axis=0)]))


def read_tile(tile, source):
    """The tile's settlement (float32 (n, T), mm positive down; implausible
    values dropped) and its data counts (missing cells and cells of its
    core, implausible values dropped there, a sample of its core rows)."""
    values = read_ps_rows(source.path, tile.fids, source.date_names, tile.bbox, source.layer,
                          source.x_field, source.y_field)
    if source.factor != 1:
        values *= np.float32(source.factor)
    # counted on the core only: a halo PS is some other tile's core
    core = np.flatnonzero(tile.core)
    core_values = values[core]
    missing = int(np.isnan(core_values).sum())
    dropped_core = int((np.abs(core_values) > MAX_PLAUSIBLE_MM).sum())
    del core_values
    drop_implausible(values)
    sample = values[core[::max(1, len(core) // SAMPLE_ROWS)]]
    return values, TileCounts(missing, len(core) * values.shape[1], dropped_core, sample)


@dataclass
class TileCounts:
    """Data counts of a tile's core, summed by the client for the warnings
    the in-process path gives: ``missing`` cells of ``cells``, ``dropped``
    implausible values, ``sample`` rows (settlement mm)."""

    missing: int
    cells: int
    dropped: int
    sample: np.ndarray


def check_positions(fid: np.ndarray, xy: np.ndarray) -> None:
    """Refuse a table whose FIDs are not unique and increasing in the order
    read (a tile is read back by FID, in file order)."""
    if len(fid) and np.any(np.diff(fid) <= 0):
        raise PsInputError(translatable(
            "The PS file's feature ids (FID) are not unique and increasing, so it cannot be "
            "read tile by tile. Save it as a GeoPackage (Export > Save Features As…) and use "
            "that."))
    if not np.isfinite(xy).all(axis=1).any():
        raise PsInputError(translatable("No PS of the file has a position."))


# -- bowls ----------------------------------------------------------------

def bowl_tile(tile, source, k0, k1, params, grid):
    """Steps 1–4 of the bowl detector on one tile (a plain function: it
    runs on a Dask worker as well as here): its core's
    :class:`.robust.BowlEvidence` — PS in the order of the core, candidates
    as positions in it — and its :class:`TileCounts`."""
    from .robust import BowlEvidence, bowl_evidence

    values, counts = read_tile(tile, source)
    evidence = bowl_evidence(tile.xy, values, k0, k1, params, grid=grid, held=tile.held,
                             core=tile.core_cells)
    core = np.flatnonzero(tile.core)
    return BowlEvidence(evidence.z[core], evidence.corrected[core],
                        np.searchsorted(core, evidence.candidates), evidence.rows,
                        evidence.z_smooth, evidence.support,
                        np.searchsorted(core, evidence.lone), evidence.lone_rows), counts


def detect_bowls_tiled(plan, tiles, source, dates, xy, building_id, params=None, *,
                       tiles_map=None, feedback=None):
    """The bowl detector (:func:`.robust.detect_bowls`) on a tiled PS file:
    ``plan`` a :class:`PsTilePlan` whose ``tiles`` (its jobs) are run by
    ``tiles_map(function, tiles, *args)`` (default: here, one after the
    other; :class:`..scaleout.ordered.ClusterMap` on a cluster); ``dates``
    of the file's date fields, ``xy``/``building_id`` of the whole set.
    Returns (:class:`.robust.RobustResult`, summed :class:`TileCounts`)."""
    from .robust import BowlEvidence, RobustParams, bowl_sites
    from .series import window_epochs

    params = params or RobustParams()
    feedback = as_feedback(feedback)
    dates = np.asarray(dates, "datetime64[D]")
    k0, k1 = window_epochs(dates, params.start, params.end)
    n = len(xy)
    z = np.full(n, np.nan)
    corrected = np.zeros(n, np.int64)
    picked, rows, z_smooth, support, counts, lone, lone_rows = [], [], [], [], [], [], []
    for core, (result, tile_counts) in _tile_results(
            plan, tiles, tiles_map, feedback, bowl_tile, source, k0, k1, params, plan.grid):
        z[core], corrected[core] = result.z, result.corrected
        picked.append(core[result.candidates])
        rows.append(result.rows)
        z_smooth.append(result.z_smooth)
        support.append(result.support)
        lone.append(core[result.lone])
        lone_rows.append(result.lone_rows)
        counts.append(tile_counts)
    no_rows = np.empty((0, k1 - k0 + 1), np.float32)
    evidence = BowlEvidence(
        z, corrected,
        *_in_order(picked, (rows, no_rows), (z_smooth, np.empty(0)),
                   (support, np.empty(0, np.int64))),
        *_in_order(lone, (lone_rows, no_rows)))
    result = bowl_sites(np.asarray(xy, np.float64), dates[k0:k1 + 1], building_id, evidence,
                        params, ScaledFeedback(feedback, 90.0, 10.0))
    step(feedback, 1, 1, 90.0, 10.0)
    return result, sum_counts(counts, len(source.date_names))


def _in_order(points, *columns):
    """The tiles' PS indices and their per-PS ``columns`` (each a pair: the
    tiles' parts, and the empty array that stands for none), stacked and
    sorted by PS index: (indices, column, …)."""
    index = np.concatenate(points) if points else np.empty(0, np.int64)
    order = np.argsort(index, kind="stable")
    return (index[order],) + tuple((np.concatenate(parts) if parts else empty)[order]
                                   for parts, empty in columns)


def sum_counts(counts, width):
    """The tiles' :class:`TileCounts` summed (samples stacked)."""
    return TileCounts(sum(c.missing for c in counts), sum(c.cells for c in counts),
                      sum(c.dropped for c in counts),
                      np.concatenate([c.sample for c in counts])
                      if counts else np.empty((0, width), np.float32))


def _tile_results(plan, tiles, tiles_map, feedback, function, *args):
    """(core PS indices, ``function(tile, *args)``) of each tile of
    ``plan``, in its order: the tiles run by ``tiles_map`` (default here);
    progress 0–90 % and Cancel after each tile."""
    results = (tiles_map or _here)(function, tiles, *args)
    for number, ((_, core), result) in enumerate(zip(plan.cores, results)):
        yield core, result
        step(feedback, number + 1, len(plan), 0.0, 90.0)


def _here(function, items, *args):
    """``tiles_map`` of this process: one tile after the other."""
    for item in items:
        yield function(item, *args)


# -- the patent's cascade ---------------------------------------------------

@dataclass
class CascadeTileResult:
    """A tile's cascade evidence: Z of its core building PS (``z``, in the
    order of the core, NaN off buildings) and the seeds of its core
    (``point`` positions in the core, ``pair`` k from the window's start,
    ``step_mm``, ``gradient``, ``n_neighbours``)."""

    z: np.ndarray
    point: np.ndarray
    pair: np.ndarray
    step_mm: np.ndarray
    gradient: np.ndarray
    n_neighbours: np.ndarray


def cascade_tile(tile, source, k0, k1, params):
    """Steps 401–404 and 406's Z of the cascade on one tile's core
    building PS, with neighbours among all its building PS: its
    :class:`CascadeTileResult` and :class:`TileCounts`."""
    from .cascade import seed_gradients

    values, counts = read_tile(tile, source)
    in_cascade = (tile.building_id >= 0) & np.isfinite(tile.xy).all(axis=1)
    z, local, pair, step_mm, grad, count = seed_gradients(
        tile.xy, values, in_cascade, k0, k1, params, judged=tile.core)
    core = np.flatnonzero(tile.core)
    return CascadeTileResult(z[core], np.searchsorted(core, local), pair, step_mm, grad,
                             count), counts


def detect_anomalies_tiled(plan, tiles, source, dates, xy, building_id, params=None, *,
                           tiles_map=None, feedback=None):
    """The patent's cascade (:func:`.cascade.detect_anomalies`) on a tiled
    PS file (arguments as :func:`detect_bowls_tiled`; the plan's halo
    covers the neighbour radius). Returns (:class:`.cascade.CascadeResult`,
    summed :class:`TileCounts`)."""
    from .cascade import CascadeParams, check_inputs, reduce_seeds, seed_order
    from .series import window_epochs

    params = params or CascadeParams()
    params.validate()
    feedback = as_feedback(feedback)
    dates = np.asarray(dates, "datetime64[D]")
    xy, dates, in_cascade = check_inputs(xy, None, dates, building_id)
    k0, k1 = window_epochs(dates, params.start, params.end)
    n = len(xy)
    cumulative = np.full(n, np.nan, np.float32)
    seeds, counts = [], []
    for core, (result, tile_counts) in _tile_results(
            plan, tiles, tiles_map, feedback, cascade_tile, source, k0, k1, params):
        cumulative[core] = result.z
        seeds.append((core[result.point], result.pair, result.step_mm, result.gradient,
                      result.n_neighbours))
        counts.append(tile_counts)
    point, pair, step_mm, grad, count = (np.concatenate(column) for column in zip(*seeds)) \
        if seeds else (np.empty(0, np.int64), np.empty(0, np.int32), np.empty(0, np.float32),
                       np.empty(0, np.float32), np.empty(0, np.int32))
    # the seeds in the order the in-process run makes them, so η sums alike
    order = seed_order(xy, point, pair, params.neighbour_distance_m)
    result = reduce_seeds(n, dates, params, (k0, k1), in_cascade=in_cascade,
                          cumulative=cumulative, point=point[order], pair=pair[order],
                          step_mm=step_mm[order], grad=grad[order], count=count[order])
    step(feedback, 1, 1, 90.0, 10.0)
    return result, sum_counts(counts, len(source.date_names))


class TiledPsFile:
    """A PS file run tile by tile (a :class:`.detection.SettlementSeries`):
    its :class:`PsFileSource`, the FIDs and file-CRS positions read by the
    client (``fid``, ``file_xy``) and the ``units`` of its values (for the
    warnings)."""

    def __init__(self, source, fid, file_xy, units):
        self.source, self.fid, self.file_xy, self.units = source, fid, file_xy, units

    def detect(self, method, xy, dates, building_id, params, feedback=None, client=None):
        """The detector of ``method`` ("robust": :func:`detect_bowls_tiled`
        on background cells; "patent": :func:`detect_anomalies_tiled` on
        cells of the neighbour radius, whose halo of one cell holds every
        neighbour) with its ``params``, on the Dask ``client`` (None: the
        tiles run here, one after the other)."""
        if method == "robust":
            from .robust import evidence_halo_cells

            return self.run(detect_bowls_tiled, feedback, xy, dates, building_id, params,
                            cell_m=params.background_cell_m,
                            halo_cells=evidence_halo_cells(params), client=client)
        return self.run(detect_anomalies_tiled, feedback, xy, dates, building_id, params,
                        cell_m=params.neighbour_distance_m, halo_cells=1, client=client)

    def run(self, detector, feedback, xy, dates, building_id, params, *, cell_m, halo_cells,
            client=None):
        """``detector`` (:func:`detect_bowls_tiled` or
        :func:`detect_anomalies_tiled`) on tiles of ``cell_m`` cells with
        ``halo_cells`` of halo, on the Dask ``client`` or here; tells the
        data warnings the in-process path gives; returns the detector's
        result."""
        from ..common.messages import tell
        from .robust import BackgroundGrid
        from .series import plausibility_warnings, table_warnings

        grid = BackgroundGrid.covering(xy, cell_m)
        plan = PsTilePlan(grid, xy, halo_cells)
        tiles_map = None
        if client is not None:
            from ..scaleout.ordered import ClusterMap

            tiles_map = ClusterMap(client, feedback)
        tell(feedback, Message(translatable(
            "{n} PS in {tiles} tile(s) of {size:g} m with a halo of {halo:g} m."),
            n=int(plan.finite.sum()), tiles=len(plan), size=plan.tile_cells * cell_m,
            halo=halo_cells * cell_m))
        if len(plan) > 1 and not has_fast_filter(self.source.path, self.source.layer,
                                                  self.source.x_field, self.source.y_field):
            tell(feedback, Message(translatable(
                "The PS file has no spatial index, so each of the {tiles} tiles reads the whole "
                "file. For large files, save the PS as a GeoPackage and give it a spatial index "
                "(Vector > Data Management Tools > Create Spatial Index)."), tiles=len(plan)),
                warning=True)
        result, counts = detector(plan, plan.tiles(self.fid, xy, building_id, self.file_xy),
                                  self.source, dates, xy, building_id, params,
                                  tiles_map=tiles_map, feedback=feedback)
        for warning in (table_warnings(np.empty((0, 0)), [], counts=(counts.missing, counts.cells))
                        + plausibility_warnings(counts.sample, self.units, counts.dropped)):
            tell(feedback, warning, warning=True)
        return result

    def report_rows(self, xy, sites, site_of_point):
        """The settlement (mm, positive down) of the PS the inspector's
        report shows around ``sites`` (x, y, members: ``site_of_point``
        1…n), read back from the file: an object indexed like an (N, T)
        array at those PS."""
        from .site_report import LOCAL_MIN_M, LOCAL_RADII, STABLE_RING

        # the local map's reach, and the ring of stable PS beyond it
        share = max(1.0, STABLE_RING[1] / LOCAL_RADII)

        near = np.zeros(len(xy), bool)
        for i in range(len(sites)):
            members = np.flatnonzero(site_of_point == sites.site_id[i])
            distance = np.hypot(xy[:, 0] - sites.x[i], xy[:, 1] - sites.y[i])
            radius = float(distance[members].max()) if len(members) else 0.0
            near |= distance <= share * max(LOCAL_MIN_M, LOCAL_RADII * radius) + 1.0
        index = np.flatnonzero(near & np.isfinite(xy).all(axis=1))
        rows = np.empty((0, len(self.source.date_names)), np.float32)
        if len(index):
            corner = self.file_xy[index]
            rows = read_ps_rows(self.source.path, self.fid[index], self.source.date_names,
                                tuple(np.r_[corner.min(axis=0), corner.max(axis=0)]),
                                self.source.layer, self.source.x_field, self.source.y_field)
            rows *= np.float32(self.source.factor)
            drop_implausible(rows)
        return RowsAt(index, rows)


class RowsAt:
    """Rows of an (N, T) array known at the PS ``index`` (ascending) only,
    indexed as the whole array would be there."""

    def __init__(self, index, rows):
        self.index, self.rows = index, rows

    def __getitem__(self, point):
        at = np.searchsorted(self.index, point)
        if not np.array_equal(self.index[np.minimum(at, len(self.index) - 1)], point):
            raise IndexError("rows asked for PS that were not read")
        return self.rows[at]


__all__ = ["RowsAt", "TiledPsFile", "CascadeTileResult", "PsFileSource", "PsTile", "PsTilePlan",
           "TileCounts", "bowl_tile", "cascade_tile", "check_positions", "detect_anomalies_tiled",
           "detect_bowls_tiled", "read_tile", "sum_counts"]
