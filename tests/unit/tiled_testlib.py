"""Shared helpers for the tiled-inference tests: rasters and predictors."""
import numpy as np
import rasterio
from rasterio.transform import from_origin
from scipy.ndimage import uniform_filter

TRANSFORM = from_origin(500000.0, 4200000.0, 2.0, 2.0)
CRS = "EPSG:32645"
MEAN = [300.0, 400.0, 500.0, 600.0]
STD = [100.0, 120.0, 140.0, 160.0]


def write_raster(path, data, nodata=None, dtype=None, block=16, **extra):
    """Write a (bands, rows, cols) array as a tiled GeoTIFF on a 2 m grid."""
    data = np.asarray(data)
    profile = dict(driver="GTiff", width=data.shape[2], height=data.shape[1],
                   count=data.shape[0], dtype=dtype or data.dtype.name, crs=CRS,
                   transform=TRANSFORM, nodata=nodata)
    profile.update(extra)
    if data.shape[1] >= block and data.shape[2] >= block:
        profile.update(tiled=True, blockxsize=block, blockysize=block)
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(data)
    return str(path)


def smooth_image(height, width, bands=4, seed=0):
    """Random but spatially smooth uint16 image around the test MEAN."""
    rng = np.random.default_rng(seed)
    noise = rng.normal(size=(bands, height, width))
    img = np.stack([uniform_filter(b, 5, mode="reflect") for b in noise])
    img = np.asarray(MEAN)[:bands, None, None] + 400.0 * img
    return np.clip(img, 0, 65535).astype(np.uint16)


class LinearSoftmax:
    """Per-pixel softmax of a fixed linear map of the bands: translation
    equivariant with a 1 px receptive field. Counts calls and tiles."""

    def __init__(self, bands=4, classes=5, seed=1, smooth=0):
        rng = np.random.default_rng(seed)
        self.weights = rng.normal(scale=2.0, size=(classes, bands)).astype(np.float32)
        self.bias = rng.normal(size=classes).astype(np.float32)
        self.smooth = smooth
        self.calls = 0
        self.tiles = 0
        self.shapes = []

    def logits(self, x):
        """x: N × B × h × w normalised; returns N × K × h × w."""
        if self.smooth:
            x = uniform_filter(x, size=(1, 1, self.smooth, self.smooth), mode="reflect")
        return np.einsum("kb,nbhw->nkhw", self.weights, x) + self.bias[None, :, None, None]

    def __call__(self, batch):
        self.calls += 1
        self.tiles += batch.shape[0]
        self.shapes.append(batch.shape)
        z = self.logits(batch)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)

    def reference(self, image):
        """Probabilities for a whole (B, rows, cols) raw image, no tiling."""
        x = (image.astype(np.float32) - np.float32(MEAN)[:, None, None]) / np.float32(STD)[:, None, None]
        calls, tiles, shapes = self.calls, self.tiles, list(self.shapes)
        out = self(x[None])[0]
        self.calls, self.tiles, self.shapes = calls, tiles, shapes
        return out


class TileConstant:
    """A predictor whose output depends only on which tile it sees: tile i
    gets constant probabilities (p_i, 1 − p_i), p_i pseudo-random. Any seam
    in the blending shows up as a jump in the blended result."""

    def __init__(self, seed=2):
        self.rng = np.random.default_rng(seed)

    def __call__(self, batch):
        n, _, h, w = batch.shape
        p = self.rng.uniform(0.05, 0.95, size=n).astype(np.float32)
        out = np.empty((n, 2, h, w), np.float32)
        out[:, 0] = p[:, None, None]
        out[:, 1] = 1 - p[:, None, None]
        return out


def settings(options):
    """Flat keyword options (bands, repeat_single_band, tile_size, overlap,
    batch_size, prefetch) → the engine's settings dataclasses, plus the
    options left over, as keyword arguments."""
    from minewatch.core.inference.settings import ModelInput, Tiling

    options = dict(options)
    bands = options.pop("bands", None)
    model_input = ModelInput(None if bands is None else tuple(bands),
                             options.pop("repeat_single_band", False))
    tiling = Tiling(options.pop("tile_size", None), options.pop("overlap", None),
                    options.pop("batch_size", 4), options.pop("prefetch", True))
    return dict(model_input=model_input, tiling=tiling, **options)


def tiled_engine(path, predict, mean, std, **options):
    """A :class:`TiledInference` built from flat keyword options."""
    from minewatch.core.inference.engine import TiledInference

    return TiledInference(path, predict, mean, std, **settings(options))
