"""Per-band normalisation of raw image values for a model.

x_norm = (x − mean) / std per model input band, mean and std in the raw
units of the image (DN, reflectance …) as stored with the model. Pixels
that are not valid (nodata, masked, non-finite) become 0, i.e. the band
mean, so the model sees a neutral value rather than a dark one.
"""
import numpy as np

from ..common.errors import MineWatchInputError, translatable


class BandNormaliser:
    """(raw − mean) / std for B bands; ``mean``/``std`` sequences of B."""

    def __init__(self, mean, std):
        mean = np.asarray(mean, np.float64).ravel()
        std = np.asarray(std, np.float64).ravel()
        if mean.size == 0 or mean.size != std.size:
            raise MineWatchInputError(translatable(
                "The model's normalisation is inconsistent: {n_mean} band mean(s) "
                "but {n_std} standard deviation(s); it needs one of each per model "
                "input band. Check the model's metadata."),
                n_mean=mean.size, n_std=std.size)
        if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(std)) and np.all(std > 0)):
            raise MineWatchInputError(translatable(
                "The model's normalisation needs finite band means and positive "
                "standard deviations; got mean {mean} and std {std}. Check the "
                "model's metadata."), mean=mean.tolist(), std=std.tolist())
        self.n_bands = mean.size
        self.mean = mean.astype(np.float32)[:, None, None]
        self.scale = (1.0 / std).astype(np.float32)[:, None, None]

    def __call__(self, raw, valid=None, out=None):
        """Normalise ``raw`` (B × h × w, any real dtype) into float32 ``out``
        (allocated when None); 0 where ``valid`` (h × w bool) is False."""
        if out is None:
            out = np.empty(raw.shape, np.float32)
        with np.errstate(invalid="ignore", over="ignore"):
            # casting to float32 first keeps int32/float64 input from
            # promoting the arithmetic to float64
            np.subtract(raw, self.mean, out=out, casting="unsafe")
            out *= self.scale
        if valid is not None and not valid.all():
            np.copyto(out, 0.0, where=~valid[None])
        return out
