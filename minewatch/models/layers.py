"""Small building blocks shared by the networks (conv-BN-ReLU, resizing,
padding, weight initialisation). Tensors are NCHW."""
import torch.nn.functional as F
from torch import nn


class ConvBNReLU(nn.Sequential):
    """k×k conv (no bias: BN follows) → BatchNorm → ReLU (or ReLU6).

    Padding keeps the size at stride 1 for any dilation."""

    def __init__(self, in_ch, out_ch, kernel_size=3, stride=1, dilation=1, groups=1, relu6=False):
        padding = dilation * (kernel_size - 1) // 2
        super().__init__(
            nn.Conv2d(in_ch, out_ch, kernel_size, stride, padding, dilation, groups, bias=False),
            nn.BatchNorm2d(out_ch),
            nn.ReLU6(inplace=True) if relu6 else nn.ReLU(inplace=True),
        )


def resize_to(x, size):
    """Bilinear resize of x to ``size`` (h, w); a no-op when already there."""
    if tuple(x.shape[-2:]) == tuple(size):
        return x
    return F.interpolate(x, size=tuple(size), mode="bilinear", align_corners=False)


def pad_to_multiple(x, multiple):
    """Zero-pad x at the bottom/right so H and W are multiples of ``multiple``.

    Returns the padded tensor and the original (h, w) to crop back to.
    Zero is the band mean after normalisation, the same neutral value the
    engine gives nodata, so padding does not look like a dark border."""
    h, w = x.shape[-2:]
    ph, pw = (-h) % multiple, (-w) % multiple
    if ph or pw:
        x = F.pad(x, (0, pw, 0, ph))
    return x, (h, w)


def init_weights(module):
    """He initialisation for convs (fan-out, ReLU nets), unit BN/GN, small
    linear layers, so every network trains from scratch the same way."""
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, 0.0, 0.01)
            if m.bias is not None:
                nn.init.zeros_(m.bias)


class StrideDilator:
    """Tracks stride and dilation while stages are built: once the output
    stride is reached, a stage's stride becomes dilation instead. The first
    block of such a stage keeps the previous dilation (as in DeepLab), the
    later ones use the doubled one."""

    def __init__(self, output_stride, stride=1):
        if output_stride not in (8, 16, 32):
            raise ValueError("output_stride must be 8, 16 or 32, got %r" % (output_stride,))
        self.output_stride = output_stride
        self.stride = stride
        self.dilation = 1

    def step(self, stride):
        """(stride, first-block dilation, later-block dilation) for a stage."""
        if stride > 1 and self.stride * stride > self.output_stride:
            first = self.dilation
            self.dilation *= stride
            return 1, first, self.dilation
        self.stride *= stride
        return stride, self.dilation, self.dilation
