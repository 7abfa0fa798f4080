"""The bowl detector's harder cases (issue 28): a lone PS sinking along a
mining curve (tier 2), a landslide, a dense network, a bowl that holds a
large share of the PS, mining that starts early."""
import numpy as np
import pytest

from devkit.insar_sim.detection_scenes import SENSORS, case_scene
from minewatch.core.insar.lone_ps import LONE_MAX_SCORE, mining_shaped
from minewatch.core.insar.robust import PreparedSeries, RobustParams, detect_bowls, weak_evidence

DAYS = np.arange(60) * 12.0


def test_a_mining_ramp_is_mining_shaped_a_jump_or_a_new_building_is_not():
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 3, len(DAYS))
    ramp = np.clip((DAYS - DAYS[20]) / (DAYS[28] - DAYS[20]), 0, 1) * 350 + noise
    shaped, onset, stop, amount = mining_shaped(ramp, DAYS)
    assert shaped and abs(onset - 20) <= 1 and abs(stop - 28) <= 1 and 320 < amount < 380
    # one unwrapping step of λ/2 (L-band: 118 mm) is not mining
    jump = np.where(np.arange(len(DAYS)) >= 30, 118.0, 0.0) + noise
    assert not mining_shaped(jump, DAYS)[0]
    # a new building settling from the first date, however much
    consolidation = 200 * (1 - np.exp(-DAYS / 365.25 / 0.3)) + noise
    assert not mining_shaped(consolidation, DAYS)[0]
    # too little for a lone PS
    assert not mining_shaped(ramp * 0.2, DAYS)[0]


def run(case, sensor, seed):
    scene, settlement, truth = case_scene(case, sensor, seed)
    params = RobustParams(wavelength_mm=SENSORS[sensor].wavelength_mm)
    return scene, truth, detect_bowls(scene.xy, settlement, scene.dates, scene.building_id,
                                      params)


@pytest.mark.parametrize("sensor", ["C12", "L46"])
def test_a_lone_sinking_ps_is_reported_in_tier_2_only(sensor):
    scene, truth, result = run("lone", sensor, 3)
    lone = truth.lone[0]
    sites = result.sites
    assert (sites.tier == 1).sum() == 0
    assert (sites.tier == 2).sum() == 1
    row = int(np.flatnonzero(sites.tier == 2)[0])
    assert result.site_of_point[lone.point] == row
    assert np.hypot(sites.x[row] - lone.x, sites.y[row] - lone.y) < 1.0
    assert 0 < sites.score[row] <= LONE_MAX_SCORE
    # the onset within two acquisitions of the truth
    onset = np.searchsorted(scene.dates, sites.onset[row])
    assert abs(onset - np.searchsorted(scene.dates, lone.start)) <= 2


def test_a_landslide_is_no_site_and_no_lone_ps():
    _, truth, result = run("landslide", "C12", 4)
    assert truth.landslides and len(result.sites) == 0


def test_a_surging_landslide_is_weak_evidence_not_a_site():
    """L-band over a creeping slope with a surging patch: the bowl detector
    links the slope into one group with a score above 0.5; its PS mostly
    move steadily, without a mining break, so it is tier 2 (issue 28)."""
    _, truth, result = run("landslide", "L46", 0)
    sites = result.sites
    slide = truth.landslides[0]
    assert (sites.tier == 1).sum() == 0
    near = np.hypot(sites.x - slide.x, sites.y - slide.y) < slide.a_m
    assert near.any() and (sites.tier[near] == 2).all()
    assert (sites.mining_share[near] < 0.5).all() and (sites.score[near] <= LONE_MAX_SCORE).all()


def test_why_evidence_is_weak():
    assert weak_evidence(0.0, 0.9, 40) is None  # a mine's bowl in still ground
    assert weak_evidence(0.8, 0.9, 4) == "moving"  # the ground around settles too
    assert weak_evidence(0.0, 0.1, 150) == "steady"  # a creeping slope
    assert weak_evidence(float("nan"), 1.0, 1) == "lone"  # one settling PS and still ones
    assert weak_evidence(float("nan"), 0.9, 12) is None  # nothing around to compare with


def test_bowls_in_a_dense_network_are_found():
    """8 000 PS over 500 m with two shallow bowls: smoothing over every PS
    within 40 m diluted them below the threshold (issue 28)."""
    scene, truth, result = run("dense", "X11", 4)
    sites = result.sites
    for bowl in truth.unlicensed:
        assert (np.hypot(sites.x - bowl.x, sites.y - bowl.y) < 60).any(), bowl
    assert (sites.tier == 1).sum() == len(truth.unlicensed)


def test_a_bowl_does_not_pull_its_own_background():
    """A patch where a fifth of the PS settle 60 mm: without leaving them
    out, each date's background (a mean over the patch) settles with them
    and the stable PS seem to rise by several mm."""
    rng = np.random.default_rng(1)
    xy = rng.uniform(0, 300, (2000, 2))
    t = np.arange(30)
    settlement = rng.normal(0, 1, (2000, 30)).astype(np.float32)
    bowl = np.hypot(xy[:, 0] - 150, xy[:, 1] - 150) < 75
    settlement[bowl] += (60.0 * t / 29.0).astype(np.float32)
    plain = PreparedSeries(settlement, xy, 0, 29, 100.0, 7)
    robust = PreparedSeries(settlement, xy, 0, 29, 100.0, 7, exclude_mm=15.0)
    stable = np.flatnonzero(~bowl)
    assert np.median(plain.rows(stable)[:, -1]) < -3.0
    assert abs(np.median(robust.rows(stable)[:, -1])) < 1.0
    assert np.median(robust.rows(np.flatnonzero(bowl))[:, -1]) > 55.0


def test_a_large_bowl_is_judged_on_its_own_settling_ps():
    """An 800 mm bowl smooths its settlement onto still PS around it, which
    join its core; judged on every core PS its mining share fell to 0.4 and
    it went to tier 2 as steady motion. Judged on its settling PS it is a
    site."""
    scene, truth, result = run("village", "C12", 116)
    bowl = max(truth.unlicensed, key=lambda b: b.w0_mm)
    assert bowl.w0_mm > 700
    sites = result.sites
    near = np.hypot(sites.x - bowl.x, sites.y - bowl.y) < 60
    assert near.any() and (sites.tier[near] == 1).all() and (sites.mining_share[near] > 0.5).all()
