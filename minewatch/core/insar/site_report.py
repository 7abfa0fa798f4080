"""The inspector's report of Detect Subsidence Anomalies: one self-contained
HTML page (figures embedded as PNG) that says which sites to visit first.

An overview map of the scene (PS, sites numbered by rank, licence areas),
then one section per site in decreasing score: a local map (PS coloured by
cumulative settlement in mm, building outlines, licence boundaries, a scale
bar), the settlement curves of the site's core PS with the fitted
flat–ramp–flat model, onset and stop marked, against the median of the
the PS around it, the evidence table and the coordinates (map CRS and
WGS 84). Figures use matplotlib (shipped with QGIS's Python on every
platform), imported only when a report is written.

Units: metres in the map CRS, settlement in mm (positive = settlement),
dates datetime64[D]. Report texts are :class:`~..common.messages.Message`
templates rendered with ``translate``.
"""
import html
from dataclasses import dataclass

import numpy as np

from ..common.html_report import figure_uri, html_image, html_page, html_table, pyplot
from ..common.messages import Message, translatable
from ..common.outputs import write_text
from ..common.progress import as_feedback, step
from .ramp_fit import fit_ramp, progress_curve
from .robust import nan_median

# how far around a site its local map reaches, in bowl radii (at least LOCAL_MIN_M)
LOCAL_RADII = 3.0
LOCAL_MIN_M = 150.0
# the stable reference of a site: PS in a ring from 2 to 4 local radii
STABLE_RING = (2.0, 4.0)


@dataclass
class ReportSite:
    """One site as the report shows it: ``number`` (rank, 1 = visit first),
    ``site_id`` as in the sites layer, position ``x``/``y`` (map CRS, m) and
    ``lon``/``lat``, ``score`` (None for the cascade), ``licensed`` (None:
    unknown), ``onset``/``stop`` (NaT: unknown/active), ``radius_m``, and
    the PS indices ``members``; the robust method adds ``mining_share``
    (0–1: core PS whose own series breaks into settlement) and
    ``seasonal_mm`` (annual amplitude), None otherwise; ``tier`` 1 for a
    site, 2 for weaker evidence, with its ``weak_reason`` and
    ``surroundings_share``."""

    number: int
    site_id: int
    x: float
    y: float
    lon: float
    lat: float
    score: object
    licensed: object
    onset: np.datetime64
    stop: np.datetime64
    radius_m: float
    max_settlement_mm: float
    members: np.ndarray
    mining_share: object = None
    seasonal_mm: object = None
    # 2: weaker evidence: a lone sinking PS (core/insar/lone_ps.py), or
    # settlement its surroundings share (surroundings_share, 0–1+)
    tier: int = 1
    surroundings_share: object = None
    # why a tier-2 row's evidence is weak: "lone", "moving" or "steady"
    weak_reason: str = ""


def _outline(axes, rings, **style):
    for polygon in rings:
        for ring in polygon:
            axes.plot(ring[:, 0], ring[:, 1], **style)


def _scale_bar(axes, width_m):
    """A bar of a round length in the lower left corner."""
    length = 10 ** np.floor(np.log10(width_m / 4))
    length *= 5 if width_m / 4 >= 5 * length else (2 if width_m / 4 >= 2 * length else 1)
    x0, x1 = axes.get_xlim()
    y0, y1 = axes.get_ylim()
    bx, by = x0 + 0.05 * (x1 - x0), y0 + 0.06 * (y1 - y0)
    axes.plot([bx, bx + length], [by, by], color="black", linewidth=3)
    axes.text(bx + length / 2, by + 0.02 * (y1 - y0), f"{length:g} m", ha="center", fontsize=8)


def _local_legend(axes, translate):
    """What the local map's marks are (the PS colours have their colour bar)."""
    from matplotlib.lines import Line2D

    marks = [Line2D([], [], marker="+", color="#1971c2", linestyle="none", markersize=10, mew=2,
                    label=Message(translatable("site centre")).render(translate)),
             Line2D([], [], marker="o", color="#fd7e14", linestyle="none", markersize=4,
                    label=Message(translatable("PS (colour: cumulative settlement)")).render(
                        translate)),
             Line2D([], [], color="#868e96", linewidth=0.7,
                    label=Message(translatable("buildings")).render(translate)),
             Line2D([], [], color="#2b8a3e", linewidth=1.5,
                    label=Message(translatable("licensed area")).render(translate))]
    axes.legend(handles=marks, fontsize=7, loc="upper right", framealpha=0.85)


def overview_figure(xy, cumulative_mm, sites, licence_rings, translate):
    plt = pyplot()

    figure, axes = plt.subplots(figsize=(7.5, 6.5))
    axes.scatter(xy[:, 0], xy[:, 1], s=1, c="#c8c8c8", linewidths=0)
    _outline(axes, licence_rings, color="#2b8a3e", linewidth=1.5)
    for site in sites:
        member = site.members
        axes.scatter(xy[member, 0], xy[member, 1], s=6, c=cumulative_mm[member], cmap="inferno_r",
                     vmin=0, linewidths=0)
        # the layer's site_id on a white box, so it reads over its own cluster
        axes.annotate(str(site.site_id), (site.x, site.y), fontsize=11, fontweight="bold",
                      color="#c92a2a" if site.licensed is not True else "#2b8a3e",
                      xytext=(6, 6), textcoords="offset points",
                      bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                            "alpha": 0.85})
    axes.set_aspect("equal")
    axes.set_title(Message(translatable("Suspected sites (red: unlicensed or unknown, green: "
                                        "licensed)")).render(translate), fontsize=10)
    axes.ticklabel_format(useOffset=False, style="plain")
    axes.tick_params(labelsize=7)
    _scale_bar(axes, float(np.ptp(xy[:, 0])) or 1.0)
    return figure_uri(figure)


def site_figures(site, xy, settlement, dates, cumulative_mm, *, building_rings, licence_rings,
                 translate):
    """(local map, settlement curves) of one site, as data URIs."""
    plt = pyplot()

    reach = max(LOCAL_MIN_M, LOCAL_RADII * site.radius_m)
    distance = np.hypot(xy[:, 0] - site.x, xy[:, 1] - site.y)
    local = np.flatnonzero(distance <= reach)
    figure, axes = plt.subplots(figsize=(5.2, 4.6))
    near_rings = [p for p in building_rings
                  if np.hypot(*(p[0].mean(axis=0) - (site.x, site.y))) <= reach * 1.2]
    _outline(axes, near_rings, color="#868e96", linewidth=0.7)
    _outline(axes, licence_rings, color="#2b8a3e", linewidth=1.5)
    shown = axes.scatter(xy[local, 0], xy[local, 1], s=14, c=cumulative_mm[local],
                         cmap="inferno_r", vmin=0, linewidths=0)
    axes.plot(site.x, site.y, marker="+", color="#1971c2", markersize=14, mew=2)
    axes.set_xlim(site.x - reach, site.x + reach)
    axes.set_ylim(site.y - reach, site.y + reach)
    axes.set_aspect("equal")
    axes.set_xticks([])
    axes.set_yticks([])
    bar = figure.colorbar(shown, ax=axes, shrink=0.8)
    bar.set_label(Message(translatable("cumulative settlement, mm")).render(translate), fontsize=8)
    _scale_bar(axes, 2 * reach)
    _local_legend(axes, translate)
    local_map = figure_uri(figure)

    t_days = (dates - dates[0]).astype(np.float64)
    members = site.members
    core = members[cumulative_mm[members] >= 0.5 * np.nanmax(cumulative_mm[members])] \
        if np.isfinite(cumulative_mm[members]).any() else members
    ring = np.flatnonzero((distance >= STABLE_RING[0] * reach / LOCAL_RADII)
                          & (distance <= STABLE_RING[1] * reach / LOCAL_RADII))
    figure, axes = plt.subplots(figsize=(7.5, 3.6))
    for p in core[:40]:
        axes.plot(dates, settlement[p], color="#f08c00", alpha=0.35, linewidth=0.8)
    median = nan_median(settlement[core], 0)
    stable = nan_median(settlement[ring], 0) if len(ring) else None
    if stable is not None:
        axes.plot(dates, stable, color="#495057", linewidth=1.5,
                  label=Message(translatable("PS around the site (median)")).render(translate))
    axes.plot(dates, median, color="#e8590c", linewidth=2,
              label=Message(translatable("site core (median)")).render(translate))
    if np.isfinite(median).sum() >= 3:
        i, j, a, b, shape = fit_ramp(median, t_days)
        model = a + (b - a) * progress_curve(t_days, i, j, shape)
        axes.plot(dates, model, color="#1971c2", linestyle="--", linewidth=1.5,
                  label=Message(translatable("fitted model")).render(translate))
    for when, words in ((site.onset, translatable("onset")), (site.stop, translatable("stop"))):
        if not np.isnat(when):
            axes.axvline(when, color="#1971c2", linewidth=0.8)
            axes.text(when, axes.get_ylim()[1], " " + Message(words).render(translate),
                      fontsize=8, va="top", color="#1971c2")
    axes.invert_yaxis()  # settlement goes down, as the ground does
    axes.set_ylabel(Message(translatable("settlement, mm")).render(translate), fontsize=8)
    axes.tick_params(labelsize=7)
    axes.legend(fontsize=7, loc="lower left")
    return local_map, figure_uri(figure)


HEADINGS = {
    "title": translatable("Suspected mining sites — inspector's report"),
    "overview": translatable("Overview"),
    "site": translatable("Site {site_id} (visit {number} of {total})"),
    "evidence": translatable("Evidence"),
    "what": translatable("What"), "value": translatable("Value"),
    "score": translatable("Score (0–1)"), "licensed": translatable("Inside a licensed area"),
    "yes": translatable("yes"), "no": translatable("no"), "unknown": translatable("unknown"),
    "period": translatable("Settlement period"), "active": translatable("still active"),
    "max": translatable("Largest cumulative settlement, mm"),
    "radius": translatable("Bowl radius, m"), "n_ps": translatable("PS in the site"),
    "share": translatable("Share of the site's PS whose own series breaks into settlement"),
    "seasonal": translatable("Seasonal (thermal) amplitude, mm"),
    "where": translatable("Coordinates"),
    "none": translatable("No suspected site was found."),
    "moving": translatable("Tier 2, the ground around moves too: the PS around this site "
                           "settle {share:.0%} as much as its core, where a mine's bowl stands "
                           "in still ground. This looks more like a creeping slope or a wider "
                           "motion than a mine: check the terrain (a slope? a landslide "
                           "inventory?) before a field visit."),
    "steady": translatable("Tier 2, steady motion: only {share:.0%} of this site's settling PS "
                           "break into settlement; the others move steadily through the whole "
                           "series, as a creeping slope does, where the ground over a mine "
                           "starts to sink when the mining starts. Check the terrain (a slope? "
                           "a landslide inventory?) before a field visit."),
    "lone": translatable("Tier 2, a single PS: it sank {mm:.0f} mm alone, along a "
                         "mining-shaped curve, while no PS around it moved with it. This is "
                         "weaker evidence than a site, which needs several PS settling together: "
                         "check the house and its PS (e.g. on recent imagery) before a field "
                         "visit."),
    "intro": translatable("{n} suspected site(s), in the order to visit them (highest score "
                          "first; unlicensed before licensed)."),
}


def site_order(sites):
    """Sites to visit first: unlicensed (or unknown) before licensed, then
    by score, then by the largest settlement."""
    return sorted(sites, key=lambda s: (s.licensed is True,
                                        -(s.score if s.score is not None else 0.0),
                                        -s.max_settlement_mm))


def weak_evidence_text(site, headings):
    """The sentence that says why a tier-2 site's evidence is weak."""
    if site.weak_reason == "moving":
        return headings["moving"].format(share=site.surroundings_share)
    if site.weak_reason == "steady":
        return headings["steady"].format(share=site.mining_share)
    return headings["lone"].format(mm=site.max_settlement_mm)


def write_site_report(path, sites, xy, settlement, dates, cumulative_mm, *, building_rings,
                      licence_rings, crs_name, translate=None, feedback=None):
    """Write the report to ``path``; ``sites`` a list of :class:`ReportSite`
    (numbered here in visiting order); ``building_rings``/``licence_rings``
    lists of polygons, each a list of (k, 2) rings in the map CRS."""
    feedback = as_feedback(feedback)
    # templates translated now, filled later (some have fields)
    h = {key: translate(text) if translate else text for key, text in HEADINGS.items()}
    xy = np.asarray(xy, np.float64)
    dates = np.asarray(dates, "datetime64[D]")
    ordered = site_order(sites)
    for number, site in enumerate(ordered, start=1):
        site.number = number
    body = [f"<p>{html.escape(h['intro'].format(n=len(ordered)))}</p>"]
    if ordered:
        body.append(f"<h2>{html.escape(h['overview'])}</h2>")
        body.append(html_image(overview_figure(xy, cumulative_mm, ordered, licence_rings, translate),
                         h["overview"]))
    else:
        body.append(f"<p>{html.escape(h['none'])}</p>")
    for index, site in enumerate(ordered):
        local_map, curves = site_figures(site, xy, settlement, dates, cumulative_mm,
                                         building_rings=building_rings,
                                         licence_rings=licence_rings, translate=translate)
        period = "{} – {}".format(site.onset if not np.isnat(site.onset) else h["unknown"],
                                  site.stop if not np.isnat(site.stop) else h["active"])
        licensed = h["unknown"] if site.licensed is None else (h["yes"] if site.licensed else h["no"])
        rows = [(h["score"], "–" if site.score is None else f"{site.score:.2f}"),
                (h["licensed"], licensed), (h["period"], period),
                (h["max"], f"{site.max_settlement_mm:.0f}"), (h["radius"], f"{site.radius_m:.0f}"),
                (h["n_ps"], str(len(site.members)))]
        if site.mining_share is not None:
            rows += [(h["share"], f"{site.mining_share:.0%}")]
        if site.seasonal_mm is not None:
            rows += [(h["seasonal"], f"{site.seasonal_mm:.1f}")]
        rows += [(h["where"], f"{site.x:.1f}, {site.y:.1f} ({crs_name}); "
                             f"{site.lat:.6f}° N, {site.lon:.6f}° E")]
        title = h["site"].format(number=site.number, site_id=site.site_id, total=len(ordered))
        body.append(f'<h2 id="site-{site.site_id}">{html.escape(title)}</h2>')
        if site.tier == 2:
            body.append(f"<p>{html.escape(weak_evidence_text(site, h))}</p>")
        body.append(html_image(local_map, title) + html_image(curves, title))
        body.append(f"<h3>{html.escape(h['evidence'])}</h3>")
        body.append(html_table([h["what"], h["value"]], rows))
        step(feedback, index + 1, len(ordered))
    return write_text(path, html_page(h["title"], "\n".join(body)))


__all__ = ["HEADINGS", "ReportSite", "site_order", "write_site_report"]
