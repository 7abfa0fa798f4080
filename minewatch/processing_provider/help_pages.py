"""Help one click away, offline: the side panel of each dialog shows a short
summary (what it does, inputs, outputs, an example), and its Help button
opens the algorithm's page of the manual shipped in ``minewatch/help/``
(English and Chinese HTML, made from the algorithms' own help texts and
parameter definitions by ``scripts/make_manual.py``), so the manual says
what the code does and works on an intranet without internet."""
import html
import os

from qgis.core import QgsApplication, QgsProcessingParameterDefinition
from qgis.PyQt.QtCore import QUrl

from .translate import tr

HELP_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "help")
LOCALES = ("en", "zh_CN")
PAGE_STYLE = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.5;"
              "padding:0 1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
              "padding:.3em .6em;text-align:left;vertical-align:top}code{background:#f4f4f4}"
              ".id{color:#666}")


def help_locale() -> str:
    """The manual's language for QGIS's user interface language."""
    return "zh_CN" if QgsApplication.locale().lower().startswith("zh") else "en"


def page_name(algorithm) -> str:
    """The manual page's file name of ``algorithm`` (by its id, spaces as _)."""
    return algorithm.name().replace(" ", "_").lower() + ".html"


def help_url(algorithm) -> str:
    """A file URL of ``algorithm``'s manual page in the user's language
    (English when that page is missing); '' when there is no page."""
    for locale in (help_locale(), "en"):
        path = os.path.join(HELP_DIR, locale, page_name(algorithm))
        if os.path.exists(path):
            return QUrl.fromLocalFile(path).toString()
    return ""


def _visible(definition) -> bool:
    return not definition.flags() & (QgsProcessingParameterDefinition.FlagHidden
                                     | QgsProcessingParameterDefinition.FlagAdvanced)


def help_summary(algorithm, full_text: str) -> str:
    """The side panel: what it does (the help's first paragraph), its
    inputs and outputs by their labels, the help's example, and where the
    rest is."""
    paragraphs = [p for p in full_text.split("\n\n") if p.strip()]
    inputs = [d.description() for d in algorithm.parameterDefinitions()
              if not d.isDestination() and _visible(d)]
    outputs = [d.description() for d in algorithm.destinationParameterDefinitions()]
    parts = [paragraphs[0] if paragraphs else ""]
    if inputs:
        parts.append(tr("<b>Inputs</b>: {names}.").format(names="; ".join(inputs)))
    if outputs:
        parts.append(tr("<b>Outputs</b>: {names}.").format(names="; ".join(outputs)))
    parts += [p for p in paragraphs if p.startswith("<b>Example</b>")]
    parts.append(tr("The Help button opens this algorithm's page of the manual: every input "
                    "with its units and default, and how the method works."))
    return "\n\n".join(parts)


def _paragraphs(text: str) -> str:
    """Help text (paragraphs split by blank lines, QGIS's light HTML) as HTML."""
    return "\n".join("<p>" + p.strip().replace("\n", "<br>") + "</p>"
                     for p in text.split("\n\n") if p.strip())


def _default(definition) -> str:
    value = definition.defaultValue()
    if value is None or value == "":
        return ""
    options = getattr(definition, "options", None)
    if callable(options) and isinstance(value, int) and 0 <= value < len(options()):
        return options()[value]
    return str(value)


def page_html(algorithm, full_text: str, locale: str) -> str:
    """The manual page of ``algorithm``: its help and a table of its
    parameters (id, label, kind, default)."""
    rows = []
    for definition in algorithm.parameterDefinitions():
        if definition.flags() & QgsProcessingParameterDefinition.FlagHidden:
            continue
        notes = []
        if definition.flags() & QgsProcessingParameterDefinition.FlagOptional:
            notes.append(tr("optional"))
        if definition.flags() & QgsProcessingParameterDefinition.FlagAdvanced:
            notes.append(tr("advanced"))
        if definition.isDestination():
            notes.append(tr("output"))
        rows.append("<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
            html.escape(definition.name()), html.escape(definition.description()),
            html.escape(", ".join(notes)), html.escape(_default(definition))))
    title = html.escape(algorithm.displayName())
    return "\n".join([
        "<!DOCTYPE html>", f'<html lang="{locale.replace("_", "-")}"><head><meta charset="utf-8">',
        f"<title>{title} — MineWatch</title><style>{PAGE_STYLE}</style></head><body>",
        '<p><a href="index.html">{}</a></p>'.format(html.escape(tr("MineWatch manual"))),
        f"<h1>{title}</h1>", f'<p class="id"><code>{html.escape(algorithm.id())}</code></p>',
        _paragraphs(full_text),
        "<h2>{}</h2>".format(html.escape(tr("Parameters"))),
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>".format(
            *(html.escape(h) for h in (tr("Name"), tr("Label"), tr("Kind"), tr("Default")))),
        *rows, "</table></body></html>", ""])


def index_html(algorithms, locale: str) -> str:
    """The manual's first page: the algorithms by group, each a link."""
    groups = {}
    for algorithm in sorted(algorithms, key=lambda a: a.displayName()):
        groups.setdefault(algorithm.group(), []).append(algorithm)
    body = []
    for group in sorted(groups):
        body.append(f"<h2>{html.escape(group)}</h2><ul>")
        body += ['<li><a href="{}">{}</a> — {}</li>'.format(
            page_name(a), html.escape(a.displayName()), html.escape(a.shortDescription()))
            for a in groups[group]]
        body.append("</ul>")
    title = html.escape(tr("MineWatch manual"))
    return "\n".join([
        "<!DOCTYPE html>", f'<html lang="{locale.replace("_", "-")}"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{PAGE_STYLE}</style></head><body>", f"<h1>{title}</h1>",
        "<p>{}</p>".format(html.escape(tr(
            "One page per algorithm of the MineWatch Processing provider: what it does, its "
            "inputs and outputs, units and conventions, an example for qgis_process, and a "
            "table of every parameter."))),
        *body, "</body></html>", ""])


def manual_pages(algorithms, locale: str) -> dict:
    """{file name: HTML} of the manual in the current translation."""
    pages = {"index.html": index_html(algorithms, locale)}
    for algorithm in algorithms:
        pages[page_name(algorithm)] = page_html(algorithm, algorithm.help_text(), locale)
    return pages
