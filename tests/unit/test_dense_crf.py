"""Dense CRF: fast grid filtering vs the exact O(N²) mean field, speckle
removal, edge following, parameters, nodata and cancelling."""
from dataclasses import replace

import numpy as np
import pytest
from scipy.ndimage import gaussian_filter

from devkit.references.dense_crf_exact import dense_crf_exact, exact_filter
from minewatch.core.buildings import dense_crf as crf
from minewatch.core.buildings.dense_crf import CrfParams, SimplexGrid, dense_crf, pixel_features
from minewatch.core.common.errors import Cancelled, MineWatchInputError


def textured_image(size, bands, rng):
    """bands × size × size, 0–255: smooth texture, a bright disc, noise."""
    base = np.stack([gaussian_filter(rng.random((size, size)), 5) for _ in range(bands)])
    base = (base - base.min()) / (base.max() - base.min()) * 160 + 20
    yy, xx = np.mgrid[:size, :size]
    base[:, (yy - size / 2) ** 2 + (xx - size / 3) ** 2 < (size / 4) ** 2] += 60
    return np.clip(base + rng.normal(0, 5, base.shape), 0, 255).astype(np.float32)


def noisy_scene(size, bands, classes, rng, signal=0.5):
    """(probs, image, truth): regions of distinct colours, weak noisy unaries."""
    yy, xx = np.mgrid[:size, :size]
    truth = ((yy - size / 2) ** 2 + (xx - size / 3) ** 2 < (size / 3.5) ** 2).astype(int)
    if classes == 3:
        truth[:, int(0.75 * size):] = 2
    colours = 128 + rng.normal(0, 25, (classes, bands))
    image = colours[truth].transpose(2, 0, 1) + rng.normal(0, 12, (bands, size, size))
    logits = signal * np.eye(classes)[truth].transpose(2, 0, 1) + rng.normal(0, 1.0, (classes, size, size))
    probs = np.exp(logits)
    probs /= probs.sum(0)
    return probs.astype(np.float32), np.clip(image, 0, 255).astype(np.float32), truth


# Tolerances: mean |ΔQ| ≤ 0.01 and ≥ 99 % identical argmax (ties at Q ≈ ½
# may flip); measured ≤ 0.004 and ≥ 99.4 %.
@pytest.mark.parametrize("size,bands,classes,params", [
    (24, 3, 2, CrfParams()),
    (48, 3, 2, CrfParams()),
    (48, 3, 3, CrfParams()),
    (48, 1, 2, CrfParams()),
    (48, 3, 2, CrfParams(w_bilateral=1.0, w_gaussian=1.0, theta_alpha=10.0)),
    (40, 2, 3, CrfParams(theta_alpha=30.0, theta_beta=20.0, theta_gamma=1.5, w_bilateral=5.0)),
    (48, 3, 2, CrfParams(normalization="none", w_bilateral=0.3, w_gaussian=0.3)),
    (48, 3, 3, CrfParams(normalization="none", w_bilateral=0.05, w_gaussian=0.3, theta_alpha=20.0)),
])
def test_fast_mean_field_matches_exact(size, bands, classes, params):
    rng = np.random.default_rng(size + 10 * bands + classes)
    probs, image, truth = noisy_scene(size, bands, classes, rng)
    fast = dense_crf(probs, image, params)
    exact = dense_crf_exact(probs, image, params)
    assert fast.shape == probs.shape and fast.dtype == np.float32
    np.testing.assert_allclose(fast.sum(0), 1.0, atol=1e-5)
    assert np.abs(fast - exact).mean() <= 0.01
    assert (fast.argmax(0) == exact.argmax(0)).mean() >= 0.99
    # and the CRF did something: it is not the input
    assert np.abs(exact - probs).mean() > 0.01


@pytest.mark.parametrize("size,bands,theta_alpha,theta_beta,tolerance", [
    (40, 3, 80.0, 13.0, 0.04),   # defaults, 0.5 σ grid on a small tile
    (40, 3, 10.0, 13.0, 0.05),
    (48, 1, 20.0, 13.0, 0.03),
    (40, 3, 200.0, 100.0, 0.03),  # large bandwidths
])
def test_grid_filter_matches_exact_filter(size, bands, theta_alpha, theta_beta, tolerance):
    rng = np.random.default_rng(3)
    f = pixel_features(textured_image(size, bands, rng), theta_alpha, theta_beta)
    values = rng.random((2, f.shape[0])).astype(np.float32)
    fast = SimplexGrid(f).filter(values)
    exact = exact_filter(f, values, self_term=False)
    assert np.abs(fast / exact - 1).mean() <= tolerance
    np.testing.assert_allclose(fast.sum(1), exact.sum(1), rtol=tolerance)


def test_grid_filter_at_one_sigma_spacing(monkeypatch):
    """The coarsest spacing a 1024² tile gets (≈ 1 σ) stays within ≈ 10 %."""
    rng = np.random.default_rng(4)
    f = pixel_features(textured_image(48, 3, rng), 80.0, 13.0)
    monkeypatch.setattr(SimplexGrid, "SPACINGS", (1.0,))
    grid = SimplexGrid(f)
    assert grid.spacing == 1.0
    values = rng.random((1, f.shape[0])).astype(np.float32)
    ratio = grid.filter(values) / exact_filter(f, values, self_term=False)
    assert np.abs(ratio - 1).mean() <= 0.12
    assert abs(ratio.mean() - 1) <= 0.08


def test_colour_rotation_keeps_distances():
    rng = np.random.default_rng(5)
    f = pixel_features(textured_image(16, 3, rng), 80.0, 13.0)
    rotated = crf._principal_colours(f)
    d0 = ((f[:, None] - f[None]) ** 2).sum(-1)
    d1 = ((rotated[:, None] - rotated[None]) ** 2).sum(-1)
    np.testing.assert_allclose(d0, d1, atol=1e-3)


def two_regions(size=48):
    """Left half dark, right half bright (3 bands), truth = right half."""
    rng = np.random.default_rng(7)
    truth = np.zeros((size, size), int)
    truth[:, size // 2:] = 1
    image = np.where(truth == 1, 180.0, 60.0)[None].repeat(3, 0) + rng.normal(0, 5, (3, size, size))
    return np.clip(image, 0, 255).astype(np.float32), truth, rng


def test_removes_speckle():
    image, truth, rng = two_regions()
    p1 = np.where(truth == 1, 0.8, 0.2)
    flip = rng.random(truth.shape) < 0.05
    p1 = np.where(flip, 1 - p1, p1)
    probs = np.stack([1 - p1, p1]).astype(np.float32)
    before = (probs.argmax(0) != truth).mean()
    assert before > 0.03
    for run in (dense_crf, dense_crf_exact):
        after = (run(probs, image).argmax(0) != truth).mean()
        assert after <= 0.1 * before


def test_boundary_follows_colour_edge():
    """Unaries ambiguous (0.5 ± 0.1) in a band around the edge and crossing
    ½ 4 px to the right of it: the CRF moves the boundary onto the edge."""
    size, edge = 48, 24
    image, truth, _ = two_regions(size)
    x = np.arange(size)[None, :].repeat(size, 0).astype(np.float64)
    p1 = np.where(x >= edge, 0.9, 0.1)
    band = np.abs(x - edge) <= 8
    p1[band] = (0.5 + 0.1 * np.tanh((x - edge - 4) / 3))[band]
    probs = np.stack([1 - p1, p1]).astype(np.float32)
    first = (probs.argmax(0) == 1).argmax(1)
    assert (np.abs(first - edge) >= 3).all()  # the network is 4 px off
    for run in (dense_crf, dense_crf_exact):
        labels = run(probs, image).argmax(0)
        first = (labels == 1).argmax(1)
        assert (np.abs(first - edge) <= 1).mean() >= 0.95
        assert (np.abs(first - edge) <= 2).all()


def test_zero_iterations_is_normalised_input():
    rng = np.random.default_rng(8)
    probs = rng.random((3, 10, 12)).astype(np.float32)
    probs[0, 0, 0] = 0.0
    out = dense_crf(probs, rng.random((3, 10, 12)) * 255, CrfParams(iterations=0))
    clipped = np.clip(probs, 1e-6, 1)
    np.testing.assert_allclose(out, clipped / clipped.sum(0), rtol=1e-5)


def test_single_band_uint8_and_single_class():
    rng = np.random.default_rng(9)
    probs, image, _ = noisy_scene(20, 1, 2, rng)
    out = dense_crf(probs, (image[0]).astype(np.uint8))
    assert out.shape == probs.shape
    np.testing.assert_array_equal(dense_crf(np.ones((1, 5, 6)), np.zeros((1, 5, 6))), 1.0)


def test_nodata_pixels_keep_their_input_and_send_nothing():
    rng = np.random.default_rng(10)
    probs, image, _ = noisy_scene(32, 3, 2, rng)
    valid = np.ones((32, 32), bool)
    valid[:, :10] = False
    other = probs.copy()
    other[:, :, :10] = other[::-1, :, :10]  # different garbage where invalid
    image2 = image.copy()
    image2[:, :, :10] = 0
    a = dense_crf(probs, image, valid=valid)
    b = dense_crf(other, image2, valid=valid)
    np.testing.assert_allclose(a[:, :, 10:], b[:, :, 10:], atol=1e-5)
    np.testing.assert_allclose(a[:, :, :10], probs[:, :, :10] / probs[:, :, :10].sum(0), rtol=1e-5)
    # non-finite probabilities or colours make a pixel invalid too
    probs[:, 5, 20] = np.nan
    image[0, 6, 20] = np.inf
    c = dense_crf(probs, image)
    assert np.isfinite(c).all()
    np.testing.assert_allclose(c[:, 5, 20], 0.5)


@pytest.mark.parametrize("kwargs", [
    dict(iterations=-1), dict(iterations=2.5), dict(iterations=1000), dict(iterations=True),
    dict(theta_alpha=0), dict(theta_beta=-3), dict(theta_gamma=float("nan")),
    dict(w_bilateral=-1), dict(w_gaussian=float("inf")), dict(normalization="l2"),
])
def test_invalid_params_raise(kwargs):
    with pytest.raises(MineWatchInputError) as info:
        CrfParams(**kwargs)
    assert isinstance(info.value, ValueError)
    assert str(next(iter(kwargs.values()))) in str(info.value)


@pytest.mark.parametrize("probs_shape,image_shape", [
    ((2, 8, 8), (4, 8, 8)), ((2, 8, 8), (3, 8, 9)), ((8, 8), (3, 8, 8)), ((0, 8, 8), (3, 8, 8))])
def test_bad_shapes_raise(probs_shape, image_shape):
    with pytest.raises(MineWatchInputError):
        dense_crf(np.ones(probs_shape, np.float32), np.zeros(image_shape, np.float32))


class CancelAfter:
    def __init__(self, calls):
        self.calls, self.progress = calls, []

    def setProgress(self, percent):  # noqa: N802 - QGIS naming
        self.progress.append(percent)

    def isCanceled(self):  # noqa: N802 - QGIS naming
        self.calls -= 1
        return self.calls < 0


def test_cancel_between_iterations_and_progress():
    rng = np.random.default_rng(11)
    probs, image, _ = noisy_scene(24, 3, 2, rng)
    feedback = CancelAfter(2)
    with pytest.raises(Cancelled):
        dense_crf(probs, image, feedback=feedback)
    assert len(feedback.progress) == 3
    done = CancelAfter(100)
    dense_crf(probs, image, CrfParams(iterations=4), feedback=done)
    assert done.progress == [0.0, 25.0, 50.0, 75.0, 100.0]


def test_the_confidence_keeping_weight_keeps_confident_pixels_and_refines_unsure_ones():
    from minewatch.core.buildings.dense_crf import confidence_keeping_weight

    params = CrfParams(iterations=10, w_bilateral=30.0, w_gaussian=10.0)
    building = np.full((48, 48), 0.05, np.float32)
    building[20:28, 20:28] = 0.75                   # confident, colour as the ground
    building[5:7, 5:7] = 0.55                       # unsure speckle
    probs = np.stack([1.0 - building, building])
    image = np.full((1, 48, 48), 120.0, np.float32)  # no edge to hold the square
    exact = dense_crf(probs, image, params)
    weight = confidence_keeping_weight(params, 0.7)
    assert weight == pytest.approx(40.0 / np.log(0.7 / 0.3))
    kept = dense_crf(probs, image, replace(params, unary_weight=weight))
    assert (exact[1, 20:28, 20:28] < 0.5).mean() > 0.5    # the exact CRF erases most of it
    assert (kept[1, 20:28, 20:28] > 0.5).all()             # kept: every confident pixel stays
    assert (kept[1, 5:7, 5:7] < 0.5).all()                 # the unsure speckle still goes
    assert confidence_keeping_weight(CrfParams(w_bilateral=0.1, w_gaussian=0.1), 0.7) == 1.0
    with pytest.raises(MineWatchInputError, match="unary weight"):
        CrfParams(unary_weight=0.0)
