"""U-Net (Ronneberger et al. 2015): 4-level encoder–decoder with skip
concatenation.

Input N×B×H×W float32, normalised per band; output logits
N×num_classes×H×W at the input size (zero-padded to a multiple of 16
inside, cropped back). Class index = channel. Widths base·(1, 2, 4, 8, 16);
base 32 (default) keeps it trainable on a CPU, 64 is the original.
Same-padded convs with BatchNorm (the original used valid convs, no BN).
"""
import torch
from torch import nn

from .layers import ConvBNReLU, init_weights, pad_to_multiple, resize_to


def _double_conv(in_ch, out_ch):
    return nn.Sequential(ConvBNReLU(in_ch, out_ch, 3), ConvBNReLU(out_ch, out_ch, 3))


class UNet(nn.Module):
    """U-Net with ``depth`` poolings (4) and first-level width ``base_width``."""

    def __init__(self, in_channels=3, num_classes=8, base_width=32, depth=4):
        super().__init__()
        widths = [base_width * 2 ** i for i in range(depth + 1)]
        self.multiple = 2 ** depth
        self.inc = _double_conv(in_channels, widths[0])
        self.down = nn.ModuleList(_double_conv(widths[i], widths[i + 1]) for i in range(depth))
        self.pool = nn.MaxPool2d(2)
        self.up = nn.ModuleList(nn.ConvTranspose2d(widths[i + 1], widths[i], 2, stride=2)
                                for i in reversed(range(depth)))
        self.dec = nn.ModuleList(_double_conv(2 * widths[i], widths[i]) for i in reversed(range(depth)))
        self.classifier = nn.Conv2d(widths[0], num_classes, 1)
        init_weights(self)

    def forward(self, x):
        x, (h, w) = pad_to_multiple(x, self.multiple)
        skips = [self.inc(x)]
        for down in self.down:
            skips.append(down(self.pool(skips[-1])))
        y = skips.pop()
        for up, dec in zip(self.up, self.dec):
            y = dec(torch.cat([skips.pop(), up(y)], dim=1))
        return self.classifier(y)[..., :h, :w]


class EncoderUNet(nn.Module):
    """U-Net decoder on a pretrained-capable encoder (``backbones.py``):
    the encoder's stride-32 features upsampled ×2 four times, each time
    concatenated with the encoder's features of that stride (16, 8, 4, 2)
    and refined by two 3×3 convolutions, then ×2 to the input size.

    ``encoder``: "efficientnet_lite0" (default; ImageNet weights shipped)
    or another of ``backbones.BACKBONES`` with taps s2 … out;
    ``decoder_widths``: channels of the four decoder stages."""

    def __init__(self, in_channels=3, num_classes=8, encoder="efficientnet_lite0",
                 decoder_widths=(128, 64, 48, 32)):
        super().__init__()
        from .backbones import build_backbone

        self.encoder = build_backbone(encoder, in_channels, 32)
        taps = ("s16", "s8", "low", "s2")
        if not all(t in self.encoder.channels for t in taps):
            raise ValueError("encoder %r has no stride-2 features for a U-Net decoder" % (encoder,))
        self.multiple = 32
        ch = self.encoder.channels["out"]
        self.taps = taps
        self.dec = nn.ModuleList()
        for tap, width in zip(taps, decoder_widths):
            self.dec.append(_double_conv(ch + self.encoder.channels[tap], width))
            ch = width
        self.classifier = nn.Conv2d(ch, num_classes, 1)
        init_weights(self.dec)
        init_weights(self.classifier)

    def forward(self, x):
        x, (h, w) = pad_to_multiple(x, self.multiple)
        feats = self.encoder(x)
        y = feats["out"]
        for tap, dec in zip(self.taps, self.dec):
            skip = feats[tap]
            y = dec(torch.cat([skip, resize_to(y, skip.shape[-2:])], dim=1))
        return resize_to(self.classifier(y), x.shape[-2:])[..., :h, :w]
