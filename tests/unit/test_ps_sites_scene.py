"""Sites from anomalous PS, and the whole chain on simulated scenes."""
import numpy as np
import pytest
from scipy.special import erf

from devkit.insar_sim.ps_simulator import MiningBowl, simulate_scene
from minewatch.core.insar.cascade import detect_anomalies
from minewatch.core.insar.licensing import inside_polygons, polygons_intersect
from minewatch.core.insar.overlay import PolygonSet, polygon_ids_at
from minewatch.core.insar.sites import link_sites, summarise_buildings, summarise_sites


def test_single_linkage_chain_and_gap():
    # 0-1-2 chained at 40 m (< 50), 3 is 60 m from 2, 4 not anomalous
    xy = np.array([[0, 0], [40, 0], [80, 0], [140, 0], [20, 0]], float)
    labels = link_sites(xy, np.array([True, True, True, True, False]), 50.0)
    assert labels[0] == labels[1] == labels[2] != labels[3]
    assert labels[4] == -1
    # exactly 50 m apart is not "closer than" 50 m
    assert len(set(link_sites(xy[[0, 1]] * 1.25, np.array([True, True]), 50.0))) == 2


def run_chain(scene):
    polys = PolygonSet.from_rings(scene.buildings, scene.building_ids)
    bid = polygon_ids_at(scene.x, scene.y, polys)
    result = detect_anomalies(scene.xy, scene.settlement(), scene.dates, bid)
    labels, sites = summarise_sites(scene.xy, bid, result)
    return bid, result, labels, sites


@pytest.fixture(scope="module")
def mined():
    scene = simulate_scene(n_points=20000, n_buildings=1500, n_dates=60, revisit_days=12, n_bowls=3,
                           licence_bowls=1, nan_fraction=0.02, seed=11)
    return scene, run_chain(scene)


def test_planted_bowls_found_with_their_period(mined):
    scene, (bid, result, labels, sites) = mined
    revisit = np.timedelta64(12, "D")
    assert len(sites) == len(scene.bowls) == 3
    for bowl in scene.bowls:
        d = np.hypot(sites.x - bowl.x, sites.y - bowl.y)
        i = int(np.argmin(d))
        assert d[i] < 50
        assert abs(sites.est_start[i] - bowl.start) <= revisit
        assert abs(sites.est_end[i] - bowl.end) <= revisit
        assert sites.n_buildings[i] >= 1 and sites.max_cumulative_mm[i] > 80
        # raw bounds can only be wider than the supported ones
        assert sites.flag_start[i] <= sites.est_start[i] and sites.flag_end[i] >= sites.est_end[i]


def test_building_table_and_licences(mined):
    scene, (bid, result, labels, sites) = mined
    table = summarise_buildings(bid, result, labels)
    assert len(table) >= 3
    for row in range(len(table)):
        members = (bid == table.building_id[row]) & result.in_cascade
        assert table.n_ps[row] == members.sum()
        assert table.n_anomalous[row] == (members & result.anomalous).sum()
        assert table.site_id[row] in sites.site_id
    licence = PolygonSet.from_rings([[ring] for ring in scene.licences])
    inside = inside_polygons(sites.x, sites.y, licence)
    first = int(np.argmin(np.hypot(sites.x - scene.bowls[0].x, sites.y - scene.bowls[0].y)))
    assert inside[first] and inside.sum() == 1
    # the flagged buildings of the licensed bowl lie in its licence area
    rings = dict(zip(scene.building_ids, scene.buildings))
    flagged = [[rings[b]] for b in table.building_id]
    licensed = polygons_intersect(flagged, licence)
    assert licensed.sum() >= 1
    assert (table.site_id[licensed] == sites.site_id[first]).all()


def test_no_mining_no_site():
    scene = simulate_scene(n_points=15000, n_buildings=1200, n_dates=60, n_bowls=0, seed=4)
    bid, result, labels, sites = run_chain(scene)
    assert len(result.seeds) > 0          # noise does make seeds …
    assert len(sites) == 0 and not result.anomalous.any()   # … but no cumulative settlement
    assert len(summarise_buildings(bid, result, labels)) == 0


def test_bowl_follows_probability_integral():
    bowl = MiningBowl(x=0, y=0, start=np.datetime64("2020-01-01"), end=np.datetime64("2020-12-31"),
                      half_x=20, half_y=20, depth_m=40, tan_beta=2.0, thickness_m=1.0, subsidence_factor=0.5)
    assert bowl.w0_mm == pytest.approx(500.0) and bowl.radius_m == pytest.approx(20.0)
    w = bowl.final_mm(np.array([0.0, 20.0, 200.0]), np.zeros(3))
    # centre: C(0)² with C(0) = erf(√π·20/20); on the panel edge: half of that on one axis
    c0 = erf(np.sqrt(np.pi))
    assert w[0] == pytest.approx(500 * c0 * c0, rel=1e-6)
    assert w[1] == pytest.approx(500 * c0 * 0.5 * erf(2 * np.sqrt(np.pi)), rel=1e-6)
    assert w[2] < 1e-6
    np.testing.assert_allclose(bowl.progress(np.array(["2019-12-01", "2020-07-01", "2021-03-01"], "datetime64[D]")),
                               [0, 182 / 365, 1])
