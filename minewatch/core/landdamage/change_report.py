"""The land-damage change report: one self-contained HTML page with the
new, restored, persisting and changed damage per damage type (km², table
and bar chart) and the full transition matrix (km², earlier classes in
rows, later classes in columns)."""
from html import escape

import numpy as np

from ...models.classes import DAMAGE_TYPE_ZH
from ..classmap.style import class_label
from ..common.html_report import (
    cjk_font_available,
    figure_uri,
    html_image,
    html_page,
    html_table,
    pyplot,
)
from ..common.messages import translatable
from ..common.outputs import write_text
from .change import CHANGED, NEW_DAMAGE, PERSISTING, RESTORED

REPORT_KINDS = (NEW_DAMAGE, RESTORED, PERSISTING, CHANGED)
HEADINGS = {
    "title": translatable("Land-damage change {earlier} → {later}"),
    "summary": translatable("Damage by type, km²"),
    "type": translatable("Damage type"),
    NEW_DAMAGE: translatable("New damage"), RESTORED: translatable("Restored"),
    PERSISTING: translatable("Persisting"), CHANGED: translatable("Changed type or class"),
    "total": translatable("Total"),
    "chart": translatable("New damage and restored land per damage type"),
    "matrix": translatable("Transition matrix, km² (rows: {earlier}, columns: {later})"),
    "from_to": translatable("from \\ to"),
    "explain": translatable(
        "New damage: land that was not damaged and is now excavated or occupied (counted "
        "under the new class's damage type). Restored: damaged land that is now vegetation "
        "or background (counted under the old damage type). Persisting: the same damage "
        "class in both years. Changed: one damage class became another."),
    "km2": translatable("km²"),
}


def damage_label(damage_type):
    """"excavation (挖损)"."""
    zh = DAMAGE_TYPE_ZH.get(damage_type, "")
    return f"{damage_type} ({zh})" if zh else damage_type


def _bar_chart(types, result, h):
    plt = pyplot()

    figure, axes = plt.subplots(figsize=(6.5, 3.2))
    x = np.arange(len(types))
    new = [result.by_type[t].get(NEW_DAMAGE, 0.0) for t in types]
    restored = [result.by_type[t].get(RESTORED, 0.0) for t in types]
    axes.bar(x - 0.2, new, 0.4, color="#e03131", label=h[NEW_DAMAGE])
    axes.bar(x + 0.2, restored, 0.4, color="#2f9e44", label=h[RESTORED])
    axes.set_xticks(x)
    # Chinese type names only where a font can draw them
    axes.set_xticklabels([damage_label(t) for t in types] if cjk_font_available() else types)
    axes.set_ylabel(h["km2"])
    axes.legend()
    axes.grid(axis="y", alpha=0.3)
    return figure_uri(figure)


def change_report_html(result, earlier, later, notes=(), translate=None):
    """The report page of a :class:`~.change.ChangeResult`; ``earlier`` and
    ``later`` name the two maps (years or file names); ``notes`` are extra
    paragraphs (already translated)."""
    h = {key: translate(text) if translate else text for key, text in HEADINGS.items()}
    title = h["title"].format(earlier=earlier, later=later)
    types = [t for t in result.by_type if t != "none"]
    rows, totals = [], np.zeros(len(REPORT_KINDS))
    for t in types:
        values = np.array([result.by_type[t].get(k, 0.0) for k in REPORT_KINDS])
        totals += values
        rows.append([damage_label(t)] + [f"{v:.4f}" for v in values])
    rows.append([h["total"]] + [f"{v:.4f}" for v in totals])
    body = [f"<h2>{escape(h['summary'])}</h2>",
            html_table([h["type"]] + [h[k] for k in REPORT_KINDS], rows,
                       [""] * (len(rows) - 1) + ["total"]),
            f"<p>{escape(h['explain'])}</p>"]
    if types:
        body += [f"<h2>{escape(h['chart'])}</h2>", html_image(_bar_chart(types, result, h), h["chart"])]
    labels = [class_label(c) for c in result.classes]
    # an empty cell where nothing went: the few real transitions stand out
    matrix_rows = [[labels[i]] + [f"{v / 1e6:.4f}" if v > 0 else "" for v in result.matrix_m2[i]]
                   for i in range(len(labels))]
    body += [f"<h2>{escape(h['matrix'].format(earlier=earlier, later=later))}</h2>",
             html_table([h["from_to"]] + labels, matrix_rows)]
    body += [f"<p>{escape(note)}</p>" for note in notes]
    return html_page(title, "\n".join(body))


def write_change_report(path, result, earlier, later, notes=(), translate=None):
    """Write :func:`change_report_html` to ``path`` (appears only when complete)."""
    return write_text(path, change_report_html(result, earlier, later, notes, translate))


__all__ = ["HEADINGS", "change_report_html", "damage_label", "write_change_report"]
