"""Patch positions and the spatial train/val/test split.

The scene is cut into square blocks of ``block_size`` px (row-major ids,
partial blocks at the right and bottom edges). A patch position is kept
only when the patch lies wholly inside one block, and each block belongs
wholly to one split, so no image pixel is seen by two splits even when
patches overlap (stride < patch size). Patches lie on the global grid
``row_off, col_off ∈ {0, stride, 2·stride, …}`` and never leave the image.
"""
from typing import Tuple

import numpy as np

from ..common.errors import MineWatchInputError, translatable


def parse_split(text: str) -> Tuple[float, ...]:
    """"60,20,20" → (0.6, 0.2, 0.2): train/val/test percentages (or
    fractions) normalised to sum 1; train must be > 0."""
    parts = [p for p in str(text or "60,20,20").replace(";", ",").replace("/", ",").split(",")
             if p.strip()]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 3 or min(values) < 0 or values[0] <= 0 or not np.isfinite(values).all():
        raise MineWatchInputError(translatable(
            "SPLIT must be three train,val,test percentages such as 60,20,20 (train > 0, "
            "none negative); got '{text}'."), text=text)
    total = sum(values)
    # percentages must add up to 100 (or fractions to 1): "70,20,20" is a
    # typo whose silent rescaling would change the user's split
    if not (abs(total - 100.0) <= 0.5 or abs(total - 1.0) <= 0.005):
        raise MineWatchInputError(translatable(
            "The SPLIT percentages {text} add up to {total:g}, not 100. Give three "
            "train,val,test percentages that sum to 100, such as 60,20,20."),
            text=text, total=total)
    return tuple(v / total for v in values)


def block_grid(height, width, block_size):
    """(rows, cols) of blocks covering a height × width grid."""
    return -(-height // block_size), -(-width // block_size)


def block_patch_offsets(start, stop, patch_size, stride):
    """Offsets on the global stride grid of patches inside [start, stop)."""
    first = -(-start // stride) * stride
    return list(range(first, stop - patch_size + 1, stride))


def block_patches(block_id, height, width, block_size, patch_size, stride):
    """(row_off, col_off) of the patches wholly inside block ``block_id``
    (row-major) of the image."""
    _, n_cols = block_grid(height, width, block_size)
    br, bc = divmod(block_id, n_cols)
    r0, c0 = br * block_size, bc * block_size
    rows = block_patch_offsets(r0, min(r0 + block_size, height), patch_size, stride)
    cols = block_patch_offsets(c0, min(c0 + block_size, width), patch_size, stride)
    return [(r, c) for r in rows for c in cols]


def block_window(block_id, height, width, block_size):
    """(row, col, h, w) of block ``block_id``."""
    _, n_cols = block_grid(height, width, block_size)
    br, bc = divmod(block_id, n_cols)
    r0, c0 = br * block_size, bc * block_size
    return r0, c0, min(block_size, height - r0), min(block_size, width - c0)


def assign_blocks(block_weights, fractions, seed):
    """Split blocks between train (0), val (1) and test (2).

    ``block_weights`` maps block id → number of usable patches (blocks
    with 0 are left out). Blocks are shuffled with ``seed``, then taken in
    that order, each going to the split whose share of patches is furthest
    below its fraction; train, then every other split with a fraction
    > 0, first gets one block when there are enough blocks. Returns {block id: split index}."""
    blocks = sorted(b for b, w in block_weights.items() if w > 0)
    rng = np.random.default_rng(seed)
    order = [blocks[i] for i in rng.permutation(len(blocks))]
    fractions = np.asarray(fractions, np.float64)
    # train first (it must not be empty), then the others, largest first
    wanted = [0] + [int(i) for i in np.argsort(-fractions[1:], kind="stable") + 1
                    if fractions[i] > 0]
    assigned, got = {}, np.zeros(3)
    # the first blocks seed each wanted split, largest fraction first, so a
    # scene of three blocks still gives a val and a test block
    for block, split in zip(order, wanted):
        assigned[block] = int(split)
        got[split] += block_weights[block]
    for block in order[len(assigned):]:
        deficit = fractions * (got.sum() + block_weights[block]) - got
        deficit[fractions <= 0] = -np.inf
        split = int(np.argmax(deficit))
        assigned[block] = split
        got[split] += block_weights[block]
    return assigned
