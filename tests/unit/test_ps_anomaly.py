"""The 401–406 cascade on a hand-computed scene, NaN rules, and a reference check."""
import numpy as np
import pytest

from minewatch.core.common.errors import Cancelled
from minewatch.core.insar.cascade import CascadeParams, cumulative_settlement, detect_anomalies
from minewatch.core.insar.dates import PsInputError

DATES = np.array(["2020-01-01", "2020-01-13", "2020-01-25", "2020-02-06"], "datetime64[D]")
NAN = np.nan
# settlement, mm, positive = settlement
XY = np.array([[0, 0], [10, 0], [0, 20], [200, 0], [30, 0], [0, -10], [5, 5]], float)
S = np.array([
    [0, 20, 45, 100],     # p0: steps 20, 25, 55; Z 100
    [0, 0, 15, 15],       # p1: steps 0, 15, 0
    [0, 1, NAN, 2],       # p2: steps 1, NaN, NaN; Z 2
    [0, 50, 100, 150],    # p3: 200 m from all: isolated; Z 150
    [0, 12, 24, 24],      # p4: steps 12, 12, 0
    [0, 11, 11, 11],      # p5: steps 11, 0, 0
    [0, 0, 0, 0],         # p6: not on a building, must not count as neighbour
], np.float32)
ON_BUILDING = np.array([True, True, True, True, True, True, False])


def hand_result():
    return detect_anomalies(XY, S, DATES, ON_BUILDING)


def test_hand_computed_cascade():
    r = hand_result()
    s = r.seeds
    by = {(int(p), int(k)): g for p, k, g in zip(s.point, s.pair, s.gradient)}
    # pair 0: seeds p0 (20), p3 (50, isolated), p4 (12), p5 (11)
    # G0 = mean(20/10, 19/20, 8/30, 9/10) = 1.029167
    # G4 = mean(8/30, 12/20, 11/√1300, 1/√1000) = 0.300844
    # G5 = mean(9/10, 11/√200, 10/30, 1/√1000) = 0.510693
    # η0 = 0.613568 + 0.306105 (population std) = 0.919673 → p0 only
    assert by[0, 0] == pytest.approx(1.029167, abs=1e-5)
    assert by[4, 0] == pytest.approx(0.300844, abs=1e-5)
    assert by[5, 0] == pytest.approx(0.510693, abs=1e-5)
    assert np.isnan(by[3, 0])
    assert r.eta[0] == pytest.approx(0.919673, abs=1e-5)
    # pair 1: seeds p0 (25), p1 (15), p3, p4 (12); p2's NaN step is left out
    # G0 = mean(10/10, 13/30, 25/10) = 1.311111; G1 = mean(10/10, 3/20, 15/√200) = 0.736887
    # G4 = mean(13/30, 3/20, 12/√1000) = 0.320935; η1 = 0.789644 + 0.405956 = 1.195600 → p0
    assert by[0, 1] == pytest.approx(1.311111, abs=1e-5)
    assert by[1, 1] == pytest.approx(0.736887, abs=1e-5)
    assert by[4, 1] == pytest.approx(0.320935, abs=1e-5)
    assert r.eta[1] == pytest.approx(1.195600, abs=1e-5)
    # pair 2: p0 (55) is the only seed with neighbours: η = G0, strict > → none
    assert r.eta[2] == pytest.approx(by[0, 2])
    np.testing.assert_array_equal(r.n_seeds, [4, 4, 2])
    np.testing.assert_array_equal(r.n_isolated, [1, 1, 1])
    np.testing.assert_array_equal(r.pair_flagged, [1, 1, 0])
    # per point
    np.testing.assert_array_equal(r.anomalous, [True, False, False, False, False, False, False])
    np.testing.assert_array_equal(r.n_flagged, [2, 0, 0, 0, 0, 0, 0])
    assert (r.first_pair[0], r.last_pair[0]) == (0, 1)
    assert r.first_flag_date[0] == DATES[0] and r.last_flag_date[0] == DATES[2]
    assert np.isnat(r.first_flag_date[1])
    assert r.max_step_mm[0] == 25
    assert r.gradient_at_max[0] == pytest.approx(1.311111, abs=1e-5)
    assert r.eta_at_max[0] == pytest.approx(1.195600, abs=1e-5)
    np.testing.assert_allclose(r.cumulative_mm, [100, 15, 2, 150, 24, 11, NAN])
    assert not r.in_cascade[6]


def brute_force_gradients(xy, s, on, delta, d):
    """Definition of 401–404 written with plain loops."""
    out = {}
    for k in range(s.shape[1] - 1):
        step = s[:, k + 1] - s[:, k]
        for i in np.flatnonzero(on):
            if not step[i] > delta:
                continue
            terms = []
            for j in np.flatnonzero(on):
                dist = np.hypot(*(xy[i] - xy[j]))
                if j != i and 0 < dist <= d and np.isfinite(step[j]):
                    terms.append(abs(step[i] - step[j]) / dist)
            out[i, k] = np.mean(terms) if terms else np.nan
    return out


def test_matches_brute_force_on_random_scene():
    rng = np.random.default_rng(5)
    n, t = 300, 12
    xy = rng.uniform(0, 600, (n, 2))
    s = np.cumsum(rng.normal(0, 6, (n, t)), axis=1).astype(np.float32)
    s[rng.random((n, t)) < 0.05] = np.nan
    on = rng.random(n) < 0.8
    r = detect_anomalies(xy, s, DATES[0] + np.arange(t) * 12, on)
    ref = brute_force_gradients(xy, s, on, 10.0, 100.0)
    got = {(int(p), int(k)): g for p, k, g in zip(r.seeds.point, r.seeds.pair, r.seeds.gradient)}
    assert set(got) == set(ref)
    keys = sorted(ref)
    np.testing.assert_allclose([got[k] for k in keys], [ref[k] for k in keys], rtol=1e-5)
    # η per pair: mean + population std of the finite G of the pair's seeds
    for k in range(t - 1):
        g = np.array([v for (p, kk), v in ref.items() if kk == k and np.isfinite(v)])
        if len(g):
            assert r.eta[k] == pytest.approx(g.mean() + g.std(), rel=1e-5)


def test_window_limits_pairs_and_cumulative():
    r = detect_anomalies(XY, S, DATES, ON_BUILDING, CascadeParams(start="2020-01-13"))
    assert r.window == (1, 3)
    assert r.n_seeds[0] == 0 and np.isnan(r.eta[0])
    # Z from 2020-01-13: p0 100 − 20 = 80, not > 80
    assert r.cumulative_mm[0] == 80 and not r.anomalous.any()


def test_cumulative_uses_nearest_valid_epochs():
    block = np.array([[NAN, 5, NAN, 20, NAN], [NAN] * 5, [NAN, NAN, 3, NAN, NAN], [1, 2, 3, 4, 6]], np.float32)
    np.testing.assert_array_equal(cumulative_settlement(block), [15, NAN, NAN, 5])


def test_nan_everywhere_and_no_building_points():
    s = np.full((3, 4), np.nan, np.float32)
    r = detect_anomalies(XY[:3], s, DATES, np.ones(3, bool))
    assert len(r.seeds) == 0 and not r.anomalous.any()
    r = detect_anomalies(XY, S, DATES, np.full(7, -1))
    assert not r.in_cascade.any() and np.isnan(r.cumulative_mm).all()


def test_input_errors():
    with pytest.raises(PsInputError, match="3 acquisition dates"):
        detect_anomalies(XY, S[:, :2], DATES[:2], ON_BUILDING)
    with pytest.raises(PsInputError, match="strictly increasing"):
        detect_anomalies(XY, S, DATES[[0, 2, 1, 3]], ON_BUILDING)
    with pytest.raises(PsInputError, match="positive"):
        detect_anomalies(XY, S, DATES, ON_BUILDING, CascadeParams(step_threshold_mm=-1))


def test_cancel_raises():
    class Stop:
        def setProgress(self, pct):  # noqa: N802
            pass

        def isCanceled(self):  # noqa: N802
            return True

    with pytest.raises(Cancelled):
        detect_anomalies(XY, S, DATES, ON_BUILDING, feedback=Stop())
