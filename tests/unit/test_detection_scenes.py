"""The detection benchmark's scenes carry what the issue asks for, from the
seed: unlicensed shallow bowls outside the licence area, a licensed deep
bowl inside it, jumps of exactly ±λ/2, consolidating buildings."""
import numpy as np

from devkit.insar_sim.detection_scenes import SENSORS, detection_scene
from minewatch.core.insar.licensing import inside_polygons
from minewatch.core.insar.overlay import PolygonSet


def test_scene_truth_and_confounders():
    scene, settlement, truth = detection_scene("C12", seed=3)
    sensor = SENSORS["C12"]
    assert settlement.shape == (len(scene.x), sensor.n_dates)
    assert len(scene.dates) == sensor.n_dates
    assert np.all(np.diff(scene.dates).astype(int) == sensor.revisit_days)
    licences = PolygonSet.from_rings([[r] for r in scene.licences])
    bowls = truth.unlicensed + truth.licensed
    inside = inside_polygons(np.array([b.x for b in bowls]), np.array([b.y for b in bowls]), licences)
    assert inside.tolist() == [False] * len(truth.unlicensed) + [True]
    for bowl in truth.unlicensed:
        assert 100 <= bowl.w0_mm <= 800 and 6 <= bowl.depth_m <= 30
    # a jump is a step of λ/2 between two dates that stays
    _, clean, _ = detection_scene("C12", seed=3, n_jumps=0)
    for point, k in zip(truth.jump_points, truth.jump_dates):
        step = settlement[point] - clean[point]
        assert np.allclose(step[:k], 0, atol=1e-3)
        assert np.allclose(np.abs(step[k:]), sensor.wavelength_mm / 2, atol=1e-3)
    assert len(truth.consolidating_points) > 0
    again, settlement_again, _ = detection_scene("C12", seed=3)
    np.testing.assert_array_equal(settlement, settlement_again)
