"""Streaming tiled inference of a per-pixel classifier over a raster.

The image is cut into T × T tiles overlapping by O px (:mod:`.tile_grid`),
read with the selected bands in the model's order, mirror-padded past the
edges, normalised per band (:mod:`.normalisation`; nodata pixels → band
mean) and passed in batches to ``predict``, a callable taking float32
N × B × T × T and returning float32 N × K × T × T class probabilities (see
:mod:`.torch_predict` for a torch model). Each tile is predicted exactly
once; overlapping predictions are blended with a taper window and released
as soon as final (:mod:`.blending`), so memory depends on the tile, batch
and image width, not on the image height, and only weakly on its width
(2·K·O·W bytes). A background thread reads the next batch while the model
runs.

Each output :class:`Block` holds, for a final window of the input's
grid, the blended probabilities, the class index (argmax; 255 = nodata,
i.e. a pixel that is nodata, masked or non-finite in any selected band)
and the winning probability (−1 = nodata). Writing them to files is
:mod:`.writers`' job; :mod:`.network_run` puts the two together for a model
file. An image with no valid pixel is refused before any output file is
created (:func:`has_valid_pixel`: sampled windows first, a full scan only
when all samples are empty).
"""
from dataclasses import dataclass

import numpy as np

from ..common.constants import CLASS_NODATA, MAX_CLASSES, PROB_NODATA
from ..common.errors import MineWatchInputError, translatable
from ..common.heap import release_free_heap
from ..common.messages import Message
from ..common.prefetch import prefetched
from ..common.progress import TileCountdown, as_feedback, step
from ..raster.raster_io import open_raster, rasterio_env
from ..raster.windows import plan_windows
from .blending import StreamingBlender, argmax_planes
from .normalisation import BandNormaliser
from .settings import ALL_BANDS, DEFAULT_TILING, TILE_SIZE
from .tile_grid import TileGrid
from .tile_reader import TileReader


@dataclass
class Batch:
    """Tiles (r, c) with their normalised input N × B × T × T float32 and
    valid masks N × T × T."""

    tiles: list
    x: np.ndarray
    valid: np.ndarray


@dataclass
class Block:
    """A final piece of the output: ``window`` = (row, col, h, w) in image
    px; ``probs`` K × h × w float32 (undefined where not ``valid``; a view
    valid until the next block); ``classes`` uint8 (255 = nodata);
    ``max_prob`` float32 (−1 = nodata)."""

    window: tuple
    probs: np.ndarray
    valid: np.ndarray
    classes: np.ndarray
    max_prob: np.ndarray


def resolve_bands(band_count, bands, model_bands, repeat_single_band=False):
    """Image bands (1-based) feeding the model's inputs, in the model's
    order, and warnings (:class:`~..common.messages.Message` s). ``bands``
    None means all bands in file order."""
    warnings = []
    if bands is None or len(bands) == 0:
        bands = list(range(1, band_count + 1))
    else:
        bands = [int(b) for b in bands]
        bad = [b for b in bands if not 1 <= b <= band_count]
        if bad:
            raise MineWatchInputError(translatable(
                "Band number(s) {bad} do not exist: the image has {count} band(s), "
                "numbered 1 to {count}. Fix the BANDS parameter."),
                bad=bad, count=band_count)
    if len(bands) == 1 and model_bands > 1 and repeat_single_band:
        warnings.append(Message(translatable(
            "The model expects {expected} bands; band {band} is repeated {expected} times. "
            "Results on a single-band image are less reliable."),
            expected=model_bands, band=bands[0]))
        bands = bands * model_bands
    if len(bands) != model_bands:
        raise MineWatchInputError(translatable(
            "The model expects {expected} input bands but {got} band(s) of the "
            "image are selected ({selected}; the image has {count}). Set the "
            "BANDS parameter to {expected} band numbers of the image, in the order "
            "the model was trained on (e.g. 3,2,1,4 for a blue, green, red, NIR "
            "model on a red, green, blue, NIR image)."),
            expected=model_bands, got=len(bands), selected=",".join(map(str, bands)),
            count=band_count)
    return bands, warnings


def check_tiling(tile_size, overlap, batch_size):
    """Refuse tile, overlap and batch settings the engine cannot use."""
    if not (isinstance(tile_size, (int, np.integer)) and tile_size >= 8):
        raise MineWatchInputError(translatable(
            "The tile size must be a whole number of at least 8 px; got {value}."),
            value=tile_size)
    if not 0 <= overlap <= tile_size // 2:
        raise MineWatchInputError(translatable(
            "The tile overlap must be between 0 and half the tile size "
            "({limit} px); got {value}."), limit=tile_size // 2, value=overlap)
    if batch_size < 1:
        raise MineWatchInputError(translatable(
            "The batch size must be at least 1; got {value}."), value=batch_size)


def has_valid_pixel(reader, feedback=None, samples=8, sample_px=64,
                    budget_bytes=16 * 2**20):
    """True when at least one pixel is valid in every selected band.

    Cheap in the usual case: reads up to ``samples`` × ``samples`` small
    windows spread over the image and stops at the first valid pixel. Only
    when all of them are empty does it scan the whole image in block-aligned
    windows (exact answer, costs one read of the image)."""
    ds = reader.ds
    height, width = ds.height, ds.width
    h, w = min(sample_px, height), min(sample_px, width)
    for i in range(samples):
        row = min(max(0, int((i + 0.5) * height / samples) - h // 2), height - h)
        for j in range(samples):
            col = min(max(0, int((j + 0.5) * width / samples) - w // 2), width - w)
            if reader.read_window(row, col, h, w)[1].any():
                return True
    feedback = as_feedback(feedback)
    windows = plan_windows(height, width, len(reader.unique),
                           np.dtype(ds.dtypes[0]).itemsize, budget_bytes, ds.block_shapes[0])
    for index, (row, col, wh, ww) in enumerate(windows):
        if reader.read_window(row, col, wh, ww)[1].any():
            return True
        step(feedback, index + 1, len(windows))
    return False


class TiledInference:
    """Streaming tiled inference of ``predict`` over the raster at ``path``.

    ``mean``/``std``: per model input band, raw image units (their length is
    the model's band count B). ``model_input``: a
    :class:`~.settings.ModelInput` (bands in the model's order, single-band
    repeat); ``tiling``: a :class:`~.settings.Tiling` (sizes left None:
    512 px tiles, 1/8 overlap). ``n_classes``: K, checked against
    the predictions when given. Construction checks the inputs and raises
    :class:`MineWatchInputError`; :meth:`blocks` runs the model.
    ``predict`` must return a fresh array each call: the engine blends in it
    in place. A ``predict`` with a true ``takes_valid`` attribute is called
    as ``predict(x, valid)`` with the batch's N × T × T valid mask."""

    def __init__(self, path, predict, mean, std, model_input=ALL_BANDS,
                 tiling=DEFAULT_TILING, n_classes=None):
        tiling = tiling.resolve(TILE_SIZE)
        check_tiling(tiling.tile_size, tiling.overlap, tiling.batch_size)
        self.path = path
        self.predict = predict
        self.normaliser = BandNormaliser(mean, std)
        self.tiling = tiling
        self.batch_size = tiling.batch_size
        self.n_classes = n_classes
        with open_raster(path) as ds:
            self.bands, self.warnings = resolve_bands(
                ds.count, model_input.bands, self.normaliser.n_bands,
                model_input.repeat_single_band)
            self.height, self.width = ds.height, ds.width
            self.crs, self.transform = ds.crs, ds.transform
        self.grid = TileGrid(self.height, self.width, tiling.tile_size, tiling.overlap)
        self.n_batches = -(-self.grid.n_tiles // self.batch_size)
        # debug aid for memory tests: shapes of the largest arrays in use
        self.buffer_shapes = {}

    @property
    def pixel_area(self):
        """Area of one pixel in CRS units² (m² for a CRS in metres)."""
        t = self.transform
        return abs(t.a * t.e - t.b * t.d)

    def check_has_data(self, feedback=None):
        """Raise :class:`MineWatchInputError` when no pixel is valid in all
        selected bands (see :func:`has_valid_pixel`)."""
        with open_raster(self.path) as ds, rasterio_env():
            if not has_valid_pixel(TileReader(ds, self.bands), feedback):
                raise no_valid_pixel_error(self.bands)

    def _batches(self, first_row=0, end_row=None):
        """Read and normalise the tiles of rows ``first_row`` … ``end_row`` − 1
        (default: all), batch by batch, row-major."""
        grid, size = self.grid, self.grid.tile
        end_row = grid.n_rows if end_row is None else end_row
        with open_raster(self.path) as ds, rasterio_env():
            reader = TileReader(ds, self.bands)
            tiles = [(r, c) for r, c in grid.tiles() if first_row <= r < end_row]
            for start in range(0, len(tiles), self.batch_size):
                chunk = tiles[start:start + self.batch_size]
                x = np.empty((len(chunk), len(self.bands), size, size), np.float32)
                valid = np.empty((len(chunk), size, size), bool)
                for i, (r, c) in enumerate(chunk):
                    raw, valid[i] = reader.read_tile(*grid.origin(r, c), size)
                    self.normaliser(raw, valid[i], out=x[i])
                self.buffer_shapes.update(batch_x=x.shape, batch_valid=valid.shape)
                yield Batch(chunk, x, valid)

    def _run_model(self, batch):
        # a predict that post-processes with the image (the dense CRF) also
        # needs to know which pixels are nodata: it says so by an attribute
        if getattr(self.predict, "takes_valid", False):
            probs = self.predict(batch.x, batch.valid)
        else:
            probs = self.predict(batch.x)
        probs = np.asarray(probs, dtype=np.float32)
        n, _, t, _ = batch.x.shape
        if probs.ndim != 4 or probs.shape[0] != n or probs.shape[2:] != (t, t) \
                or not 2 <= probs.shape[1] <= MAX_CLASSES \
                or (self.n_classes is not None and probs.shape[1] != self.n_classes):
            raise MineWatchInputError(translatable(
                "The model returned an array of shape {got} for a batch of shape "
                "{given}; it must return class probabilities of shape (tiles, "
                "classes, {t}, {t}) with 2 to 255 classes{expected}. Check that the "
                "model matches the algorithm."), got=tuple(probs.shape),
                given=tuple(batch.x.shape), t=t,
                expected="" if self.n_classes is None else f" ({self.n_classes} expected)")
        self.buffer_shapes["probs"] = probs.shape
        return probs

    def blocks(self, feedback=None, tile_rows=None):
        """Yield the output as :class:`Block` s, each final, row-major by
        tile. Progress per tile; cancel checked between batches (raises
        :class:`~..common.errors.Cancelled`).

        ``tile_rows`` = (a, b): only the cores of tile rows a … b − 1 (a strip
        of the scene, e.g. for a worker of a cluster). Row a − 1 is predicted
        too, because its tiles overlap row a's cores, so the strip's blocks
        are identical to the whole run's."""
        feedback = as_feedback(feedback)
        first, end = (0, self.grid.n_rows) if tile_rows is None else tile_rows
        start = max(first - 1, 0)
        n_tiles = (end - start) * self.grid.n_cols
        step(feedback, 0, n_tiles)
        countdown = TileCountdown(feedback, n_tiles)
        batches = lambda: self._batches(start, end)  # noqa: E731 - a generator factory
        source = prefetched(batches, depth=1) if self.tiling.prefetch else batches()
        blender = None
        done = 0
        try:
            for batch in source:
                probs = self._run_model(batch)
                if blender is None:
                    blender = StreamingBlender(self.grid, probs.shape[1], start)
                    self.n_classes = probs.shape[1]
                    self.buffer_shapes.update(blender.buffer_shapes())
                for i, (r, c) in enumerate(batch.tiles):
                    window, core = blender.add(r, c, probs[i], in_place=True)
                    done += 1
                    feedback.setProgress(100.0 * done / n_tiles)
                    if r < first:
                        continue  # the halo row: not final here
                    valid = batch.valid[i, :window[2], :window[3]]
                    classes, max_prob = argmax_planes(core)
                    if not valid.all():
                        classes[~valid] = CLASS_NODATA
                        max_prob[~valid] = PROB_NODATA
                    yield Block(window, core, valid, classes, max_prob)
                del probs
                release_free_heap()
                step(feedback, done, n_tiles)
                countdown.update(done)
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()


def no_valid_pixel_error(bands):
    return MineWatchInputError(translatable(
        "The image has no valid pixel: every pixel is nodata, masked or not a "
        "finite number in at least one of the bands used ({bands}). Check the "
        "image's nodata value and the BANDS parameter."),
        bands=",".join(map(str, bands)))
