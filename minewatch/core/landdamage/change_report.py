"""The land-damage change report: one self-contained HTML page with the
new, restored, persisting and changed damage per damage type (km², table
and bar chart) and the full transition matrix (km², earlier classes in
rows, later classes in columns)."""
from html import escape
from typing import Any, Sequence, Tuple

import numpy as np

from ...models.classes import DAMAGE_TYPE_ZH
from ..classmap.style import class_label
from ..common.errors import MineWatchInputError
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
from ..raster.raster_io import open_raster, rasterio_env
from .change import CHANGED, NEW_DAMAGE, PERSISTING, RESTORED, split_code

REPORT_KINDS = (NEW_DAMAGE, RESTORED, PERSISTING, CHANGED)
HEADINGS = {
    "title": translatable("Land-damage change {earlier} → {later}"),
    "summary": translatable("Damage by type, km²"),
    "type": translatable("Damage type"),
    NEW_DAMAGE: translatable("New damage"), RESTORED: translatable("Restored"),
    PERSISTING: translatable("Persisting"), CHANGED: translatable("Changed type or class"),
    "total": translatable("Total"),
    "chart": translatable("New damage and restored land per damage type"),
    "map": translatable("Map of the change (white: unchanged)"),
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


# the report's change map: at most this many pixels a side (read decimated)
MAP_PIXELS = 700
# how many kinds of transition the map's legend names (the largest by area)
MAP_LEGEND_ENTRIES = 8
DATE_TAGS = ("ACQUISITION_DATE", "DATE_ACQUIRED", "ACQUISITIONDATETIME", "TIFFTAG_DATETIME")


def map_date(path: str) -> str:
    """The acquisition date a raster's metadata gives (YYYY-MM-DD), '' if none."""
    import re

    try:
        with rasterio_env(), open_raster(path) as ds:
            tags = {**ds.tags(), **ds.tags(1)}
    except MineWatchInputError:
        return ""
    for key in DATE_TAGS:
        found = re.search(r"(\d{4})[-:/]?(\d{2})[-:/]?(\d{2})", str(tags.get(key, "")))
        if found:
            return "-".join(found.groups())
    return ""


def _rgb(color: Sequence[int]) -> Tuple[float, float, float]:
    """An 0–255 colour as matplotlib's 0–1 RGB triple."""
    return float(color[0]) / 255.0, float(color[1]) / 255.0, float(color[2]) / 255.0


def change_map_figure(transition_path: str, transitions: Sequence[Any], matrix_m2: np.ndarray) -> Any:
    """A small map of the change (data URI): each drawn transition in its
    colour, unchanged land white; the legend names the largest ones.
    Read decimated (at most :data:`MAP_PIXELS` a side): memory flat in the
    map's size."""
    from matplotlib.patches import Patch
    from rasterio.enums import Resampling

    plt = pyplot()
    with rasterio_env(), open_raster(transition_path) as ds:
        factor = max(1, int(np.ceil(max(ds.width, ds.height) / MAP_PIXELS)))
        codes = ds.read(1, out_shape=(max(1, ds.height // factor), max(1, ds.width // factor)),
                        resampling=Resampling.nearest)
    rgb = np.full(codes.shape + (3,), 255, np.uint8)
    for transition in transitions:
        rgb[codes == transition.index] = transition.color[:3]
    figure, axes = plt.subplots(figsize=(7.0, 5.6))
    axes.imshow(rgb, interpolation="nearest")
    axes.set_xticks([])
    axes.set_yticks([])
    largest = sorted(transitions, key=lambda t: -matrix_m2[split_code(t.index)])
    # Chinese names only where a font can draw them
    label = class_label if cjk_font_available() else (lambda t: t.name)
    handles = [Patch(color=_rgb(t.color), label=label(t)) for t in largest[:MAP_LEGEND_ENTRIES]]
    if handles:
        axes.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                    borderaxespad=0.0)
    figure.tight_layout()
    return figure_uri(figure)


def change_report_html(result, earlier, later, notes=(), translate=None, change_map=""):
    """The report page of a :class:`~.change.ChangeResult`; ``earlier`` and
    ``later`` name the two maps (years or file names); ``notes`` are extra
    paragraphs (already translated); ``change_map`` a data URI of
    :func:`change_map_figure` (none when empty)."""
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
    if change_map:
        body += [f"<h2>{escape(h['map'])}</h2>", html_image(change_map, h["map"])]
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


def write_change_report(path: str, result: Any, earlier: str, later: str, notes: Sequence[str] = (),
                        translate: Any = None, change_map: str = "") -> str:
    """Write :func:`change_report_html` to ``path`` (appears only when complete)."""
    return write_text(path, change_report_html(result, earlier, later, notes, translate,
                                               change_map))


__all__ = ["HEADINGS", "change_map_figure", "change_report_html", "damage_label", "map_date",
           "write_change_report"]
