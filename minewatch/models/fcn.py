"""FCN-8s (Long et al. 2015) on a MobileNetV2 (or ResNet-50) encoder.

Input N×B×H×W float32, normalised per band; output logits
N×num_classes×H×W at the input size. Class index = channel.

Class scores from the stride-32 features are upsampled 2× by a learned
transposed conv (bilinear init), added to scores from the stride-16
features, upsampled 2× again, added to scores from the stride-8 features,
then bilinearly upsampled 8× to the input size. The input is zero-padded
to a multiple of 32 so the skip maps line up, and the output cropped back.
"""
import torch
from torch import nn

from .backbones import build_backbone
from .layers import ConvBNReLU, init_weights, pad_to_multiple, resize_to


def _bilinear_upsampler(channels):
    """2× transposed conv, per channel, initialised to bilinear upsampling
    (FCN's choice: training starts from plain interpolation)."""
    up = nn.ConvTranspose2d(channels, channels, 4, stride=2, padding=1, groups=channels, bias=False)
    factor = torch.tensor([0.25, 0.75, 0.75, 0.25])
    with torch.no_grad():
        up.weight.copy_((factor[:, None] * factor[None, :]).expand(channels, 1, 4, 4))
    return up


class FCN8s(nn.Module):
    """FCN-8s; ``head_channels`` is the width of the fc6/fc7-like head."""

    def __init__(self, in_channels=3, num_classes=8, backbone="mobilenetv2", head_channels=256, dropout=0.1):
        super().__init__()
        self.backbone = build_backbone(backbone, in_channels, output_stride=32)
        ch = self.backbone.channels
        # fc6/fc7 of the VGG original, as convolutions on the last stage
        self.head = nn.Sequential(ConvBNReLU(ch["out"], head_channels, 3), nn.Dropout(dropout),
                                  ConvBNReLU(head_channels, head_channels, 1), nn.Dropout(dropout))
        self.score_out = nn.Conv2d(head_channels, num_classes, 1)
        self.score_s16 = nn.Conv2d(ch["s16"], num_classes, 1)
        self.score_s8 = nn.Conv2d(ch["s8"], num_classes, 1)
        init_weights(self.head)
        for score in (self.score_out, self.score_s16, self.score_s8):
            nn.init.normal_(score.weight, 0.0, 0.01)
            nn.init.zeros_(score.bias)
        self.up_out = _bilinear_upsampler(num_classes)
        self.up_s16 = _bilinear_upsampler(num_classes)

    def forward(self, x):
        x, size = pad_to_multiple(x, 32)
        feats = self.backbone(x)
        y = self.up_out(self.score_out(self.head(feats["out"]))) + self.score_s16(feats["s16"])
        y = self.up_s16(y) + self.score_s8(feats["s8"])
        y = resize_to(y, x.shape[-2:])
        return y[..., :size[0], :size[1]]
