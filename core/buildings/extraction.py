"""Extract Buildings without QGIS (patent step 1, SPEC §2): a building
segmentation model (SegNet) over the scene tile by tile, each tile
refined by a dense CRF, the tiles blended, then regular building outlines.

:func:`infer_buildings` writes the building mask (uint8: 0 other,
1 building, 255 nodata; colour table) and the building probability
(float32 P(building), −1 nodata) on the input's grid; :func:`iter_buildings`
turns them into outlines (:mod:`.building_outlines`). Both stream: the
scene is never held whole. The Processing algorithm and the benchmark call
the same two functions.

Input scaling: the model sees (raw − mean)/std per band, with the
statistics stored in the model, or, when the model's metadata says
``input_scaling = "scene"``, with the scene's own (:mod:`.scene_scaling`).
The same decimated read gives the 2–98 % stretch that maps the bands to
0–255 for the CRF's colour term (:mod:`.crf_predict`).
"""
from contextlib import closing
from dataclasses import dataclass, field

import numpy as np

from .outlines import iter_outlines
from ..classmap.style import colormap
from .crf_predict import colour_channels, crf_predictor, normalised_stretch
from ..common.errors import MineWatchInputError, translatable
from ..common.progress import as_feedback
from ..raster.raster_io import AtomicRasterWriter, open_raster, rasterio_env
from ..inference.scene_scaling import scene_statistics
from ..inference.engine import (
    BATCH_SIZE,
    CLASS_NODATA,
    PROB_NODATA,
    TiledInference,
    no_valid_pixel_error,
    output_profile,
    resolve_bands,
)

BUILDING = 1
MIN_AREA_M2 = 20.0
# how far (in the model's std units) a scene's band mean may sit from the
# training mean before the user is warned that the values look foreign
FOREIGN_MEAN_STD = 3.0


def default_overlap(tile_size, use_crf=True):
    """Overlap when the user gives none: 1/4 of the tile with the CRF (128 px
    at 512²: its θα = 80 px kernel reaches far, and a tile's border pixels
    lack context on one side), 1/8 without (64 px)."""
    return max(0, int(tile_size) // (4 if use_crf else 8))


@dataclass
class BuildingInference:
    """What :func:`infer_buildings` did: the written ``mask_path`` and
    ``prob_path``, the model input ``bands`` used (1-based image bands),
    the tiling, pixel counts, ``scaling`` ("fixed"/"scene") with the
    ``mean``/``std`` applied, whether the CRF ran, and ``warnings``."""

    mask_path: str
    prob_path: str
    bands: list
    tile_size: int
    overlap: int
    batch_size: int
    n_tiles: int
    n_batches: int
    building_pixels: int
    nodata_pixels: int
    scaling: str
    mean: list
    std: list
    use_crf: bool
    warnings: list = field(default_factory=list)


def check_building_model(metadata):
    """Refuse a model that is not a two-class (other, building) model."""
    if metadata.num_classes != 2:
        raise MineWatchInputError(translatable(
            "The model has {k} classes ({names}); Extract Buildings needs a building model "
            "with 2 classes, 0 other and 1 building (e.g. SegNet trained on building "
            "labels). Give such a model file."),
            k=metadata.num_classes, names=", ".join(metadata.class_names))


def scaling_and_warnings(stats, metadata):
    """(mean, std, warnings): the normalisation to apply for ``metadata``'s
    ``input_scaling`` given the scene's :class:`.scene_scaling.SceneStatistics`."""
    if getattr(metadata, "input_scaling", "fixed") == "scene":
        return [float(x) for x in stats.mean], [float(x) for x in stats.std], []
    mean = np.asarray(metadata.band_mean, np.float64)
    std = np.asarray(metadata.band_std, np.float64)
    warnings = []
    if np.any(np.abs(stats.mean - mean) > FOREIGN_MEAN_STD * std):
        warnings.append(
            "The image's band means ({scene}) are far from those the model was trained on "
            "({model}); results may be poor. Give an image of the same kind and scale (e.g. "
            "8-bit RGB for an 8-bit model), or a model that normalises each scene by its own "
            "statistics.".format(scene=", ".join(f"{x:.4g}" for x in stats.mean),
                                 model=", ".join(f"{x:.4g}" for x in mean)))
    return mean.tolist(), std.tolist(), warnings


def infer_buildings(input_path, predict, metadata, mask_path, prob_path, bands=None,
                    tile_size=None, overlap=None, batch_size=BATCH_SIZE, crf=None,
                    feedback=None, prefetch=True):
    """Classify ``input_path`` into building / other with ``predict`` (see
    :mod:`.torch_predict`) for a 2-class model described by ``metadata``.

    ``bands``: 1-based image bands in the model's input order (None = all);
    a single band given to a multi-band model is repeated, with a warning.
    ``crf``: a :class:`.dense_crf.CrfParams` to refine each tile, or None.
    ``tile_size``/``overlap`` None take the model's tile and
    :func:`default_overlap`. Writes ``mask_path`` (uint8, colour table) and
    ``prob_path`` (float32 P(building)); both appear only when complete.
    Raises ``MineWatchInputError`` before any output exists, or
    ``Cancelled`` (no output left)."""
    feedback = as_feedback(feedback)
    check_building_model(metadata)
    with open_raster(input_path) as ds:
        count = ds.count
    bands, warnings = resolve_bands(count, bands, metadata.in_channels, repeat_single_band=True)
    tile_size = int(tile_size or metadata.tile_size)
    overlap = default_overlap(tile_size, crf is not None) if overlap is None else int(overlap)
    stats = scene_statistics(input_path, bands)
    if stats.n_valid == 0:
        raise no_valid_pixel_error(bands)
    mean, std, more = scaling_and_warnings(stats, metadata)
    warnings += more
    if crf is not None:
        channels = colour_channels(bands)
        lo, hi = normalised_stretch(stats.low[channels], stats.high[channels],
                                    np.asarray(mean)[channels], np.asarray(std)[channels])
        predict = crf_predictor(predict, crf, channels, lo, hi, feedback)
    engine = TiledInference(input_path, predict, mean, std, bands=bands, tile_size=tile_size,
                            overlap=overlap, batch_size=batch_size, n_classes=2,
                            prefetch=prefetch)
    engine.check_has_data()
    counts = np.zeros(256, np.int64)
    writers = []
    try:
        mask = AtomicRasterWriter(mask_path, output_profile(engine, mask_path, "uint8", CLASS_NODATA))
        writers.append(mask)
        mask.dataset.write_colormap(1, colormap(metadata.class_table(), CLASS_NODATA))
        prob = AtomicRasterWriter(prob_path, output_profile(engine, prob_path, "float32", PROB_NODATA))
        writers.append(prob)
        with rasterio_env(), closing(engine.blocks(feedback)) as blocks:
            for block in blocks:
                counts += np.bincount(block.classes.ravel(), minlength=256)
                mask.write(block.classes, block.window)
                p = block.probs[BUILDING]
                if not block.valid.all():
                    p = np.where(block.valid, p, np.float32(PROB_NODATA))
                prob.write(p, block.window)
        for writer in writers:
            writer.commit()
    except BaseException:
        for writer in writers:
            writer.discard()
        raise
    return BuildingInference(
        mask_path, prob_path, list(bands), tile_size, overlap, int(batch_size),
        engine.grid.n_tiles, engine.n_batches, int(counts[BUILDING]), int(counts[CLASS_NODATA]),
        getattr(metadata, "input_scaling", "fixed"), list(mean), list(std), crf is not None,
        warnings)


def iter_buildings(inference, min_area_m2=MIN_AREA_M2, regularize=True, feedback=None):
    """The building outlines (:class:`.building_outlines.Outline`) of a
    finished :class:`BuildingInference`, top of the scene first; holes
    filled, outlines under ``min_area_m2`` dropped, simplified and, with
    ``regularize``, squared."""
    return iter_outlines(inference.mask_path, min_area_m2, inference.prob_path, feedback,
                         regularize)


__all__ = ["BuildingInference", "MIN_AREA_M2", "check_building_model", "default_overlap",
           "infer_buildings", "iter_buildings", "scaling_and_warnings"]
