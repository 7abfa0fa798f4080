"""Suspected mining sites and per-building summaries from anomalous PS.

Sites: anomalous PS closer than ``site_distance`` metres are linked, and
the connected groups (single linkage) are sites, numbered 1..n by earliest
flag date, then by position. Settlement values are mm, positive =
settlement.

Periods. ``flag_start``/``flag_end`` are the raw bounds: the earliest
first-flag date (t_k of a point's first flagged pair) and the latest
last-flag date (t_k+1 of a point's last flagged pair). One noise step of
one PS after the mining stopped (or before it began) stretches them, and
with ~16 % of noise seeds above η = mean + std that happens often. So
``est_start``/``est_end`` count only SUPPORTED pairs: pairs at which at
least max(min(min_support, n), ceil(support_fraction · n)) of the group's
n anomalous PS are flagged (defaults 2 and 0.25: a roof over a bowl has
several PS moving together, a noise step hits one or two of them).
``min_support=1, support_fraction=0`` gives the raw bounds.

Which sites and buildings lie in a licensed area: :mod:`.licensing`.
"""
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from .cascade import pair_dates

NAT = np.datetime64("NaT")


@dataclass
class SiteTable:
    """One row per site: ``site_id`` (1..n), centroid ``x``/``y`` (mean of its
    anomalous PS, m), ``n_points`` anomalous PS, ``n_buildings`` distinct
    buildings among them, ``max_cumulative_mm``, ``flag_start``/``flag_end``
    raw and ``est_start``/``est_end`` supported period bounds
    (datetime64[D], see the module doc)."""

    site_id: np.ndarray
    x: np.ndarray
    y: np.ndarray
    n_points: np.ndarray
    n_buildings: np.ndarray
    max_cumulative_mm: np.ndarray
    est_start: np.ndarray
    est_end: np.ndarray
    flag_start: np.ndarray
    flag_end: np.ndarray

    def __len__(self):
        return len(self.site_id)


@dataclass
class BuildingTable:
    """One row per building with ≥ 1 anomalous PS: ``building_id``,
    ``n_ps`` PS on the building, ``n_anomalous``, ``max_cumulative_mm``
    (over all its PS), ``est_start``/``est_end`` and ``flag_start``/
    ``flag_end`` (over its anomalous PS, as for sites), ``site_id`` (site
    of its anomalous PS with the largest Z, −1 without sites)."""

    building_id: np.ndarray
    n_ps: np.ndarray
    n_anomalous: np.ndarray
    max_cumulative_mm: np.ndarray
    est_start: np.ndarray
    est_end: np.ndarray
    flag_start: np.ndarray
    flag_end: np.ndarray
    site_id: np.ndarray

    def __len__(self):
        return len(self.building_id)


def link_sites(xy, anomalous, site_distance=50.0):
    """Site id per point (1..n, −1 = not anomalous) by single linkage.

    Points are linked when their distance is < ``site_distance`` m
    (cKDTree's ≤ on a radius shrunk by one ulp)."""
    xy = np.asarray(xy, np.float64)
    idx = np.flatnonzero(anomalous)
    labels = np.full(len(xy), -1, np.int64)
    if len(idx) == 0:
        return labels
    radius = np.nextafter(float(site_distance), 0.0)
    pairs = cKDTree(xy[idx]).query_pairs(radius, output_type="ndarray")
    graph = coo_matrix((np.ones(len(pairs), np.int8), (pairs[:, 0], pairs[:, 1])),
                       shape=(len(idx), len(idx)))
    _, comp = connected_components(graph, directed=False)
    labels[idx] = comp
    return labels


def _renumber(labels, start_date, x, y):
    """Renumber component labels 1..n by earliest start, then x, then y."""
    idx = np.flatnonzero(labels >= 0)
    comp = labels[idx]
    n = comp.max() + 1
    first = np.full(n, np.iinfo(np.int64).max)
    starts = start_date[idx].astype(np.int64)  # NaT is the most negative int64
    starts = np.where(np.isnat(start_date[idx]), np.iinfo(np.int64).max, starts)
    np.minimum.at(first, comp, starts)
    cx = np.bincount(comp, weights=x[idx], minlength=n)
    cy = np.bincount(comp, weights=y[idx], minlength=n)
    rank = np.empty(n, np.int64)
    rank[np.lexsort((cy, cx, first))] = np.arange(1, n + 1)
    out = labels.copy()
    out[idx] = rank[comp]
    return out


def summarise_sites(xy, building_id, result, site_distance=50.0, min_support=2, support_fraction=0.25):
    """Link anomalous PS of a :class:`~.cascade.CascadeResult` into sites.

    Returns ``(site_of_point, SiteTable)``; ``site_of_point`` is −1 for
    points in no site."""
    xy = np.asarray(xy, np.float64)
    building_id = np.asarray(building_id, np.int64)
    first, last = result.first_flag_date, result.last_flag_date
    labels = link_sites(xy, result.anomalous, site_distance)
    if not (labels >= 0).any():
        empty, nodate = np.empty(0), np.empty(0, "datetime64[D]")
        return labels, SiteTable(np.empty(0, np.int64), empty, empty, np.empty(0, np.int64),
                                 np.empty(0, np.int64), empty.astype(np.float32),
                                 nodate, nodate, nodate, nodate)
    labels = _renumber(labels, first, xy[:, 0], xy[:, 1])
    idx = np.flatnonzero(labels >= 0)
    site = labels[idx] - 1
    n = site.max() + 1
    count = np.bincount(site, minlength=n)
    x = np.bincount(site, weights=xy[idx, 0], minlength=n) / count
    y = np.bincount(site, weights=xy[idx, 1], minlength=n) / count
    zmax = np.full(n, -np.inf, np.float32)
    np.fmax.at(zmax, site, result.cumulative_mm[idx])
    pairs = np.unique(np.stack([site, building_id[idx]], axis=1), axis=0)
    pairs = pairs[pairs[:, 1] >= 0]
    n_buildings = np.bincount(pairs[:, 0], minlength=n)
    est_start, est_end = supported_period(labels - 1, result, n, min_support, support_fraction)
    table = SiteTable(site_id=np.arange(1, n + 1), x=x, y=y, n_points=count, n_buildings=n_buildings,
                      max_cumulative_mm=zmax, est_start=est_start, est_end=est_end,
                      flag_start=_date_reduce(site, first[idx], n, np.minimum),
                      flag_end=_date_reduce(site, last[idx], n, np.maximum))
    return labels, table


def _date_reduce(group, dates, n, ufunc):
    """Min or max of datetime64[D] per group, NaT where a group has none."""
    values = dates.astype(np.int64)
    missing = np.isnat(dates)
    fill = np.iinfo(np.int64).max if ufunc is np.minimum else np.iinfo(np.int64).min
    out = np.full(n, fill, np.int64)
    ufunc.at(out, group[~missing], values[~missing])
    dates_out = out.astype("datetime64[D]")
    dates_out[out == fill] = NAT
    return dates_out


def supported_period(group, result, n_groups, min_support=2, support_fraction=0.25):
    """Period bounds per group (0..n_groups-1 per point, −1 = none) from the
    pairs where enough of the group's n anomalous PS are flagged:
    max(min(min_support, n), ceil(support_fraction · n)). Returns (start t_k, end t_k+1) datetime64[D], NaT
    where no pair qualifies."""
    seeds = result.seeds
    n_pairs = len(result.dates) - 1
    group = np.asarray(group, np.int64)
    keep = seeds.flagged & result.anomalous[seeds.point] & (group[seeds.point] >= 0)
    g, k = group[seeds.point[keep]], seeds.pair[keep].astype(np.int64)
    size = np.bincount(group[result.anomalous & (group >= 0)], minlength=n_groups)
    keys, counts = np.unique(g * n_pairs + k, return_counts=True)
    g, k = keys // n_pairs, keys % n_pairs
    need = np.maximum(np.minimum(min_support, size[g]), np.ceil(support_fraction * size[g]))
    ok = counts >= need
    g, k = g[ok], k[ok]
    start = np.full(n_groups, n_pairs, np.int64)
    end = np.full(n_groups, -1, np.int64)
    np.minimum.at(start, g, k)
    np.maximum.at(end, g, k)
    first = np.where(start < n_pairs, start, -1).astype(np.int32)
    return pair_dates(result.dates, first, 0), pair_dates(result.dates, end.astype(np.int32), 1)


def summarise_buildings(building_id, result, site_of_point=None, min_support=2, support_fraction=0.25):
    """Per-building table for buildings with at least one anomalous PS."""
    building_id = np.asarray(building_id, np.int64)
    on = result.in_cascade & (building_id >= 0)
    hit = np.unique(building_id[on & result.anomalous])
    if len(hit) == 0:
        e, nodate = np.empty(0, np.int64), np.empty(0, "datetime64[D]")
        return BuildingTable(e, e, e, np.empty(0, np.float32), nodate, nodate, nodate, nodate, e)
    pos = np.searchsorted(hit, building_id)
    pos = np.minimum(pos, len(hit) - 1)
    member = on & (hit[pos] == building_id)
    idx = np.flatnonzero(member)
    b = pos[idx]
    n = len(hit)
    n_ps = np.bincount(b, minlength=n)
    anom = result.anomalous[idx]
    n_anom = np.bincount(b[anom], minlength=n)
    zmax = np.full(n, np.nan, np.float32)
    np.fmax.at(zmax, b, result.cumulative_mm[idx])
    ai, ab = idx[anom], b[anom]
    group = np.full(len(building_id), -1, np.int64)
    group[idx] = b
    est_start, est_end = supported_period(group, result, n, min_support, support_fraction)
    flag_start = _date_reduce(ab, result.first_flag_date[ai], n, np.minimum)
    flag_end = _date_reduce(ab, result.last_flag_date[ai], n, np.maximum)
    site_id = np.full(n, -1, np.int64)
    if site_of_point is not None:
        # the site of each building's anomalous PS with the largest Z
        order = np.lexsort((np.nan_to_num(result.cumulative_mm[ai], nan=-np.inf), ab))
        last = np.r_[ab[order][1:] != ab[order][:-1], True]
        site_id[ab[order][last]] = np.asarray(site_of_point)[ai[order][last]]
    return BuildingTable(building_id=hit, n_ps=n_ps, n_anomalous=n_anom, max_cumulative_mm=zmax,
                         est_start=est_start, est_end=est_end, flag_start=flag_start,
                         flag_end=flag_end, site_id=site_id)
