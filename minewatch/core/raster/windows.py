"""Windows over a raster grid, sized so a window of all bands fits a budget.

A window is ``(row_off, col_off, height, width)`` in pixels of the source
grid. Windows are plain tuples so they can be shipped to other processes
(e.g. mapped by Dask) without rasterio objects.
"""


def plan_windows(height, width, bands, itemsize, budget_bytes, block_shape=(1, 1)):
    """Windows covering the grid, each holding at most ``budget_bytes`` of
    all bands (or one block when a single block is larger), aligned to the
    file's ``block_shape`` = (rows, cols) so no block is decoded twice.

    Full-width strips when one block row fits the budget, else tiles one
    block row high and as many block columns wide as fit."""
    block_rows, block_cols = max(1, block_shape[0]), max(1, block_shape[1])
    per_pixel = max(1, bands * itemsize)
    block_row_bytes = block_rows * width * per_pixel
    if block_row_bytes <= budget_bytes:
        rows = block_rows * max(1, budget_bytes // block_row_bytes)
        return list(iter_tiles(height, width, rows, width))
    cols = block_cols * max(1, budget_bytes // (block_rows * block_cols * per_pixel))
    return list(iter_tiles(height, width, block_rows, min(cols, width)))


def iter_tiles(height, width, tile_h, tile_w):
    """Tiles of at most ``tile_h × tile_w`` covering the grid, row-major."""
    for row in range(0, height, tile_h):
        for col in range(0, width, tile_w):
            yield (row, col, min(tile_h, height - row), min(tile_w, width - col))
