"""Extract Buildings without QGIS (patent step 1, methods §2): a building
segmentation model (SegNet or U-Net) over the scene through the shared path
(:func:`..inference.network_run.run_network`), each tile refined by a dense
CRF before the tiles are blended, then regular building outlines.

:func:`infer_buildings` writes the building mask (uint8: 0 other,
1 building, 255 nodata; colour table, class names, ``.qml``) and the
building probability (float32 P(building), −1 nodata) on the input's grid;
:func:`iter_buildings` turns them into outlines (:mod:`.outlines`). Both
stream: the scene is never held whole. The Processing algorithm and the
benchmark call the same two functions.

The CRF's colour term needs bands on a 0–255 scale: the scene statistics
that the shared path reads anyway give the 2–98 % stretch
(:mod:`.crf_predict`).
"""
from typing import Any, Iterator, Optional, Sequence

import numpy as np

from ..common.errors import MineWatchInputError, translatable
from ..inference.network_run import run_network
from ..inference.settings import DEFAULT_TILING, ModelInput, overlap_for
from ..inference.writers import RasterOutputs
from .crf_predict import CrfWrap, colour_channels, crf_predictor, normalised_stretch
from .outlines import iter_outlines

BUILDING = 1
MIN_AREA_M2 = 20.0
# default overlap: 1/4 of the tile with the CRF (128 px at 512²: its
# θα = 80 px kernel reaches far, and a tile's border pixels lack context on
# one side), 1/8 without (64 px)
OVERLAP_FRACTION_CRF = 1 / 4
OVERLAP_FRACTION = 1 / 8
def overlap_fraction(use_crf=True):
    """The share of the tile used as overlap when the user gives none."""
    return OVERLAP_FRACTION_CRF if use_crf else OVERLAP_FRACTION


def default_overlap(tile_size, use_crf=True):
    """Overlap when the user gives none, px (see :func:`overlap_fraction`)."""
    return overlap_for(tile_size, overlap_fraction(use_crf))


def check_building_model(metadata):
    """Refuse a model that is not a two-class (other, building) model."""
    if metadata.num_classes != 2:
        raise MineWatchInputError(translatable(
            "The model has {k} classes ({names}); Extract Buildings needs a building model "
            "with 2 classes, 0 other and 1 building (e.g. SegNet trained on building "
            "labels). Give such a model file."),
            k=metadata.num_classes, names=", ".join(metadata.class_names))


def crf_refiner(params):
    """The ``refine`` hook of :func:`..inference.network_run.run_network` that
    passes each tile's probabilities through the dense CRF with ``params``
    (a :class:`.dense_crf.CrfParams`), its colours stretched between the
    scene's 2 and 98 % percentiles."""
    def refine(predict, prepared, feedback):
        channels = colour_channels(prepared.bands)
        stats = prepared.stats
        lo, hi = normalised_stretch(stats.low[channels], stats.high[channels],
                                    np.asarray(prepared.mean)[channels],
                                    np.asarray(prepared.std)[channels])
        refined = crf_predictor(predict, params, channels, lo, hi, feedback)
        # what a cluster's workers need to wrap their own predict the same way
        refined.wrap = CrfWrap(params, tuple(channels), tuple(lo), tuple(hi))
        refine.made.append(refined)
        return refined

    refine.made = []
    return refine


def crf_fallback_tiles(refine):
    """(tiles whose CRF result was replaced by the network's mask, tiles)
    over the predictors ``refine`` made in this process."""
    return (sum(p.fallback_tiles for p in refine.made), sum(p.tiles for p in refine.made))


def crf_kept_share(refine):
    """The share of the network's building pixels the CRF kept over the
    predictors ``refine`` (a :func:`crf_refiner`) made and ran in this
    process; None when none ran here (a cluster's workers) or the network
    found no building."""
    network = sum(p.kept_pixels[0] for p in refine.made)
    kept = sum(p.kept_pixels[1] for p in refine.made)
    return kept / network if network else None


def infer_buildings(input_path: str, predict: Any, metadata: Any, mask_path: str, prob_path: str, *,
                    bands: Optional[Sequence[int]] = None, tiling: Any = DEFAULT_TILING,
                    crf: Any = None, feedback: Any = None, engines: Any = None,
                    resample: bool = True) -> Any:
    """Classify ``input_path`` into building / other with ``predict`` (see
    :mod:`..inference.torch_predict`) for a 2-class model described by
    ``metadata``.

    ``bands``: 1-based image bands in the model's input order (None = all);
    a single band given to a multi-band model is repeated, with a warning.
    ``crf``: a :class:`.dense_crf.CrfParams` to refine each tile, or None;
    the result's ``crf_kept_share`` is then the share of the network's
    building pixels the CRF kept (:func:`crf_kept_share`; None without it).
    Tile size/overlap left None in ``tiling`` take the model's tile and
    :func:`default_overlap`. Writes ``mask_path`` (uint8, colour table,
    styled) and ``prob_path`` (float32 P(building)); both appear only when
    complete. Raises ``MineWatchInputError`` before any output exists, or
    ``Cancelled`` (no output left). Returns an
    :class:`..inference.network_run.InferenceResult`. ``engines``: where the
    tiles run (see :func:`..inference.network_run.classify_raster`); ``resample``:
    see :func:`..inference.network_run.run_network`."""
    check_building_model(metadata)
    tiling = tiling.resolve(metadata.tile_size, overlap_fraction(crf is not None))
    outputs = RasterOutputs(mask_path, prob_path, prob_class=BUILDING)
    model_input = ModelInput(None if bands is None else tuple(bands), repeat_single_band=True)
    refine = None if crf is None else crf_refiner(crf)
    result = run_network(input_path, predict, metadata, outputs, model_input=model_input, tiling=tiling,
                       refine=refine, feedback=feedback, engines=engines, resample=resample)
    result.crf_kept_share = None if refine is None else crf_kept_share(refine)
    result.crf_fallback = None if refine is None else crf_fallback_tiles(refine)
    return result


def iter_buildings(inference: Any, min_area_m2: float = MIN_AREA_M2, regularize: bool = True,
                   feedback: Any = None, dropped: Optional[dict] = None) -> Iterator[Any]:
    """The building outlines (:class:`.outlines.Outline`) of a finished
    :func:`infer_buildings` run, top of the scene first; holes filled,
    outlines under ``min_area_m2`` dropped (counted in ``dropped``, see
    :func:`.outlines.iter_outlines`), simplified and, with ``regularize``,
    squared."""
    return iter_outlines(inference.class_path, min_area_m2, inference.prob_path, feedback,
                         regularize, dropped=dropped)


__all__ = ["BUILDING", "MIN_AREA_M2", "check_building_model", "crf_fallback_tiles", "crf_kept_share",
           "crf_refiner", "default_overlap",
           "infer_buildings", "iter_buildings", "overlap_fraction"]
