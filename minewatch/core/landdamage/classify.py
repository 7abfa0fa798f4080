"""Classify Land Damage without QGIS (methods §1): a loaded model over a
whole scene through the shared path (:func:`..inference.network_run.run_network`),
then the area of each class in m² measured on the written class map.

The Processing algorithm and the benchmark both call
:func:`classify_land_damage`, so the benchmark times what users run.
Statistics files and polygons are separate steps (:mod:`.area_report`,
:mod:`..classmap.polygons`) on the finished class map.
"""
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..classmap.areas import class_areas
from ..common.constants import CLASS_NODATA
from ..common.errors import MineWatchInputError, translatable
from ..common.messages import Message
from ..common.outputs import OutputGuard
from ..common.progress import ScaledFeedback, as_feedback
from ..inference.network_run import run_network
from ..inference.settings import ALL_BANDS, DEFAULT_TILING, overlap_for
from .area_report import REPORTED_TYPES

# default overlap: 1/8 of the tile (64 px at 512²), enough for the taper to
# hide seams at a modest extra cost ((T/(T−O))² − 1 ≈ 31 % more pixels)
OVERLAP_FRACTION = 1 / 8


def default_overlap(tile_size):
    """Overlap used when the user gives none, px (1/8 of the tile)."""
    return overlap_for(tile_size, OVERLAP_FRACTION)


@dataclass
class LandDamageResult:
    """What a run produced: the model run (``inference``, an
    :class:`..inference.network_run.InferenceResult`), the class table
    ``classes``, and ``counts``/``areas_m2`` per class index (areas on the
    ellipsoid for a geographic CRS)."""

    inference: object
    classes: tuple
    counts: np.ndarray
    areas_m2: np.ndarray

    @property
    def class_path(self):
        return self.inference.class_path

    @property
    def written(self):
        return self.inference.written


def check_land_damage_model(metadata):
    """Refuse a building model (use Extract Buildings); a warning
    (:class:`~..common.messages.Message`) when no class of the model is an
    excavation or occupation class, so every damage area would be 0."""
    from ...models.classes import BUILDING_CLASSES

    names = [n.casefold() for n in metadata.class_names]
    if names == [c.name.casefold() for c in BUILDING_CLASSES]:
        raise MineWatchInputError(translatable(
            "The model is a building model (classes: {names}); Classify Land Damage needs a "
            "land-damage model. Use Extract Buildings with this model, or give a land-damage "
            "model (empty = the shipped one)."), names=", ".join(metadata.class_names))
    if not set(metadata.damage_types) & set(REPORTED_TYPES):
        return [Message(translatable(
            "None of the model's classes ({names}) is an excavation or occupation class, so "
            "the damage areas will be 0. Check that this is the model you meant."),
            names=", ".join(metadata.class_names))]
    return []


def classify_land_damage(input_path: str, predict: Any, metadata: Any, outputs: Any, *,
                         model_input: Any = ALL_BANDS, tiling: Any = DEFAULT_TILING,
                         feedback: Any = None, progress_span: float = 100.0, engines: Any = None,
                         resample: bool = True) -> Any:
    """Classify ``input_path`` with ``predict`` (see
    :mod:`..inference.torch_predict`) for a model described by
    ``metadata`` (a ``ModelMetadata``). ``outputs``: a
    :class:`..inference.writers.RasterOutputs` (the uint8 class map, 255 =
    nodata, with colour table, class names and ``.qml``; optionally the
    winning class's probability). Tile size/overlap left None take the
    model's tile and :func:`default_overlap`. Progress maps onto
    0 … ``progress_span`` %. ``engines``: where the tiles run (default
    in-process; :class:`..scaleout.tiled.ClusterEngines` for a Dask
    cluster, with the same result). ``resample``: an image whose pixel size
    differs from the model's by 1.5× or more is classified at the model's
    (outputs on the image's grid; ``inference/resample.py``).

    Raises ``MineWatchInputError`` (bands, tiling, all-nodata image) before
    any output exists, or ``Cancelled``; on either, no output this call
    started is left behind."""
    feedback = as_feedback(feedback)
    warnings = check_land_damage_model(metadata)
    tiling = tiling.resolve(metadata.tile_size, OVERLAP_FRACTION)
    with OutputGuard() as guard:
        inference = run_network(input_path, predict, metadata, outputs, model_input=model_input, tiling=tiling,
                              feedback=ScaledFeedback(feedback, 0, 0.95 * progress_span),
                              engines=engines, resample=resample)
        guard.wrote(*inference.written)
        # areas from the written map: exact per row on a geographic grid
        counts, areas = class_areas(outputs.class_path, metadata.num_classes, CLASS_NODATA,
                                    ScaledFeedback(feedback, 0.95 * progress_span,
                                                   0.05 * progress_span))
    inference.warnings = warnings + inference.warnings
    return LandDamageResult(inference, metadata.class_table(), counts, areas)


__all__ = ["LandDamageResult", "OVERLAP_FRACTION", "check_land_damage_model", "classify_land_damage",
           "default_overlap"]
