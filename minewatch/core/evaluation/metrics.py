"""Segmentation scores from a confusion matrix (numpy only).

Convention: ``cm[i, j]`` counts pixels whose *reference* class is ``i``
and *predicted* class is ``j`` (scikit-learn's ``confusion_matrix``
order). Class indices are 0 … n−1; pixels whose reference equals the
ignore value, or whose class is outside 0 … n−1 in either raster, are not
counted. The matrix is accumulated chunk by chunk
(:func:`accumulate_confusion`), so any size of raster can be scored in
windows and chunks can be summed in any order (a distributed runner adds
the matrices of its tiles).

A class is *undefined* for a score when its denominator is zero (e.g.
IoU of a class present in neither raster, recall of a class absent from
the reference): its value is NaN and it is left out of the mean; the
report lists it as undefined.
"""
from dataclasses import dataclass, field

import numpy as np


def confusion_matrix(reference, prediction, n_classes, ignore_value=None, valid=None):
    """The n×n int64 confusion matrix of two equally shaped integer arrays.

    ``ignore_value`` drops pixels with that reference value; ``valid`` is an
    optional boolean mask of pixels to count. Values outside 0 … n−1 in
    either array are dropped too (nodata 255 of a class map)."""
    ref = np.asarray(reference).ravel()
    pred = np.asarray(prediction).ravel()
    if ref.shape != pred.shape:
        raise ValueError("reference and prediction differ in size: %d vs %d" % (ref.size, pred.size))
    keep = (ref >= 0) & (ref < n_classes) & (pred >= 0) & (pred < n_classes)
    if ignore_value is not None:
        keep &= ref != ignore_value
    if valid is not None:
        keep &= np.asarray(valid, dtype=bool).ravel()
    codes = ref[keep].astype(np.int64) * n_classes + pred[keep].astype(np.int64)
    return np.bincount(codes, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def accumulate_confusion(cm, reference, prediction, ignore_value=None, valid=None):
    """Add one chunk's counts to ``cm`` in place and return it."""
    cm += confusion_matrix(reference, prediction, cm.shape[0], ignore_value, valid)
    return cm


def _ratio(num, den):
    num = np.asarray(num, dtype=np.float64)
    den = np.asarray(den, dtype=np.float64)
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _nanmean(values):
    values = np.asarray(values, dtype=np.float64)
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if finite.size else float("nan")


@dataclass
class SegmentationScores:
    """Per-class arrays (NaN = undefined) and their means over defined
    classes; ``overall_accuracy`` and Cohen's ``kappa`` over all counted
    pixels; ``undefined`` lists the class indices left out of the mIoU."""

    confusion: np.ndarray
    iou: np.ndarray
    recall: np.ndarray
    precision: np.ndarray
    dice: np.ndarray
    miou: float
    mrecall: float
    mprecision: float
    mdice: float
    overall_accuracy: float
    kappa: float
    pixels: int
    undefined: list = field(default_factory=list)

    def as_dict(self, class_names=None):
        """JSON-able summary; NaN becomes None."""
        def clean(x):
            return None if x is None or not np.isfinite(x) else float(x)
        names = [str(s) for s in (class_names or [])][:len(self.iou)]
        names += [str(i) for i in range(len(names), len(self.iou))]  # too few names
        return {
            "miou": clean(self.miou), "mrecall": clean(self.mrecall),
            "mprecision": clean(self.mprecision), "mdice": clean(self.mdice),
            "overall_accuracy": clean(self.overall_accuracy), "kappa": clean(self.kappa),
            "pixels": int(self.pixels),
            "undefined_classes": [names[i] for i in self.undefined],
            "per_class": [{"index": i, "name": names[i], "iou": clean(self.iou[i]),
                           "recall": clean(self.recall[i]), "precision": clean(self.precision[i]),
                           "dice": clean(self.dice[i]),
                           "reference_pixels": int(self.confusion[i].sum()),
                           "predicted_pixels": int(self.confusion[:, i].sum())}
                          for i in range(len(self.iou))],
            "confusion_matrix": self.confusion.tolist(),
        }


def scores_from_confusion(cm: np.ndarray) -> "SegmentationScores":
    """:class:`SegmentationScores` of a confusion matrix (rows = reference)."""
    cm = np.asarray(cm, dtype=np.int64)
    tp = np.diag(cm).astype(np.float64)
    ref_total = cm.sum(axis=1).astype(np.float64)
    pred_total = cm.sum(axis=0).astype(np.float64)
    n = float(cm.sum())
    iou = _ratio(tp, ref_total + pred_total - tp)
    recall = _ratio(tp, ref_total)
    precision = _ratio(tp, pred_total)
    dice = _ratio(2 * tp, ref_total + pred_total)
    if n > 0:
        observed = tp.sum() / n
        expected = float((ref_total * pred_total).sum()) / (n * n)
        kappa = (observed - expected) / (1 - expected) if expected < 1 else float("nan")
    else:
        observed = kappa = float("nan")
    undefined = [int(i) for i in np.flatnonzero(~np.isfinite(iou))]
    return SegmentationScores(cm, iou, recall, precision, dice, _nanmean(iou), _nanmean(recall),
                              _nanmean(precision), _nanmean(dice), float(observed), float(kappa),
                              int(n), undefined)


__all__ = ["SegmentationScores", "accumulate_confusion", "confusion_matrix", "scores_from_confusion"]
