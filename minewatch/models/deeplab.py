"""DeepLabV3+ (Chen et al. 2018) with the paper's optional SENetV2 and CoT
blocks: DL, SE-DL, COT-DL and SE-COT-DL are this one class with two
switches.

Input N×B×H×W float32, bands normalised per band; output logits
N×num_classes×H×W at the input size (any H, W). Class index = channel.

Layout (paper fig. 8 as read in methods §1):
encoder backbone (output stride 16) → ASPP (1×1, 3×3 at rates 6/12/18,
image pooling) → 1×1 projection to 256 → [CoT] ; low-level features →
1×1 to 48 → [SENetV2] ; concat(low, 4× upsampled ASPP) → two 3×3 convs of
256 → 1×1 classifier → upsample to the input size.
"""
import torch
from torch import nn

from .backbones import build_backbone
from .layers import ConvBNReLU, init_weights, resize_to
from .layers_cot import CoTBlock
from .layers_senet import SENetV2Block


class ASPP(nn.Module):
    """Atrous spatial pyramid pooling: parallel 1×1, three atrous 3×3 and an
    image-level branch, concatenated and projected to ``out_ch``."""

    def __init__(self, in_ch, out_ch=256, rates=(6, 12, 18), dropout=0.1):
        super().__init__()
        self.branches = nn.ModuleList([ConvBNReLU(in_ch, out_ch, 1)] +
                                      [ConvBNReLU(in_ch, out_ch, 3, dilation=r) for r in rates])
        # bias instead of BN on the pooled 1×1 map: BN there cannot train with batch 1
        self.image_pool = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(in_ch, out_ch, 1),
                                        nn.ReLU(inplace=True))
        self.project = nn.Sequential(ConvBNReLU((len(rates) + 2) * out_ch, out_ch, 1), nn.Dropout(dropout))

    def forward(self, x):
        outs = [branch(x) for branch in self.branches]
        # expand, not interpolate: the pooled map is 1×1, so this is exact and free
        outs.append(self.image_pool(x).expand(-1, -1, x.shape[2], x.shape[3]))
        return self.project(torch.cat(outs, dim=1))


class DeepLabV3Plus(nn.Module):
    """DeepLabV3+ for ``in_channels`` bands and ``num_classes`` classes.

    ``backbone``: "mobilenetv2" (default, CPU-friendly), "resnet50" or
    "efficientnet_lite0" (…lite1, lite2; ImageNet weights for Lite0);
    ``output_stride``: 16 (default) or 8 (ASPP rates doubled);
    ``use_se``: SENetV2 after the 48-ch low-level projection;
    ``use_cot``: CoT after the ASPP 1×1 projection;
    ``se_reduction``: SENetV2 branch reduction r on the 48 channels;
    ``aspp_channels``/``decoder_channels``: widths of the ASPP (and CoT)
    and of the two 3×3 decoder convolutions — 256 in the paper; 128 halves
    the compute (the decoder at 1/4 resolution dominates it) for CPU use."""

    def __init__(self, in_channels=3, num_classes=8, backbone="mobilenetv2", output_stride=16,
                 use_se=False, use_cot=False, se_reduction=8, cot_kernel=3, aspp_channels=256,
                 decoder_channels=256):
        super().__init__()
        if output_stride not in (8, 16):
            raise ValueError("DeepLabV3+ output_stride must be 8 or 16, got %r" % (output_stride,))
        self.backbone = build_backbone(backbone, in_channels, output_stride)
        rates = (6, 12, 18) if output_stride == 16 else (12, 24, 36)
        self.aspp = ASPP(self.backbone.channels["out"], aspp_channels, rates)
        self.context = CoTBlock(aspp_channels, cot_kernel) if use_cot else nn.Identity()
        self.low_project = ConvBNReLU(self.backbone.channels["low"], 48, 1)
        self.low_attention = SENetV2Block(48, se_reduction) if use_se else nn.Identity()
        self.decoder = nn.Sequential(ConvBNReLU(48 + aspp_channels, decoder_channels, 3),
                                     ConvBNReLU(decoder_channels, decoder_channels, 3))
        self.classifier = nn.Conv2d(decoder_channels, num_classes, 1)
        init_weights(self.aspp)
        init_weights(self.context)
        init_weights(self.low_project)
        init_weights(self.low_attention)
        init_weights(self.decoder)

    def forward(self, x):
        size = x.shape[-2:]
        feats = self.backbone(x)
        high = self.context(self.aspp(feats["out"]))
        low = self.low_attention(self.low_project(feats["low"]))
        y = self.decoder(torch.cat([low, resize_to(high, low.shape[-2:])], dim=1))
        return resize_to(self.classifier(y), size)
