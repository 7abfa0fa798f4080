"""Dense CRF inside the tiled inference: wrap a ``predict`` callable so that
each tile's probabilities are refined by :func:`.dense_crf.dense_crf`
before the engine blends the tiles.

Tiles carry their overlap margins, so the CRF of a tile sees context
beyond the part of it that is kept, and the engine's taper blends the
refined tiles exactly as it blends raw predictions: no seams, memory
unchanged. The CRF's colour term needs bands on a 0–255 scale; the
engine hands ``predict`` NORMALISED values ((raw − mean)/std), so up to 3
of them are mapped back with a fixed linear stretch per scene (between the
scene's 2 and 98 % percentiles, :mod:`..inference.scene_scaling`), the same for every
tile. Nodata pixels (the batch's valid mask) send no messages.
"""
import numpy as np
from scipy.ndimage import binary_opening

from .dense_crf import CrfParams, dense_crf

MAX_COLOUR_BANDS = 3


def colour_channels(bands, max_bands=MAX_COLOUR_BANDS):
    """Model inputs (0-based) whose bands guide the CRF: the first input of
    each distinct image band (a band repeated for a 3-band model counts
    once, so its colour distance is not scaled by √3), at most
    ``max_bands``."""
    seen, channels = set(), []
    for i, band in enumerate(bands):
        if band not in seen:
            seen.add(band)
            channels.append(i)
    return channels[:max_bands]


def normalised_stretch(low, high, mean, std):
    """The raw 0–255 stretch limits ``low``/``high`` of some bands in the
    model's normalised units ((raw − mean)/std), as float32 arrays; an empty
    range (constant band) becomes a unit-wide one."""
    mean, std = np.asarray(mean, np.float64), np.asarray(std, np.float64)
    lo = (np.asarray(low, np.float64) - mean) / std
    hi = (np.asarray(high, np.float64) - mean) / std
    hi = np.where(hi > lo, hi, lo + 1.0)
    return lo.astype(np.float32), hi.astype(np.float32)


class _CancelOnly:
    """Passes cancel requests to the CRF, but not its per-tile progress."""

    def __init__(self, feedback):
        self.feedback = feedback

    def setProgress(self, percent):  # noqa: N802 - QGIS naming
        pass

    def isCanceled(self):  # noqa: N802 - QGIS naming
        return self.feedback is not None and self.feedback.isCanceled()


def stretch_colours(x, channels, lo, hi):
    """C × T × T float32 colours on 0–255 from a normalised tile (B × T × T)."""
    out = x[channels].astype(np.float32, copy=True)
    out -= lo[:, None, None]
    out *= (255.0 / (hi - lo))[:, None, None]
    return np.clip(out, 0.0, 255.0, out=out)


def crf_predictor(predict, params=None, channels=(0,), lo=(0.0,), hi=(1.0,), feedback=None):
    """``predict(x, valid)`` for :class:`..inference.engine.TiledInference`:
    ``predict(x)``'s N × K × T × T probabilities, each tile refined by the
    dense CRF (``params`` a :class:`.dense_crf.CrfParams`) guided by the
    model inputs ``channels`` stretched from [``lo``, ``hi``] (normalised
    units, see :func:`normalised_stretch`) to 0–255. ``feedback``: cancel
    is checked between CRF iterations (raises :class:`..common.errors.Cancelled`)."""
    params = CrfParams() if params is None else params
    channels = list(channels)
    lo = np.asarray(lo, np.float32)
    hi = np.asarray(hi, np.float32)
    cancel = _CancelOnly(feedback)

    def refined(x, valid):
        probs = predict(x)
        out = np.empty(np.shape(probs), np.float32)
        for i in range(len(out)):
            colours = stretch_colours(x[i], channels, lo, hi)
            out[i] = dense_crf(probs[i], colours, params, valid=valid[i], feedback=cancel)
            # what the network called a class other than 0 and what the CRF kept
            # (tiles overlap, so the counts are for the ratio, not for areas)
            net_mask = (np.argmax(probs[i], axis=0) > 0) & valid[i]
            crf_mask = (np.argmax(out[i], axis=0) > 0) & valid[i]
            network, crf = int(net_mask.sum()), int(crf_mask.sum())
            # the network's confident buildings (regions of 3 × 3 or more: an
            # isolated confident pixel is speckle the CRF should remove), and
            # how many of their pixels the CRF kept
            confident = binary_opening((1.0 - probs[i][0] >= CRF_CONFIDENT) & valid[i],
                                       structure=np.ones((3, 3), bool))
            refined.tiles += 1
            if crf_failed(network, crf, int(confident.sum()), int((confident & crf_mask).sum())):
                out[i] = probs[i]  # the network's own mask for this tile
                refined.fallback_tiles += 1
                crf = network
            refined.kept_pixels[0] += network
            refined.kept_pixels[1] += crf
        return out

    refined.takes_valid = True
    refined.kept_pixels = [0, 0]  # [network, after the CRF], in-process runs only
    refined.tiles = refined.fallback_tiles = 0
    return refined


# a tile's CRF result is not kept when it erased most of the buildings the
# network was confident of (P(building) ≥ CRF_CONFIDENT: removing unsure
# speckle is what the CRF is for) or spread the network's buildings over
# more than twice as many pixels. Seen on real tiles: the default CRF kept
# 0.1–3 % of the buildings on the SpaceNet pan tile, and marked 75 % of a
# 1.2 m scene where 27 % is building. The network's mask is kept for that
# tile instead. Thresholds chosen a priori, not tuned on real tiles.
CRF_CONFIDENT = 0.7
CRF_FALLBACK_KEPT = 0.5
CRF_FALLBACK_GROWTH = 2.0
CRF_FALLBACK_MIN_PX = 64  # fewer pixels: too few to judge


def crf_failed(network_px, crf_px, confident_px, confident_kept_px):
    """Whether a tile's CRF result is no refinement: it kept under
    :data:`CRF_FALLBACK_KEPT` of the network's ``confident_px`` building
    pixels, or made over :data:`CRF_FALLBACK_GROWTH` times ``network_px``
    building pixels (pixel counts of the tile)."""
    erased = (confident_px >= CRF_FALLBACK_MIN_PX
              and confident_kept_px < CRF_FALLBACK_KEPT * confident_px)
    spread = network_px >= CRF_FALLBACK_MIN_PX and crf_px > CRF_FALLBACK_GROWTH * network_px
    return erased or spread


class CrfWrap:
    """A picklable recipe of :func:`crf_predictor` minus the model: called
    with a ``predict``, returns it wrapped in the dense CRF (what a Dask
    worker does with its own copy of the model)."""

    def __init__(self, params, channels, lo, hi):
        self.params, self.channels, self.lo, self.hi = params, channels, lo, hi

    def __call__(self, predict):
        return crf_predictor(predict, self.params, self.channels, self.lo, self.hi)


__all__ = ["CRF_FALLBACK_GROWTH", "CRF_FALLBACK_KEPT", "CrfWrap", "colour_channels", "crf_failed",
           "crf_predictor", "normalised_stretch", "stretch_colours"]
