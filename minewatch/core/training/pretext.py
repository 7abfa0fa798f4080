"""Self-supervised pretraining on the user's unlabelled imagery: restoring
hidden blocks (masked-block inpainting) before the supervised epochs.

The network to train — the same architecture with one output per band
instead of one per class — sees each patch with a share
:data:`MASK_SHARE` of its :data:`BLOCK`-px squares set to 0 (the band mean,
after normalisation) and learns to give back the normalised band values
there: mean squared error over the hidden valid pixels only, so it has to
infer them from their surroundings (a roof from its walls and shadow, a
road from where it goes). Everything but the output head is then carried
into the segmentation model, which starts its supervised epochs from
there. Where the segmentation model came from (random weights, the shipped
model, a model to fine-tune) is where the pretraining starts too.

Patches: the sample folder's train images (their labels unused), and, when
unlabelled rasters are given, random windows of them (half of each batch),
normalised as the model will see them: with the folder's band statistics,
or with each raster's own (``scene_scaling``). Each patch is turned and
flipped at random, and given another look when varied looks are on.

Time: the pretraining runs ``minutes`` of wall clock and its learning rate
decays with the time spent (poly of elapsed / budget), so it ends on a
complete schedule whatever the machine's speed.
"""
import time
from dataclasses import dataclass

import numpy as np

from ..common.errors import Cancelled, MineWatchInputError, translatable
from ..common.messages import Message, tell
from ..inference.normalisation import BandNormaliser
from .batches import POLY_POWER, WEIGHT_DECAY, augment, channels_last, normalised
from .photometric import jitter_looks

# side of a hidden square, px: the stride of the DeepLab family's deepest
# features, so a hidden square is at least one cell of them
BLOCK = 16
# share of the squares hidden in each patch
MASK_SHARE = 0.5


@dataclass
class PretextResult:
    """What a pretraining did: ``steps`` batches in ``seconds``; the mean
    loss (normalised units²) of its first and last tenth of batches;
    ``windows`` drawn from the unlabelled rasters."""

    steps: int
    seconds: float
    first_loss: float
    last_loss: float
    windows: int


def head_keys(architecture, arch_kwargs, in_channels):
    """The state-dict keys whose shape depends on the number of outputs
    (the class head), found by building the architecture for 2 and 3."""
    from ...models.registry import build_model

    two = build_model(architecture, in_channels, 2, **arch_kwargs).state_dict()
    three = build_model(architecture, in_channels, 3, **arch_kwargs).state_dict()
    return {k for k in two if k not in three or two[k].shape != three[k].shape}


def copy_body(source, target, heads):
    """Copy every tensor of module ``source`` into module ``target`` but the
    ``heads`` keys (running statistics of batch norms included)."""
    state = target.state_dict()
    for key, value in source.state_dict().items():
        if key not in heads and key in state and state[key].shape == value.shape:
            state[key] = value.detach().clone()
    target.load_state_dict(state)


class UnlabelledWindows:
    """Random ``patch``-px windows of unlabelled rasters, normalised like
    the model's input (folder statistics ``normaliser``, or each raster's
    own with ``scene_scaling``); invalid pixels flagged."""

    def __init__(self, paths, n_bands, patch, normaliser, scene_scaling):
        from ..inference.scene_scaling import scene_statistics
        from ..raster.raster_io import open_raster, rasterio_env

        self.paths, self.patch, self.sources = list(paths), int(patch), []
        with rasterio_env():
            for path in self.paths:
                with open_raster(path) as ds:
                    if ds.count != n_bands:
                        raise MineWatchInputError(translatable(
                            "The unlabelled image {path} has {found} band(s); the training samples "
                            "have {expected}. Give images of the same sensor, with the bands in "
                            "the samples' order."), path=str(path), found=ds.count, expected=n_bands)
                    if ds.height < patch or ds.width < patch:
                        raise MineWatchInputError(translatable(
                            "The unlabelled image {path} ({width} × {height} px) is smaller than "
                            "one training patch ({patch} px). Give larger images."),
                            path=str(path), width=ds.width, height=ds.height, patch=patch)
                    nodata = list(ds.nodatavals)
                    shape = (ds.height, ds.width)
                if scene_scaling:
                    stats = scene_statistics(path, range(1, n_bands + 1))
                    if not stats.n_valid:
                        raise MineWatchInputError(translatable(
                            "The unlabelled image {path} has no valid pixel."), path=str(path))
                    own = BandNormaliser(stats.mean, stats.std)
                else:
                    own = normaliser
                self.sources.append((path, shape, nodata, own))

    def draw(self, k, rng):
        """``k`` windows: float32 (k, C, P, P) normalised, bool (k, P, P) valid."""
        from rasterio.windows import Window

        from ..raster.raster_io import open_raster, rasterio_env, valid_mask

        p = self.patch
        out, valid = [], []
        picks = rng.integers(0, len(self.sources), size=k)
        with rasterio_env():
            for s in np.unique(picks):
                path, (height, width), nodata, own = self.sources[s]
                with open_raster(path) as ds:
                    for _ in range(int((picks == s).sum())):
                        row, col = rng.integers(0, height - p + 1), rng.integers(0, width - p + 1)
                        raw = ds.read(window=Window(int(col), int(row), p, p))
                        ok = valid_mask(raw, nodata)
                        out.append(own(raw, ok))
                        valid.append(ok)
        return np.stack(out), np.stack(valid)


def hidden_blocks(k, patch, rng, block=BLOCK, share=MASK_SHARE):
    """bool (k, P, P): True on the hidden squares (a ``share`` of the
    ``block``-px squares of each patch, at least one)."""
    cells = -(-patch // block)
    hidden = rng.random((k, cells, cells)) < share
    flat = hidden.reshape(k, -1)
    none = ~flat.any(axis=1)
    flat[none, rng.integers(0, cells * cells, size=int(none.sum()))] = True
    full = np.repeat(np.repeat(hidden, block, axis=1), block, axis=2)
    return full[:, :patch, :patch]


def pretext_batches(samples, normaliser, windows, batch_size, rng, looks):
    """Endless (inputs with hidden squares at 0, targets, loss mask) float32
    batches: train patches of ``samples`` and, with ``windows``, half of
    each batch from the unlabelled rasters."""
    n_train = samples.count("train")
    from_rasters = batch_size // 2 if windows is not None else 0
    while True:
        raw, _ = samples.load("train", np.sort(rng.integers(0, n_train, size=batch_size - from_rasters)))
        valid = np.isfinite(raw).all(axis=1)
        images = normalised(raw, normaliser)
        if from_rasters:
            extra, extra_valid = windows.draw(from_rasters, rng)
            images, valid = np.concatenate([images, extra]), np.concatenate([valid, extra_valid])
        images, valid = augment(images, valid, rng)  # labels or masks alike
        if looks:
            images = jitter_looks(images, rng)
        hidden = hidden_blocks(len(images), images.shape[-1], rng)
        inputs = np.where(hidden[:, None], np.float32(0.0), images).astype(np.float32)
        yield inputs, np.ascontiguousarray(images), (hidden & valid).astype(np.float32)


def pretrain(model, architecture, arch_kwargs, samples, normaliser, minutes, *, images=(),
             scene_scaling=False, batch_size=8, learning_rate=1e-3, looks=False, seed=0,
             device="cpu", precision="fp32", max_steps=0, feedback=None):
    """Pretrain ``model`` (a segmentation model of ``architecture`` for the
    samples' bands) in place by restoring hidden squares for ``minutes``;
    a :class:`PretextResult`. ``images``: unlabelled rasters of the
    samples' band count. ``max_steps`` (0 = none) ends it sooner, after
    that many batches; the schedule then decays over whichever of the two
    ends first. Raises :class:`Cancelled` when the user stops."""
    import torch

    from ...models.registry import build_model
    from ..common.device import autocast

    budget = float(minutes) * 60.0
    n_bands = samples.in_channels
    windows = (UnlabelledWindows(images, n_bands, samples.patch_size, normaliser, scene_scaling)
               if images else None)
    heads = head_keys(architecture, arch_kwargs, n_bands)
    restorer = build_model(architecture, n_bands, n_bands, **arch_kwargs)
    copy_body(model, restorer, heads)
    restorer = restorer.to(device, memory_format=torch.channels_last).train()
    optimiser = torch.optim.AdamW(restorer.parameters(), lr=float(learning_rate),
                                  weight_decay=WEIGHT_DECAY)
    rng = np.random.default_rng([int(seed), 7])
    batches = pretext_batches(samples, normaliser, windows, int(batch_size), rng, looks)
    start, losses = time.monotonic(), []
    while True:
        done = (time.monotonic() - start) / budget
        if max_steps:
            done = max(done, len(losses) / int(max_steps))
        if done >= 1.0:
            break
        for group in optimiser.param_groups:
            group["lr"] = float(learning_rate) * (1.0 - done) ** POLY_POWER
        inputs, targets, hidden = next(batches)
        with autocast(precision, device):
            out = restorer(channels_last(inputs, device))
            if isinstance(out, dict):
                out = out["out"]
        hidden_t = torch.from_numpy(hidden).to(device)[:, None]
        error = (out.float() - torch.from_numpy(targets).to(device)) ** 2 * hidden_t
        loss = error.sum() / (hidden_t.sum() * n_bands).clamp(min=1.0)
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        losses.append(float(loss.detach()))
        if feedback is not None:
            feedback.setProgress(100.0 * min(1.0, max(done, (time.monotonic() - start) / budget)))
            if feedback.isCanceled():
                raise Cancelled("cancelled by the user")
    copy_body(restorer.cpu(), model, heads)
    tenth = max(1, len(losses) // 10)
    result = PretextResult(
        steps=len(losses), seconds=time.monotonic() - start,
        first_loss=float(np.mean(losses[:tenth])) if losses else float("nan"),
        last_loss=float(np.mean(losses[-tenth:])) if losses else float("nan"),
        windows=(windows is not None) * (int(batch_size) // 2) * len(losses))
    tell(feedback, Message(translatable(
        "Self-supervised pretraining: {steps} batches in {minutes:.1f} min; the restoring "
        "error of hidden squares fell from {first:.3f} to {last:.3f} (normalised units²)."),
        steps=result.steps, minutes=result.seconds / 60.0, first=result.first_loss,
        last=result.last_loss))
    return result


__all__ = ["BLOCK", "MASK_SHARE", "PretextResult", "UnlabelledWindows", "copy_body", "head_keys",
           "hidden_blocks", "pretext_batches", "pretrain"]
