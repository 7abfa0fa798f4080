"""Architectures by name, and building a model from a name plus JSON-able
keyword arguments (no torch at import: the networks load on first build).

Every model takes N×B×H×W float32 bands normalised per band and returns
logits N×num_classes×H×W at the input size; class index = channel.
A built model carries ``minewatch_arch`` (name, kwargs, in_channels,
num_classes) so a checkpoint can rebuild it.
"""
import importlib
import inspect
import json
from dataclasses import dataclass, field
from typing import Any, Dict

from ..core.common.messages import translatable

# what training builds by default: the paper's SE-COT modules on the
# ImageNet-pretrained EfficientNet-Lite0 encoder. On real labels (the Dubai
# aerial set) it beat the paper's MobileNetV2 network from random or
# synthetic-trained weights at equal CPU minutes (bench/bench_training.py)
DEFAULT_ARCHITECTURE = "se_cot_deeplabv3plus_lite0"


@dataclass(frozen=True)
class Architecture:
    """A registered architecture: ``factory`` is "module:Class" in this
    package; ``fixed`` are the constructor switches its name implies."""

    name: str
    description: str
    factory: str
    fixed: dict = field(default_factory=dict)
    label: str = ""  # what dialogs show; the name when empty
    # the options training builds it with when the user gives none
    # (:func:`training_arch_kwargs`); the constructor's own defaults are the
    # paper's and stay what a checkpoint without options is rebuilt with
    training_defaults: dict = field(default_factory=dict)

    def constructor(self):
        module, attr = self.factory.split(":")
        return getattr(importlib.import_module("." + module, __package__), attr)


_DL = "deeplab:DeepLabV3Plus"
# the DeepLab family's width for training without options: ASPP and decoder
# 128 channels instead of the paper's 256. At equal minutes on 2 CPU cores it
# scored as well (within the spread between seeds) and ran about 1.5× as many
# epochs (bench/bench_training_defaults.py); it is also the shipped model's
# width, so training with or without the shipped start builds one network.
# {"aspp_channels": 256, "decoder_channels": 256} selects the paper's width.
TRAINING_DEEPLAB_WIDTH = {"aspp_channels": 128, "decoder_channels": 128}
_ARCHS = (
    Architecture("se_cot_deeplabv3plus",
                 translatable("SENetV2-COT-DeepLabV3+ (paper's model, SE-COT-DL): DeepLabV3+ with CoT after the ASPP "
                 "and SENetV2 on the low-level path; MobileNetV2 (default) or ResNet-50 backbone"),
                 _DL, {"use_se": True, "use_cot": True}, training_defaults=TRAINING_DEEPLAB_WIDTH,
                 label=translatable("SENetV2-COT-DeepLabV3+ (paper)")),
    Architecture("se_deeplabv3plus", translatable("SE-DL ablation: DeepLabV3+ with SENetV2 on the low-level path only"),
                 _DL, {"use_se": True, "use_cot": False}, training_defaults=TRAINING_DEEPLAB_WIDTH,
                 label=translatable("SE-DeepLabV3+ (ablation)")),
    Architecture("cot_deeplabv3plus", translatable("COT-DL ablation: DeepLabV3+ with CoT after the ASPP only"),
                 _DL, {"use_se": False, "use_cot": True}, training_defaults=TRAINING_DEEPLAB_WIDTH,
                 label=translatable("COT-DeepLabV3+ (ablation)")),
    Architecture("deeplabv3plus", translatable("DL: plain DeepLabV3+ (ASPP + 48-ch low-level decoder), output stride 16"),
                 _DL, {"use_se": False, "use_cot": False}, training_defaults=TRAINING_DEEPLAB_WIDTH,
                 label=translatable("DeepLabV3+")),
    Architecture("fcn", translatable("FCN-8s: skip fusion of stride-32/16/8 class scores on a MobileNetV2 encoder"),
                 "fcn:FCN8s",
                 label=translatable("FCN-8s")),
    Architecture("unet", translatable("U-Net: 4-level encoder-decoder with skip concatenation, base width 32"),
                 "unet:UNet",
                 label=translatable("U-Net")),
    Architecture("pspnet", translatable("PSPNet: pyramid pooling (1/2/3/6 bins) on a dilated MobileNetV2, output stride 8"),
                 "pspnet:PSPNet",
                 label=translatable("PSPNet")),
    Architecture("segnet", translatable("SegNet: encoder-decoder unpooling with max-pool indices; light (default) "
                 "or depth='vgg16'; for building extraction (2 classes)"),
                 "segnet:SegNet",
                 label=translatable("SegNet (buildings)")),
    # appended: the ARCHITECTURE enum of the algorithms indexes this order
    Architecture("se_cot_deeplabv3plus_lite0",
                 translatable("SENetV2-COT-DeepLabV3+ on an ImageNet-pretrained EfficientNet-Lite0 "
                 "encoder (the paper's modules on a real-image encoder)"),
                 _DL, {"use_se": True, "use_cot": True, "backbone": "efficientnet_lite0"},
                 training_defaults=TRAINING_DEEPLAB_WIDTH,
                 label=translatable("SENetV2-COT-DeepLabV3+, EfficientNet-Lite0 (ImageNet)")),
    Architecture("deeplabv3plus_lite0",
                 translatable("DeepLabV3+ on an ImageNet-pretrained EfficientNet-Lite0 encoder"),
                 _DL, {"use_se": False, "use_cot": False, "backbone": "efficientnet_lite0"},
                 training_defaults=TRAINING_DEEPLAB_WIDTH,
                 label=translatable("DeepLabV3+, EfficientNet-Lite0 (ImageNet)")),
    Architecture("unet_lite0",
                 translatable("U-Net decoder on an ImageNet-pretrained EfficientNet-Lite0 encoder"),
                 "unet:EncoderUNet", {"encoder": "efficientnet_lite0"},
                 label=translatable("U-Net, EfficientNet-Lite0 (ImageNet)")),
)
ARCHITECTURES = {a.name: a for a in _ARCHS}


def list_architectures() -> Dict[str, str]:
    """{name: one-line description}, the paper's model first."""
    return {a.name: a.description for a in _ARCHS}


def training_arch_kwargs(name, given=None):
    """The options training builds architecture ``name`` with: its
    :attr:`Architecture.training_defaults`, each replaced by the same
    option in ``given`` (a new dict; only ``given`` for an unknown name)."""
    arch = ARCHITECTURES.get(name)
    return {**(arch.training_defaults if arch else {}), **dict(given or {})}


def architecture_labels() -> Dict[str, str]:
    """{name: the label dialogs show (English; translate it)}, in the order
    of :func:`list_architectures`."""
    return {a.name: a.label or a.name for a in _ARCHS}


# bounds of architecture options: channel widths, kernel sizes, reductions
# and strides are small non-negative numbers; anything else is a damaged or
# hostile model file, refused before torch allocates it
MAX_ARCH_NUMBER = 4096
MAX_ARCH_LIST = 64


def arch_kwargs_problem(value, where="arch_kwargs"):
    """Why architecture options are out of bounds, or '' when they are fine:
    every number must be finite, ≥ 0 and ≤ :data:`MAX_ARCH_NUMBER`, every
    list at most :data:`MAX_ARCH_LIST` long."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return ""
    if isinstance(value, (int, float)):
        if not (value == value and 0 <= value <= MAX_ARCH_NUMBER):
            return f"{where} = {value!r} is outside 0 … {MAX_ARCH_NUMBER}"
        return ""
    if isinstance(value, (list, tuple)):
        if len(value) > MAX_ARCH_LIST:
            return f"{where} has {len(value)} entries (at most {MAX_ARCH_LIST})"
        return next((p for p in (arch_kwargs_problem(v, f"{where}[{i}]")
                                 for i, v in enumerate(value)) if p), "")
    if isinstance(value, dict):
        return next((p for p in (arch_kwargs_problem(v, f"{where}.{k}")
                                 for k, v in value.items()) if p), "")
    return f"{where} has a value of type {type(value).__name__}"


def normalise_arch_kwargs(arch_kwargs):
    """``arch_kwargs`` after a JSON round trip (tuples become lists), so the
    model built now equals the one rebuilt from a checkpoint; ValueError if
    they are not JSON-serialisable."""
    try:
        kwargs = json.loads(json.dumps(dict(arch_kwargs), allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise ValueError("architecture arguments must be JSON-serialisable (numbers, strings, "
                         "lists, dicts): %s" % exc) from None
    problem = arch_kwargs_problem(kwargs)
    if problem:
        raise ValueError("architecture arguments out of bounds: %s" % problem)
    return kwargs


def build_model(name: str, in_channels: int, num_classes: int, **arch_kwargs: Any) -> Any:
    """A freshly initialised ``torch.nn.Module`` of architecture ``name`` for
    ``in_channels`` bands and ``num_classes`` classes, in training mode.

    ``arch_kwargs`` are the constructor's own options (e.g. backbone="resnet50"
    for the DeepLab family, base_width=64 for unet, depth="vgg16" for segnet)."""
    arch = ARCHITECTURES.get(name)
    if arch is None:
        raise ValueError("unknown architecture %r; choose one of: %s" % (name, ", ".join(ARCHITECTURES)))
    for label, value in (("in_channels", in_channels), ("num_classes", num_classes)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError("%s must be a positive integer, got %r" % (label, value))
    kwargs = normalise_arch_kwargs(arch_kwargs)
    clash = sorted(set(kwargs) & set(arch.fixed))
    if clash:
        raise ValueError("%s fixes %s; pick the variant by its name instead (%s)"
                         % (name, ", ".join(clash), ", ".join(n for n, a in ARCHITECTURES.items()
                                                              if a.factory == arch.factory)))
    constructor = arch.constructor()
    accepted = [p for p in inspect.signature(constructor).parameters
                if p not in ("self", "in_channels", "num_classes") and p not in arch.fixed]
    unknown = sorted(set(kwargs) - set(accepted))
    if unknown:
        raise ValueError("%s does not take %s; its options are: %s"
                         % (name, ", ".join(unknown), ", ".join(accepted)))
    model = constructor(in_channels=in_channels, num_classes=num_classes, **arch.fixed, **kwargs)
    model.minewatch_arch = {"architecture": name, "arch_kwargs": kwargs,
                            "in_channels": in_channels, "num_classes": num_classes}
    return model
