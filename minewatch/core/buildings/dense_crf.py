"""Fully connected CRF post-processing of class probabilities (mean field).

Krähenbühl & Koltun (2011). Energy over labels x:

    E(x) = Σ_i ψu(x_i) + Σ_{i<j} [x_i ≠ x_j] · k(f_i, f_j)
    ψu(x_i = l) = −log p_i(l)            (p clipped to ≥ 1e-6)
    k = w_bilateral · exp(−|P_i−P_j|²/2θα² − |I_i−I_j|²/2θβ²)
      + w_gaussian  · exp(−|P_i−P_j|²/2θγ²)

P = pixel position (row, col) in PIXELS (a caller working in metres divides
by the pixel size first); I = colour of 1 to 3 bands on a 0–255-like scale:
pass each band stretched to 0–255 (e.g. between its 2 and 98 %
percentiles), since θβ is in those units. Mean field, self term excluded:

    Q_i ← softmax_l(−ψu_i(l) + Σ_m w_m Σ_{j≠i} k̃_m(i, j) Q_j(l))

(the Potts penalty Σ_{l'≠l} is Σ_{l'} minus the l' = l term; Σ_{l'} is the
same for every label, so it cancels in the softmax). k̃ is the kernel
itself with ``normalization="none"`` (the paper's formula), or, by default,
``"symmetric"``: k̃(i, j) = k(i, j)/√(D_i D_j), D_i = Σ_{j≠i} k(i, j)
(floored at 1), as in Krähenbühl's own code (densecrf 2.2 / pydensecrf
default). The usual weights (10, 3) were tuned for that: without it a
pixel's message is a sum over thousands of pixels (Σ_j of the θα = 80 px
kernel) and swamps any unary, so the output no longer depends on the
network's confidence, only on its initial majority per colour.

Filtering. The Gaussian term is a separable blur at full resolution, exact
up to truncation at 4θγ. The bilateral term (d = 2 + bands ≤ 5 features)
uses :class:`SimplexGrid`: a dense grid in (position/θα, colour/θβ) space
with Kuhn-simplex splatting/slicing (d+1 vertices per pixel, like the
permutohedral lattice but with no hashing) and a separable Gaussian blur;
per iteration O(N·(d+1) + cells) whatever θα. Its error vs brute force is
measured in tests/unit/test_dense_crf.py and bench/bench_crf.py: ≈ 2 % of
a filtered value at 0.5 σ spacing (small tiles), ≈ 5–8 % at the ≈ 0.9–1 σ
a 1024² tile gets; mean |ΔQ| of the CRF output ≈ 1e-3. The exact O(N²)
reference lives in ``devkit/references/dense_crf_exact.py`` (not shipped).

Tiling: :func:`dense_crf` works on one in-memory tile (a 1024², 2-class
tile takes ≈ 170 MB). For a large image run it per overlapping tile and blend
the outputs as the classifier does (:mod:`..inference.blending`); with θα = 80 px,
512² tiles overlapping by 128 px change ≈ 0.2 % of the labels of a 1024²
whole-tile run (bench/bench_crf.py prints the figures).
"""
import math
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np

from ..common.errors import MineWatchInputError, translatable
from ..common.progress import as_feedback, step

PROB_FLOOR = 1e-6
MAX_ITERATIONS = 100
NORMALIZATIONS = ("symmetric", "none")
# floor of a pixel's kernel sum Σ_{j≠i} k_ij in the symmetric normalisation:
# keeps pixels of a colour found nowhere else (sum ≈ 0, where the fast
# filter's absolute error dominates) from getting huge scale factors
NORM_FLOOR = 1.0
# bound on grid cells × blur taps per axis: ≈ 1 σ spacing for a 1024² tile
# whose 3 bands are uncorrelated, finer when they are correlated (usual)
MAX_GRID_COST = 16_000_000


@dataclass(frozen=True)
class CrfParams:
    """Dense CRF settings: mean-field ``iterations`` (0 = return the
    normalised input), bandwidths θα (bilateral, px), θβ (bilateral,
    colour units of a 0–255 scale), θγ (Gaussian, px) and kernel weights."""

    iterations: int = 5
    theta_alpha: float = 80.0
    theta_beta: float = 13.0
    theta_gamma: float = 3.0
    w_bilateral: float = 10.0
    w_gaussian: float = 3.0
    normalization: str = "symmetric"
    # ψu = −unary_weight · log p: 1 is the dense CRF exactly; see
    # :func:`confidence_keeping_weight` for a weight that keeps the
    # network's confident pixels
    unary_weight: float = 1.0

    def __post_init__(self):
        it = self.iterations
        if isinstance(it, bool) or not float(it).is_integer() or not 0 <= it <= MAX_ITERATIONS:
            raise MineWatchInputError(translatable(
                "The CRF iteration count must be a whole number from 0 to {maximum}, not {value}; "
                "5 is usual."), maximum=MAX_ITERATIONS, value=it)
        for name in ("theta_alpha", "theta_beta", "theta_gamma"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise MineWatchInputError(translatable(
                    "The CRF bandwidth {name} must be a positive number, not {value} "
                    "(usual: θα = 80 px, θβ = 13, θγ = 3 px)."), name=name, value=value)
        for name in ("w_bilateral", "w_gaussian"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise MineWatchInputError(translatable(
                    "The CRF kernel weight {name} must be zero or positive, not {value} "
                    "(usual: 10 bilateral, 3 Gaussian)."), name=name, value=value)
        if not (math.isfinite(self.unary_weight) and self.unary_weight > 0):
            raise MineWatchInputError(translatable(
                "The CRF unary weight must be a positive number, not {value} (1 = the exact "
                "dense CRF)."), value=self.unary_weight)
        if self.normalization not in NORMALIZATIONS:
            raise MineWatchInputError(translatable(
                "Unknown CRF kernel normalisation '{value}'; use {choices}."),
                value=self.normalization, choices=" or ".join(NORMALIZATIONS))


def check_inputs(probs, image, valid=None):
    """Validate and convert: probs K × H × W, image C × H × W (C = 1–3),
    valid H × W bool or None → (probs float32, image float32, valid bool)."""
    probs = np.asarray(probs)
    image = np.asarray(image)
    if probs.ndim != 3 or probs.shape[0] < 1:
        raise MineWatchInputError(translatable(
            "The CRF needs class probabilities as K × H × W, got shape {shape}."), shape=probs.shape)
    if image.ndim == 2:
        image = image[None]
    if image.ndim != 3 or not 1 <= image.shape[0] <= 3 or image.shape[1:] != probs.shape[1:]:
        raise MineWatchInputError(translatable(
            "The CRF needs an image of 1 to 3 bands with the same height and width as the "
            "probabilities {prob_shape}, got shape {shape}; select at most 3 bands."),
            prob_shape=probs.shape[1:], shape=image.shape)
    probs = probs.astype(np.float32, copy=False)
    image = image.astype(np.float32, copy=False)
    ok = np.isfinite(probs).all(0) & np.isfinite(image).all(0)
    if valid is not None:
        valid = np.asarray(valid, bool)
        if valid.shape != probs.shape[1:]:
            raise MineWatchInputError(translatable(
                "The CRF valid mask has shape {shape}, expected {expected}."),
                shape=valid.shape, expected=probs.shape[1:])
        ok &= valid
    return probs, image, ok


def confidence_keeping_weight(params: Any, confident: float) -> float:
    """The unary weight under which no pixel the network gives a class with
    probability ≥ ``confident`` can change class, for a 2-class CRF with
    symmetric normalisation: each kernel's normalised message is about at
    most its weight (exactly when neighbouring pixels have equal kernel
    sums), so the pairwise terms shift a label's log-odds by about at most
    w_bilateral + w_gaussian, and the unary margin of such a pixel, times
    the weight, is at least that. Unsure pixels (0.5 ± a little) still
    follow the image's edges: that is the refinement the CRF is for."""
    margin = math.log(confident / (1.0 - confident))
    return max(1.0, (params.w_bilateral + params.w_gaussian) / margin)


def unary_softmax(probs):
    """Unaries −log p (p clipped to [1e-6, 1]; non-finite → uniform) K × N and
    their softmax, i.e. the normalised input."""
    k = probs.shape[0]
    p = np.where(np.isfinite(probs), probs, 1.0 / k).reshape(k, -1)
    unary = -np.log(np.clip(p, PROB_FLOOR, 1.0)).astype(np.float32)
    return unary, softmax(-unary)


def softmax(logits):
    """Softmax over axis 0 of K × N float32."""
    e = np.exp(logits - logits.max(0, keepdims=True))
    e /= e.sum(0, keepdims=True)
    return e


def pixel_features(image: np.ndarray, theta_alpha: float, theta_beta: float) -> np.ndarray:
    """N × (2 + C) float32 bilateral features: (row, col)/θα, colour/θβ."""
    c, h, w = image.shape
    rows, cols = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.where(np.isfinite(image), image, 0.0)
    return np.concatenate([np.stack([rows, cols]).reshape(2, -1) / np.float32(theta_alpha),
                           img.reshape(c, -1) / np.float32(theta_beta)]).T.astype(np.float32)


def mean_field(unary, q0, valid, bilateral, gaussian, params, feedback=None):
    """Mean-field loop shared by the fast and the exact CRF.

    ``bilateral`` and ``gaussian`` map k × N float32 (zero at invalid
    pixels) to Σ_{j≠i} k(f_i, f_j) v_j (self term excluded). Invalid pixels
    send nothing and keep ``q0``. Messages of the last class come from
    linearity (Σ_l Q_l = 1 at valid pixels), saving one filtering per kernel."""
    feedback = as_feedback(feedback)
    k = unary.shape[0]
    validf = valid.reshape(-1).astype(np.float32)
    kernels = []
    for weight, filt in ((params.w_bilateral, bilateral), (params.w_gaussian, gaussian)):
        if weight > 0 and k > 1:
            # (weight, filter, per-pixel scale, filtered sum of all classes)
            scale = validf
            if params.normalization == "symmetric":
                scale = validf / np.sqrt(np.maximum(filt(validf[None])[0], NORM_FLOOR))
            kernels.append((weight, filt, scale, filt(scale[None])[0]))
    q = q0.copy()
    for it in range(params.iterations):
        step(feedback, it, params.iterations)
        msg = np.zeros_like(q)
        for weight, filt, scale, total in kernels:
            part = np.empty_like(q)
            part[:k - 1] = filt(q[:k - 1] * scale)
            part[k - 1] = total - part[:k - 1].sum(0)
            if params.normalization == "symmetric":
                part *= scale
            msg += weight * part
        q = np.where(validf > 0, softmax(msg - params.unary_weight * unary), q0)
    step(feedback, params.iterations, params.iterations)
    return q


def dense_crf(probs: np.ndarray, image: np.ndarray, params: Any = None, valid: Optional[np.ndarray] = None,
              feedback: Any = None) -> np.ndarray:
    """Dense CRF of ``probs`` (K × H × W probabilities) guided by ``image``
    (C × H × W, C = 1–3, 0–255 scale, see the module docstring) → float32
    K × H × W refined probabilities. ``valid`` (H × W bool, optional) marks
    pixels taking part; the others (and pixels with non-finite inputs) send
    no messages and return their normalised input. ``feedback`` is checked
    between iterations (raises :class:`~..common.errors.Cancelled`)."""
    params = CrfParams() if params is None else params
    probs, image, valid = check_inputs(probs, image, valid)
    k, h, w = probs.shape
    unary, q0 = unary_softmax(probs)
    if params.iterations == 0 or k == 1 or not valid.any():
        return q0.reshape(k, h, w)
    inside = np.flatnonzero(valid)
    grid = None
    if params.w_bilateral > 0:
        # only valid pixels enter the grid: nodata colours neither send
        # messages nor stretch the grid
        features = pixel_features(image, params.theta_alpha, params.theta_beta)
        grid = SimplexGrid(features if inside.size == valid.size else features[inside])

    def bilateral(values):
        if inside.size == valid.size:
            return grid.filter(values)
        out = np.zeros(values.shape, np.float32)
        out[:, inside] = grid.filter(values[:, inside])
        return out

    def gaussian(values):
        return gaussian_blur(values.reshape(-1, h, w), params.theta_gamma).reshape(len(values), -1) - values

    q = mean_field(unary, q0, valid, bilateral, gaussian, params, feedback)
    return q.reshape(k, h, w).astype(np.float32, copy=False)


def gaussian_blur(values, theta):
    """Σ_j exp(−|P_i − P_j|²/2θ²) v_j over the grid (k × H × W), self
    included, zero outside; separable, truncated at 4θ."""
    from scipy.ndimage import correlate1d

    radius = max(1, int(math.ceil(4.0 * theta)))
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    kernel = np.exp(-x * x / (2.0 * theta * theta)).astype(np.float32)
    out = correlate1d(values, kernel, axis=-1, mode="constant", cval=0.0)
    return correlate1d(out, kernel, axis=-2, mode="constant", cval=0.0)



class SimplexGrid:
    """Fast approximate bilateral filter on a dense grid in feature space.

    Features are already divided by their bandwidths, so the kernel is
    exp(−|f_i − f_j|²/2) (unit σ in every dimension); the colour axes are
    first rotated onto their principal axes (distances unchanged, a much
    smaller box for correlated bands). The grid spacing s is the finest of
    :attr:`SPACINGS` (in σ) whose cells × blur taps stay within
    ``max_cost`` (0.5 σ for small tiles, ≈ 0.9 σ for a 1024² tile at the
    default bandwidths; beyond ≈ 1.2 σ, i.e. tiny bandwidths, the error
    grows to tens of per cent). Each pixel is splatted onto the d+1
    vertices of its cell's Kuhn (Freudenthal) simplex with barycentric
    weights (the permutohedral lattice's trick on a cubic grid: no
    hashing), the grid is blurred separably with a Gaussian of σ_K² = 1 −
    s²/3 (the two linear interpolations add ≈ s²/6 each per axis),
    normalised so that each axis keeps the mass √(2π) of the exact kernel,
    and values are sliced back with the same weights. The filtered value
    of a pixel minus its own contribution (known in closed form) is
    the message Σ_{j≠i} k_ij v_j."""

    SPACINGS = (0.5, 0.625, 0.75, 0.875, 1.0, 1.125, 1.25, 1.375, 1.5, 1.75, 2.0)

    def __init__(self, features, max_cost=MAX_GRID_COST):
        from scipy.sparse import csr_matrix

        # one contiguous row per feature: every step below works axis by axis
        f = np.ascontiguousarray(_principal_colours(np.asarray(features, np.float32)).T)
        d, n = f.shape
        lo = np.array([row.min() for row in f], np.float32)
        span = np.array([row.max() for row in f], np.float32) - lo
        for s in self.SPACINGS:
            shape = tuple(int(c) + 2 for c in np.floor(span / s))
            cost = math.prod(shape) * (2 * _radius(s) + 1)
            if cost <= max_cost:
                break
        else:
            raise MineWatchInputError(translatable(
                "The CRF colour/position range is too wide for its grid ({cells} cells); stretch the "
                "image to 0–255 or raise the bandwidths θα and θβ."), cells=math.prod(shape))
        self.spacing, self.shape, self.d = s, shape, d
        strides = np.cumprod((shape[1:] + (1,))[::-1])[::-1].astype(np.int32)
        frac = np.empty((d, n), np.float32)  # position within the cell, [0, 1]
        base = np.zeros(n, np.int32)  # flat index of the cell's lowest corner
        for k in range(d):
            g = (f[k] - lo[k]) / np.float32(s)
            cell = np.minimum(np.floor(g), np.float32(shape[k] - 2))
            np.subtract(g, cell, out=frac[k])
            base += cell.astype(np.int32) * strides[k]
        # rank of each axis in decreasing order of its fractional part
        rank = np.zeros((d, n), np.int8)
        for i in range(d):
            for j in range(i + 1, d):
                less = frac[i] < frac[j]
                rank[i] += less
                rank[j] += ~less
        # vertex m of the simplex = base + a unit step along each of the m
        # axes of largest fractional part; its weight is the gap between the
        # m-th and (m+1)-th largest fractional parts
        vertex = np.empty((d + 1, n), np.int32)
        weights = np.empty((d + 1, n), np.float32)
        vertex[0] = base
        previous = np.ones(n, np.float32)
        for m in range(d):
            sorted_m = np.zeros(n, np.float32)
            for k in range(d):
                hit = rank[k] == m
                np.copyto(sorted_m, frac[k], where=hit)
                base += hit * strides[k]
            vertex[m + 1] = base
            np.subtract(previous, sorted_m, out=weights[m])
            previous = sorted_m
        weights[d] = previous
        self._slice = csr_matrix((np.ascontiguousarray(weights.T).reshape(-1),
                                  np.ascontiguousarray(vertex.T).reshape(-1),
                                  np.arange(0, n * (d + 1) + 1, d + 1)), shape=(n, math.prod(shape)))
        self._splat = self._slice.T  # a CSC view: the product needs no transposed copy
        # grid kernel, per axis: σ_K² = 1 − s²/3 (σ units, floor 0.1), scaled so
        # that s · Σ kernel = √(2π), the mass of the exact kernel
        sigma_k = _sigma_k(s)
        radius = _radius(s)
        x = np.arange(-radius, radius + 1) * s
        kernel = np.exp(-x * x / (2.0 * sigma_k ** 2))
        kernel *= math.sqrt(2.0 * math.pi) / (s * kernel.sum())
        self._kernel = kernel.astype(np.float32)
        # own contribution of a pixel: Σ_{m,m'} w_m w_m' K(v_m − v_m'), where
        # vertices m, m' of one simplex differ by 1 cell along |m − m'| axes
        peak, q = kernel[radius], kernel[radius + 1] / kernel[radius]
        # = Σ_m w_m (2 a_m − w_m) with a_m = Σ_{m' ≤ m} q^(m−m') w_m'
        total = np.zeros(n, np.float32)
        acc = np.zeros(n, np.float32)
        for w_m in weights:
            acc *= np.float32(q)
            acc += w_m
            total += w_m * (2.0 * acc - w_m)
        self._self = total * np.float32(peak ** d)

    def filter(self, values, self_term=False):
        """≈ Σ_j exp(−|f_i − f_j|²/2) v_j for k × N float32 ``values`` → k × N,
        the j = i term excluded unless ``self_term``."""
        from scipy.ndimage import correlate1d

        out = np.empty(np.shape(values), np.float32)
        for c, column in enumerate(values):
            grid = (self._splat @ column).astype(np.float32).reshape(self.shape)
            for axis in range(self.d):
                grid = correlate1d(grid, self._kernel, axis=axis, mode="constant", cval=0.0)
            out[c] = self._slice @ grid.reshape(-1)
            if not self_term:
                out[c] -= self._self * column
        return out


def _sigma_k(spacing):
    return math.sqrt(max(1.0 - spacing * spacing / 3.0, 0.1))


def _radius(spacing):
    return max(1, int(math.ceil(3.0 * _sigma_k(spacing) / spacing)))


def _principal_colours(features, sample=65536):
    """Rotate the colour columns (2:) onto their principal axes (covariance
    from at most ``sample`` rows). Distances, hence the kernel, are
    unchanged by any rotation; the grid's bounding box shrinks a lot for
    real images, whose bands are strongly correlated."""
    if features.shape[1] <= 3:
        return features
    colours = features[::max(1, len(features) // sample), 2:].astype(np.float64)
    centred = colours - colours.mean(0)
    _, vectors = np.linalg.eigh(centred.T @ centred)
    out = features.copy()
    out[:, 2:] = features[:, 2:] @ vectors.astype(np.float32)
    return out
