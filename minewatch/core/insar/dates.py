"""Acquisition dates from the field names of a PS time-series layer.

One numeric field per acquisition date. Recognised names (case-insensitive
prefix): ``YYYYMMDD`` (EGMS), ``DYYYYMMDD`` (MintPy / QGIS export),
``D_YYYYMMDD`` (StaMPS-style) and ``YYYY-MM-DD``. Dates are returned sorted
by date, never by field order, as ``datetime64[D]``.

:class:`PsInputError` is the error every ``ps_*`` module raises for input
the user must fix; it is a :class:`MineWatchInputError`, so the Processing
wrapper handles it like every other engine error.
"""
import datetime
import re
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Sequence

import numpy as np

from ..common.errors import MineWatchInputError, translatable

MIN_DATES = 3

_PATTERNS = (
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^[Dd]_?(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
)
# a plausible SAR era; keeps ids such as 12345678 from passing as dates
_YEARS = (1970, 2200)


class PsInputError(MineWatchInputError):
    """PS input the engine cannot use; the message says what to change."""


def parse_date_field(name):
    """The date a field name encodes, or None when it is not a date name."""
    text = str(name).strip()
    for pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            if not _YEARS[0] <= year <= _YEARS[1]:
                return None
            try:
                return datetime.date(year, month, day)
            except ValueError:
                return None
    return None


@dataclass
class DateFields:
    """Date fields of a layer, sorted by date.

    ``names[k]`` holds the value at ``dates[k]``; ``skipped`` lists the
    layer's other fields (ids, coordinates, attributes) in layer order."""

    names: list
    dates: np.ndarray
    skipped: list = field(default_factory=list)

    def __len__(self):
        return len(self.names)


def detect_date_fields(field_names: Sequence[str], explicit: Optional[Sequence[str]] = None) -> Any:
    """Pick and sort the date fields among ``field_names``.

    ``explicit``: optional list of field names to use instead of every
    date-named field; each must exist and carry a date name. Raises
    :class:`PsInputError` for fewer than 3 dates or two fields with the same
    date."""
    field_names = [str(n) for n in field_names]
    if explicit:
        missing = [n for n in explicit if n not in field_names]
        if missing:
            raise PsInputError(translatable(
                "The date fields {missing} are not in the layer. Pick fields from: {available}."),
                missing=", ".join(missing), available=", ".join(field_names))
        bad = [n for n in explicit if parse_date_field(n) is None]
        if bad:
            raise PsInputError(translatable(
                "The fields {bad} are not named as dates. Date fields must be named "
                "YYYYMMDD, DYYYYMMDD, D_YYYYMMDD or YYYY-MM-DD."), bad=", ".join(bad))
        chosen = list(dict.fromkeys(explicit))
    else:
        chosen = [n for n in field_names if parse_date_field(n) is not None]
    parsed = [parse_date_field(n) for n in chosen]
    if len(chosen) < MIN_DATES:
        raise PsInputError(translatable(
            "Found {count} date fields, at least {needed} are needed. Name one numeric field "
            "per acquisition date YYYYMMDD, DYYYYMMDD, D_YYYYMMDD or YYYY-MM-DD, or list "
            "the date fields explicitly."), count=len(chosen), needed=MIN_DATES)
    seen: Dict[Any, str] = {}
    for name, day in zip(chosen, parsed):
        if day in seen:
            raise PsInputError(translatable(
                "Fields {first} and {second} both hold the date {date}. List the date fields "
                "explicitly to choose one."), first=seen[day], second=name, date=day.isoformat())
        seen[day] = name
    order = sorted(range(len(chosen)), key=lambda i: parsed[i])
    names = [chosen[i] for i in order]
    dates = np.array([parsed[i] for i in order], dtype="datetime64[D]")
    chosen_set = set(names)
    skipped = [n for n in field_names if n not in chosen_set]
    return DateFields(names=names, dates=dates, skipped=skipped)


def field_name_for(date, style="YYYYMMDD"):
    """Field name for a date in one of the recognised styles (for writers)."""
    day = np.datetime64(date, "D").astype(datetime.date)
    compact = day.strftime("%Y%m%d")
    return {"YYYYMMDD": compact, "DYYYYMMDD": "D" + compact, "D_YYYYMMDD": "D_" + compact,
            "YYYY-MM-DD": day.isoformat()}[style]
