"""Scenes for benchmarking suspect-site detection (issue 13): villages
with shallow unlicensed mines under houses, a deep licensed bowl, and the
confounders real PS series carry.

A :class:`Sensor` fixes the revisit, the number of dates, the wavelength
and the noise; :func:`detection_scene` builds the scene (positions,
buildings, bowls, licence areas) and its settlement (mm, POSITIVE =
settlement, (N, T) float32) with:

- shallow unlicensed bowls under buildings: depth 6–30 m, W0 0.1–0.8 m,
  panel 10–25 m half-width, mined over 15–45 % of the series;
- one deep licensed bowl (depth 250–400 m, so a km-scale smooth bowl)
  inside a licence polygon that covers its reach;
- spatially correlated atmosphere per date (a smooth random field, sill
  ``atmosphere_mm``), the thermal dilation and trends of the base
  simulator, white noise;
- isolated phase-unwrapping jumps: a PS gains ±λ/2 from one date on;
- consolidation of new buildings: their PS settle A(1 − e^(−t/τ)) from
  the first date (A 15–40 mm by default, τ 0.2–0.6 year);
- mining that progresses linearly or, for half the bowls, as real panels
  do (S-shaped, with residual creep after the stop).

The truth (:class:`DetectionTruth`) says which bowls are unlicensed and
which PS carry a jump or consolidate, so a benchmark can score sites.
Everything is drawn from the seed: the same seed gives the same scene.
"""
from dataclasses import dataclass, field

import numpy as np
from scipy.ndimage import map_coordinates, zoom

from .ps_simulator import MiningBowl, simulate_scene


@dataclass(frozen=True)
class Sensor:
    """Acquisition geometry of a PS-InSAR product: revisit in days, number
    of dates, radar wavelength λ in mm (an unwrapping error is ±λ/2 of
    line-of-sight displacement) and the PS noise in mm."""

    name: str
    revisit_days: int
    n_dates: int
    wavelength_mm: float
    noise_mm: float
    # after this many dates the revisit becomes ``later_revisit_days``
    # (Sentinel-1B's loss in Dec 2021 turned EGMS's 6-day series into 12-day)
    switch_after: int = 0
    later_revisit_days: int = 0

    def dates(self, first="2019-01-05"):
        """The acquisition dates (datetime64[D])."""
        steps = np.full(self.n_dates - 1, self.revisit_days)
        if self.switch_after:
            steps[self.switch_after - 1:] = self.later_revisit_days
        return np.datetime64(first, "D") + np.concatenate([[0], np.cumsum(steps)])


SENSORS = {
    "L46": Sensor("L-band, 46-day (PALSAR-like)", 46, 20, 236.0, 4.0),
    "C12": Sensor("C-band, 12-day (Sentinel-1)", 12, 120, 55.5, 3.0),
    "C6": Sensor("C-band, 6-day (Sentinel-1 A+B)", 6, 200, 55.5, 3.0),
    "X11": Sensor("X-band, 11-day (TerraSAR-X)", 11, 100, 31.0, 2.0),
    "C6-12": Sensor("C-band, 6- then 12-day (EGMS 2020–2024)", 6, 210, 55.5, 3.5,
                    switch_after=120, later_revisit_days=12),
}


@dataclass
class DetectionTruth:
    """What a detector should find: ``unlicensed`` and ``licensed`` bowls
    (:class:`~.ps_simulator.MiningBowl`), the PS indices with an unwrapping
    jump (``jump_points``, date index ``jump_dates``) and those of
    consolidating new buildings (``consolidating_points``)."""

    unlicensed: list
    licensed: list
    jump_points: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    jump_dates: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    consolidating_points: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    # the harder cases (case_scene): lone sinking PS and landslides
    lone: list = field(default_factory=list)
    landslides: list = field(default_factory=list)


def _bowls(rng, centres, dates, n_shallow, shapes, w0_m=(0.1, 0.8), start_share=(0.05, 0.95),
           spacing_m=450.0, keep_out=True):
    """One deep bowl and ``n_shallow`` shallow bowls under building centres,
    the shallow ones ≥ ``spacing_m`` apart and outside the deep bowl's
    licence area (its reach + 100 m; anywhere without ``keep_out``), with a final settlement W0 in
    ``w0_m`` and a start at a share of the free span in ``start_share``;
    (shallow, deep)."""
    span = (dates[-1] - dates[0]).astype(int)
    order = rng.permutation(len(centres))
    deep_centre = centres[order[0]]
    deep = MiningBowl(x=float(deep_centre[0]), y=float(deep_centre[1]),
                      start=dates[0] + np.timedelta64(int(0.1 * span), "D"),
                      end=dates[0] + np.timedelta64(int(0.9 * span), "D"),
                      half_x=120.0, half_y=80.0, depth_m=rng.uniform(250, 400), tan_beta=2.0,
                      thickness_m=rng.uniform(1.5, 3.0), subsidence_factor=0.7)
    keep_out = deep.reach_m() + 100.0 if keep_out else -1.0
    chosen = []
    for i in order[1:]:
        if len(chosen) == n_shallow:
            break
        if np.max(np.abs(centres[i] - deep_centre)) <= keep_out:  # inside the licence square
            continue
        if all(np.hypot(*(centres[i] - c)) > spacing_m for c in chosen):
            chosen.append(centres[i])
    shallow = []
    for centre in chosen:
        length = int(span * rng.uniform(0.15, 0.45))
        start = dates[0] + np.timedelta64(int(rng.uniform(*start_share) * (span - length)), "D")
        shallow.append(MiningBowl(
            x=float(centre[0]), y=float(centre[1]), start=start,
            end=start + np.timedelta64(length, "D"),
            half_x=rng.uniform(10, 25), half_y=rng.uniform(10, 25), depth_m=rng.uniform(6, 30),
            tan_beta=rng.uniform(1.5, 2.5), thickness_m=rng.uniform(*w0_m) / 0.6,
            subsidence_factor=0.6, progress_shape=str(shapes.choice(["linear", "s-curve"]))))
    return shallow, deep


def atmosphere(xy, dates, rng, sill_mm, extent, cells=12):
    """(N, T) float32 atmospheric delay: per date a smooth random field
    (a ``cells`` × ``cells`` Gaussian grid upsampled with cubic splines over
    the scene's ``extent`` = (x0, y0, size)), scaled to ``sill_mm``."""
    x0, y0, size = extent
    u = (xy[:, 0] - x0) / size * (cells - 1)
    v = (xy[:, 1] - y0) / size * (cells - 1)
    out = np.empty((len(xy), len(dates)), np.float32)
    for k in range(len(dates)):
        grid = zoom(rng.normal(0.0, 1.0, (4, 4)), cells / 4.0, order=3)[:cells, :cells]
        out[:, k] = sill_mm * map_coordinates(grid, [v, u], order=1, mode="nearest")
    return out


def detection_scene(sensor, seed, n_points=9000, n_buildings=1200, n_shallow=3, n_jumps=2,
                    n_new_buildings=2, atmosphere_mm=2.0, deep_bowl=True,
                    consolidation_mm=(15.0, 40.0), extent_m=None, w0_m=(0.1, 0.8),
                    start_share=(0.05, 0.95), spacing_m=450.0, licensed_area=True):
    """(scene, settlement, truth): a :class:`~.ps_simulator.PsScene` whose
    ``licences`` hold the deep bowl's licence area, its (N, T) float32
    settlement in mm with every confounder added, and the
    :class:`DetectionTruth`. ``deep_bowl`` False leaves the licensed area
    idle; ``n_shallow`` 0 gives a scene with no mine at all;
    ``consolidation_mm`` the range of the new buildings' final settlement;
    ``extent_m`` the side of the scene (None: ~45 m per building);
    ``w0_m``, ``start_share``, ``spacing_m``: the shallow bowls' final
    settlement, start and spacing (see :func:`_bowls`); ``licensed_area``
    False: no licence area at all (and no deep bowl)."""
    sensor = SENSORS[sensor] if isinstance(sensor, str) else sensor
    rng = np.random.default_rng([seed, 13])
    base = simulate_scene(n_points=n_points, n_buildings=n_buildings, n_dates=sensor.n_dates,
                          revisit_days=sensor.revisit_days, noise_mm=sensor.noise_mm, n_bowls=0,
                          seed=seed, dates=sensor.dates(), extent_m=extent_m)
    centres = np.array([b.mean(axis=0) for b in base.buildings])
    shallow, deep = _bowls(rng, centres, base.dates, n_shallow,
                           np.random.default_rng([seed, 13, 4]), w0_m, start_share, spacing_m,
                           licensed_area)
    deep_bowl = deep_bowl and licensed_area
    base.bowls = shallow + ([deep] if deep_bowl else [])
    reach = deep.reach_m()
    # the licence area stays even without the deep bowl (an idle licensed mine)
    base.licences = [np.array([[deep.x - reach, deep.y - reach], [deep.x + reach, deep.y - reach],
                               [deep.x + reach, deep.y + reach], [deep.x - reach, deep.y + reach]])
                     ] if licensed_area else []
    settlement = base.settlement()
    origin = np.array([base.x.min(), base.y.min()])
    size = float(max(base.x.max() - origin[0], base.y.max() - origin[1]))
    # one generator per confounder: switching one off leaves the others as they were
    settlement += atmosphere(base.xy, base.dates, np.random.default_rng([seed, 13, 1]),
                             atmosphere_mm, (*origin, size))

    # confounders stay away from every bowl's reach
    far = np.ones(len(base.x), bool)
    for bowl in base.bowls:
        far &= np.hypot(base.x - bowl.x, base.y - bowl.y) > bowl.reach_m() + 100
    on_roof = np.flatnonzero(far & (base.building_id >= 0))
    jumps = np.random.default_rng([seed, 13, 2])
    jump_points = jumps.choice(on_roof, n_jumps, replace=False) if n_jumps else on_roof[:0]
    jump_dates = jumps.integers(sensor.n_dates // 4, 3 * sensor.n_dates // 4, len(jump_points))
    for point, k in zip(jump_points, jump_dates):
        settlement[point, k:] += jumps.choice([-1.0, 1.0]) * sensor.wavelength_mm / 2.0
    years = (base.dates - base.dates[0]).astype(np.float64) / 365.25
    new = np.unique(base.building_id[on_roof])
    growth = np.random.default_rng([seed, 13, 3])
    new = growth.choice(new, min(n_new_buildings, len(new)), replace=False)
    consolidating = np.flatnonzero(np.isin(base.building_id, new))
    for b in new:
        amplitude, tau = growth.uniform(*consolidation_mm), growth.uniform(0.2, 0.6)
        curve = (amplitude * (1 - np.exp(-years / tau))).astype(np.float32)
        settlement[base.building_id == b] += curve[None, :]
    truth = DetectionTruth(unlicensed=shallow, licensed=[deep] if deep_bowl else [],
                           jump_points=jump_points,
                           jump_dates=jump_dates, consolidating_points=consolidating)
    return base, settlement, truth


# the harder cases of issue 28, each a variant of the village scene
CASES = ("village", "dense", "early", "lone", "landslide", "regional")


@dataclass
class LonePs:
    """One PS on a house that sinks alone along a mining-shaped curve:
    ``point`` (PS index), ``x``/``y`` (m), ``start``/``end`` and the final
    settlement ``amount_mm``."""

    point: int
    x: float
    y: float
    start: np.datetime64
    end: np.datetime64
    amount_mm: float


@dataclass
class Landslide:
    """A slope failure: PS inside an ellipse centred at ``x``/``y`` with
    semi-axes ``a_m`` (down the slope, along ``azimuth_rad``) and ``b_m``
    creep from the first date on at up to ``rate_mm_per_year`` (line of
    sight, away from the satellite), fastest at the toe."""

    x: float
    y: float
    a_m: float
    b_m: float
    azimuth_rad: float
    rate_mm_per_year: float


def case_scene(case, sensor, seed):
    """(scene, settlement, truth) of one bench case (:data:`CASES`):

    - ``village``: :func:`detection_scene` as it is;
    - ``dense``: a dense network (8 000 PS over 500 m, about nine times the
      village's density, as X-band gives) with two shallow bowls (W0
      0.05–0.2 m) and no licensed mine;
    - ``early``: the village with bowls that start within the first tenth
      of the series;
    - ``lone``: a village without mines where the PS of one house sinks
      300–550 mm alone (``truth.lone``), mining-shaped;
    - ``landslide``: a village without mines with a creeping slope
      (``truth.landslides``), a patch of which surges 40–70 mm over 100
      days: no mining site should come of it;
    - ``regional``: a village without mines over a regional groundwater
      subsidence (km scale, 4–9 mm/yr at its centre): no site either."""
    if case == "village":
        return detection_scene(sensor, seed)
    if case == "dense":
        return detection_scene(sensor, seed, n_points=8000, n_buildings=300, extent_m=500.0,
                               n_shallow=2, licensed_area=False, w0_m=(0.05, 0.2), spacing_m=250.0)
    if case == "early":
        return detection_scene(sensor, seed, start_share=(0.0, 0.1))
    if case not in ("lone", "landslide", "regional"):
        raise ValueError(f"unknown case {case!r}; one of {CASES}")
    scene, settlement, truth = detection_scene(sensor, seed, n_shallow=0, deep_bowl=False)
    rng = np.random.default_rng([seed, 13, 5])
    dates = scene.dates
    if case == "lone":
        on_roof = np.flatnonzero(scene.building_id >= 0)
        point = int(rng.choice(on_roof))
        span = int((dates[-1] - dates[0]).astype(int))
        length = int(span * rng.uniform(0.15, 0.45))
        start = dates[0] + np.timedelta64(int(rng.uniform(0.05, 0.95) * (span - length)), "D")
        bowl = MiningBowl(x=0.0, y=0.0, start=start, end=start + np.timedelta64(length, "D"),
                          progress_shape=str(rng.choice(["linear", "s-curve"])))
        amount = float(rng.uniform(300.0, 550.0))
        settlement[point] += (amount * bowl.progress(dates)).astype(np.float32)
        truth.lone = [LonePs(point, float(scene.x[point]), float(scene.y[point]), bowl.start,
                             bowl.end, amount)]
        return scene, settlement, truth
    if case == "regional":
        centre = scene.xy[int(rng.integers(len(scene.xy)))]
        rate = rng.uniform(4.0, 9.0)
        years = (dates - dates[0]).astype(np.float64) / 365.25
        falloff = np.exp(-0.5 * (np.hypot(*(scene.xy - centre).T) / rng.uniform(1000, 2000)) ** 2)
        settlement += (rate * falloff[:, None] * years[None, :]).astype(np.float32)
        return scene, settlement, truth
    centre = scene.xy[int(rng.integers(len(scene.xy)))]
    slide = Landslide(float(centre[0]), float(centre[1]), rng.uniform(120, 250),
                      rng.uniform(50, 100), rng.uniform(0, np.pi), rng.uniform(20, 60))
    dx, dy = scene.x - slide.x, scene.y - slide.y
    c, s_ = np.cos(slide.azimuth_rad), np.sin(slide.azimuth_rad)
    along, across = dx * c + dy * s_, -dx * s_ + dy * c
    inside = (along / slide.a_m) ** 2 + (across / slide.b_m) ** 2 <= 1.0
    # a block that creeps: nearly uniform, faster towards the toe, sharp edges
    speed = slide.rate_mm_per_year * (0.6 + 0.4 * (along[inside] / slide.a_m + 1.0) / 2.0)
    years = (dates - dates[0]).astype(np.float64) / 365.25
    settlement[inside] += (speed[:, None] * years[None, :]).astype(np.float32)
    # and, as on the Xinmo slope before its failure, a patch of it that
    # surges for a few months: a ramp a bowl detector can take for a mine
    surge = np.flatnonzero(inside)[np.hypot(along[inside] - 0.3 * slide.a_m, across[inside])
                                   < 25.0]
    span = int((dates[-1] - dates[0]).astype(int))
    start = dates[0] + np.timedelta64(int(rng.uniform(0.2, 0.6) * span), "D")
    ramp = MiningBowl(x=0.0, y=0.0, start=start, end=start + np.timedelta64(100, "D"))
    settlement[surge] += (rng.uniform(40, 70) * ramp.progress(dates)).astype(np.float32)
    truth.landslides = [slide]
    return scene, settlement, truth


__all__ = ["CASES", "DetectionTruth", "Landslide", "LonePs", "SENSORS", "Sensor", "atmosphere",
           "case_scene", "detection_scene"]
