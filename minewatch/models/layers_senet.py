"""SENetV2 block: squeeze-aggregated excitation (SaE, Narayanan 2023).

Input and output N×C×H×W. Global average pool → ``cardinality`` parallel
FC branches C → C/r with ReLU → concatenated (cardinality·C/r) → FC → C →
sigmoid gives per-channel scales s; the block returns x + x·s (methods §1),
so an untrained block starts close to a scaled identity.
"""
import torch
from torch import nn


class SENetV2Block(nn.Module):
    """SaE block on ``channels`` channels; ``reduction`` r sets the branch
    width C/r (≈ 16 for 256 channels, 4–8 for a 48-channel path)."""

    def __init__(self, channels, reduction=8, cardinality=4):
        super().__init__()
        hidden = max(1, channels // reduction)
        self.branches = nn.ModuleList(
            nn.Sequential(nn.Linear(channels, hidden), nn.ReLU(inplace=True)) for _ in range(cardinality))
        self.excite = nn.Sequential(nn.Linear(cardinality * hidden, channels), nn.Sigmoid())

    def scale(self, x):
        """Per-channel excitation s in (0, 1), shape N × C × 1 × 1."""
        squeezed = x.mean(dim=(2, 3))
        aggregated = torch.cat([branch(squeezed) for branch in self.branches], dim=1)
        return self.excite(aggregated)[:, :, None, None]

    def forward(self, x):
        return x + x * self.scale(x)
