"""Blending of overlapping tile predictions, streamed row by row of tiles.

Each tile's probabilities are weighted by a separable taper window: 1 in
the middle, a sin² ramp over each O px overlap with a neighbour, and no
ramp on sides facing the outside of the grid. The ramps of two neighbours
sum to exactly 1 and are > 0 everywhere, so the windows form a partition of
unity: the blended value is a convex combination of the tiles' values, with
no division by a weight sum, and C¹-smooth across tile borders (no seams).

:class:`StreamingBlender` takes the tiles in row-major order and returns each
tile's core (see :class:`~.tile_grid.TileGrid`) once every tile touching it
is done. What it holds (K classes, T tile, O overlap, Wp padded width):

- ``strip``: the bottom overlap of the previous row of tiles,
  K × O × Wp uint16 (probability × 65535, error ≤ 7.7e-6) = 2·K·O·Wp bytes;
- ``right``: the right overlap of the previous tile, K × T × O float32;
- ``acc``: the tile being blended, K × T × T float32 (unused when the
  caller lets it blend in the predictor's output array in place).

Nothing grows with the image height; only ``strip`` grows with its width.
"""
from functools import lru_cache

import numpy as np

QUANT = 65535.0


def taper(overlap):
    """Rising ramp sin²(π/2 · (j + ½)/O), j = 0 … O−1, float64; its mirror
    image is 1 − ramp, so rising and falling ramps sum to 1."""
    j = np.arange(overlap, dtype=np.float64)
    return np.sin(0.5 * np.pi * (j + 0.5) / overlap) ** 2


@lru_cache(maxsize=64)
def axis_weights(tile, overlap, first, last):
    """1-D window of ``tile`` px (float32, cached, read-only): ramps up over
    the leading ``overlap`` px unless ``first``, down over the trailing ones
    unless ``last``, 1 elsewhere."""
    w = np.ones(tile, np.float64)
    if overlap:
        ramp = taper(overlap)
        if not first:
            w[:overlap] = ramp
        if not last:
            w[tile - overlap:] = 1.0 - ramp
    w = w.astype(np.float32)
    w.setflags(write=False)
    return w


@lru_cache(maxsize=16)
def tile_weights(tile, overlap, first_row, last_row, first_col, last_col):
    """2-D window T × T float32 for a tile at the given grid edges (cached;
    read-only)."""
    w = np.outer(axis_weights(tile, overlap, first_row, last_row),
                 axis_weights(tile, overlap, first_col, last_col))
    w.setflags(write=False)
    return w


class StreamingBlender:
    """Blend K-class tile probabilities over a :class:`TileGrid`, tiles given
    in row-major order; memory as in the module docstring."""

    def __init__(self, grid, n_classes, first_row=0):
        """``first_row``: blending starts at this row of tiles (a strip of
        the scene); the cores of that row miss the row above and are not
        final — only rows after it are (see :meth:`TiledInference.blocks`)."""
        self.grid = grid
        k, t, o = n_classes, grid.tile, grid.overlap
        self.acc = np.empty((k, t, t), np.float32)
        self.right = np.zeros((k, t, o), np.float32)
        # only needed when there is a next row of tiles to hand it to
        rows_of_strip = o if grid.n_rows > 1 else 0
        self.strip = np.zeros((k, rows_of_strip, grid.padded_width), np.uint16)
        self._next = first_row * grid.n_cols

    def buffer_shapes(self):
        """Shapes of the arrays held between tiles (for memory checks)."""
        return {"acc": self.acc.shape, "right": self.right.shape,
                "strip": self.strip.shape}

    def add(self, r, c, probs, in_place=False):
        """Blend tile (r, c)'s probabilities (K × T × T, values in [0, 1]).

        Returns ``(window, core)``: the tile's core window (row, col, h, w)
        in the image and its final blended probabilities K × h × w, a view
        valid until the next call. ``in_place``: work in ``probs`` itself
        (when float32 and writeable) instead of a copy, saving a pass."""
        grid = self.grid
        expected = divmod(self._next, grid.n_cols)
        if (r, c) != expected:
            raise ValueError(f"tiles must come in row-major order: got {(r, c)}, "
                             f"expected {expected}")
        self._next += 1
        t, o, s = grid.tile, grid.overlap, grid.stride
        last_row, last_col = r == grid.n_rows - 1, c == grid.n_cols - 1
        if in_place and probs.dtype == np.float32 and probs.flags.writeable:
            acc = probs
        else:
            acc = self.acc
            acc[...] = probs
        if o:
            # the window is 1 inside; weight only the ramps: rows, then columns,
            # which multiplies the corners by both (the separable product)
            wy = axis_weights(t, o, r == 0, last_row)[:, None]
            wx = axis_weights(t, o, c == 0, last_col)[None, :]
            if r > 0:
                acc[:, :o] *= wy[:o]
            if not last_row:
                acc[:, s:] *= wy[s:]
            if c > 0:
                acc[:, :, :o] *= wx[:, :o]
            if not last_col:
                acc[:, :, s:] *= wx[:, s:]
            col0 = c * s
            if r > 0:
                # the strip's first O columns of this tile already reached it
                # through `right` (they were the previous tile's last columns)
                lo = o if c > 0 else 0
                top = acc[:, :o, lo:]
                top += self.strip[:, :, col0 + lo:col0 + t] * np.float32(1.0 / QUANT)
            if c > 0:
                acc[:, :, :o] += self.right
            if not last_col:
                self.right[...] = acc[:, :, s:]
            if not last_row:
                # columns [S, T) go on through `right` to the next tile; read
                # of the strip above happened first, and later tiles read the
                # strip only from column col0 + T on
                span = t if last_col else s
                np.clip(acc[:, s:, :span] * np.float32(QUANT) + np.float32(0.5), 0.0, QUANT,
                        out=self.strip[:, :, col0:col0 + span], casting="unsafe")
        window = grid.core_window(r, c)
        return window, acc[:, :window[2], :window[3]]


def argmax_planes(probs):
    """Index (uint8) and value (float32) of the largest of K planes
    (K × h × w); ties go to the lower index, like ``np.argmax``. Plane by
    plane, since a reduction over the leading axis strides badly."""
    best = probs[0].copy()
    index = np.zeros(best.shape, np.uint8)
    for k in range(1, probs.shape[0]):
        better = probs[k] > best
        index[better] = k
        np.maximum(best, probs[k], out=best)
    return index, best
