"""The tiled inference cut into strips of tile rows (what a cluster's
workers run) gives the very blocks of the whole run: each strip also
predicts the row of tiles above it, whose tiles overlap its first cores."""
import numpy as np
import pytest
from tiled_testlib import MEAN, STD, LinearSoftmax, smooth_image, tiled_engine, write_raster


def whole_and_strips(path, strips, **options):
    whole = {b.window: (b.probs.copy(), b.classes.copy())
             for b in tiled_engine(path, LinearSoftmax(smooth=3), MEAN, STD, **options).blocks()}
    engine = tiled_engine(path, LinearSoftmax(smooth=3), MEAN, STD, **options)
    rows = engine.grid.n_rows
    edges = np.linspace(0, rows, strips + 1).round().astype(int)
    parts = {}
    for a, b in zip(edges[:-1], edges[1:]):
        for block in engine.blocks(tile_rows=(a, b)):
            parts[block.window] = (block.probs.copy(), block.classes.copy())
    return whole, parts


@pytest.mark.parametrize("strips", [2, 3])
def test_strips_equal_the_whole_run(tmp_path, strips):
    path = write_raster(tmp_path / "image.tif", smooth_image(150, 90))
    whole, parts = whole_and_strips(path, strips, tile_size=32, overlap=8, batch_size=3)
    assert set(parts) == set(whole)  # every core once
    for window, (probs, classes) in whole.items():
        np.testing.assert_array_equal(parts[window][0], probs)
        np.testing.assert_array_equal(parts[window][1], classes)
