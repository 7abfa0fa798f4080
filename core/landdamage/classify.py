"""Classify Land Damage without QGIS: a loaded model over a whole scene,
the class map labelled and styled, and its areas per class (m²).

The Processing algorithm and the benchmark both call
:func:`classify_land_damage`, so the benchmark times what users run.
Statistics files and polygons are separate steps (:mod:`.class_report`,
:mod:`.class_polygons`) on the finished class map.
"""
import os
from dataclasses import dataclass, field

import numpy as np

from ..classmap.areas import class_areas
from ..classmap.style import colormap, label_class_raster, qml_path, write_qml
from ..common.progress import ScaledFeedback, as_feedback
from ..inference.scene_scaling import scene_normalisation
from ..inference.engine import BATCH_SIZE, CLASS_NODATA, classify_raster


def default_overlap(tile_size):
    """Overlap used when the user gives none: 1/8 of the tile (64 px at
    512²), enough for the taper to hide seams at a modest extra cost
    ((T/(T−O))² − 1 ≈ 31 % more pixels through the model)."""
    return max(0, int(tile_size) // 8)


@dataclass
class LandDamageResult:
    """What a run produced: ``counts``/``areas_m2`` per class index (areas
    on the ellipsoid for a geographic CRS), the engine's
    :class:`~.tiled_inference.ClassificationResult` as ``engine``, the
    tiling used and the written file paths."""

    classes: tuple
    counts: np.ndarray
    areas_m2: np.ndarray
    engine: object
    tile_size: int
    overlap: int
    batch_size: int
    class_path: str
    prob_path: str = ""
    qml_path: str = ""
    written: list = field(default_factory=list)


def classify_land_damage(input_path, predict, metadata, class_path, prob_path=None,
                         bands=None, tile_size=None, overlap=None, batch_size=BATCH_SIZE,
                         feedback=None, progress_span=100.0):
    """Classify ``input_path`` with ``predict`` (see :mod:`.torch_predict`)
    for a model described by ``metadata`` (a ``ModelMetadata``: classes,
    colours, band statistics, tile size). Writes the uint8 class map to
    ``class_path`` (255 = nodata, colour table, class names, ``.qml``
    beside it) and, when given, the winning class's probability to
    ``prob_path``. A model whose ``input_scaling`` is "scene" gets the
    image's own band mean/std (:mod:`.scene_scaling`) instead of the stored
    ones. ``tile_size``/``overlap`` None take the model's tile and
    :func:`default_overlap`. Progress maps onto 0 … ``progress_span`` %.

    Raises ``MineWatchInputError`` (bands, tiling, all-nodata image) before
    any output exists, or ``Cancelled``; on either, no output this call
    started is left behind."""
    feedback = as_feedback(feedback)
    classes = metadata.class_table()
    tile_size = int(tile_size or metadata.tile_size)
    overlap = default_overlap(tile_size) if overlap is None else int(overlap)
    mean, std = metadata.band_mean, metadata.band_std
    if getattr(metadata, "input_scaling", "fixed") == "scene":
        # the model standardises each scene with its own band statistics
        mean, std = scene_normalisation(input_path, bands, metadata.in_channels)
    written = []
    try:
        engine = classify_raster(
            input_path, predict, mean, std, class_path, prob_path,
            bands=bands, tile_size=tile_size, overlap=overlap, batch_size=batch_size,
            n_classes=metadata.num_classes, class_colormap=colormap(classes, CLASS_NODATA),
            feedback=ScaledFeedback(feedback, 0, 0.95 * progress_span))
        written += [p for p in (class_path, prob_path) if p]
        label_class_raster(class_path, classes)
        written.append(class_path + ".aux.xml")
        style = write_qml(class_path, classes)
        written.append(style)
        # areas from the written map: exact per row on a geographic grid
        counts, areas = class_areas(class_path, metadata.num_classes, CLASS_NODATA,
                                    ScaledFeedback(feedback, 0.95 * progress_span,
                                                   0.05 * progress_span))
    except BaseException:
        remove_files(written)
        raise
    return LandDamageResult(classes, counts, areas, engine, tile_size, overlap, int(batch_size),
                            class_path, prob_path or "", style, written)


def remove_files(paths):
    """Delete the files a cancelled or failed run wrote (missing ones are fine)."""
    for path in paths:
        try:
            if path and os.path.isfile(path):
                os.remove(path)
        except OSError:
            pass


__all__ = ["LandDamageResult", "classify_land_damage", "default_overlap", "qml_path",
           "remove_files"]
