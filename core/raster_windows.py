"""Windows over a raster grid, sized so a window of all bands fits a budget.

A window is ``(row_off, col_off, height, width)`` in pixels of the source
grid. Windows are plain tuples so they can be shipped to other processes
(e.g. mapped by Dask) without rasterio objects.
"""


def strip_rows(width, bands, bytes_per_value=4, budget_bytes=64 * 2**20,
               block_rows=1):
    """Number of rows per strip so ``bands × rows × width`` values stay under
    ``budget_bytes``, rounded down to a multiple of the file's ``block_rows``
    (reading whole blocks avoids decoding a block twice), at least one block."""
    per_row = max(1, width * bands * bytes_per_value)
    rows = max(1, budget_bytes // per_row)
    if block_rows > 1:
        rows = max(block_rows, (rows // block_rows) * block_rows)
    return int(rows)


def iter_strips(height, width, rows):
    """Full-width strips of ``rows`` rows covering a ``height × width`` grid."""
    for row in range(0, height, rows):
        yield (row, 0, min(rows, height - row), width)


def iter_tiles(height, width, tile_h, tile_w):
    """Tiles of at most ``tile_h × tile_w`` covering the grid, row-major."""
    for row in range(0, height, tile_h):
        for col in range(0, width, tile_w):
            yield (row, col, min(tile_h, height - row), min(tile_w, width - col))
