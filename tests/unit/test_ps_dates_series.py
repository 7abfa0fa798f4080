"""Date field names, sign/unit conversion and the monitoring window."""
import datetime

import numpy as np
import pytest

from minewatch.core.insar.dates import PsInputError, detect_date_fields, field_name_for, parse_date_field
from minewatch.core.insar.series import to_settlement, window_epochs


@pytest.mark.parametrize("name", ["20200115", "D20200115", "d20200115", "D_20200115", "2020-01-15"])
def test_all_four_name_forms(name):
    assert parse_date_field(name) == datetime.date(2020, 1, 15)


@pytest.mark.parametrize("name", ["pid", "easting", "20201315", "2020-02-30", "12345678", "DX20200101",
                                  "2020_01_15", "v20200115", "202001150"])
def test_non_dates_rejected(name):
    assert parse_date_field(name) is None


def test_sorted_by_date_not_field_order():
    fields = ["pid", "2020-03-01", "D20200101", "easting", "D_20200201", "20191201"]
    got = detect_date_fields(fields)
    assert got.names == ["20191201", "D20200101", "D_20200201", "2020-03-01"]
    assert got.dates.tolist() == [datetime.date(2019, 12, 1), datetime.date(2020, 1, 1),
                                  datetime.date(2020, 2, 1), datetime.date(2020, 3, 1)]
    assert got.skipped == ["pid", "easting"]


def test_explicit_fields_and_errors():
    fields = ["20200101", "20200113", "20200125", "20200206"]
    got = detect_date_fields(fields, explicit=["20200125", "20200101", "20200113"])
    assert got.names == ["20200101", "20200113", "20200125"] and got.skipped == ["20200206"]
    with pytest.raises(PsInputError, match="not in the layer"):
        detect_date_fields(fields, explicit=["20200101", "20990101", "20200113"])
    with pytest.raises(PsInputError, match="at least 3"):
        detect_date_fields(["pid", "20200101", "20200113"])
    with pytest.raises(PsInputError, match="both hold the date"):
        detect_date_fields(["20200101", "D20200101", "20200113"])
    assert isinstance(PsInputError("x"), ValueError)


def test_field_name_styles_round_trip():
    for style in ("YYYYMMDD", "DYYYYMMDD", "D_YYYYMMDD", "YYYY-MM-DD"):
        assert parse_date_field(field_name_for("2021-07-04", style)) == datetime.date(2021, 7, 4)


def test_settlement_sign_units_nan_in_place():
    disp = np.array([[0.0, -5.0, np.nan], [0.001, 0.0, -0.002]], np.float32)
    same = to_settlement(disp[:1].copy())  # EGMS default: negative = settlement, mm
    np.testing.assert_array_equal(same, [[0, 5, np.nan]])
    arr = disp[1:].copy()
    out = to_settlement(arr, units="m", sign="positive")
    assert out is arr and out.dtype == np.float32
    np.testing.assert_allclose(out, [[1.0, 0.0, -2.0]])
    np.testing.assert_allclose(to_settlement(disp[1:].copy(), units="cm"), [[-0.01, 0.0, 0.02]])
    with pytest.raises(PsInputError):
        to_settlement(disp, units="km")


def test_window_epochs():
    dates = np.array(["2020-01-01", "2020-01-13", "2020-01-25", "2020-02-06"], "datetime64[D]")
    assert window_epochs(dates) == (0, 3)
    assert window_epochs(dates, "2020-01-10", "2020-01-30") == (1, 2)
    with pytest.raises(PsInputError, match="at least 2"):
        window_epochs(dates, "2020-01-14", "2020-01-24")
