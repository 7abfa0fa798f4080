"""core/evaluation/ (evaluate.py, report.py, confusion_svg.py):
streamed evaluation of two class rasters, on equal and on different grids,
and the HTML/JSON report."""
import json

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from minewatch.core.classmap.stored_names import read_class_names
from minewatch.core.common.errors import Cancelled, MineWatchInputError
from minewatch.core.evaluation.evaluate import (
    class_table,
    evaluate_rasters,
    rasterize_reference,
)
from minewatch.core.evaluation.metrics import confusion_matrix
from minewatch.core.evaluation.report import evaluation_html, json_path_for, write_evaluation_report

X0, Y0 = 500000.0, 4200000.0
HAND_CM = np.array([[6, 1, 1], [2, 5, 3], [0, 2, 10]])


def write(path, data, pixel=2.0, x0=X0, y0=Y0, nodata=None, crs="EPSG:32645", tags=None):
    data = np.asarray(data)
    if data.ndim == 2:
        data = data[None]
    profile = dict(driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
                   dtype=data.dtype.name, crs=crs, transform=from_origin(x0, y0, pixel, pixel),
                   nodata=nodata)
    if data.shape[1] >= 16 and data.shape[2] >= 16:
        profile.update(tiled=True, blockxsize=16, blockysize=16)
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(data)
        if tags:
            ds.update_tags(1, **tags)
    return str(path)


def random_maps(h=80, w=96, n=5, seed=0):
    """Spatially blocky reference and a prediction agreeing on ~70 %."""
    rng = np.random.default_rng(seed)
    ref = np.kron(rng.integers(0, n, (h // 8, w // 8)), np.ones((8, 8), int)).astype(np.uint8)
    pred = np.where(rng.random((h, w)) < 0.7, ref, rng.integers(0, n, (h, w))).astype(np.uint8)
    return ref, pred


class Recorder:
    def __init__(self, cancel_after=None):
        self.progress, self.cancel_after = [], cancel_after

    def setProgress(self, pct):  # noqa: N802
        self.progress.append(pct)

    def isCanceled(self):  # noqa: N802
        return self.cancel_after is not None and len(self.progress) >= self.cancel_after


def test_hand_computed_case_with_every_kind_of_uncounted_pixel(tmp_path):
    pairs = [(i, j) for i in range(3) for j in range(3) for _ in range(HAND_CM[i, j])]
    ref = np.array([p[0] for p in pairs] + [200, 200, 255, 255, 1, 2], np.uint8)
    pred = np.array([p[1] for p in pairs] + [0, 1, 1, 2, 255, 255], np.uint8)
    # reference nodata 200 (2 px) and ignore value 255 (2 px); prediction nodata 255 (2 px)
    r = write(tmp_path / "ref.tif", ref.reshape(6, 6), nodata=200)
    p = write(tmp_path / "pred.tif", pred.reshape(6, 6), nodata=255)
    scores, info = evaluate_rasters(p, r)
    assert scores.confusion.tolist() == HAND_CM.tolist()
    assert scores.overall_accuracy == pytest.approx(21 / 30) and scores.kappa == pytest.approx(53 / 98)
    assert scores.iou == pytest.approx([0.6, 5 / 13, 0.625])
    assert scores.miou == pytest.approx((0.6 + 5 / 13 + 0.625) / 3)
    assert (info["pixels_counted"], info["pixels_ignored"], info["pixels_without_prediction"],
            info["pixels_outside_classes"], info["pixels_total"]) == (30, 4, 2, 0, 36)
    assert info["n_classes"] == 3 and info["class_names"] == ["0", "1", "2"]
    assert info["class_names_from"] == "values" and not info["prediction_resampled"]
    assert any("2 reference pixels have no prediction" in str(w) for w in info["warnings"])


def test_tiny_windows_equal_the_whole_array(tmp_path):
    ref, pred = random_maps()
    r, p = write(tmp_path / "r.tif", ref), write(tmp_path / "p.tif", pred)
    whole, info_whole = evaluate_rasters(p, r)
    feedback = Recorder()
    tiny, info_tiny = evaluate_rasters(p, r, window_budget=16 * 16 * 48, feedback=feedback)
    assert info_whole["windows"] == 1 and info_tiny["windows"] == (80 // 16) * (96 // 16)
    assert tiny.confusion.tolist() == whole.confusion.tolist() == confusion_matrix(ref, pred, 5).tolist()
    assert len(feedback.progress) == info_tiny["windows"] and feedback.progress[-1] == pytest.approx(100)


def test_cancel_between_windows(tmp_path):
    ref, pred = random_maps()
    r, p = write(tmp_path / "r.tif", ref), write(tmp_path / "p.tif", pred)
    with pytest.raises(Cancelled):
        evaluate_rasters(p, r, window_budget=16 * 16 * 48, feedback=Recorder(cancel_after=3))


def test_finer_prediction_on_a_larger_extent_is_resampled(tmp_path):
    ref, pred = random_maps(48, 64)
    # the prediction has 1 m pixels (2× finer), starts 8 m further west and
    # north and stops 16 reference columns short of the reference's east edge
    fine = np.full((48 * 2 + 8, (64 - 16) * 2 + 8), 9, np.uint8)
    fine[8:, 8:] = np.kron(pred[:, :48], np.ones((2, 2), np.uint8))
    r = write(tmp_path / "r.tif", ref)
    p = write(tmp_path / "p.tif", fine, pixel=1.0, x0=X0 - 8, y0=Y0 + 8, nodata=255)
    scores, info = evaluate_rasters(p, r, n_classes=5)
    assert info["prediction_resampled"]
    assert scores.confusion.tolist() == confusion_matrix(ref[:, :48], pred[:, :48], 5).tolist()
    assert info["pixels_without_prediction"] == 48 * 16 and info["pixels_outside_classes"] == 0


def test_shifted_prediction(tmp_path):
    ref, pred = random_maps(48, 64)
    # same pixel size, shifted 3 px east and 2 px south: overlap is ref[2:, 3:]
    r = write(tmp_path / "r.tif", ref)
    p = write(tmp_path / "p.tif", pred, x0=X0 + 6, y0=Y0 - 4)
    scores, info = evaluate_rasters(p, r)
    assert info["prediction_resampled"]
    assert scores.confusion.tolist() == confusion_matrix(ref[2:, 3:], pred[:-2, :-3], 5).tolist()
    assert info["pixels_without_prediction"] == 48 * 64 - 46 * 61


def test_prediction_in_another_crs(tmp_path):
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    ref, _ = random_maps(48, 64)
    r = write(tmp_path / "r.tif", ref)
    # the reference itself, reprojected to WGS 84 at about half its pixel size
    with rasterio.open(r) as src:
        transform, width, height = calculate_default_transform(
            src.crs, "EPSG:4326", src.width, src.height, *src.bounds, resolution=1e-5)
        geo = np.full((height, width), 255, np.uint8)
        reproject(ref, geo, src_transform=src.transform, src_crs=src.crs, dst_transform=transform,
                  dst_crs="EPSG:4326", resampling=Resampling.nearest, dst_nodata=255)
    p = str(tmp_path / "geo.tif")
    with rasterio.open(p, "w", driver="GTiff", width=width, height=height, count=1, dtype="uint8",
                       crs="EPSG:4326", transform=transform, nodata=255) as ds:
        ds.write(geo, 1)
    scores, info = evaluate_rasters(p, r)
    assert info["prediction_resampled"] and info["n_classes"] == 5
    # two nearest-neighbour resamplings only move class edges by a pixel
    assert info["pixels_counted"] + info["pixels_without_prediction"] == 48 * 64
    assert info["pixels_without_prediction"] < 0.02 * 48 * 64
    assert scores.overall_accuracy > 0.9


def test_class_names_from_the_class_map_and_values_outside_them(tmp_path):
    ref, pred = random_maps(16, 16, n=4)
    ref[0, 0] = 6  # not a class of the map
    tags = {"CLASS_0": "background (其他)", "CLASS_1": "open pit (露天采场)", "CLASS_2": "water",
            "CLASS_3": "vegetation", "DAMAGE_TYPE_1": "excavation"}
    p = write(tmp_path / "p.tif", pred, tags=tags)
    r = write(tmp_path / "r.tif", ref)
    scores, info = evaluate_rasters(p, r)
    assert info["n_classes"] == 4 and info["class_names"][1] == "open pit (露天采场)"
    assert info["class_names_from"] == "prediction" and info["pixels_outside_classes"] == 1
    assert read_class_names(p) == info["class_names"]
    table = class_table(info["class_names"])
    assert (table[1].name, table[1].name_zh, table[2].name, table[2].name_zh) == \
        ("open pit", "露天采场", "water", "")
    # given names win and fix the class count
    _, given = evaluate_rasters(p, r, class_names=["a", "b"])
    assert given["n_classes"] == 2 and given["class_names"] == ["a", "b"]
    assert given["pixels_outside_classes"] > 0


def test_all_one_class_reference_reports_undefined_classes(tmp_path):
    ref = np.zeros((20, 20), np.uint8)
    pred = np.zeros((20, 20), np.uint8)
    pred[:5] = 1
    r, p = write(tmp_path / "r.tif", ref), write(tmp_path / "p.tif", pred)
    scores, info = evaluate_rasters(p, r, n_classes=3, class_names=["bg", "pit", "water"])
    assert scores.iou.tolist()[:2] == [0.75, 0.0] and np.isnan(scores.iou[2])
    assert scores.undefined == [2] and scores.miou == pytest.approx(0.375)
    assert scores.kappa == 0.0
    html_path, json_path = write_evaluation_report(str(tmp_path / "rep.html"), scores,
                                                   info["class_names"], info)
    text = open(html_path, encoding="utf-8").read()
    assert "undefined" in text and "recall (class absent from the reference): pit, water" in text
    data = json.load(open(json_path, encoding="utf-8"))
    assert data["undefined_classes"] == ["water"] and data["per_class"][2]["iou"] is None
    # one class in both maps: kappa undefined, still a report
    same, info_same = evaluate_rasters(r, r)
    assert np.isnan(same.kappa) and same.miou == 1.0
    write_evaluation_report(str(tmp_path / "same.html"), same, info_same["class_names"], info_same)
    assert json.load(open(tmp_path / "same.json"))["kappa"] is None


def test_report_html_svg_and_json(tmp_path):
    pairs = [(i, j) for i in range(3) for j in range(3) for _ in range(HAND_CM[i, j])]
    r = write(tmp_path / "r.tif", np.array([a for a, _ in pairs], np.uint8).reshape(5, 6))
    p = write(tmp_path / "p.tif", np.array([b for _, b in pairs], np.uint8).reshape(5, 6))
    scores, info = evaluate_rasters(p, r)
    names = ["bare <soil>", "open pit (露天采场)", "water & mud"]
    html_path, json_path = write_evaluation_report(str(tmp_path / "acc.html"), scores, names, info)
    assert json_path == json_path_for(html_path) == str(tmp_path / "acc.json")
    text = open(html_path, encoding="utf-8").read()
    svg = text[text.index("<svg"):text.index("</svg>")]
    # every count is written in the table; each non-empty cell shows its row share in whole
    # per cent (legible whatever the count; issue 30) and its count on hover
    for row in HAND_CM:
        for count in row:
            assert f"<td>{count}</td>" in text
            if count:
                assert f">{100 * count / row.sum():.0f}%</text>" in svg
                assert f": {count} (" in svg
    assert "bare &lt;soil&gt;" in svg and "water &amp; mud" in text and "<soil>" not in text
    assert "<td>0</td><td>2</td><td>10</td><td>12</td></tr>" in text  # a row and its total
    assert "<td>8</td><td>8</td><td>14</td><td>30</td></tr>" in text  # column totals
    assert "0.5408" in text and "0.7000" in text  # kappa 53/98, OA 21/30
    # colour = share of the reference row: 10/12 is darker than 2/12 in the same row
    from minewatch.core.evaluation.confusion_svg import cell_colour

    assert svg.count("<rect") == 9
    assert f'fill="{cell_colour(10 / 12)}"' in svg and f'fill="{cell_colour(2 / 12)}"' in svg
    data = json.load(open(json_path, encoding="utf-8"))
    assert data["confusion_matrix"] == HAND_CM.tolist() and data["pixels"] == 30
    assert data["kappa"] == pytest.approx(53 / 98) and data["per_class"][1]["name"] == names[1]
    assert data["info"]["pixels_counted"] == 30
    assert not list(tmp_path.glob("*.partial"))


def test_cell_colour_follows_the_row_share():
    from minewatch.core.evaluation.confusion_svg import cell_colour

    assert cell_colour(0) == "#ffffff" and cell_colour(1) == "#08306b"
    darker = [int(cell_colour(s)[1:3], 16) for s in (0.1, 0.5, 0.9)]
    assert darker == sorted(darker, reverse=True)


def test_polygon_reference_burnt_on_the_prediction_grid(tmp_path):
    pred = np.zeros((20, 20), np.uint8)
    pred[:, 10:] = 1
    p = write(tmp_path / "p.tif", pred, nodata=255)
    # a 10 × 10 px square of class 1 over columns 5–14 (half right); outside: ignored
    square = {"type": "Polygon", "coordinates": [[(X0 + 10, Y0), (X0 + 30, Y0), (X0 + 30, Y0 - 20),
                                                  (X0 + 10, Y0 - 20), (X0 + 10, Y0)]]}
    burnt = rasterize_reference([(square, 1)], p, str(tmp_path / "ref.tif"))
    scores, info = evaluate_rasters(p, burnt, n_classes=2)
    assert scores.confusion.tolist() == [[0, 0], [50, 50]]
    assert info["pixels_ignored"] == 400 - 100 and not info["prediction_resampled"]


def test_bad_inputs_say_how_to_fix(tmp_path):
    ref, pred = random_maps(16, 16)
    r = write(tmp_path / "r.tif", ref)
    # a float mask of whole numbers (labels are often saved as float32) is a class map
    floats = write(tmp_path / "f.tif", pred.astype(np.float32))
    whole, _ = evaluate_rasters(floats, r)
    assert whole.confusion.tolist() == evaluate_rasters(write(tmp_path / "u.tif", pred), r)[
        0].confusion.tolist()
    fractions = write(tmp_path / "fr.tif", pred.astype(np.float32) + 0.25)
    with pytest.raises(MineWatchInputError, match="not whole numbers"):
        evaluate_rasters(fractions, r)
    two = write(tmp_path / "two.tif", np.stack([pred, pred]))
    with pytest.raises(MineWatchInputError, match="has 2 bands; choose"):
        evaluate_rasters(two, r)
    assert evaluate_rasters(two, r, prediction_band=2)[1]["pixels_counted"] == 256
    with pytest.raises(MineWatchInputError, match="Band 3 does not exist"):
        evaluate_rasters(two, r, prediction_band=3)
    far = write(tmp_path / "far.tif", pred, x0=X0 + 10000)
    with pytest.raises(MineWatchInputError, match="do not overlap"):
        evaluate_rasters(far, r)
    ignored = write(tmp_path / "ignored.tif", np.full((16, 16), 255, np.uint8))
    with pytest.raises(MineWatchInputError, match="No reference pixel could be compared"):
        evaluate_rasters(pred_path := write(tmp_path / "p.tif", pred), ignored)
    no_crs = write(tmp_path / "nocrs.tif", pred, x0=X0 + 4, crs=None)
    with pytest.raises(MineWatchInputError, match="no coordinate reference system"):
        evaluate_rasters(no_crs, r)
    image = write(tmp_path / "image.tif", np.full((16, 16), 3000, np.uint16))
    with pytest.raises(MineWatchInputError, match="class value of 3000"):
        evaluate_rasters(image, r)
    with pytest.raises(MineWatchInputError, match="Cannot read"):
        evaluate_rasters(str(tmp_path / "missing.tif"), pred_path)


def test_evaluation_html_is_a_page():
    from minewatch.core.evaluation.metrics import scores_from_confusion

    info = {"prediction": "p.tif", "reference": "r.tif", "prediction_band": 1, "reference_band": 1}
    page = evaluation_html(scores_from_confusion(HAND_CM), ["a", "b", "c"], info,
                           {"title": "Genauigkeit"})
    assert page.startswith("<!DOCTYPE html>") and "<h1>Genauigkeit</h1>" in page
    assert "Every score is defined for every class." in page


def test_an_image_given_as_the_class_map_is_refused(tmp_path):
    """Band 1 of a 4-band uint16 image scored against an 8-class reference:
    nearly every value lies outside the classes, so no scores are made up."""
    rng = np.random.default_rng(0)
    ref = rng.integers(0, 8, (40, 40)).astype(np.uint8)
    r = write(tmp_path / "r.tif", ref)
    image = rng.integers(200, 4000, (40, 40)).astype(np.uint16)
    image.ravel()[::20] = ref.ravel()[::20]  # 5 % of dark pixels fall inside the classes
    p = write(tmp_path / "img.tif", image)
    with pytest.raises(MineWatchInputError, match="does not look like a class map"):
        evaluate_rasters(p, r, n_classes=8)


def test_maps_of_other_classes_are_not_scored_against_each_other(tmp_path):
    """Issue 29: an 8-class land-damage map scored against building labels
    gave scores without a word; the stored class tables are compared."""
    data = np.zeros((1, 8, 8), np.uint8)
    land = {f"CLASS_{i}": n for i, n in enumerate(["background (其他)", "open pit (露天采场)"])}
    buildings = {"CLASS_0": "other (其他)", "CLASS_1": "building (建筑物)"}
    prediction = write(tmp_path / "p.tif", data, tags=land)
    with pytest.raises(MineWatchInputError, match="are not the reference's"):
        evaluate_rasters(prediction, write(tmp_path / "r.tif", data, tags=buildings))
    same = write(tmp_path / "same.tif", data, tags={k: v.split(" (")[0] for k, v in land.items()})
    assert evaluate_rasters(prediction, same)[0].pixels == 64  # the same classes, Chinese or not
