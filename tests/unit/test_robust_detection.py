"""The bowl detector (core/insar/robust.py) on simulated scenes: one site
per planted bowl at its centre with its period, no site from confounders
alone, and its building blocks on hand-made series."""
import numpy as np
import pytest

from devkit.insar_sim.detection_scenes import SENSORS, detection_scene
from minewatch.core.insar.licensing import inside_polygons
from minewatch.core.insar.overlay import PolygonSet, polygon_ids_at
from minewatch.core.insar.ramp_fit import fit_ramp, onset_from_rise
from minewatch.core.insar.robust import (
    PreparedSeries,
    RobustParams,
    detect_bowls,
)


def run(sensor, seed, **scene_options):
    scene, settlement, truth = detection_scene(sensor, seed, **scene_options)
    buildings = PolygonSet.from_rings([[b] for b in scene.buildings], scene.building_ids)
    building_id = polygon_ids_at(scene.x, scene.y, buildings)
    before = settlement.copy()
    sites = detect_bowls(scene.xy, settlement, scene.dates, building_id,
                         RobustParams(wavelength_mm=SENSORS[sensor].wavelength_mm)).sites
    np.testing.assert_array_equal(settlement, before)  # the input is left alone
    licences = PolygonSet.from_rings([[r] for r in scene.licences])
    unlicensed = ~inside_polygons(sites.x, sites.y, licences)
    return scene, truth, sites, unlicensed


@pytest.mark.slow
@pytest.mark.parametrize("sensor,seed", [("C12", 201), ("L46", 202), ("C6", 203), ("C6-12", 205)])
def test_each_planted_bowl_is_one_site_at_its_centre_with_its_period(sensor, seed):
    scene, truth, sites, unlicensed = run(sensor, seed)
    revisit = SENSORS[sensor].revisit_days
    assert unlicensed.sum() == len(truth.unlicensed)
    for bowl in truth.unlicensed:
        distance = np.hypot(sites.x - bowl.x, sites.y - bowl.y)
        assert (distance <= 60).sum() == 1
        best = int(np.argmin(distance))
        assert distance[best] <= 20
        onset_error = abs((sites.onset[best] - np.datetime64(bowl.start, "D")).astype(int))
        duration = (bowl.end - bowl.start).astype(int)
        # an S-shaped panel starts slowly, and its ground creeps on after the
        # stop (10 % of the settlement): the surface's period is wider
        linear = bowl.progress_shape == "linear"
        assert onset_error <= (1.5 * revisit if linear else max(3 * revisit, 0.06 * duration))
        if not np.isnat(sites.stop[best]):
            stop_error = abs((sites.stop[best] - np.datetime64(bowl.end, "D")).astype(int))
            assert stop_error <= (1.5 * revisit if linear else max(3 * revisit, 0.15 * duration))
        assert sites.max_settlement_mm[best] > 30 and 0 < sites.score[best] <= 1


@pytest.mark.parametrize("sensor", ["L46", "C12"])
def test_jumps_consolidation_and_thermal_dilation_alone_give_no_site(sensor):
    # new buildings settling up to 80 mm: more than a shallow mine's 30 mm cut
    _, truth, sites, unlicensed = run(sensor, 204, n_shallow=0, deep_bowl=False, n_jumps=4,
                                      n_new_buildings=3, consolidation_mm=(40.0, 80.0))
    assert len(truth.jump_points) == 4 and len(truth.consolidating_points) > 0
    assert len(sites) == 0


def test_fit_ramp_recovers_onset_and_stop():
    t = np.arange(60) * 12.0
    series = np.where(t < 240, 0.0, np.where(t > 480, 300.0, (t - 240) / 240 * 300))
    series = series + np.random.default_rng(0).normal(0, 2, 60)
    onset, stop, before, after, shape = fit_ramp(series, t)
    assert (onset, stop, shape) == (20, 40, "linear")
    assert before == pytest.approx(0, abs=3) and after == pytest.approx(300, abs=3)


def test_fit_ramp_recovers_an_s_shaped_period():
    t = np.arange(100) * 6.0
    u = np.clip((t - 180) / 300, 0, 1)
    series = 200 * u * u * (3 - 2 * u) + np.random.default_rng(1).normal(0, 2, 100)
    onset, stop, before, after, shape = fit_ramp(series, t)
    assert shape == "s-curve" and abs(onset - 30) <= 1 and abs(stop - 80) <= 1


def test_the_onset_is_read_from_the_rise_whatever_follows_the_stop():
    # an S-shaped panel (onset at date 30, stop at date 80 of a 6-day series)
    # whose last tenth settles after the stop, as residual subsidence does
    t = np.arange(150) * 6.0
    u = np.clip((t - 180) / 300, 0, 1)
    residual = 1 - np.exp(-np.maximum(t - 480, 0) / 75)
    series = 300 * (0.9 * u * u * (3 - 2 * u) + 0.1 * residual)
    series = series + np.random.default_rng(2).normal(0, 2, 150)
    fit = fit_ramp(series, t)
    assert fit[0] <= 28  # the whole-series fit stretches and starts early
    assert abs(onset_from_rise(series, t, fit) - 30) <= 1
    # a plain ramp keeps its onset
    ramp = np.where(t < 240, 0.0, np.where(t > 480, 300.0, (t - 240) / 240 * 300))
    ramp = ramp + np.random.default_rng(0).normal(0, 2, 150)
    assert abs(onset_from_rise(ramp, t, fit_ramp(ramp, t)) - 40) <= 1


def test_a_lone_jump_is_corrected_and_a_shared_step_is_not():
    xy = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0], [500.0, 500.0], [510.0, 500.0]])
    s = np.zeros((5, 10), np.float32)
    s[0, 4:] += 27.75  # C-band λ/2, alone
    s[3, 6:] += 27.75  # the same step …
    s[4, 6:] += 20.0   # … shared by a neighbour: real motion
    from scipy.spatial import cKDTree

    series = PreparedSeries(s, xy, 0, 9, cell_m=100.0, cells=1)
    series.grid[:] = 0.0  # the jump logic alone, without background removal
    corrected = series.correct_unwrapping(xy, cKDTree(xy), 40.0, 55.5)
    assert corrected.tolist() == [1, 0, 0, 0, 0]
    prepared = series.rows(np.arange(5))
    assert np.allclose(prepared[0], 0.0) and prepared[3, -1] == pytest.approx(27.75)
    assert np.allclose(s[0, 4:], 27.75)  # the input array is untouched


@pytest.mark.slow
def test_tables_in_the_shape_of_the_cascade_outputs():
    from minewatch.core.insar.robust import cascade_like_tables

    scene, settlement, truth = detection_scene("C12", 205)
    buildings = PolygonSet.from_rings([[b] for b in scene.buildings], scene.building_ids)
    building_id = polygon_ids_at(scene.x, scene.y, buildings)
    result = detect_bowls(scene.xy, settlement, scene.dates, building_id,
                          RobustParams(wavelength_mm=55.5))
    points, table, sites = cascade_like_tables(result, building_id)
    assert len(sites) == len(result.sites) > 0
    np.testing.assert_array_equal(sites.n_points,
                                  np.bincount(result.site_of_point[points.anomalous],
                                              minlength=len(sites)))
    flagged = np.unique(building_id[points.anomalous & (building_id >= 0)])
    np.testing.assert_array_equal(table.building_id, flagged)
    assert set(table.site_id) <= set(sites.site_id)
    assert (table.n_anomalous <= table.n_ps).all() and (table.n_anomalous > 0).all()
    member = points.anomalous
    np.testing.assert_array_equal(points.first_flag_date[member],
                                  result.sites.onset[result.site_of_point[member]])


@pytest.mark.slow
def test_mixed_6_and_12_day_spacing():
    """EGMS-like series mix 6- and 12-day revisits: dropping every other
    date of the first half of a 6-day series changes nothing that matters."""
    scene, settlement, truth = detection_scene("C6", 206)
    keep = np.r_[np.arange(0, 100, 2), np.arange(100, len(scene.dates))]
    dates = scene.dates[keep]
    buildings = PolygonSet.from_rings([[b] for b in scene.buildings], scene.building_ids)
    building_id = polygon_ids_at(scene.x, scene.y, buildings)
    sites = detect_bowls(scene.xy, settlement[:, keep], dates, building_id,
                         RobustParams(wavelength_mm=55.5)).sites
    licences = PolygonSet.from_rings([[r] for r in scene.licences])
    assert (~inside_polygons(sites.x, sites.y, licences)).sum() == len(truth.unlicensed)
    for bowl in truth.unlicensed:
        distance = np.hypot(sites.x - bowl.x, sites.y - bowl.y)
        best = int(np.argmin(distance))
        assert distance[best] <= 20
        assert abs((sites.onset[best] - np.datetime64(bowl.start, "D")).astype(int)) <= 2 * 12


def test_fragments_of_one_bowl_merge_and_successive_mines_do_not():
    from minewatch.core.insar.robust import _merge_fragments

    def row(members, x, onset, stop, radius=30.0):
        return {"members": np.asarray(members), "x": x, "y": 0.0, "bowl_radius_m": radius,
                "onset": np.datetime64(onset), "stop": np.datetime64(stop)}

    def describe(members):  # the union, described at the mean position
        return row(members, 40.0, "2021-01-01", "2021-12-01")

    fragments = [row([1, 2], 0.0, "2021-01-01", "2021-06-01"),
                 row([3, 4], 55.0, "2021-05-01", "2021-12-01")]
    merged = _merge_fragments(fragments, describe)
    assert len(merged) == 1 and merged[0]["members"].tolist() == [1, 2, 3, 4]
    successive = [row([1, 2], 0.0, "2021-01-01", "2021-06-01"),
                  row([3, 4], 55.0, "2022-01-01", "2022-06-01")]
    assert len(_merge_fragments(successive, describe)) == 2
    far = [row([1, 2], 0.0, "2021-01-01", "2021-06-01"),
           row([3, 4], 500.0, "2021-01-01", "2021-06-01")]
    assert len(_merge_fragments(far, describe)) == 2


def test_cancel_reaches_the_site_stage():
    """Issue 31: bowl_sites took a feedback and ignored it; Cancel during the
    description of sites now stops the run."""
    from devkit.insar_sim.ps_simulator import simulate_scene
    from minewatch.core.common.errors import Cancelled
    from minewatch.core.insar.robust import RobustParams, detect_bowls

    scene = simulate_scene(n_points=1500, n_buildings=150, n_dates=20, revisit_days=12,
                           n_bowls=2, seed=6)

    class StopLate:
        progress = []

        def setProgress(self, percent):  # noqa: N802 - the feedback's API
            self.progress.append(percent)

        def isCanceled(self):  # noqa: N802
            # only inside the site stage (between 4/6 and the end): before
            # the fix the progress jumped from 4/6 to 100 % with no check between
            return bool(self.progress) and 100.0 * 4 / 6 + 1e-6 < self.progress[-1] < 99.9

    with pytest.raises(Cancelled):
        detect_bowls(scene.xy, scene.settlement(), scene.dates, scene.building_id,
                     RobustParams(wavelength_mm=55.5), StopLate())
