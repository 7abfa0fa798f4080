"""core/evaluation/metrics.py: a confusion matrix worked by hand, and agreement
with scikit-learn's metrics on random maps (undefined classes included)."""
import json
import warnings
from fractions import Fraction

import numpy as np
import pytest
from sklearn import metrics

from minewatch.core.evaluation.metrics import accumulate_confusion, confusion_matrix, scores_from_confusion

# rows = reference, columns = prediction; 30 pixels
HAND_CM = np.array([[6, 1, 1],
                    [2, 5, 3],
                    [0, 2, 10]])


def pixels_of(cm):
    """Reference and prediction arrays whose confusion matrix is ``cm``."""
    ref, pred = [], []
    for i, row in enumerate(cm):
        for j, count in enumerate(row):
            ref += [i] * int(count)
            pred += [j] * int(count)
    order = np.random.default_rng(0).permutation(len(ref))
    return np.array(ref)[order], np.array(pred)[order]


def test_hand_computed_three_classes():
    ref, pred = pixels_of(HAND_CM)
    cm = confusion_matrix(ref.reshape(5, 6), pred.reshape(5, 6), 3)
    assert cm.tolist() == HAND_CM.tolist()
    s = scores_from_confusion(cm)
    # reference totals 8, 10, 12; predicted totals 8, 8, 14; TP 6, 5, 10
    iou = [Fraction(6, 8 + 8 - 6), Fraction(5, 10 + 8 - 5), Fraction(10, 12 + 14 - 10)]
    recall = [Fraction(6, 8), Fraction(5, 10), Fraction(10, 12)]
    precision = [Fraction(6, 8), Fraction(5, 8), Fraction(10, 14)]
    dice = [Fraction(12, 16), Fraction(10, 18), Fraction(20, 26)]
    for got, want in ((s.iou, iou), (s.recall, recall), (s.precision, precision), (s.dice, dice)):
        assert got == pytest.approx([float(w) for w in want], abs=1e-12)
    assert s.miou == pytest.approx(float(sum(iou) / 3))
    assert s.mrecall == pytest.approx(float(sum(recall) / 3))
    assert s.mprecision == pytest.approx(float(sum(precision) / 3))
    assert s.mdice == pytest.approx(float(sum(dice) / 3))
    assert s.overall_accuracy == pytest.approx(21 / 30)
    # p_o = 21/30, p_e = (8·8 + 10·8 + 12·14)/30² = 312/900 → κ = (630−312)/(900−312)
    assert s.kappa == pytest.approx(53 / 98)
    assert s.pixels == 30 and s.undefined == []


def test_ignore_value_valid_mask_and_out_of_range_values():
    ref = np.array([0, 1, 2, 255, 1, 7, 0])
    pred = np.array([0, 1, 1, 0, 255, 1, 2])
    valid = np.array([1, 1, 1, 1, 1, 1, 0], bool)
    cm = confusion_matrix(ref, pred, 3, ignore_value=255, valid=valid)
    # 255 in the reference (ignored), 255 / 7 outside 0…2 and the invalid pixel drop out
    assert cm.tolist() == [[1, 0, 0], [0, 1, 0], [0, 1, 0]]
    total = np.zeros((3, 3), np.int64)
    accumulate_confusion(total, ref[:3], pred[:3])
    accumulate_confusion(total, ref[3:], pred[3:], ignore_value=255, valid=valid[3:])
    assert total.tolist() == cm.tolist()
    with pytest.raises(ValueError):
        confusion_matrix(ref, pred[:3], 3)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_agrees_with_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    n = 6
    ref = rng.choice([0, 1, 2, 4], size=2000, p=[0.4, 0.3, 0.2, 0.1])  # 3, 5 never in the reference
    right = (rng.random(2000) < 0.6) & (ref != 4)
    pred = np.where(right, ref, rng.choice([0, 1, 2, 3], size=2000))  # 4, 5 never predicted
    s = scores_from_confusion(confusion_matrix(ref, pred, n))
    labels = list(range(n))
    assert s.confusion.tolist() == metrics.confusion_matrix(ref, pred, labels=labels).tolist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn warns about the undefined classes
        # jaccard_score has no zero_division=nan: compare the defined classes
        iou = metrics.jaccard_score(ref, pred, labels=labels, average=None, zero_division=0)
        defined = ~np.isnan(s.iou)
        np.testing.assert_allclose(s.iou[defined], iou[defined])
        assert s.miou == pytest.approx(iou[defined].mean())
        for ours, mean, fn in ((s.recall, s.mrecall, metrics.recall_score),
                               (s.precision, s.mprecision, metrics.precision_score),
                               (s.dice, s.mdice, metrics.f1_score)):
            theirs = fn(ref, pred, labels=labels, average=None, zero_division=np.nan)
            np.testing.assert_allclose(ours, theirs, equal_nan=True)
            # sklearn's macro mean with zero_division=nan leaves undefined classes out
            macro = fn(ref, pred, labels=labels, average="macro", zero_division=np.nan)
            assert mean == pytest.approx(macro)
    assert s.overall_accuracy == pytest.approx(metrics.accuracy_score(ref, pred))
    assert s.kappa == pytest.approx(metrics.cohen_kappa_score(ref, pred))
    # IoU and Dice are undefined only for class 5 (in neither map); recall for 3 and 5
    assert s.undefined == [5]
    assert np.flatnonzero(np.isnan(s.recall)).tolist() == [3, 5]
    assert np.flatnonzero(np.isnan(s.precision)).tolist() == [4, 5]


def test_all_one_class_reference():
    ref = np.zeros(100, int)
    pred = np.array([0] * 90 + [1] * 10)
    s = scores_from_confusion(confusion_matrix(ref, pred, 3))
    assert s.iou[0] == pytest.approx(0.9) and s.iou[1] == 0.0 and np.isnan(s.iou[2])
    assert s.miou == pytest.approx(0.45)  # class 2 left out, class 1 (a false alarm) counts
    assert s.mrecall == pytest.approx(0.9)  # only class 0 has reference pixels
    assert s.undefined == [2]
    assert s.kappa == pytest.approx(metrics.cohen_kappa_score(ref, pred)) == 0.0
    # both maps one class: agreement by chance is 1, kappa undefined
    same = scores_from_confusion(confusion_matrix(ref, ref, 3))
    assert same.overall_accuracy == 1.0 and np.isnan(same.kappa) and same.miou == 1.0
    data = same.as_dict(["a", "b", "c"])
    assert data["kappa"] is None and data["undefined_classes"] == ["b", "c"]
    json.dumps(data)  # NaN never reaches JSON


def test_empty_matrix_and_short_name_list():
    s = scores_from_confusion(np.zeros((2, 2), np.int64))
    assert s.pixels == 0 and np.isnan(s.miou) and np.isnan(s.kappa) and np.isnan(s.overall_accuracy)
    data = scores_from_confusion(HAND_CM).as_dict(["only one"])
    assert [c["name"] for c in data["per_class"]] == ["only one", "1", "2"]
    assert data["per_class"][2]["reference_pixels"] == 12 and data["per_class"][2]["predicted_pixels"] == 14
