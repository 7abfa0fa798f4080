"""PSPNet (Zhao et al. 2017): pyramid pooling over a dilated backbone.

Input N×B×H×W float32, normalised per band; output logits
N×num_classes×H×W at the input size. Class index = channel.

Backbone at output stride 8 (default, as the original) or 16 → average
pooling to 1×1, 2×2, 3×3, 6×6 bins, each 1×1-reduced to C/4, upsampled
and concatenated with the features → 3×3 conv → dropout → 1×1 classifier
→ bilinear upsampling. The training-time auxiliary head is left out.
"""
import torch
from torch import nn

from .backbones import build_backbone
from .layers import ConvBNReLU, init_weights, resize_to


class PyramidPooling(nn.Module):
    """Pyramid pooling module; output has in_ch + len(bins)·in_ch/4 channels."""

    def __init__(self, in_ch, bins=(1, 2, 3, 6)):
        super().__init__()
        reduced = in_ch // len(bins)
        # bias instead of BN: the 1×1 bin cannot be batch-normalised at batch 1
        self.stages = nn.ModuleList(
            nn.Sequential(nn.AdaptiveAvgPool2d(b), nn.Conv2d(in_ch, reduced, 1), nn.ReLU(inplace=True))
            for b in bins)
        self.out_channels = in_ch + len(bins) * reduced

    def forward(self, x):
        size = x.shape[-2:]
        return torch.cat([x] + [resize_to(stage(x), size) for stage in self.stages], dim=1)


class PSPNet(nn.Module):
    """PSPNet; ``head_channels`` is the width of the 3×3 conv after pooling
    (256 here for CPU, 512 in the original)."""

    def __init__(self, in_channels=3, num_classes=8, backbone="mobilenetv2", output_stride=8,
                 bins=(1, 2, 3, 6), head_channels=256, dropout=0.1):
        super().__init__()
        if output_stride not in (8, 16):
            raise ValueError("PSPNet output_stride must be 8 or 16, got %r" % (output_stride,))
        self.backbone = build_backbone(backbone, in_channels, output_stride)
        self.ppm = PyramidPooling(self.backbone.channels["out"], tuple(bins))
        self.head = nn.Sequential(ConvBNReLU(self.ppm.out_channels, head_channels, 3), nn.Dropout(dropout),
                                  nn.Conv2d(head_channels, num_classes, 1))
        init_weights(self.ppm)
        init_weights(self.head)

    def forward(self, x):
        size = x.shape[-2:]
        return resize_to(self.head(self.ppm(self.backbone(x)["out"])), size)
