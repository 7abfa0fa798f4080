"""Reading tiles of selected bands, mirror-padded past the image edges,
with the mask of valid pixels.

A pixel is valid when, in every selected band, it differs from the band's
nodata value, is finite, and is not masked by a per-dataset mask or alpha
band (GDAL mask flags).
"""
import numpy as np

from ..raster.raster_io import valid_mask
from .tile_grid import mirror_indices


class TileReader:
    """Read windows of ``bands`` (1-based, repeats allowed) from an open
    rasterio dataset. Not thread-safe: use one per thread."""

    def __init__(self, dataset, bands):
        from rasterio.enums import MaskFlags

        self.ds = dataset
        self.bands = list(bands)
        self.unique = sorted(set(self.bands))
        # position of each selected band among the bands actually read
        self.take = [self.unique.index(b) for b in self.bands]
        self.identity = self.take == list(range(len(self.unique)))
        self.nodata = [dataset.nodatavals[b - 1] for b in self.unique]
        flags = [dataset.mask_flag_enums[b - 1] for b in self.unique]
        self.mask_band = next((b for b, f in zip(self.unique, flags)
                               if MaskFlags.per_dataset in f or MaskFlags.alpha in f), None)

    def read_window(self, row, col, height, width):
        """Raw values (B × h × w, file dtype) and valid mask (h × w) of a
        window inside the image."""
        from rasterio.windows import Window

        window = Window(col, row, width, height)
        raw = self.ds.read(self.unique, window=window)
        valid = valid_mask(raw, self.nodata)
        if self.mask_band is not None:
            valid &= self.ds.read_masks(self.mask_band, window=window) > 0
        if not self.identity:
            raw = raw[self.take]
        return raw, valid

    def read_tile(self, row, col, size):
        """A ``size × size`` tile whose top-left is image (row, col), parts
        outside the image mirrored (see :func:`mirror_indices`)."""
        height, width = self.ds.height, self.ds.width
        if row >= 0 and col >= 0 and row + size <= height and col + size <= width:
            return self.read_window(row, col, size, size)
        rows = mirror_indices(row, size, height)
        cols = mirror_indices(col, size, width)
        r0, c0 = int(rows.min()), int(cols.min())
        raw, valid = self.read_window(r0, c0, int(rows.max()) + 1 - r0, int(cols.max()) + 1 - c0)
        # one axis at a time: copies whole rows, much faster than a 2-D
        # fancy index
        rows, cols = rows - r0, cols - c0
        raw = np.take(np.take(raw, rows, axis=1), cols, axis=2)
        valid = np.take(np.take(valid, rows, axis=0), cols, axis=1)
        return raw, valid
