"""Polygon-level matching: IoU of known squares, one-to-one greedy matches, F1."""
import math

import pytest

pytest.importorskip("osgeo")

from devkit.references.polygon_matching import match_polygons, polygon_iou  # noqa: E402


def square(x, y, size):
    return [(x, y), (x + size, y), (x + size, y + size), (x, y + size)]


def test_iou_of_shifted_squares():
    # 10×10 squares shifted by 5: intersection 50, union 150
    assert polygon_iou(square(0, 0, 10), square(5, 0, 10)) == pytest.approx(1 / 3)
    assert polygon_iou(square(0, 0, 10), square(20, 0, 10)) == 0.0
    assert polygon_iou(square(0, 0, 10), square(0, 0, 10)) == pytest.approx(1.0)


def test_match_counts_and_f1():
    reference = [square(0, 0, 10), square(20, 0, 10), square(40, 0, 10)]
    predicted = [square(1, 0, 10),   # IoU 9/11 with the first: match
                 square(2, 0, 10),   # second claim on the first: not matched again
                 square(25, 0, 10),  # IoU 1/3 with the second: below 0.5
                 square(41, 1, 10)]  # IoU 81/119: match
    scores = match_polygons(predicted, reference)
    assert (scores.matched, scores.predicted, scores.reference) == (2, 4, 3)
    assert scores.precision == pytest.approx(0.5) and scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(2 * 2 / 7)
    assert sorted((i, j) for i, j, _ in scores.pairs) == [(0, 0), (3, 2)]


def test_empty_inputs_are_undefined_not_errors():
    scores = match_polygons([], [])
    assert math.isnan(scores.f1) and scores.matched == 0
    assert match_polygons([], [square(0, 0, 1)]).recall == 0.0
