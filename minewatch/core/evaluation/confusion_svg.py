"""The confusion matrix as an SVG heat map, for HTML reports (no
matplotlib, no Qt).

Rows are reference classes, columns predicted classes (the
:mod:`.metrics` order). A cell's colour is its share of the row (the
recall of the diagonal cell), from white (0) to dark blue (1), so classes
with few pixels read as clearly as large ones; the cell text is that
share in whole per cent (always legible; the report's table beside it
has the pixel counts), and hovering shows the count.
"""
from html import escape

CELL = 44  # px
FONT = 12  # px
CHAR = 6.5  # px, average label character width at FONT
LOW, HIGH = (255, 255, 255), (8, 48, 107)


def cell_colour(share):
    """RGB hex between white and dark blue for a row share 0–1."""
    share = min(max(float(share), 0.0), 1.0)
    rgb = (round(lo + (hi - lo) * share) for lo, hi in zip(LOW, HIGH))
    return "#%02x%02x%02x" % tuple(rgb)


def confusion_svg(cm, class_names, reference_label="Reference", prediction_label="Prediction"):
    """An ``<svg>`` element string drawing ``cm`` (n×n counts) with
    ``class_names`` on both axes; axis titles are the two labels."""
    n = len(cm)
    names = [str(name) for name in class_names]
    margin = int(max((len(s) for s in names), default=1) * CHAR) + 2 * FONT + 8
    left, top = margin + FONT + 6, margin + FONT + 6
    size = n * CELL
    width, height = left + size + 4, top + size + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="{FONT}" role="img">']
    parts.append(f'<text x="{left + size / 2:.0f}" y="{FONT + 2}" text-anchor="middle" '
                 f'font-weight="bold">{escape(prediction_label)}</text>')
    parts.append(f'<text transform="translate({FONT + 2},{top + size / 2:.0f}) rotate(-90)" '
                 f'text-anchor="middle" font-weight="bold">{escape(reference_label)}</text>')
    for i, name in enumerate(names):
        middle = i * CELL + CELL / 2
        parts.append(f'<text x="{left - 4}" y="{top + middle + FONT / 3:.1f}" '
                     f'text-anchor="end">{escape(name)}</text>')
        # column labels read bottom-up, ending just above their column
        parts.append(f'<text transform="translate({left + middle + FONT / 3:.1f},{top - 4}) '
                     f'rotate(-90)">{escape(name)}</text>')
    for i in range(n):
        row_total = sum(int(v) for v in cm[i])
        for j in range(n):
            count = int(cm[i][j])
            share = count / row_total if row_total else 0.0
            x, y = left + j * CELL, top + i * CELL
            ink = "#ffffff" if share > 0.5 else "#000000"
            parts.append(
                f'<g><title>{escape(names[i])} → {escape(names[j])}: {count} '
                f'({100 * share:.1f} %)</title>'
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{cell_colour(share)}" '
                f'stroke="#999" stroke-width="0.5"/>'
                f'<text x="{x + CELL / 2:.0f}" y="{y + CELL / 2 + FONT / 3:.1f}" text-anchor="middle" '
                f'fill="{ink}">{f"{100 * share:.0f}%" if count else ""}</text></g>')
    parts.append("</svg>")
    return "\n".join(parts)


__all__ = ["cell_colour", "confusion_svg"]
