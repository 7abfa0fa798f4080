"""Encoders for the segmentation heads: MobileNetV2, ResNet-50 and
EfficientNet-Lite0/1/2 (``efficientnet_lite.py``, ImageNet weights for
Lite0 in ``pretrained.py``), for any number of input bands and an output
stride of 8, 16 or 32.

``forward(x)`` returns a dict of feature maps by stride: ``"low"`` (stride
4), ``"s8"``, ``"s16"`` and ``"out"`` (the last stage, at the output
stride); ``channels`` gives their channel counts. Strides beyond the
output stride are replaced by dilation (atrous convolution), so the
receptive field grows while the resolution stays.
"""
from torch import nn

from .layers import ConvBNReLU, StrideDilator, init_weights

BACKBONES = ("mobilenetv2", "resnet50", "efficientnet_lite0", "efficientnet_lite1",
             "efficientnet_lite2")


def _make_divisible(value, divisor=8):
    """Round a channel count to a multiple of 8 (never down by more than 10 %)."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


class InvertedResidual(nn.Module):
    """MobileNetV2 block: 1×1 expand → 3×3 depthwise → 1×1 linear projection,
    with an identity shortcut when shape is unchanged."""

    def __init__(self, in_ch, out_ch, stride, expand, dilation=1):
        super().__init__()
        hidden = int(round(in_ch * expand))
        layers = [] if expand == 1 else [ConvBNReLU(in_ch, hidden, 1, relu6=True)]
        layers += [ConvBNReLU(hidden, hidden, 3, stride, dilation, groups=hidden, relu6=True),
                   nn.Conv2d(hidden, out_ch, 1, bias=False), nn.BatchNorm2d(out_ch)]
        self.block = nn.Sequential(*layers)
        self.residual = stride == 1 and in_ch == out_ch

    def forward(self, x):
        return x + self.block(x) if self.residual else self.block(x)


class MobileNetV2(nn.Module):
    """MobileNetV2 features (Sandler et al. 2018) without the final 1×1-1280
    conv and classifier; taps at stride 4 (24 ch), 8 (32), 16 (96), and
    the 320-ch last stage."""

    # (expansion t, channels c, repeats n, stride s), per the paper's table 2
    SETTINGS = ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1))
    # index of the stage after which each tap is taken
    TAPS = {1: "low", 2: "s8", 4: "s16", 6: "out"}

    def __init__(self, in_channels=3, output_stride=16, width_mult=1.0):
        super().__init__()
        dil = StrideDilator(output_stride, stride=2)
        first = _make_divisible(32 * width_mult)
        self.stem = ConvBNReLU(in_channels, first, 3, stride=2, relu6=True)
        self.stages = nn.ModuleList()
        self.channels = {}
        ch = first
        for i, (t, c, n, s) in enumerate(self.SETTINGS):
            out_ch = _make_divisible(c * width_mult)
            stride, d_first, d_rest = dil.step(s)
            blocks = [InvertedResidual(ch, out_ch, stride, t, d_first)]
            blocks += [InvertedResidual(out_ch, out_ch, 1, t, d_rest) for _ in range(n - 1)]
            self.stages.append(nn.Sequential(*blocks))
            ch = out_ch
            if i in self.TAPS:
                self.channels[self.TAPS[i]] = ch
        init_weights(self)

    def forward(self, x):
        feats = {}
        x = self.stem(x)
        for i, stage in enumerate(self.stages):
            x = stage(x)
            if i in self.TAPS:
                feats[self.TAPS[i]] = x
        return feats


class Bottleneck(nn.Module):
    """ResNet bottleneck (1×1 → 3×3 → 1×1, ×4 expansion), stride on the 3×3."""

    expansion = 4

    def __init__(self, in_ch, width, stride=1, dilation=1):
        super().__init__()
        out_ch = width * self.expansion
        self.body = nn.Sequential(
            ConvBNReLU(in_ch, width, 1),
            ConvBNReLU(width, width, 3, stride, dilation),
            nn.Conv2d(width, out_ch, 1, bias=False), nn.BatchNorm2d(out_ch))
        self.shortcut = None
        if stride != 1 or in_ch != out_ch:
            self.shortcut = nn.Sequential(nn.Conv2d(in_ch, out_ch, 1, stride, bias=False),
                                          nn.BatchNorm2d(out_ch))
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        identity = x if self.shortcut is None else self.shortcut(x)
        return self.relu(self.body(x) + identity)


class ResNet50(nn.Module):
    """ResNet-50 (He et al. 2016) features: layer1 (stride 4, 256 ch) as
    ``low``, layer2 (512), layer3 (1024), layer4 (2048) as ``out``."""

    LAYERS = ((64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2))
    TAPS = ("low", "s8", "s16", "out")

    def __init__(self, in_channels=3, output_stride=16):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(in_channels, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True),
            nn.MaxPool2d(3, 2, 1))
        dil = StrideDilator(output_stride, stride=4)
        self.layers = nn.ModuleList()
        self.channels = {}
        ch = 64
        for tap, (width, n, s) in zip(self.TAPS, self.LAYERS):
            stride, d_first, d_rest = dil.step(s)
            blocks = [Bottleneck(ch, width, stride, d_first)]
            ch = width * Bottleneck.expansion
            blocks += [Bottleneck(ch, width, 1, d_rest) for _ in range(n - 1)]
            self.layers.append(nn.Sequential(*blocks))
            self.channels[tap] = ch
        init_weights(self)
        # zero each block's last BN so it starts as an identity: stabler from scratch
        for m in self.modules():
            if isinstance(m, Bottleneck):
                nn.init.zeros_(m.body[-1].weight)

    def forward(self, x):
        x = self.stem(x)
        feats = {}
        for tap, layer in zip(self.TAPS, self.layers):
            x = layer(x)
            feats[tap] = x
        return feats


def build_backbone(name, in_channels, output_stride):
    """The encoder called ``name`` (one of ``BACKBONES``)."""
    if name == "mobilenetv2":
        return MobileNetV2(in_channels, output_stride)
    if name == "resnet50":
        return ResNet50(in_channels, output_stride)
    if name.startswith("efficientnet_lite"):
        from .efficientnet_lite import VARIANTS, EfficientNetLite

        if name in VARIANTS:
            return EfficientNetLite(in_channels, output_stride, name)
    raise ValueError("unknown backbone %r; choose one of %s" % (name, ", ".join(BACKBONES)))
