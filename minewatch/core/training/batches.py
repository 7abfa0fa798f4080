"""The pieces of a training step that the supervised trainer
(:mod:`.trainer`) and the self-supervised task (:mod:`.pretext`) share:
batches of sample patches (loaded, labels cleaned, normalised, turned and
flipped, given other looks), tensors in channels-last layout, the
optimiser's constants and parameter groups, and the confusion matrix of a
model over a split. Neither imports the other; both import this."""
import os

import numpy as np

from ..common.constants import IGNORE_LABEL
from ..common.errors import Cancelled
from ..common.progress import as_feedback
from ..evaluation.metrics import accumulate_confusion
from .photometric import jitter_looks

# the poly learning-rate schedule's power and AdamW's weight decay
POLY_POWER = 0.9
WEIGHT_DECAY = 1e-4
# batches read ahead of the network
PREFETCH_DEPTH = 2


def encoder_of(model):
    """The network's encoder module (``backbone`` of DeepLabV3+/FCN/PSPNet,
    ``encoder`` of U-Net/SegNet), or None."""
    for name in ("backbone", "encoder"):
        module = getattr(model, name, None)
        if module is not None:
            return module
    return None


def parameter_groups(model, learning_rate: float, encoder_scale: float = 1.0) -> list:
    """Optimiser parameter groups: the encoder's parameters at
    ``learning_rate * encoder_scale``, the rest at ``learning_rate``."""
    encoder = encoder_of(model) if encoder_scale != 1.0 else None
    if encoder is None:
        return [{"params": list(model.parameters()), "lr": learning_rate}]
    encoder_ids = {id(p) for p in encoder.parameters()}
    return [{"params": [p for p in model.parameters() if id(p) in encoder_ids],
             "lr": learning_rate * encoder_scale},
            {"params": [p for p in model.parameters() if id(p) not in encoder_ids],
             "lr": learning_rate}]


def normalised(images, normaliser):
    """float32 (k, C, P, P) (raw − mean) / std with non-finite values → 0."""
    out = normaliser(images)
    np.nan_to_num(out, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
    return out


def channels_last(images, device):
    """A float32 N×C×H×W numpy batch as a channels-last tensor on ``device``."""
    import torch

    return torch.from_numpy(images).to(device).contiguous(memory_format=torch.channels_last)


def clean_labels(labels, n_classes, ignore_value=IGNORE_LABEL):
    """int64 labels with any value outside 0 … n−1 set to the ignore value."""
    labels = np.asarray(labels, np.int64)
    labels[(labels < 0) | (labels >= n_classes)] = ignore_value
    return labels


def load_patches(samples, split, indices):
    """Patches ``indices`` (any order, repeats allowed) of ``split``."""
    unique, inverse = np.unique(np.asarray(indices, np.int64), return_inverse=True)
    images, labels = samples.load(split, unique)
    return images[inverse], labels[inverse]


def augment(images, labels, rng):
    """Each patch turned by a random one of the 8 square symmetries
    (rot90 × flip), images (k, C, P, P) and labels (k, P, P) alike."""
    for i, t in enumerate(rng.integers(0, 8, size=len(images))):
        img, lab = np.rot90(images[i], t % 4, axes=(1, 2)), np.rot90(labels[i], t % 4)
        if t >= 4:
            img, lab = img[:, :, ::-1], lab[:, ::-1]
        images[i], labels[i] = img, lab
    return images, labels


def train_batches(samples, order, batch_size, normaliser, n_classes, ignore_value, *, rng=None,
                  looks_rng=None):
    """Yield (images float32, labels int64) batches of train patches ``order``;
    turned and flipped with ``rng`` when given, given other looks
    (:func:`.photometric.jitter_looks`) with ``looks_rng`` when given."""
    for first in range(0, len(order), batch_size):
        images, labels = load_patches(samples, "train", order[first:first + batch_size])
        labels = clean_labels(labels, n_classes, ignore_value)
        images = normalised(images, normaliser)
        if rng is not None:
            images, labels = augment(images, labels, rng)
        if looks_rng is not None:
            images = jitter_looks(images, looks_rng)
        yield np.ascontiguousarray(images), np.ascontiguousarray(labels)


def split_batches(samples, split, batch_size, normaliser, n_classes, ignore_value):
    """Yield (images, labels) of all patches of ``split`` in order."""
    n = samples.count(split)
    for first in range(0, n, batch_size):
        images, labels = samples.load(split, np.arange(first, min(n, first + batch_size)))
        yield normalised(images, normaliser), clean_labels(labels, n_classes, ignore_value)


def confusion_on_split(model, samples, split, device, batch_size, normaliser, *, feedback=None,
                       progress=None, precision="fp32"):
    """Confusion matrix (rows = reference) of ``model`` over ``split``;
    ``progress(done, total)`` is called per batch; raises Cancelled."""
    import torch

    from ..common.device import autocast
    from ..common.prefetch import prefetched

    n_classes, ignore = samples.num_classes, samples.ignore_value
    feedback = as_feedback(feedback)
    cm = np.zeros((n_classes, n_classes), np.int64)
    total = samples.count(split)
    done = 0
    model.eval()
    batches = prefetched(lambda: split_batches(samples, split, batch_size, normaliser, n_classes, ignore),
                         PREFETCH_DEPTH)
    try:
        with torch.inference_mode():
            for images, labels in batches:
                with autocast(precision, device):
                    logits = model(channels_last(images, device))
                if isinstance(logits, dict):
                    logits = logits["out"]
                prediction = logits.argmax(dim=1).cpu().numpy()
                accumulate_confusion(cm, labels, prediction, ignore_value=ignore)
                done += len(images)
                if progress is not None:
                    progress(done, total)
                if feedback.isCanceled():
                    raise Cancelled("cancelled during validation")
    finally:
        batches.close()
    return cm


def label_shards(samples, split, feedback=None):
    """Yield the label shards of ``split`` in patch order, memory-mapped
    (labels only: scanning them is cheap next to loading the images)."""
    feedback = as_feedback(feedback)
    for path in samples.manifest["splits"].get(split, {}).get("labels", []):
        yield np.load(os.path.join(samples.folder, path), mmap_mode="r")
        if feedback.isCanceled():
            raise Cancelled("cancelled while reading the labels")
