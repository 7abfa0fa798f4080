"""Area statistics per class and damage type, CSV and HTML."""
import csv

import numpy as np
import pytest

from minewatch.core.landdamage.area_report import area_by_damage_type, statistics_rows, write_report
from minewatch.models.classes import BUILDING_CLASSES, LAND_DAMAGE_CLASSES

COUNTS = np.array([10, 5, 0, 20, 1, 2, 3, 9])
AREAS = COUNTS * 4.0


def test_rows_per_class_type_and_total():
    rows = statistics_rows(LAND_DAMAGE_CLASSES, COUNTS, AREAS)
    classes = [r for r in rows if r["level"] == "class"]
    assert [r["pixels"] for r in classes] == COUNTS.tolist()
    types = {r["damage_type"]: r for r in rows if r["level"] == "damage_type"}
    assert list(types) == ["excavation", "occupation", "none"]
    assert types["excavation"]["pixels"] == 5 and types["excavation"]["area_m2"] == 20.0
    assert types["occupation"]["area_m2"] == 4.0 * 15
    assert types["none"]["pixels"] == 30
    total = rows[-1]
    assert total["level"] == "total" and total["pixels"] == COUNTS.sum()
    assert total["area_km2"] == pytest.approx(AREAS.sum() / 1e6)
    assert sum(r["share_pct"] for r in classes) == pytest.approx(100.0)
    assert sum(r["share_pct"] for r in types.values()) == pytest.approx(100.0)


def test_excavation_and_occupation_are_always_reported():
    areas = area_by_damage_type(BUILDING_CLASSES, np.array([3.0, 4.0]))
    assert areas == {"excavation": 0.0, "occupation": 0.0, "none": 7.0}


def test_empty_map_has_zero_shares():
    rows = statistics_rows(LAND_DAMAGE_CLASSES, np.zeros(8, int), np.zeros(8))
    assert all(r["share_pct"] == 0.0 for r in rows)


def test_csv_and_html(tmp_path):
    rows = statistics_rows(LAND_DAMAGE_CLASSES, COUNTS, AREAS)
    path = write_report(str(tmp_path / "s.csv"), rows)
    raw = open(path, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, for spreadsheets
    with open(path, encoding="utf-8-sig") as f:
        read = list(csv.DictReader(f))
    assert read[1]["class_name_zh"] == "露天采场" and int(read[1]["pixels"]) == 5
    assert float(read[-1]["area_m2"]) == AREAS.sum()
    page = write_report(str(tmp_path / "s.HTML"), rows, {"title": "Statistik"}, ["Image: <a&b>"])
    text = open(page, encoding="utf-8").read()
    assert "<h1>Statistik</h1>" in text and "&lt;a&amp;b&gt;" in text
    assert text.count("<tr>") == 1 + 8 + 1 + 3  # headings + classes + headings + types
    assert not list(tmp_path.glob("*.partial"))
