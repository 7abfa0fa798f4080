"""The per-PS time-series model (core/insar/ps_model.py) tells mining,
consolidation and steady motion with thermal dilation apart, and finds a
mining break's onset and stop."""
import numpy as np
import pytest

from minewatch.core.insar.ps_model import CONSOLIDATION, MINING, STEADY, fit_ps_models, huber_fit


def dates(n, revisit):
    return np.datetime64("2020-01-03") + np.arange(n) * revisit


@pytest.mark.parametrize("n_dates,revisit", [(20, 46), (120, 12), (200, 6)])
def test_each_kind_of_motion_gets_its_model(n_dates, revisit):
    rng = np.random.default_rng(n_dates)
    d = dates(n_dates, revisit)
    years = (d - d[0]).astype(float) / 365.25
    annual = 4.0 * np.sin(2 * np.pi * years + 0.7)
    onset, stop = int(0.3 * n_dates), int(0.6 * n_dates)
    mining = 80.0 * np.clip((np.arange(n_dates) - onset) / (stop - onset), 0, 1)
    consolidation = 35.0 * (1 - np.exp(-years / 0.3))
    steady = 3.0 * years
    series = np.stack([mining + annual, consolidation + annual, steady + annual]
                      * 5) + rng.normal(0, 2.5, (15, n_dates))
    models = fit_ps_models(series, d)
    assert np.all(models.model[0::3] == MINING)
    assert np.all(models.model[1::3] == CONSOLIDATION)
    assert np.all(models.model[2::3] != MINING)
    if n_dates >= 120:  # 20 dates with 2.5 mm noise cannot tell a curve from a trend
        assert np.all(models.model[2::3] == STEADY)
    found_onset, found_stop = models.onset[::3], models.stop[::3]
    step = max(1, n_dates // 39)  # the search grid's spacing
    assert np.all(np.abs(found_onset - onset) <= step) and np.all(np.abs(found_stop - stop) <= step)
    assert np.allclose(models.amplitude_mm[::3], 80, atol=8)
    assert np.allclose(models.seasonal_mm[2::3], 4, atol=1.5)
    assert np.allclose(models.seasonal_mm[0::3], 4, atol=2.0)  # not the ramp taken for a season


def test_robust_fit_ignores_outliers_and_missing_dates():
    d = dates(60, 12)
    years = (d - d[0]).astype(float) / 365.25
    series = 10.0 * years + np.random.default_rng(1).normal(0, 1, 60)
    series[[5, 17, 40]] += 150.0  # three wild dates
    series[[8, 9]] = np.nan
    from minewatch.core.insar.ps_model import base_design

    coef, fitted, residual, _ = huber_fit(base_design(years), series[None, :])
    assert coef[0, 1] == pytest.approx(10.0, abs=0.7)
    assert np.isfinite(fitted).all() and residual[0, 8] == 0
