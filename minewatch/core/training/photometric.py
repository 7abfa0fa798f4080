"""Photometric augmentation of normalised training patches: each patch seen
as if by another sensor, season or atmosphere, so a model trained on one
image's look holds on images with another (issue 14: style shift, real
imagery after synthetic pretraining).

Works on a batch already normalised to (raw − mean) / std, (k, C, P, P)
float32, in place of nothing (a new array is returned). Per patch, in this
order, each step drawn independently:

* contrast and brightness: x · a + b, with a log-uniform in
  [1/:data:`MAX_CONTRAST`, :data:`MAX_CONTRAST`] and b ~ N(0, :data:`BRIGHTNESS_SD`);
* band balance: each band once more × g + o, g log-uniform in
  [1/:data:`MAX_BAND_GAIN`, :data:`MAX_BAND_GAIN`], o ~ N(0, :data:`BAND_OFFSET_SD`)
  (another sensor's spectral response, haze in the short wavelengths);
* blur (p = :data:`BLUR_P`): Gaussian, σ uniform in :data:`BLUR_SIGMA_PX` px
  (a coarser or less sharp sensor);
* noise (p = :data:`NOISE_P`): Gaussian, σ uniform in :data:`NOISE_SD` (in
  units of the band's standard deviation);
* grey (p = :data:`GREY_P`, three-band patches only): every band replaced by
  the bands' mean, as a panchromatic image repeated into three bands looks
  (how Extract Buildings feeds a pan scene to an RGB model).

Labels are untouched: nothing moves. The draws come from the ``rng`` given,
so a seeded run is reproducible.
"""
import numpy as np

MAX_CONTRAST = 1.35
BRIGHTNESS_SD = 0.25
MAX_BAND_GAIN = 1.15
BAND_OFFSET_SD = 0.12
BLUR_P = 0.3
BLUR_SIGMA_PX = (0.4, 1.3)
NOISE_P = 0.3
NOISE_SD = (0.02, 0.12)
GREY_P = 0.15


def _log_uniform(rng, limit, size=None):
    return np.exp(rng.uniform(-np.log(limit), np.log(limit), size=size))


def jitter_looks(images, rng):
    """A copy of the normalised batch ``images`` (k, C, P, P) with every
    patch given a random look (see the module docstring); float32."""
    from scipy.ndimage import gaussian_filter

    out = np.array(images, dtype=np.float32, copy=True)
    k, c = out.shape[:2]
    for i in range(k):
        patch = out[i]
        patch *= _log_uniform(rng, MAX_CONTRAST)
        patch += rng.normal(0.0, BRIGHTNESS_SD)
        patch *= _log_uniform(rng, MAX_BAND_GAIN, size=(c, 1, 1)).astype(np.float32)
        patch += rng.normal(0.0, BAND_OFFSET_SD, size=(c, 1, 1)).astype(np.float32)
        if rng.random() < BLUR_P:
            sigma = rng.uniform(*BLUR_SIGMA_PX)
            patch[:] = gaussian_filter(patch, sigma=(0.0, sigma, sigma), mode="reflect")
        if rng.random() < NOISE_P:
            patch += rng.normal(0.0, rng.uniform(*NOISE_SD), size=patch.shape).astype(np.float32)
        if c == 3 and rng.random() < GREY_P:
            patch[:] = patch.mean(axis=0, keepdims=True)
    return out
