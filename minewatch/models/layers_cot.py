"""Contextual Transformer (CoT) layer, after CoTNet (Li et al. 2021).

Input and output N×C×H×W, same C and size. Reading followed (methods §1):

* static context   K1 = ReLU(BN(k×k conv, groups 4))(X)            (keys K = X)
* attention        A  = GN(1×1(ReLU(BN(1×1(cat[X, K1]))))), 2C → C/2 → k²·C/share,
                   i.e. k² weights per position for each group of ``share`` channels
* values           V  = BN(1×1 conv)(X)
* dynamic context  K2 = act(BN(Σ_window A · V)), a *local* k×k aggregation
                   (``F.unfold``), not a softmax over all H·W positions
* output           SK-style fusion: per-channel softmax over the two branches,
                   weights from the global average of K1 + K2.

As in CoTNet, two per-sample statistics are global: the GroupNorm of A and
the fusion's average pool. Apart from them an output pixel depends only on
the input in its own k×k window (K1, A and the values all come from it).
"""
import torch
import torch.nn.functional as F
from torch import nn

from .layers import ConvBNReLU


class CoTBlock(nn.Module):
    """CoT layer on ``channels`` channels with a ``kernel_size`` window
    (odd); ``share`` channels share one set of k² attention weights."""

    def __init__(self, channels, kernel_size=3, key_groups=4, share=8, attn_factor=2, fuse_reduction=4):
        super().__init__()
        if kernel_size % 2 != 1:
            raise ValueError("CoT kernel_size must be odd, got %r" % (kernel_size,))
        if channels % share or channels % key_groups:
            raise ValueError("CoT channels (%d) must be divisible by share (%d) and key_groups (%d)"
                             % (channels, share, key_groups))
        self.kernel_size = kernel_size
        self.heads = channels // share
        n_weights = kernel_size * kernel_size * self.heads
        self.key_embed = ConvBNReLU(channels, channels, kernel_size, groups=key_groups)
        self.attn_embed = nn.Sequential(
            nn.Conv2d(2 * channels, channels // attn_factor, 1, bias=False),
            nn.BatchNorm2d(channels // attn_factor),
            nn.ReLU(inplace=True),
            nn.Conv2d(channels // attn_factor, n_weights, 1),
            # one group per head: its k² weights are normalised together
            nn.GroupNorm(self.heads, n_weights),
        )
        self.value_embed = nn.Sequential(nn.Conv2d(channels, channels, 1, bias=False),
                                         nn.BatchNorm2d(channels))
        self.dynamic_norm = nn.Sequential(nn.BatchNorm2d(channels), nn.SiLU(inplace=True))
        hidden = max(2 * channels // fuse_reduction, 32)
        # no BN on the pooled 1×1 vector: BN there fails when training with batch 1
        self.fuse_attn = nn.Sequential(nn.Conv2d(channels, hidden, 1), nn.ReLU(inplace=True),
                                       nn.Conv2d(hidden, 2 * channels, 1))

    def attention(self, x, k1):
        """Per-position aggregation weights, N × (heads·k²) × H × W."""
        return self.attn_embed(torch.cat([x, k1], dim=1))

    def aggregate(self, v, weights):
        """Local k×k weighted sum of ``v`` (N×C×H×W) with per-position
        weights N×(heads·k²)×H×W; zero padding at the borders."""
        n, c, h, w = v.shape
        kk = self.kernel_size * self.kernel_size
        # unfold orders its rows channel-major (c·k² + j), so consecutive
        # blocks of `share` channels line up with one weight head
        cols = F.unfold(v, self.kernel_size, padding=self.kernel_size // 2)
        cols = cols.view(n, self.heads, c // self.heads, kk, h, w)
        weights = weights.reshape(n, self.heads, 1, kk, h, w)
        return (cols * weights).sum(dim=3).view(n, c, h, w)

    def contexts(self, x):
        """The static (K1) and dynamic (K2) context maps before fusion."""
        k1 = self.key_embed(x)
        weights = self.attention(x, k1)
        k2 = self.dynamic_norm(self.aggregate(self.value_embed(x), weights))
        return k1, k2

    def fusion_weights(self, k1, k2):
        """Per-channel softmax over (K1, K2), N × 2 × C × 1 × 1."""
        n, c = k1.shape[:2]
        pooled = (k1 + k2).mean(dim=(2, 3), keepdim=True)
        return torch.softmax(self.fuse_attn(pooled).view(n, 2, c, 1, 1), dim=1)

    def forward(self, x):
        k1, k2 = self.contexts(x)
        a = self.fusion_weights(k1, k2)
        return a[:, 0] * k1 + a[:, 1] * k2
