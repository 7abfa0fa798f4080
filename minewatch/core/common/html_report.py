"""MineWatch's self-contained HTML reports: one page style and tables
with every cell escaped (files are written with
:func:`.outputs.write_text`, which makes them appear only when complete)."""
import base64
import html
import io

# the look shared by MineWatch's HTML reports
PAGE_STYLE = """body{font-family:sans-serif} table{border-collapse:collapse;margin-bottom:1.5em}
td,th{border:1px solid #999;padding:2px 8px} td{text-align:right}
tr.total td{font-weight:bold}"""


def html_page(title, body):
    """A standalone UTF-8 HTML page; ``title`` is escaped, ``body`` is HTML."""
    e = html.escape
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{e(title)}</title>
<style>{PAGE_STYLE}</style></head><body>
<h1>{e(title)}</h1>
{body}
</body></html>
"""


def html_table(header, rows, row_classes=None):
    """An HTML table: ``header`` cells and ``rows`` of cells, all escaped
    (numbers are shown with ``str``; format them first); ``row_classes``
    optionally gives a CSS class per row."""
    e = html.escape

    def cells(tag, values):
        return "".join(f"<{tag}>{e(str(v))}</{tag}>" for v in values)

    body = []
    for i, row in enumerate(rows):
        css = row_classes[i] if row_classes and row_classes[i] else ""
        body.append((f'<tr class="{e(css)}">' if css else "<tr>") + cells("td", row) + "</tr>")
    return "<table><tr>" + cells("th", header) + "</tr>\n" + "\n".join(body) + "</table>"


# DejaVu Sans (matplotlib's own) has no Chinese glyphs; matplotlib falls back
# along this list glyph by glyph, so Chinese labels render with whichever
# CJK font the system has (Windows, macOS, Linux with Noto CJK / WenQuanYi)
CJK_FONTS = ("Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Noto Sans CJK SC",
             "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")


def cjk_font_available():
    """Whether matplotlib can draw Chinese labels on this system."""
    from matplotlib import font_manager

    return any(f.name in CJK_FONTS for f in font_manager.fontManager.ttflist)


def pyplot():
    """matplotlib's pyplot for reports: the Agg backend (no window, works
    under qgis_process) and fonts that can draw Chinese labels."""
    import logging

    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans"] + [
        f for f in CJK_FONTS if f in available]
    # a label with a glyph no font has warns once per glyph: keep logs readable
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    import matplotlib.pyplot as plt

    return plt


def figure_uri(figure, dpi=96):
    """A matplotlib ``figure`` as an embedded PNG data URI (the figure is
    closed), so a report is one file that opens in any browser."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def html_image(uri, alt):
    """An ``<img>`` of a data URI, scaled to the page width."""
    return f'<img src="{uri}" alt="{html.escape(alt)}" style="max-width:100%">'


__all__ = ["CJK_FONTS", "PAGE_STYLE", "cjk_font_available", "figure_uri", "html_image", "html_page", "html_table",
           "pyplot"]
