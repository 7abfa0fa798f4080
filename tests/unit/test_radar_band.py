"""Radar band 'auto': the median revisit of the dates names the band."""
import numpy as np
import pytest

from minewatch.core.insar.radar_band import band_from_revisit, median_revisit_days


def dates(step, n=30, gaps=()):
    days = np.arange(n) * step
    for g in gaps:  # a missed acquisition here and there
        days[g:] += step
    return np.datetime64("2020-01-03") + days.astype("timedelta64[D]")


@pytest.mark.parametrize("step, band, wavelength", [
    (6, "C", 55.5), (12, "C", 55.5), (11, "X", 31.0), (16, "X", 31.0),
    (14, "L", 236.0), (46, "L", 236.0), (30, None, None)])
def test_the_revisit_names_the_band(step, band, wavelength):
    assert band_from_revisit(dates(step, gaps=(5, 17))) == (band, wavelength, float(step))


def test_too_few_dates_give_no_band():
    assert np.isnan(median_revisit_days(dates(12, n=1)))
    assert band_from_revisit(dates(12, n=1))[0] is None
