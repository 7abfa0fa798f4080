"""Amplitude dispersion and PS candidate scan, without QGIS."""
import os

import numpy as np
import pytest

from devkit.insar_sim.amplitude import simulate_amplitude_stack, write_stack
from minewatch.core.common.errors import Cancelled, MineWatchInputError
from minewatch.core.insar.candidates import DISPERSION_NODATA, amplitude_dispersion, scan_amplitude_stack


def test_dispersion_matches_numpy():
    rng = np.random.default_rng(1)
    stack = rng.uniform(1, 500, size=(7, 9, 11)).astype(np.float32)
    valid = np.ones((9, 11), bool)
    valid[0, 0] = False
    mean, disp = amplitude_dispersion(stack, valid)
    expected_mean = stack.astype(np.float64).mean(axis=0)
    expected_disp = stack.astype(np.float64).std(axis=0) / expected_mean
    assert np.isnan(mean[0, 0]) and np.isnan(disp[0, 0])
    np.testing.assert_allclose(mean[1:], expected_mean[1:], rtol=1e-6)
    np.testing.assert_allclose(disp[1:], expected_disp[1:], rtol=1e-5)


def test_zero_mean_is_not_a_candidate():
    stack = np.zeros((4, 2, 2), np.float32)
    mean, disp = amplitude_dispersion(stack, np.ones((2, 2), bool))
    assert np.isnan(disp).all()


def test_scan_finds_exactly_the_planted_ps(tmp_path):
    stack, rows, cols = simulate_amplitude_stack(height=120, width=170, n_dates=40,
                                                 n_ps=60, seed=3)
    path = write_stack(str(tmp_path / "stack.tif"), stack, block=16)
    disp_path = str(tmp_path / "disp.tif")
    # small blocks and a tiny budget force many windows, so seams are exercised
    scan = scan_amplitude_stack(path, 0.25, dispersion_path=disp_path,
                                budget_bytes=40_000)
    got = set(zip(scan.rows.tolist(), scan.cols.tolist()))
    assert got == set(zip(rows.tolist(), cols.tolist()))
    assert scan.n_valid == 120 * 170
    assert scan.scene_mean_amplitude == pytest.approx(
        stack.astype(np.float64).mean(axis=0).mean(), rel=1e-6)
    # pixel centres on the 10 m grid written by write_stack
    np.testing.assert_allclose(scan.x, 500000.0 + 10.0 * (scan.cols + 0.5))
    np.testing.assert_allclose(scan.y, 4200000.0 - 10.0 * (scan.rows + 0.5))
    import rasterio

    with rasterio.open(disp_path) as ds:
        written = ds.read(1)
        assert ds.nodata == DISPERSION_NODATA
    _, expected = amplitude_dispersion(stack, np.ones(stack.shape[1:], bool))
    np.testing.assert_allclose(written, expected, rtol=1e-5)


def test_explicit_min_mean_amplitude_filters(tmp_path):
    stack, rows, cols = simulate_amplitude_stack(height=50, width=60, n_dates=40, n_ps=20, seed=4)
    stack[:, rows[:5], cols[:5]] *= 0.1  # stable but dim
    path = write_stack(str(tmp_path / "s.tif"), stack)
    scan = scan_amplitude_stack(path, 0.25, min_mean_amplitude=200.0)
    assert len(scan.rows) == 15
    assert scan.min_mean_amplitude == 200.0


def test_nodata_pixels_are_skipped(tmp_path):
    stack, rows, cols = simulate_amplitude_stack(height=40, width=40, n_dates=40, n_ps=10, seed=5)
    stack[2, rows[0], cols[0]] = 0  # one band nodata at a PS
    path = write_stack(str(tmp_path / "s.tif"), stack, nodata=0)
    scan = scan_amplitude_stack(path, 0.25)
    assert len(scan.rows) == 9
    assert scan.n_valid == 40 * 40 - 1


def test_one_band_raster_is_refused(tmp_path):
    path = write_stack(str(tmp_path / "one.tif"), np.ones((1, 5, 5), np.float32))
    with pytest.raises(MineWatchInputError, match="at least 3"):
        scan_amplitude_stack(path)


def test_nodata_only_raster_is_refused_and_leaves_no_file(tmp_path):
    path = write_stack(str(tmp_path / "nd.tif"), np.zeros((3, 8, 8), np.float32), nodata=0)
    out = tmp_path / "disp.tif"
    with pytest.raises(MineWatchInputError, match="no valid pixel"):
        scan_amplitude_stack(path, dispersion_path=str(out))
    assert os.listdir(tmp_path) == ["nd.tif"]


def test_a_stack_of_one_image_repeated_is_refused(tmp_path):
    """Issue 29: a constant stack made every pixel a PS (D_A = 0)."""
    image = np.random.default_rng(0).uniform(50, 200, (1, 16, 16)).astype(np.float32)
    path = write_stack(str(tmp_path / "same.tif"), np.repeat(image, 6, axis=0))
    out = tmp_path / "disp.tif"
    with pytest.raises(MineWatchInputError, match="never changes over the 6 dates"):
        scan_amplitude_stack(path, dispersion_path=str(out))
    assert os.listdir(tmp_path) == ["same.tif"]


def test_not_a_raster_is_refused(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    with pytest.raises(MineWatchInputError, match="Cannot read"):
        scan_amplitude_stack(str(bad))


def test_cancel_stops_and_leaves_no_file(tmp_path):
    stack, _, _ = simulate_amplitude_stack(height=64, width=64, n_ps=5, seed=6)
    path = write_stack(str(tmp_path / "s.tif"), stack, block=16)

    class CancelAfterFirst:
        calls = 0

        def setProgress(self, pct):
            self.calls += 1

        def isCanceled(self):
            return self.calls >= 1

    with pytest.raises(Cancelled):
        scan_amplitude_stack(path, dispersion_path=str(tmp_path / "d.tif"),
                             budget_bytes=20_000, feedback=CancelAfterFirst())
    assert sorted(os.listdir(tmp_path)) == ["s.tif"]


def test_window_plan_covers_grid_once_within_budget():
    from minewatch.core.raster.windows import plan_windows

    for height, width, block, budget in [(100, 130, (16, 16), 40 * 16 * 130 * 4),
                                         (100, 130, (16, 16), 10_000),
                                         (7, 5, (1, 5), 10**9), (300, 50, (1, 50), 4000)]:
        windows = plan_windows(height, width, 3, 4, budget, block)
        cover = [[0] * width for _ in range(height)]
        for row, col, h, w in windows:
            assert row % block[0] == 0 and col % block[1] == 0
            assert h * w * 3 * 4 <= max(budget, block[0] * block[1] * 12)
            for r in range(row, row + h):
                for c in range(col, col + w):
                    cover[r][c] += 1
        assert all(v == 1 for line in cover for v in line)


def test_a_stack_in_decibels_is_refused(tmp_path):
    from devkit.insar_sim.amplitude import simulate_amplitude_stack, write_stack

    data, _, _ = simulate_amplitude_stack(height=30, width=30, n_dates=8, n_ps=5, seed=1)
    db = (20.0 * np.log10(np.maximum(data, 1e-3)) - 60.0).astype(np.float32)  # mostly < 0
    path = write_stack(str(tmp_path / "db.tif"), db)
    with pytest.raises(MineWatchInputError, match="decibels"):
        scan_amplitude_stack(path, dispersion_path=str(tmp_path / "d.tif"))
    assert sorted(os.listdir(tmp_path)) == ["db.tif"]


def test_zero_amplitudes_not_marked_nodata_are_warned(tmp_path):
    from devkit.insar_sim.amplitude import simulate_amplitude_stack, write_stack

    data, _, _ = simulate_amplitude_stack(height=30, width=30, n_dates=8, n_ps=5, seed=1)
    data[:, :2, :] = 0
    scan = scan_amplitude_stack(write_stack(str(tmp_path / "z.tif"), data))
    assert any("exactly 0 but not marked as nodata" in str(w) for w in scan.warnings)
    assert any(str(8 * 2 * 30) in str(w) for w in scan.warnings)
