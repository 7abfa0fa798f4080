"""Brute-force O(N²) dense CRF, float64: the reference for :mod:`...core.buildings.dense_crf`.

Same energy, parameters and mean-field loop as :func:`...core.buildings.dense_crf.dense_crf`
but with the kernels evaluated for every pair of pixels, so only for tiny
images (tests and benchmarks).
"""
import numpy as np

from minewatch.core.buildings.dense_crf import (
    CrfParams,
    check_inputs,
    mean_field,
    pixel_features,
    unary_softmax,
)

MAX_PIXELS = 64 * 64


def kernel_matrices(image, params):
    """(bilateral, gaussian) N × N float64 kernels with a zero diagonal."""
    c, h, w = image.shape
    if h * w > MAX_PIXELS:
        raise ValueError(f"exact dense CRF is for ≤ {MAX_PIXELS} pixels, got {h * w}")
    f = pixel_features(image, params.theta_alpha, params.theta_beta).astype(np.float64)
    bil = np.exp(-0.5 * squared_distances(f))
    gau = np.exp(-0.5 * squared_distances(f[:, :2] * (params.theta_alpha / params.theta_gamma)))
    np.fill_diagonal(bil, 0.0)
    np.fill_diagonal(gau, 0.0)
    return bil, gau


def squared_distances(f):
    """N × N |f_i − f_j|² of N × d float64 rows (no N × N × d temporary)."""
    sq = (f * f).sum(1)
    return np.maximum(sq[:, None] + sq[None, :] - 2.0 * (f @ f.T), 0.0)


def exact_filter(features, values, self_term=True):
    """Σ_j exp(−|f_i − f_j|²/2) v_j for N × d ``features`` and k × N
    ``values``, float64; the j = i term dropped unless ``self_term``."""
    kern = np.exp(-0.5 * squared_distances(np.asarray(features, np.float64)))
    if not self_term:
        np.fill_diagonal(kern, 0.0)
    return np.asarray(values, np.float64) @ kern.T


def dense_crf_exact(probs, image, params=None, valid=None, feedback=None):
    """Exact mean field (float64 inside) → float32 K × H × W; arguments as
    :func:`...core.buildings.dense_crf.dense_crf`."""
    params = CrfParams() if params is None else params
    probs, image, valid = check_inputs(probs, image, valid)
    k, h, w = probs.shape
    unary, q0 = unary_softmax(probs)
    unary, q0 = unary.astype(np.float64), q0.astype(np.float64)
    if params.iterations == 0 or k == 1 or not valid.any():
        return q0.reshape(k, h, w).astype(np.float32)
    bil, gau = kernel_matrices(image, params)

    def bilateral(values):
        return values @ bil.T

    def gaussian(values):
        return values @ gau.T

    q = mean_field(unary, q0, valid, bilateral, gaussian, params, feedback)
    return q.reshape(k, h, w).astype(np.float32)
