"""The radar band of a PS time series from its acquisition dates, for the
unwrapping-error correction (which needs the wavelength λ).

Each mission images a place on a fixed repeat cycle, so the median gap
between acquisitions says which band the data probably are: Sentinel-1
(C, λ 55.5 mm) repeats every 12 days (6 with both satellites, 24 with
gaps), TerraSAR-X / TanDEM-X (X, λ 31 mm) every 11 days, COSMO-SkyMed
(X) every 16 days (4 or 8 with several satellites), ALOS-2 (L, λ 236 mm)
every 14 days (42 with gaps) and ALOS-1 every 46 days. Any other gap
gives no band, and then no correction.
"""
import numpy as np

C_BAND_MM, X_BAND_MM, L_BAND_MM = 55.5, 31.0, 236.0
# median revisit (days) → (band name, wavelength mm)
REVISIT_BANDS = {6: ("C", C_BAND_MM), 12: ("C", C_BAND_MM), 24: ("C", C_BAND_MM),
                 11: ("X", X_BAND_MM), 22: ("X", X_BAND_MM),
                 4: ("X", X_BAND_MM), 8: ("X", X_BAND_MM), 16: ("X", X_BAND_MM),
                 14: ("L", L_BAND_MM), 42: ("L", L_BAND_MM), 46: ("L", L_BAND_MM)}
# a median gap within this many days of a cycle counts as that cycle
REVISIT_TOLERANCE_DAYS = 0.5


def median_revisit_days(dates):
    """The median gap between consecutive acquisition ``dates`` (days;
    NaN for fewer than two dates)."""
    days = np.sort(np.asarray(dates, "datetime64[D]").astype(np.int64))
    return float(np.median(np.diff(days))) if days.size >= 2 else float("nan")


def band_from_revisit(dates):
    """(band name "C"/"X"/"L" or None, wavelength mm or None, median revisit
    days) of a series acquired on ``dates``."""
    revisit = median_revisit_days(dates)
    for cycle, (band, wavelength) in REVISIT_BANDS.items():
        if abs(revisit - cycle) <= REVISIT_TOLERANCE_DAYS:
            return band, wavelength, revisit
    return None, None, revisit
