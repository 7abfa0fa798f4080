"""Grid of overlapping square tiles for tiled inference, and mirror padding.

Tile (r, c) covers image rows [r·S, r·S + T) and columns [c·S, c·S + T),
T = ``tile`` px, O = ``overlap`` px, S = T − O the stride. The grid starts at
the top-left pixel, so tile cores start on multiples of S (outputs can use
S × S blocks); the last row/column of tiles may reach past the image and is
read mirrored (see :func:`mirror_indices`). Requires 0 ≤ O ≤ T/2, so along
each axis a pixel is covered by at most two tiles.
"""
from dataclasses import dataclass

import numpy as np


def tiles_along(length, tile, overlap):
    """Number of tiles of ``tile`` px at stride ``tile − overlap`` needed to
    cover ``length`` px (at least one)."""
    if length <= tile:
        return 1
    stride = tile - overlap
    return -(-(length - tile) // stride) + 1


def mirror_indices(start, size, length):
    """Indices ``start … start+size−1`` folded into [0, length) by mirroring
    about the edges with the edge pixel repeated (… b a | a b … y z | z y …).
    Works for any ``length`` ≥ 1 and any distance past the edge, so a raster
    smaller than a tile is padded, never refused."""
    idx = np.arange(start, start + size, dtype=np.int64) % (2 * length)
    return np.where(idx >= length, 2 * length - 1 - idx, idx)


@dataclass(frozen=True)
class TileGrid:
    """Tiles over a ``height × width`` px image (see module docstring)."""

    height: int
    width: int
    tile: int
    overlap: int

    @property
    def stride(self):
        return self.tile - self.overlap

    @property
    def n_rows(self):
        return tiles_along(self.height, self.tile, self.overlap)

    @property
    def n_cols(self):
        return tiles_along(self.width, self.tile, self.overlap)

    @property
    def n_tiles(self):
        return self.n_rows * self.n_cols

    @property
    def padded_width(self):
        """Width in px of the area the tiles cover (≥ ``width``)."""
        return (self.n_cols - 1) * self.stride + self.tile

    def origin(self, r, c):
        """Image (row, col) of the top-left pixel of tile (r, c)."""
        return r * self.stride, c * self.stride

    def core_size(self, r, c):
        """(rows, cols) of the tile's core, the part final once the tile is
        blended: S, or T for the last row/column of tiles."""
        rows = self.tile if r == self.n_rows - 1 else self.stride
        cols = self.tile if c == self.n_cols - 1 else self.stride
        return rows, cols

    def core_window(self, r, c):
        """Core of tile (r, c) clipped to the image, as (row, col, h, w).
        The cores of all tiles partition the image; none is empty."""
        row, col = self.origin(r, c)
        rows, cols = self.core_size(r, c)
        return row, col, min(rows, self.height - row), min(cols, self.width - col)

    def tiles(self):
        """Tile indices (r, c) in row-major order, the order of blending."""
        for r in range(self.n_rows):
            for c in range(self.n_cols):
                yield r, c
