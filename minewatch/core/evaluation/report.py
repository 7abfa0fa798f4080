"""The accuracy report of Evaluate Segmentation: an HTML page (summary,
confusion matrix as a picture and a table, per-class scores) and a JSON
file beside it with the same numbers (no QGIS).

Undefined scores (NaN: the denominator is zero, e.g. recall of a class
absent from the reference) are shown as "undefined" in the HTML and are
``null`` in the JSON; the means leave them out, and the page lists which
classes were left out of which mean.
"""
import json
import os
from typing import Any, Dict, Optional, Sequence

import numpy as np

from ..common.errors import translatable
from ..common.html_report import html_page, html_table
from ..common.outputs import write_text
from .confusion_svg import confusion_svg

# HTML wording; the algorithm passes translated ones
HEADINGS = {
    "title": translatable("Segmentation accuracy"),
    "summary": translatable("Summary"),
    "confusion": translatable("Confusion matrix (rows: reference, columns: prediction; colour: share of the row)"),
    "per_class": translatable("Per class"),
    "measure": translatable("Measure"),
    "value": translatable("Value"),
    "miou": translatable("Mean IoU"),
    "mrecall": translatable("Mean recall"),
    "mprecision": translatable("Mean precision"),
    "mdice": translatable("Mean Dice (F1)"),
    "overall_accuracy": translatable("Overall accuracy"),
    "kappa": translatable("Cohen's kappa"),
    "pixels_counted": translatable("Pixels counted"),
    "pixels_ignored": translatable("Reference pixels ignored (nodata or ignore value)"),
    "pixels_without_prediction": translatable("Reference pixels without prediction"),
    "pixels_outside_classes": translatable("Pixels with a value outside the classes"),
    "reference": translatable("Reference"),
    "prediction": translatable("Prediction"),
    "total": translatable("Total"),
    "class": translatable("Class"),
    "name": translatable("Name"),
    "iou": translatable("IoU"),
    "recall": translatable("Recall"),
    "precision": translatable("Precision"),
    "dice": translatable("Dice (F1)"),
    "reference_pixels": translatable("Reference pixels"),
    "predicted_pixels": translatable("Predicted pixels"),
    "undefined": translatable("undefined"),
    "left_out": translatable("Left out of the means (score undefined: its denominator is zero):"),
    "left_out_iou": translatable("IoU and Dice (class in neither raster): {names}"),
    "left_out_recall": translatable("recall (class absent from the reference): {names}"),
    "left_out_precision": translatable("precision (class never predicted): {names}"),
    "none_left_out": translatable("Every score is defined for every class."),
    "prediction_file": translatable("Prediction: {path} (band {band})"),
    "reference_file": translatable("Reference: {path} (band {band})"),
    "reference_polygons": translatable("Reference polygons: {path}"),
    "resampled": translatable("The prediction was resampled (nearest neighbour) onto the reference's grid."),
    "polygons": translatable("The reference polygons were burnt onto the prediction's grid (pixel "
                             "centre inside); pixels outside every polygon are counted as ignored."),
}


def json_path_for(html_path):
    """The JSON file written beside the HTML report: same name, ``.json``."""
    return os.path.splitext(html_path)[0] + ".json"


def write_evaluation_report(path_html: str, scores: Any, class_names: Sequence[str], info: dict,
                            headings: Optional[Dict[str, str]] = None) -> Any:
    """Write the HTML report and the JSON beside it; returns both paths.

    ``scores`` is a :class:`.metrics.SegmentationScores`, ``info`` the
    dict of :func:`.evaluate.evaluate_rasters` (JSON-able)."""
    h = dict(HEADINGS, **(headings or {}))
    names = _names(class_names, len(scores.iou))
    data = scores.as_dict(names)
    # warnings may still be Messages when the caller did not translate them
    data["info"] = dict(info, warnings=[str(w) for w in info.get("warnings", ())])
    json_path = json_path_for(path_html)
    write_text(json_path, json.dumps(data, indent=2, ensure_ascii=False))
    write_text(path_html, evaluation_html(scores, names, info, h))
    return path_html, json_path


def evaluation_html(scores, class_names, info, headings=None):
    """The report page as a string (see :func:`write_evaluation_report`)."""
    h = dict(HEADINGS, **(headings or {}))
    names = _names(class_names, len(scores.iou))
    cm = np.asarray(scores.confusion)
    reference = h["reference_polygons"] if info.get("reference_polygons") else h["reference_file"]
    notes = [h["prediction_file"].format(path=info.get("prediction", ""), band=info.get("prediction_band", "")),
             reference.format(path=info.get("reference", ""), band=info.get("reference_band", ""))]
    if info.get("prediction_resampled"):
        notes.append(h["resampled"])
    if info.get("reference_polygons"):
        notes.append(h["polygons"])
    notes += [str(w) for w in info.get("warnings", ())]

    summary = [(h[key], score(getattr(scores, key), h)) for key in
               ("miou", "mrecall", "mprecision", "mdice", "overall_accuracy", "kappa")]
    summary += [(h[key], "{:,}".format(int(info.get(key, 0)))) for key in
                ("pixels_counted", "pixels_ignored", "pixels_without_prediction", "pixels_outside_classes")]

    matrix_rows = [[names[i]] + [int(v) for v in cm[i]] + [int(cm[i].sum())] for i in range(len(names))]
    matrix_rows.append([h["total"]] + [int(v) for v in cm.sum(axis=0)] + [int(cm.sum())])
    corner = "{} \\ {}".format(h["reference"], h["prediction"])
    matrix = html_table([corner] + names + [h["total"]], matrix_rows,
                        [""] * len(names) + ["total"])

    per_class = html_table(
        [h[k] for k in ("class", "name", "iou", "recall", "precision", "dice", "reference_pixels",
                        "predicted_pixels")],
        [[i, names[i], score(scores.iou[i], h), score(scores.recall[i], h),
          score(scores.precision[i], h), score(scores.dice[i], h),
          "{:,}".format(int(cm[i].sum())), "{:,}".format(int(cm[:, i].sum()))]
         for i in range(len(names))])

    e = _escape
    body = "\n".join([
        "".join(f"<p>{e(n)}</p>" for n in notes),
        f"<h2>{e(h['summary'])}</h2>",
        html_table([h["measure"], h["value"]], summary),
        f"<h2>{e(h['confusion'])}</h2>",
        confusion_svg(cm, names, h["reference"], h["prediction"]),
        matrix,
        f"<h2>{e(h['per_class'])}</h2>",
        per_class,
        _left_out_html(scores, names, h),
    ])
    return html_page(h["title"], body)


def score(value: float, headings: Dict[str, str] = HEADINGS) -> str:
    """A score as text: 4 decimals, or the word for undefined (NaN)."""
    return "%.4f" % value if value is not None and np.isfinite(value) else headings["undefined"]


def _left_out_html(scores, names, h):
    lists = []
    for key, values in (("left_out_iou", scores.iou), ("left_out_recall", scores.recall),
                        ("left_out_precision", scores.precision)):
        missing = [names[i] for i in np.flatnonzero(~np.isfinite(values))]
        if missing:
            lists.append(h[key].format(names=", ".join(missing)))
    if not lists:
        return f"<p>{_escape(h['none_left_out'])}</p>"
    items = "".join(f"<li>{_escape(line)}</li>" for line in lists)
    return f"<p>{_escape(h['left_out'])}</p><ul>{items}</ul>"


def _names(class_names, n):
    names = [str(s) for s in (class_names or [])][:n]
    return names + [str(i) for i in range(len(names), n)]


def _escape(text):
    from html import escape

    return escape(str(text))


__all__ = ["HEADINGS", "evaluation_html", "json_path_for", "score", "write_evaluation_report"]
