"""Fine-tuning across bands and classes: a model trained on other bands or
another class table initialises a model for the samples at hand.

Every weight whose shape is the same in both models is copied. The first
layer's weights (the only ones with one input channel per band) are
matched **by band name** — blue, green, red, nir, pan and their usual
aliases; a band the old model had no weights for gets, for a panchromatic
band, the sum of the old visible bands' weights (a grey image fed to every
visible input gives exactly that response), else their mean. The class
head (one output per class) is new, except the rows of classes whose names
both tables share. Everything else that does not fit stays freshly
initialised, and the :class:`TransferReport` says what happened.

Names are compared case-insensitively after the aliases; torch tensors in,
torch tensors out (the caller builds both models).
"""
from dataclasses import dataclass, field

from ..common.messages import translatable
from ..raster.band_names import band_key

VISIBLE = ("blue", "green", "red")
# where a new band's first-layer weights come from when the old model lacks it
SUM_OF_VISIBLE = translatable("sum of visible")
MEAN_OF_BANDS = translatable("mean")
BAND_RULES = (SUM_OF_VISIBLE, MEAN_OF_BANDS)


@dataclass
class TransferReport:
    """What :func:`transfer_state` did: ``bands`` maps each new band to the
    old band it took its weights from (or "sum of visible", "mean"),
    ``classes_kept`` the class names whose head rows were copied,
    ``copied``/``input_layers``/``heads``/``new`` count tensors."""

    bands: dict = field(default_factory=dict)
    classes_kept: list = field(default_factory=list)
    copied: int = 0
    input_layers: int = 0
    heads: int = 0
    new: int = 0


def band_sources(old_bands, new_bands):
    """Per new band: the index of the old band with its name, or the rule
    for one the old model lacks ("sum of visible" for pan, "mean")."""
    old = [band_key(b) for b in old_bands]
    sources = []
    for name in new_bands:
        key = band_key(name)
        if key in old:
            sources.append(old.index(key))
        elif key == "pan" and any(v in old for v in VISIBLE):
            sources.append(SUM_OF_VISIBLE)
        else:
            sources.append(MEAN_OF_BANDS)
    return sources


def _input_weights(old, new, sources, old_bands):
    """New first-layer weights (out, len(new bands), …) from ``old``."""
    import torch

    out = new.clone()
    visible = [i for i, b in enumerate(old_bands) if band_key(b) in VISIBLE]
    for j, source in enumerate(sources):
        if source == SUM_OF_VISIBLE:
            out[:, j] = old[:, visible].sum(dim=1)
        elif source == MEAN_OF_BANDS:
            out[:, j] = old.mean(dim=1)
        else:
            out[:, j] = old[:, source]
    return out.to(torch.float32) if new.dtype == torch.float32 else out


def input_layer(old_state, new_state, n_old_bands, n_new_bands):
    """The key of the layer that reads the bands: the first convolution
    (weights of 3+ dimensions, in the models' own order) with one input
    channel per band in both models; None when there is none."""
    for key, old in old_state.items():
        if old.dim() >= 3:
            new = new_state.get(key)
            fits = (new is not None and old.shape[1] == n_old_bands
                    and new.shape[1] == n_new_bands and old.shape[0] == new.shape[0]
                    and old.shape[2:] == new.shape[2:])
            return key if fits else None
    return None


def transfer_state(old_state, new_state, old_bands, new_bands, old_classes, new_classes):
    """The state dict for the new model (a copy of ``new_state`` with the
    transferable weights of ``old_state``) and a :class:`TransferReport`."""
    report = TransferReport()
    sources = band_sources(old_bands, new_bands)
    report.bands = {new: (old_bands[s] if isinstance(s, int) else s)
                    for new, s in zip(new_bands, sources)}
    shared = [c for c in new_classes if c in old_classes]
    first = input_layer(old_state, new_state, len(old_bands), len(new_bands))
    state = {}
    for key, new in new_state.items():
        old = old_state.get(key)
        if key == first:
            # by band name, also when only the order of the bands differs
            state[key] = _input_weights(old, new, sources, old_bands)
            report.input_layers += 1
        elif old is None or old.dim() != new.dim():
            state[key] = new
            report.new += 1
        elif old.shape == new.shape:
            state[key] = old.clone()
            report.copied += 1
        elif (old.shape[0] == len(old_classes) and new.shape[0] == len(new_classes)
              and old.shape[1:] == new.shape[1:]):
            head = new.clone()
            for name in shared:
                head[new_classes.index(name)] = old[old_classes.index(name)]
            state[key] = head
            report.heads += 1
        else:
            state[key] = new
            report.new += 1
    report.classes_kept = shared
    return state, report


__all__ = ["BAND_RULES", "MEAN_OF_BANDS", "SUM_OF_VISIBLE", "TransferReport", "band_key", "band_sources", "input_layer",
           "transfer_state"]
