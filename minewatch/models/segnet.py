"""SegNet (Badrinarayanan et al. 2017): encoder–decoder whose decoder
unpools with the encoder's max-pooling indices.

Input N×B×H×W float32, normalised per band; output logits
N×num_classes×H×W at the input size (2 classes by default: 0 other,
1 building). Class index = channel.

``depth="vgg16"``: the paper's 13-conv VGG16 encoder (widths 64-128-256-
512-512) mirrored in the decoder, ≈ 29 M parameters. ``depth="light"``
(default, CPU): 4 stages of 2 convs, widths 32-64-128-256, ≈ 2.4 M.
Custom: ``widths`` and ``convs`` lists of the same length.
"""
from torch import nn

from .layers import ConvBNReLU, init_weights

PRESETS = {
    "vgg16": ((64, 128, 256, 512, 512), (2, 2, 3, 3, 3)),
    "light": ((32, 64, 128, 256), (2, 2, 2, 2)),
}


class SegNet(nn.Module):
    """SegNet with one max-pool (indices kept) per encoder stage and one
    max-unpool with those indices per decoder stage."""

    def __init__(self, in_channels=3, num_classes=2, depth="light", widths=None, convs=None):
        super().__init__()
        if widths is None and convs is None:
            if depth not in PRESETS:
                raise ValueError("SegNet depth must be one of %s, got %r" % (", ".join(PRESETS), depth))
            widths, convs = PRESETS[depth]
        elif widths is None or convs is None or len(widths) != len(convs):
            raise ValueError("SegNet needs both widths and convs, of the same length")
        widths, convs = list(widths), list(convs)
        self.encoder = nn.ModuleList()
        ch = in_channels
        for width, n in zip(widths, convs):
            self.encoder.append(nn.Sequential(*[ConvBNReLU(ch if i == 0 else width, width) for i in range(n)]))
            ch = width
        self.pool = nn.MaxPool2d(2, 2, return_indices=True)
        self.unpool = nn.MaxUnpool2d(2, 2)
        self.decoder = nn.ModuleList()
        for s in reversed(range(len(widths))):
            width, n = widths[s], convs[s]
            out = widths[s - 1] if s > 0 else widths[0]
            layers = [ConvBNReLU(width, width) for _ in range(n - 1)]
            if s > 0:
                layers.append(ConvBNReLU(width, out))
            self.decoder.append(nn.Sequential(*layers))
        # SegNet ends with a plain conv into class scores (softmax is in the loss)
        self.classifier = nn.Conv2d(widths[0], num_classes, 3, padding=1)
        init_weights(self)

    def forward(self, x):
        pooled = []
        for stage in self.encoder:
            x = stage(x)
            size = x.shape[-2:]
            x, indices = self.pool(x)
            pooled.append((indices, size))
        for stage in self.decoder:
            indices, size = pooled.pop()
            # output_size restores odd sizes that floor pooling shrank
            x = stage(self.unpool(x, indices, output_size=size))
        return self.classifier(x)
