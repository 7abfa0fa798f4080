"""PS values that are not plausible displacements: unit slips are warned,
fill values such as 1e30 are dropped before the cascade, so they cannot
poison the neighbours' gradients and η (issue 12)."""
import numpy as np

from devkit.insar_sim.ps_simulator import simulate_scene
from minewatch.core.insar.cascade import detect_anomalies
from minewatch.core.insar.series import drop_implausible, plausibility_warnings


def scene_series():
    scene = simulate_scene(n_points=6000, n_buildings=500, n_dates=40, revisit_days=12, n_bowls=2,
                           seed=8)
    return scene, scene.settlement()


def test_millimetres_given_as_metres_and_back_are_warned():
    _, settlement = scene_series()
    assert plausibility_warnings(settlement.copy(), "mm") == []
    as_metres = settlement / 1000.0  # a file in metres read as mm
    assert any("look like metres" in str(w) for w in plausibility_warnings(as_metres, "mm"))
    as_mm_read_as_m = settlement * 1000.0  # a file in mm read as metres
    assert any("look like millimetres" in str(w)
               for w in plausibility_warnings(as_mm_read_as_m, "m"))


def test_a_fill_value_cannot_poison_the_cascade():
    scene, settlement = scene_series()
    bid = scene.building_id
    clean = detect_anomalies(scene.xy, settlement.copy(), scene.dates, bid)
    poisoned = settlement.copy()
    on_building = np.flatnonzero(bid >= 0)
    poisoned[on_building[:3], 10] = 1e30
    poisoned[on_building[3], 11] = -1e30
    dropped = drop_implausible(poisoned)
    assert dropped == 4
    warnings = plausibility_warnings(poisoned, "mm", dropped)
    assert any("4 values beyond" in str(w) for w in warnings)
    result = detect_anomalies(scene.xy, poisoned, scene.dates, bid)
    assert np.isfinite(result.eta[np.isfinite(result.eta)]).all()
    # the thresholds and the anomalous points stay those of the clean series
    same = np.isfinite(clean.eta) & np.isfinite(result.eta)
    np.testing.assert_allclose(result.eta[same], clean.eta[same], rtol=0.05)
    assert abs(int(result.anomalous.sum()) - int(clean.anomalous.sum())) <= 4


def test_missing_cells_and_future_dates_are_counted():
    from minewatch.core.insar.series import table_warnings

    values = np.array([[0.0, np.nan, -3.0], [np.nan, -1.0, -2.0]], np.float32)
    dates = np.array(["2020-01-01", "2020-01-13", "2099-01-25"], "datetime64[D]")
    text = [str(w) for w in table_warnings(values, dates, today="2026-12-01")]
    assert any(w.startswith("2 of 6 date cells") for w in text)
    assert any("2099-01-25" in w and "future" in w for w in text)
    assert table_warnings(np.zeros((2, 1), np.float32), dates[:1], today="2026-12-01") == []


def test_centimetres_are_named_from_the_noise():
    from minewatch.core.insar.series import likely_unit, series_noise_mm, to_settlement

    _, settlement = scene_series()
    assert 2.0 < series_noise_mm(settlement) < 4.0  # the simulator's 3 mm
    as_cm = -settlement / 10.0  # a P-SBAS product in cm, EGMS sign
    read_as_mm = to_settlement(as_cm.copy(), "mm")
    warnings = plausibility_warnings(read_as_mm, "mm")
    assert any("look like centimetres" in str(w) for w in warnings)
    assert plausibility_warnings(to_settlement(as_cm.copy(), "cm"), "cm") == []
    assert likely_unit(3000.0, "m") == "mm" and likely_unit(0.003, "mm") == "m"
    assert likely_unit(0.5, "mm") is None and likely_unit(float("nan"), "mm") is None


def test_a_date_missing_from_every_ps_is_left_out_not_fatal():
    """One acquisition missing from the whole product (a column of NaN)
    used to crash the background grid; it is left out and said."""
    from minewatch.core.insar.robust import RobustParams, detect_bowls

    scene = simulate_scene(n_points=1500, n_buildings=150, n_dates=20, revisit_days=12,
                           n_bowls=1, seed=6)
    settlement = scene.settlement()
    settlement[:, 5] = np.nan
    result = detect_bowls(scene.xy, settlement, scene.dates, scene.building_id,
                          RobustParams(wavelength_mm=55.5))
    assert result.empty_dates == (str(scene.dates[5]),)
    assert len(result.dates) == 19 and len(result.sites) == len(scene.truth())
