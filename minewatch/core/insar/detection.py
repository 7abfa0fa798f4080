"""Detect Subsidence Anomalies in one call: PS time series over buildings →
anomalous PS, flagged buildings and suspected mining sites, with their
licence status and WGS 84 positions.

:func:`detect_subsidence` is the pipeline's entry point; the Processing
algorithm, the Dask path and the benches call it. Its PS come as
:class:`PsPoints`, whose ``series`` is either in memory
(:class:`InMemorySettlement`) or a PS file read tile by tile
(:class:`.ps_tiles.TiledPsFile`, on a Dask cluster when a client is given):
both answer the same two questions (:class:`SettlementSeries`), so the
pipeline does not ask which one it holds.

Methods: ``"robust"`` (the bowl detector of :mod:`.robust`, the default)
and ``"patent"`` (the patent's cascade of :mod:`.cascade`). Units: positions
in metres in the buildings' projected CRS, settlement in mm with POSITIVE =
settlement, dates datetime64[D].
"""
from dataclasses import dataclass, field, replace
from typing import Any, List, Optional, Protocol, Sequence, Tuple, Union

import numpy as np

from ..common.errors import MineWatchInputError
from ..common.messages import Message, tell, tell_stage, translatable
from ..common.progress import ScaledFeedback, as_feedback
from .cascade import CascadeParams
from .licensing import licence_status
from .overlay import PolygonSet, polygon_ids_at
from .robust import RobustParams
from .sites import BuildingTable, SiteTable

METHODS = ("robust", "patent")
AUTO = "auto"  # the radar wavelength told by the dates' revisit
# anomalous PS of the patent's cascade closer than this form one site, m
SITE_DISTANCE_M = 50.0

NAT = np.datetime64("NaT", "D")


@dataclass(frozen=True)
class Polygons:
    """Polygons as the engine takes them: ``ids`` (int64, e.g. QGIS
    feature ids) and per polygon a list of (k, 2) rings (exterior and holes
    of every part) in the map CRS, metres."""

    ids: np.ndarray
    rings: Sequence[Sequence[np.ndarray]]

    def __len__(self) -> int:
        return len(self.ids)

    def of(self, ids: np.ndarray) -> List[Sequence[np.ndarray]]:
        """The rings of the polygons with ``ids`` (each present), in that order."""
        position = {int(i): p for p, i in enumerate(self.ids)}
        return [self.rings[position[int(i)]] for i in ids]


@dataclass(frozen=True)
class DetectionParams:
    """Settings of :func:`detect_subsidence`: the ``method`` (see
    :data:`METHODS`), each method's own settings, the radar
    ``wavelength_mm`` for the bowl detector's unwrapping correction (a
    number, None for no correction, or :data:`AUTO` from the dates' revisit;
    it replaces ``robust.wavelength_mm``) and the cascade's
    ``site_distance_m``."""

    method: str = "robust"
    robust: RobustParams = field(default_factory=RobustParams)
    cascade: CascadeParams = field(default_factory=CascadeParams)
    wavelength_mm: Union[float, None, str] = AUTO
    site_distance_m: float = SITE_DISTANCE_M


class SettlementSeries(Protocol):
    """The PS settlement series, wherever they are held."""

    def detect(self, method: str, xy: np.ndarray, dates: np.ndarray, building_id: np.ndarray,
               params: Any, feedback: Any = None, client: Any = None) -> Any:
        """The detector of ``method`` with its ``params`` on these series."""

    def report_rows(self, xy: np.ndarray, sites: SiteTable, site_of_point: np.ndarray) -> Any:
        """The settlement rows the inspector's report draws, indexed like an (N, T) array."""


class InMemorySettlement:
    """Settlement series held in memory: an (N, T) array, mm, positive =
    settlement (see :func:`.series.to_settlement`)."""

    def __init__(self, settlement: np.ndarray):
        self.settlement = settlement

    def detect(self, method: str, xy: np.ndarray, dates: np.ndarray, building_id: np.ndarray,
               params: Any, feedback: Any = None, client: Any = None) -> Any:
        """:func:`.robust.detect_bowls` or :func:`.cascade.detect_anomalies`
        here (``client`` is not used: the array is in this process)."""
        del client  # the array lives here; nothing to send to a cluster
        if method == "robust":
            from .robust import detect_bowls

            return detect_bowls(xy, self.settlement, dates, building_id, params, feedback)
        from .cascade import detect_anomalies

        return detect_anomalies(xy, self.settlement, dates, building_id, params, feedback)

    def report_rows(self, xy: np.ndarray, sites: SiteTable, site_of_point: np.ndarray) -> Any:
        """The whole array: every row is at hand."""
        del xy, sites, site_of_point  # every row is already in memory
        return self.settlement


@dataclass
class PsPoints:
    """The PS: ``pid`` (ids as in the file), ``xy`` (N, 2) positions in the
    buildings' CRS (m), acquisition ``dates`` (datetime64[D]) and their
    settlement ``series``."""

    pid: np.ndarray
    xy: np.ndarray
    dates: np.ndarray
    series: SettlementSeries


@dataclass
class SiteDetails:
    """Per-site columns beyond :class:`.sites.SiteTable`, NaN/NaT where the
    method has no such value (the cascade has no score): ``score`` 0–1,
    ``bowl_radius_m``, ``max_settlement_mm``, ``rate_mm_per_year``,
    ``onset``/``stop`` (NaT stop: still active), ``n_ps``,
    ``n_unwrap_corrected`` (None for the cascade), ``mining_share`` 0–1 and
    ``seasonal_mm``; ``tier`` 1 for a site, 2 for weaker evidence (a lone
    sinking PS, :mod:`.lone_ps`, or settlement the ground around shares);
    ``surroundings_share`` (:func:`.robust.surroundings_share`: near 0 for a
    mine's bowl, near 1 where the ground moves as a whole); ``weak_reason``
    why a tier-2 row's evidence is weak ("lone", "moving", "steady"; see
    :func:`.robust.weak_evidence`), '' for a site."""

    score: np.ndarray
    bowl_radius_m: np.ndarray
    max_settlement_mm: np.ndarray
    rate_mm_per_year: np.ndarray
    onset: np.ndarray
    stop: np.ndarray
    n_ps: np.ndarray
    n_unwrap_corrected: Optional[np.ndarray]
    mining_share: np.ndarray
    seasonal_mm: np.ndarray
    tier: np.ndarray
    surroundings_share: np.ndarray
    weak_reason: List[str]


@dataclass
class SubsidenceResult:
    """What :func:`detect_subsidence` found.

    ``building_id`` per PS (−1 off buildings); ``points`` the per-PS view
    (``anomalous``, ``first_flag_date``/``last_flag_date``, ``n_flagged``,
    ``max_step_mm``, ``gradient_at_max``, ``eta_at_max``, ``cumulative_mm``;
    NaN where the method has none); ``buildings`` one row per flagged
    building; ``sites`` numbered 1…n with ``site_of_point`` (1…n, −1 = none)
    and ``details``; ``site_licensed``/``building_licensed`` (None without
    licence areas); ``lonlat`` (n, 2) of the sites in WGS 84 (NaN without
    a CRS); the ``wavelength_mm`` used (robust)."""

    method: str
    building_id: np.ndarray
    points: Any
    buildings: BuildingTable
    sites: SiteTable
    site_of_point: np.ndarray
    details: SiteDetails
    site_licensed: Optional[np.ndarray]
    building_licensed: Optional[np.ndarray]
    lonlat: np.ndarray
    wavelength_mm: Optional[float] = None


def detect_subsidence(ps: PsPoints, buildings: Polygons, licences: Optional[Polygons] = None,
                      params: Optional[DetectionParams] = None, feedback: Any = None, *,
                      client: Any = None, crs_wkt: Optional[str] = None) -> SubsidenceResult:
    """Suspected underground mining from ``ps`` over ``buildings``.

    ``licences``: the licensed mining areas (None: licence status unknown).
    ``client``: a Dask client for series read tile by tile. ``crs_wkt``: the
    map CRS, for the sites' WGS 84 positions. Raises
    :class:`..common.errors.MineWatchInputError` when no PS lies on a
    building, :class:`..common.errors.Cancelled` when ``feedback`` asks to stop."""
    params = params or DetectionParams()
    if params.method not in METHODS:
        raise ValueError(f"unknown method {params.method!r}; one of {METHODS}")
    feedback = as_feedback(feedback)
    building_id = ps_on_buildings(ps.xy, buildings, ScaledFeedback(feedback, 0, 15))
    if params.method == "robust":
        wavelength = radar_wavelength(params.wavelength_mm, ps.dates, feedback)
        robust = replace(params.robust, wavelength_mm=wavelength)
        tell_stage(feedback, Message(translatable("Looking for subsidence bowls…")))
        raw = ps.series.detect("robust", ps.xy, ps.dates, building_id, robust,
                               ScaledFeedback(feedback, 15, 80), client)
        points, table, sites, site_of_point, details = _bowl_tables(raw, building_id,
                                                                    wavelength, feedback)
    else:
        wavelength = None
        tell_stage(feedback, Message(translatable(
            "Running the step / gradient / cumulative cascade…")))
        raw = ps.series.detect("patent", ps.xy, ps.dates, building_id, params.cascade,
                               ScaledFeedback(feedback, 15, 80), client)
        points, table, sites, site_of_point, details = _cascade_tables(
            raw, ps.xy, ps.dates, building_id, params.site_distance_m, feedback)
    site_licensed, building_licensed = licence_status(
        sites.x, sites.y, buildings.of(table.building_id),
        None if licences is None else licences.rings)
    if site_licensed is not None and len(sites):
        tell(feedback, Message(translatable("{n} of the sites lie outside every licensed area."),
                               n=int((~site_licensed).sum())))
    feedback.setProgress(100)
    return SubsidenceResult(params.method, building_id, points, table, sites, site_of_point,
                            details, site_licensed, building_licensed,
                            sites_lonlat(sites, crs_wkt), wavelength)


def ps_on_buildings(xy: np.ndarray, buildings: Polygons, feedback: Any = None) -> np.ndarray:
    """The id of the building each PS lies on (−1: none); refuses when no PS
    lies on a building."""
    building_id = polygon_ids_at(xy[:, 0], xy[:, 1],
                                 PolygonSet.from_rings(buildings.rings, buildings.ids), feedback)
    on = building_id >= 0
    if not on.any():
        raise MineWatchInputError(translatable(
            "No PS point lies inside a building polygon. Check that the PS and the "
            "buildings cover the same area and that both layers have the right CRS."))
    tell(feedback, Message(translatable("{n} of {total} PS lie on {b} buildings."),
                           n=int(on.sum()), total=len(xy), b=len(np.unique(building_id[on]))))
    return building_id


def radar_wavelength(wavelength_mm: Union[float, None, str], dates: np.ndarray,
                     feedback: Any = None) -> Optional[float]:
    """The radar wavelength (mm, or None: no unwrapping correction) to use:
    ``wavelength_mm`` itself, or with :data:`AUTO` the one the dates'
    median revisit points to, logged with the reason."""
    if wavelength_mm != AUTO:
        return None if wavelength_mm is None else float(wavelength_mm)
    from .radar_band import band_from_revisit

    band, wavelength, revisit = band_from_revisit(dates)
    if band is None:
        tell(feedback, Message(translatable(
            "Radar band auto: a median revisit of {days:g} days fits no known mission, so "
            "no unwrapping errors are corrected. Choose the radar band if you know it."),
            days=revisit))
    else:
        tell(feedback, Message(translatable(
            "Radar band auto: a median revisit of {days:g} days points to {band}-band "
            "(λ {wavelength:g} mm), used to correct unwrapping errors. Choose the radar band "
            "if it is another."), days=revisit, band=band, wavelength=wavelength))
    return wavelength


def _bowl_tables(raw: Any, building_id: np.ndarray, wavelength: Optional[float],
                 feedback: Any) -> Tuple[Any, BuildingTable, SiteTable, np.ndarray, SiteDetails]:
    """The bowl detector's :class:`.robust.RobustResult` as the outputs' tables."""
    from .robust import cascade_like_tables

    if raw.empty_dates:
        tell(feedback, Message(translatable(
            "{count} acquisition date(s) have no value at any PS ({dates}); they are left "
            "out."), count=len(raw.empty_dates), dates=", ".join(raw.empty_dates[:10])),
            warning=True)
    points, table, sites = cascade_like_tables(raw, building_id)
    found = raw.sites
    if wavelength:
        message = translatable("Window {t0} … {t1}: {s} suspected sites (bowls) from {n} PS; "
                               "{jumps} unwrapping jumps corrected.")
    else:
        message = translatable("Window {t0} … {t1}: {s} suspected sites (bowls) from {n} PS; "
                               "no wavelength, so no unwrapping jumps looked for.")
    tell(feedback, Message(message, t0=raw.dates[0], t1=raw.dates[-1], s=len(found),
                           n=int(points.anomalous.sum()),
                           jumps=int(raw.unwrap_corrected.sum())))
    weak = int((np.asarray(found.tier) == 2).sum())
    if weak:
        tell(feedback, Message(translatable(
            "{weak} of them are weaker evidence, listed after the sites (tier 2: a lone sinking "
            "PS, surroundings that move too, or steady motion; see the field tier2_reason and "
            "the report)."), weak=weak))
    site_of_point = np.where(raw.site_of_point >= 0, raw.site_of_point + 1, -1)
    details = SiteDetails(
        score=np.asarray(found.score, np.float64),
        bowl_radius_m=np.asarray(found.bowl_radius_m, np.float64),
        max_settlement_mm=np.asarray(found.max_settlement_mm, np.float64),
        rate_mm_per_year=np.asarray(found.rate_mm_per_year, np.float64),
        onset=np.asarray(found.onset, "datetime64[D]"),
        stop=np.asarray(found.stop, "datetime64[D]"),
        n_ps=np.asarray(found.n_ps, np.int64),
        n_unwrap_corrected=np.asarray(found.n_unwrap_corrected, np.int64),
        mining_share=np.asarray(found.mining_share, np.float64),
        seasonal_mm=np.asarray(found.seasonal_mm, np.float64),
        tier=np.asarray(found.tier, np.int64),
        surroundings_share=np.asarray(found.surroundings_share, np.float64),
        weak_reason=[str(r) for r in found.weak_reason])
    return points, table, sites, site_of_point, details


def _cascade_tables(raw: Any, xy: np.ndarray, dates: np.ndarray, building_id: np.ndarray,
                    site_distance_m: float, feedback: Any
                    ) -> Tuple[Any, BuildingTable, SiteTable, np.ndarray, SiteDetails]:
    """The cascade's :class:`.cascade.CascadeResult` linked into sites."""
    from .sites import summarise_buildings, summarise_sites

    site_of_point, sites = summarise_sites(xy, building_id, raw, site_distance_m)
    table = summarise_buildings(building_id, raw, site_of_point)
    k0, k1 = raw.window
    tell(feedback, Message(translatable(
        "Window {t0} … {t1}: {seeds} seeds over {pairs} date pairs, {anom} anomalous PS, "
        "{b} buildings, {s} suspected sites."),
        t0=np.asarray(dates, "datetime64[D]")[k0], t1=np.asarray(dates, "datetime64[D]")[k1],
        seeds=int(np.nansum(raw.n_seeds)), pairs=k1 - k0, anom=int(raw.anomalous.sum()),
        b=len(table), s=len(sites)))
    n = len(sites)
    nan = np.full(n, np.nan)
    details = SiteDetails(score=nan, bowl_radius_m=nan.copy(),
                          max_settlement_mm=np.asarray(sites.max_cumulative_mm, np.float64),
                          rate_mm_per_year=nan.copy(),
                          onset=np.asarray(sites.est_start, "datetime64[D]"),
                          stop=np.asarray(sites.est_end, "datetime64[D]"),
                          n_ps=np.asarray(sites.n_points, np.int64), n_unwrap_corrected=None,
                          mining_share=nan.copy(), seasonal_mm=nan.copy(),
                          tier=np.ones(n, np.int64), surroundings_share=nan.copy(),
                          weak_reason=[""] * n)
    return raw, table, sites, site_of_point, details


def sites_lonlat(sites: SiteTable, crs_wkt: Optional[str]) -> np.ndarray:
    """(n, 2) WGS 84 longitude, latitude of the sites, for the inspector's
    GPS; NaN without a CRS."""
    out = np.full((len(sites), 2), np.nan)
    if not len(sites) or not crs_wkt:
        return out
    from rasterio.crs import CRS
    from rasterio.warp import transform

    lon, lat = transform(CRS.from_wkt(crs_wkt), CRS.from_epsg(4326),
                         np.asarray(sites.x, np.float64), np.asarray(sites.y, np.float64))
    out[:, 0], out[:, 1] = lon, lat
    return out


def report_sites(result: SubsidenceResult, xy: np.ndarray) -> list:
    """The sites as the inspector's report shows them (:class:`.site_report.ReportSite`)."""
    from .site_report import ReportSite

    sites, details = result.sites, result.details
    out = []
    for i in range(len(sites)):
        members = np.flatnonzero(result.site_of_point == sites.site_id[i])
        radius = float(np.hypot(xy[members, 0] - sites.x[i],
                                xy[members, 1] - sites.y[i]).max()) if len(members) else 0.0
        out.append(ReportSite(
            0, int(sites.site_id[i]), float(sites.x[i]), float(sites.y[i]),
            float(result.lonlat[i, 0]), float(result.lonlat[i, 1]), _value(details.score[i]),
            None if result.site_licensed is None else bool(result.site_licensed[i]),
            np.datetime64(sites.est_start[i], "D"), np.datetime64(sites.est_end[i], "D"),
            radius, float(sites.max_cumulative_mm[i]), members,
            _value(details.mining_share[i]), _value(details.seasonal_mm[i]),
            int(details.tier[i]), _value(details.surroundings_share[i]),
            details.weak_reason[i]))
    return out


def write_report(path: str, result: SubsidenceResult, ps: PsPoints, buildings: Polygons, *,
                 licences: Optional[Polygons], crs_name: str, translate: Any = None,
                 feedback: Any = None) -> None:
    """The inspector's HTML report (:mod:`.site_report`) of ``result`` at
    ``path``; the series it draws are read back from a tiled file when they
    are not in memory."""
    from .site_report import write_site_report

    tell_stage(feedback, Message(translatable("Writing the inspector's report…")))
    rows = ps.series.report_rows(ps.xy, result.sites, result.site_of_point)
    write_site_report(path, report_sites(result, ps.xy), ps.xy, rows, ps.dates,
                      result.points.cumulative_mm, building_rings=list(buildings.rings),
                      licence_rings=[] if licences is None else list(licences.rings),
                      crs_name=crs_name, translate=translate, feedback=feedback)


def _value(number: float) -> Optional[float]:
    """A float, None for NaN (an empty field in the report)."""
    return None if not np.isfinite(number) else float(number)


__all__ = ["AUTO", "DetectionParams", "InMemorySettlement", "METHODS", "Polygons", "PsPoints",
           "SettlementSeries", "SiteDetails", "SubsidenceResult", "detect_subsidence",
           "ps_on_buildings", "radar_wavelength", "report_sites", "sites_lonlat", "write_report"]
