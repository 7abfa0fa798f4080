"""EfficientNet-Lite (Tan & Le 2019, the "Lite" variants for mobile CPUs:
no squeeze-excitation, ReLU6, fixed stem and head) as an encoder of the
segmentation heads, for any number of input bands.

``forward(x)`` returns feature maps by stride, as the other encoders do
(``backbones.py``): ``"s2"`` (16 ch), ``"low"`` (stride 4, 24 ch), ``"s8"``
(40), ``"s16"`` (112) and ``"out"`` (320, at the output stride: the
stride-32 stage turns into dilation for output stride 16 or 8).

The module names follow the layout of the official checkpoints' PyTorch
conversion (``_blocks.N._expand_conv`` → ``blocks.N.expand_conv``, see
:func:`official_key`), so ImageNet weights load by name
(``pretrained.py``). Padding is symmetric (PyTorch's), where TensorFlow
pads stride-2 convolutions one pixel more at the bottom and right: the
features differ slightly from the original's at odd borders, which
fine-tuning absorbs. Batch norm ε is TensorFlow's 1e-3.
"""
import math
from typing import Optional

from torch import nn

from .layers import StrideDilator

BN_EPS = 1e-3
# (expansion, kernel, stride, input channels, output channels, repeats) of
# EfficientNet-B0; the Lite variants keep it without squeeze-excitation
B0_BLOCKS = ((1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2),
             (6, 3, 2, 40, 80, 3), (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4),
             (6, 3, 1, 192, 320, 1))
# variant → (width multiplier, depth multiplier); stem (32) and the first
# and last stages' repeats are not scaled in the Lite family
VARIANTS = {"efficientnet_lite0": (1.0, 1.0), "efficientnet_lite1": (1.0, 1.1),
            "efficientnet_lite2": (1.1, 1.2)}
# stage index after which each tap is taken
TAPS = {0: "s2", 1: "low", 2: "s8", 4: "s16", 6: "out"}


def _round_filters(channels, width):
    if width == 1.0:
        return channels
    scaled = channels * width
    rounded = max(8, int(scaled + 4) // 8 * 8)
    return rounded + 8 if rounded < 0.9 * scaled else rounded


class MBConv(nn.Module):
    """Mobile inverted bottleneck: 1×1 expand (unless ×1) → k×k depthwise →
    1×1 linear projection; identity shortcut when the shape is kept."""

    def __init__(self, in_ch, out_ch, kernel, stride, expand, dilation=1):
        super().__init__()
        hidden = in_ch * expand
        self.expand = expand != 1
        if self.expand:
            self.expand_conv = nn.Conv2d(in_ch, hidden, 1, bias=False)
            self.bn0 = nn.BatchNorm2d(hidden, eps=BN_EPS)
        padding = dilation * (kernel - 1) // 2
        self.depthwise_conv = nn.Conv2d(hidden, hidden, kernel, stride, padding, dilation,
                                        groups=hidden, bias=False)
        self.bn1 = nn.BatchNorm2d(hidden, eps=BN_EPS)
        self.project_conv = nn.Conv2d(hidden, out_ch, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_ch, eps=BN_EPS)
        self.act = nn.ReLU6(inplace=True)
        self.residual = stride == 1 and in_ch == out_ch

    def forward(self, x):
        y = self.act(self.bn0(self.expand_conv(x))) if self.expand else x
        y = self.act(self.bn1(self.depthwise_conv(y)))
        y = self.bn2(self.project_conv(y))
        return x + y if self.residual else y


class EfficientNetLite(nn.Module):
    """EfficientNet-Lite0/1/2 features for ``in_channels`` bands."""

    def __init__(self, in_channels=3, output_stride=16, variant="efficientnet_lite0"):
        super().__init__()
        if variant not in VARIANTS:
            raise ValueError("unknown EfficientNet-Lite variant %r; choose one of %s"
                             % (variant, ", ".join(VARIANTS)))
        self.variant = variant
        width, depth = VARIANTS[variant]
        dil = StrideDilator(output_stride, stride=2)
        self.stem = nn.Conv2d(in_channels, 32, 3, 2, 1, bias=False)
        self.stem_bn = nn.BatchNorm2d(32, eps=BN_EPS)
        self.act = nn.ReLU6(inplace=True)
        self.blocks = nn.ModuleList()
        self.stage_ends, self.channels = [], {}
        last = len(B0_BLOCKS) - 1
        in_ch = 32
        for i, (expand, kernel, stride, _, out, repeats) in enumerate(B0_BLOCKS):
            out_ch = _round_filters(out, width)
            n = repeats if i in (0, last) else int(math.ceil(depth * repeats))
            stride, d_first, d_rest = dil.step(stride)
            for r in range(n):
                self.blocks.append(MBConv(in_ch, out_ch, kernel, stride if r == 0 else 1, expand,
                                          d_first if r == 0 else d_rest))
                in_ch = out_ch
            self.stage_ends.append(len(self.blocks) - 1)
            if i in TAPS:
                self.channels[TAPS[i]] = out_ch
        self._taps = {self.stage_ends[i]: name for i, name in TAPS.items()}
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.act(self.stem_bn(self.stem(x)))
        feats = {}
        for index, block in enumerate(self.blocks):
            x = block(x)
            if index in self._taps:
                feats[self._taps[index]] = x
        return feats


def official_key(key: str) -> Optional[str]:
    """The encoder's parameter name for a key of the official checkpoints'
    PyTorch conversion, or None for the classifier head (not used)."""
    if key.startswith(("_conv_head.", "_bn1.", "_fc.")):
        return None
    key = key.replace("_conv_stem.", "stem.").replace("_bn0.", "stem_bn.", 1) \
        if key.startswith(("_conv_stem.", "_bn0.")) else key
    if key.startswith("_blocks."):
        parts = key.split(".")
        parts[0] = "blocks"
        parts[2] = parts[2].lstrip("_")
        key = ".".join(parts)
    return key
