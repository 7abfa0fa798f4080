"""The StaMPS time-series export (StaMPS-Visualizer's ``stamps_tsexport.csv``)
as a plain PS CSV.

MATLAB's ``writetable`` of the export matrix gives:

    export_res_ 1,export_res_ 2,…,export_res_10,…            header
    ref_lon,ref_lat,NaN,day_1 - 1,day_2 - 1,…                  metadata row
    lon,lat,mean_velocity,d_1,d_2,…                            one row per PS

(the column numbers padded to one width, as MATLAB writes them; unpadded
headers are taken too) with the acquisition days as MATLAB datenums minus one (so R's
``as.Date(v, origin = "0000-01-01")`` reads them) and the displacements in
mm, line of sight, negative = away from the satellite (EGMS's sign). This
module recognises the layout and writes the same PS as ``pid, lon, lat,
YYYYMMDD…``, which the PS reader takes as WGS 84 lon/lat.
"""
import csv
import datetime
import re
from typing import List, Tuple

HEADER = re.compile(r"^(export_res_ *\d+|Var\d+|export_res)$")
# MATLAB datenum of 0001-01-01 is 367; Python's ordinal of it is 1
MATLAB_TO_ORDINAL = 366
# datenums of the SAR era (1990–2100): a metadata row holds these
ERA = (726834, 767376)


def _row(handle):
    return next(csv.reader([handle.readline()]), [])


def is_stamps_export(path: str) -> bool:
    """True when the CSV at ``path`` has the StaMPS export's header and
    metadata row (see the module docstring)."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            header, meta = _row(handle), _row(handle)
    except OSError:
        return False
    if len(header) < 4 or not all(HEADER.match(cell.strip()) for cell in header):
        return False
    try:
        days = [float(v) + 1.0 for v in meta[3:]]
    except ValueError:
        return False
    return bool(days) and meta[2].strip().lower() in ("nan", "") and all(
        ERA[0] <= d <= ERA[1] for d in days)


def export_dates(meta):
    """The acquisition dates (datetime.date) of a metadata row."""
    return [datetime.date.fromordinal(int(round(float(v) + 1.0)) - MATLAB_TO_ORDINAL)
            for v in meta[3:]]


def convert_stamps_export(path: str, out_path: str) -> Tuple[int, List[datetime.date]]:
    """Write the StaMPS export at ``path`` as a PS CSV ``pid, lon, lat,
    YYYYMMDD…`` (values as given: mm, negative = away from the satellite)
    at ``out_path``, row by row; returns (PS count, dates)."""
    count = 0
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as source, \
            open(out_path, "w", encoding="utf-8", newline="") as target:
        rows = csv.reader(source)
        next(rows)
        dates = export_dates(next(rows))
        writer = csv.writer(target)
        writer.writerow(["pid", "lon", "lat"] + [d.strftime("%Y%m%d") for d in dates])
        for row in rows:
            if len(row) < 3 + len(dates):
                continue
            count += 1
            writer.writerow([count, row[0], row[1]] + row[3:3 + len(dates)])
    return count, dates
