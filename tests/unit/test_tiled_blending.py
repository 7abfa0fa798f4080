"""Tile grid, mirror padding, taper windows and the streaming blender."""
import numpy as np
import pytest

from minewatch.core.common.prefetch import prefetched
from minewatch.core.inference.blending import StreamingBlender, argmax_planes, axis_weights, tile_weights
from minewatch.core.inference.tile_grid import TileGrid, mirror_indices, tiles_along


@pytest.mark.parametrize("height,width,tile,overlap", [
    (1, 1, 32, 8), (5, 40, 32, 8), (32, 32, 32, 8), (33, 57, 32, 8), (100, 130, 32, 0),
    (97, 64, 16, 8), (500, 300, 64, 16)])
def test_tile_cores_partition_the_image(height, width, tile, overlap):
    grid = TileGrid(height, width, tile, overlap)
    cover = np.zeros((height, width), np.int32)
    for r, c in grid.tiles():
        row, col, h, w = grid.core_window(r, c)
        assert h > 0 and w > 0
        cover[row:row + h, col:col + w] += 1
        # each core lies inside its tile
        o_row, o_col = grid.origin(r, c)
        assert o_row <= row and row + h <= o_row + tile and o_col <= col and col + w <= o_col + tile
    assert (cover == 1).all()
    assert grid.padded_width >= width
    assert (grid.n_rows - 1) * grid.stride + tile >= height


def test_tiles_along_is_minimal():
    for length in range(1, 300):
        n = tiles_along(length, 64, 16)
        assert (n - 1) * 48 + 64 >= length
        assert n == 1 or (n - 2) * 48 + 64 < length


def test_mirror_indices_match_numpy_symmetric_pad():
    data = np.arange(17)
    for start, size in [(-5, 30), (0, 17), (3, 20), (-16, 50)]:
        idx = mirror_indices(start, size, 17)
        before = max(0, -start)
        padded = np.pad(data, (before, 40), mode="symmetric")
        np.testing.assert_array_equal(data[idx], padded[start + before:start + before + size])


def test_mirror_indices_far_past_the_edge():
    # a raster much smaller than a tile: a periodic mirror, never out of range
    for length in (1, 2, 5):
        idx = mirror_indices(-23, 80, length)
        assert idx.min() >= 0 and idx.max() < length
        period = np.concatenate([np.arange(length), np.arange(length)[::-1]])
        expected = period[np.arange(-23, 57) % (2 * length)]
        np.testing.assert_array_equal(idx, expected)


@pytest.mark.parametrize("overlap", [0, 1, 8, 16])
def test_windows_sum_to_one_and_are_positive(overlap):
    tile, height, width = 32, 83, 70
    grid = TileGrid(height, width, tile, overlap)
    total = np.zeros(((grid.n_rows - 1) * grid.stride + tile, grid.padded_width))
    for r, c in grid.tiles():
        w = tile_weights(tile, overlap, r == 0, r == grid.n_rows - 1, c == 0, c == grid.n_cols - 1)
        assert (w > 0).all() and (w <= 1).all()
        row, col = grid.origin(r, c)
        total[row:row + tile, col:col + tile] += w
    np.testing.assert_allclose(total, 1.0, atol=1e-6)


def test_taper_is_smooth():
    w = axis_weights(64, 16, False, False).astype(np.float64)
    # largest step between neighbours ≈ π/(2·O), far from a seam's jump
    assert np.abs(np.diff(w)).max() < np.pi / (2 * 16) * 1.01


def blend_directly(grid, tile_probs):
    """Reference blend with full-size arrays: Σ w·p over tiles."""
    k = next(iter(tile_probs.values())).shape[0]
    out = np.zeros((k, (grid.n_rows - 1) * grid.stride + grid.tile, grid.padded_width))
    for (r, c), p in tile_probs.items():
        w = tile_weights(grid.tile, grid.overlap, r == 0, r == grid.n_rows - 1,
                         c == 0, c == grid.n_cols - 1)
        row, col = grid.origin(r, c)
        out[:, row:row + grid.tile, col:col + grid.tile] += w * p
    return out[:, :grid.height, :grid.width]


@pytest.mark.parametrize("shape", [(70, 90), (32, 32), (20, 100), (100, 20)])
def test_streaming_blender_equals_direct_blend(shape):
    grid = TileGrid(shape[0], shape[1], 32, 8)
    rng = np.random.default_rng(0)
    tiles = {}
    for r, c in grid.tiles():
        p = rng.uniform(size=(3, 32, 32)).astype(np.float32)
        tiles[(r, c)] = p / p.sum(axis=0)
    expected = blend_directly(grid, tiles)
    blender = StreamingBlender(grid, 3)
    got = np.full((3,) + shape, np.nan, np.float32)
    for r, c in grid.tiles():
        (row, col, h, w), core = blender.add(r, c, tiles[(r, c)])
        got[:, row:row + h, col:col + w] = core
    # the carried strip is 16-bit fixed point: error ≤ 0.5/65535
    np.testing.assert_allclose(got, expected, atol=1e-5)


def test_blender_insists_on_row_major_order():
    blender = StreamingBlender(TileGrid(70, 70, 32, 8), 2)
    with pytest.raises(ValueError):
        blender.add(0, 1, np.zeros((2, 32, 32), np.float32))


def test_blender_memory_does_not_depend_on_height():
    short = StreamingBlender(TileGrid(1000, 5000, 512, 64), 8).buffer_shapes()
    tall = StreamingBlender(TileGrid(100000, 5000, 512, 64), 8).buffer_shapes()
    assert short == tall
    assert tall["strip"] == (8, 64, TileGrid(1, 5000, 512, 64).padded_width)


def test_argmax_planes_matches_numpy():
    probs = np.random.default_rng(3).integers(0, 4, size=(6, 20, 30)).astype(np.float32)
    index, best = argmax_planes(probs)
    np.testing.assert_array_equal(index, probs.argmax(axis=0))
    np.testing.assert_array_equal(best, probs.max(axis=0))
    assert index.dtype == np.uint8


def test_prefetched_yields_in_order_and_reraises():
    assert list(prefetched(lambda: iter(range(10)), depth=2)) == list(range(10))

    def failing():
        yield 1
        raise RuntimeError("boom")

    got = []
    with pytest.raises(RuntimeError, match="boom"):
        for item in prefetched(failing):
            got.append(item)
    assert got == [1]


def test_prefetched_stops_its_worker_when_abandoned():
    closed = []

    def source():
        try:
            for i in range(1000):
                yield i
        finally:
            closed.append(True)

    gen = prefetched(source)
    assert next(gen) == 0
    gen.close()
    assert closed == [True]
