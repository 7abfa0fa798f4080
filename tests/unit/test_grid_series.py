"""MintPy and LiCSBAS HDF5 time series as PS points (files shaped like the
products': dataset names, attributes, units, masks)."""
import numpy as np
import pytest

h5py = pytest.importorskip("h5py")

from minewatch.core.insar.dates import PsInputError  # noqa: E402
from minewatch.core.insar.grid_series import open_grid_series, write_grid_as_points  # noqa: E402
from minewatch.core.insar.reader import read_ps_file  # noqa: E402

DATES = [f"2021{m:02d}{d:02d}" for m in range(1, 7) for d in (5, 17)]


def displacement_m(rows=20, cols=30):
    """Line of sight, metres, positive = towards the satellite: a bowl
    sinking 60 mm at its centre over the series, NaN in one corner cell."""
    t = np.linspace(0.0, 1.0, len(DATES))[:, None, None]
    r, c = np.mgrid[0:rows, 0:cols]
    bowl = np.exp(-((r - 10) ** 2 + (c - 15) ** 2) / 20.0)[None]
    values = (-0.06 * t * bowl).astype(np.float32)
    values[:, 0, 0] = np.nan
    return values


def write_mintpy(path, values, mask_path=None):
    with h5py.File(path, "w") as f:
        f["timeseries"] = values
        f["date"] = np.array([d.encode() for d in DATES])
        f.attrs.update({"X_FIRST": "500000.0", "Y_FIRST": "4400000.0", "X_STEP": "30.0",
                        "Y_STEP": "-30.0", "EPSG": "32650", "UNIT": "m"})
    if mask_path:
        with h5py.File(mask_path, "w") as f:
            mask = np.ones(values.shape[1:], bool)
            mask[:, :5] = False
            f["mask"] = mask
    return str(path)


def write_licsbas(path, values):
    with h5py.File(path, "w") as f:
        f["cum"] = values * 1000.0  # mm
        f["imdates"] = np.array([int(d) for d in DATES], np.int32)
        f["corner_lat"], f["corner_lon"] = 35.0, 110.0
        f["post_lat"], f["post_lon"] = -0.001, 0.001
    return str(path)


def test_a_geocoded_mintpy_time_series_with_its_mask(tmp_path):
    values = displacement_m()
    path = write_mintpy(tmp_path / "geo_timeseries.h5", values, tmp_path / "mask.h5")
    out = str(tmp_path / "ps.gpkg")
    with h5py.File(path, "r") as h5:
        series = open_grid_series(h5, path, str(tmp_path / "mask.h5"))
        assert series.kind == "MintPy" and series.crs == 32650
        count = write_grid_as_points(series, out)
    assert count == 20 * 25  # five masked columns
    table = read_ps_file(out)
    assert "32650" in table.crs_wkt and len(table.dates.dates) == len(DATES)
    centre = np.flatnonzero(table.pid == 10 * 30 + 15)[0]
    # the cell's centre, mm, the file's sign (negative = settlement)
    np.testing.assert_allclose(table.xy[centre], (500000.0 + 15.5 * 30, 4400000.0 - 10.5 * 30))
    assert table.values[centre, -1] == pytest.approx(-60.0, abs=1e-3)


def test_a_licsbas_cum_file_keeps_cells_with_values(tmp_path):
    path = write_licsbas(tmp_path / "cum.h5", displacement_m())
    out = str(tmp_path / "ps.gpkg")
    with h5py.File(path, "r") as h5:
        series = open_grid_series(h5, path)
        assert series.kind == "LiCSBAS" and series.crs == 4326
        count = write_grid_as_points(series, out)
    assert count == 20 * 30 - 1  # the all-NaN corner cell is left out
    table = read_ps_file(out)
    first = np.flatnonzero(table.pid == 1)[0]
    np.testing.assert_allclose(table.xy[first], (110.001, 35.0))


def test_other_hdf5_files_and_radar_coordinates_are_refused(tmp_path):
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f["velocity"] = np.zeros((2, 2))
    with h5py.File(other, "r") as h5, pytest.raises(PsInputError, match="neither a MintPy"):
        open_grid_series(h5, str(other))
    radar = tmp_path / "timeseries.h5"
    with h5py.File(radar, "w") as f:
        f["timeseries"] = displacement_m()
        f["date"] = np.array([d.encode() for d in DATES])
    with h5py.File(radar, "r") as h5, pytest.raises(PsInputError, match="geometryRadar"):
        open_grid_series(h5, str(radar))
    assert not list(tmp_path.glob("*.partial*"))


def test_a_file_that_is_not_hdf5_is_refused_by_name(tmp_path):
    from minewatch.core.insar.grid_series import open_hdf5

    text = tmp_path / "ts.h5"
    text.write_text("not hdf5")
    with pytest.raises(PsInputError, match="Cannot read .*ts.h5 as an HDF5 file"):
        with open_hdf5(str(text)):
            pass
