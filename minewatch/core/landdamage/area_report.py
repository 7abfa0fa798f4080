"""Area statistics of a class map per class and per damage type, written
as CSV or HTML (no QGIS).

One table, one row per class, then one per damage type, then the total:

``level`` (class / damage_type / total), ``class`` (index; empty on the
other levels), ``class_name``, ``class_name_zh``, ``damage_type``,
``pixels``, ``area_m2``, ``area_km2``, ``share_pct``.

``share_pct`` is the share of the classified area (all valid pixels; nodata
excluded) in per cent, by area, so on a geographic grid, where pixel areas
vary with latitude, it is the true share of ground. Damage-type rows
always include excavation (挖损) and occupation (压占), the two the paper
reports, even when empty, then any other type the model uses; the ``none``
type (background, vegetation) comes last. The CSV is UTF-8 with a byte-order
mark so spreadsheet programs show the Chinese names.
"""
import csv
import html
import os
from typing import Any, Dict, List, Optional, Sequence

from ..common.errors import translatable
from ..common.html_report import html_page
from ..common.outputs import atomic_text, write_text

DAMAGE_ORDER = ("excavation", "occupation", "subsidence", "pollution", "none")
REPORTED_TYPES = ("excavation", "occupation")
COLUMNS = ("level", "class", "class_name", "class_name_zh", "damage_type", "pixels",
           "area_m2", "area_km2", "share_pct")

# HTML headings; the algorithm passes translated ones
HEADINGS = {
    "title": translatable("Land damage statistics"),
    "classes": translatable("Per class"),
    "types": translatable("Per damage type"),
    "class": translatable("Class"),
    "name": translatable("Name"),
    "name_zh": translatable("Chinese name"),
    "damage_type": translatable("Damage type"),
    "pixels": translatable("Pixels"),
    "area_m2": translatable("Area (m²)"),
    "area_km2": translatable("Area (km²)"),
    "share": translatable("Share of classified area (%)"),
    "total": translatable("Total classified"),
}


def damage_type_order(classes):
    """Damage types to report, in report order (see module docstring)."""
    used = {c.damage_type for c in classes}
    return [t for t in DAMAGE_ORDER if t in used or t in REPORTED_TYPES] + \
        sorted(used - set(DAMAGE_ORDER))


def statistics_rows(classes: Sequence[Any], counts: Sequence[int], areas_m2: Sequence[float]) -> List[dict]:
    """The report's rows as dicts keyed by :data:`COLUMNS`; ``counts`` and
    ``areas_m2`` are indexed by class."""
    total_area = float(sum(areas_m2))
    total_pixels = int(sum(counts))

    def row(level, index, name, zh, damage, pixels, area):
        return {"level": level, "class": index, "class_name": name, "class_name_zh": zh,
                "damage_type": damage, "pixels": int(pixels), "area_m2": float(area),
                "area_km2": float(area) / 1e6,
                "share_pct": 100.0 * float(area) / total_area if total_area > 0 else 0.0}

    rows = [row("class", c.index, c.name, getattr(c, "name_zh", ""), c.damage_type,
                counts[c.index], areas_m2[c.index]) for c in classes]
    for damage in damage_type_order(classes):
        members = [c.index for c in classes if c.damage_type == damage]
        rows.append(row("damage_type", "", "", "", damage, sum(int(counts[i]) for i in members),
                        sum(float(areas_m2[i]) for i in members)))
    rows.append(row("total", "", "", "", "", total_pixels, total_area))
    return rows


def area_by_damage_type(classes: Sequence[Any], areas_m2: Sequence[float]) -> Dict[str, float]:
    """``{damage type: area m²}`` over :func:`damage_type_order`."""
    return {t: sum(float(areas_m2[c.index]) for c in classes if c.damage_type == t)
            for t in damage_type_order(classes)}


def write_report(path: str, rows: Sequence[dict], headings: Optional[Dict[str, str]] = None,
                 notes: Sequence[str] = ()) -> str:
    """Write ``rows`` to ``path``: HTML for .htm/.html, CSV otherwise.
    ``notes``: lines shown above the HTML tables (source, model, CRS)."""
    if os.path.splitext(path)[1].lower() in (".htm", ".html"):
        return write_text(path, report_html(rows, headings, notes))
    with atomic_text(path, "utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for r in rows:
            writer.writerow({**r, "area_m2": "%.3f" % r["area_m2"],
                             "area_km2": "%.6f" % r["area_km2"],
                             "share_pct": "%.4f" % r["share_pct"]})
    return path


def report_html(rows, headings=None, notes=()):
    """A standalone HTML page with the per-class and per-type tables."""
    h = dict(HEADINGS, **(headings or {}))
    e = html.escape

    def numbers(r):
        return ("<td>{:,}</td><td>{:,.1f}</td><td>{:.4f}</td><td>{:.2f}</td>"
                .format(r["pixels"], r["area_m2"], r["area_km2"], r["share_pct"]))

    head_numbers = "".join(f"<th>{e(h[k])}</th>" for k in ("pixels", "area_m2", "area_km2", "share"))
    class_rows = "\n".join(
        f"<tr><td>{r['class']}</td><td>{e(r['class_name'])}</td><td>{e(r['class_name_zh'])}</td>"
        f"<td>{e(r['damage_type'])}</td>{numbers(r)}</tr>" for r in rows if r["level"] == "class")
    type_rows = "\n".join(f"<tr><td>{e(r['damage_type'])}</td>{numbers(r)}</tr>"
                          for r in rows if r["level"] == "damage_type")
    total = next(r for r in rows if r["level"] == "total")
    note_html = "".join(f"<p>{e(str(n))}</p>" for n in notes)
    return html_page(h["title"], f"""{note_html}
<h2>{e(h['classes'])}</h2>
<table><tr><th>{e(h['class'])}</th><th>{e(h['name'])}</th><th>{e(h['name_zh'])}</th>
<th>{e(h['damage_type'])}</th>{head_numbers}</tr>
{class_rows}
<tr class="total"><td colspan="4">{e(h['total'])}</td>{numbers(total)}</tr></table>
<h2>{e(h['types'])}</h2>
<table><tr><th>{e(h['damage_type'])}</th>{head_numbers}</tr>
{type_rows}
<tr class="total"><td>{e(h['total'])}</td>{numbers(total)}</tr></table>""")
