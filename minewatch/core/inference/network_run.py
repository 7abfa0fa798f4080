"""The one path by which every algorithm runs a network over a scene.

:func:`run_network` takes a ``predict`` callable (:mod:`.torch_predict`), the
model's metadata (``ModelMetadata``: classes, colours, band statistics,
tile size, input scaling) and the files to write (:class:`.writers.RasterOutputs`),
and does, in this order, for Classify Land Damage and Extract Buildings
alike:

1. :func:`prepare_run` — bands in the model's order, the scene's
   statistics, the normalisation (stored or the scene's own) and the
   warnings (single band repeated, values foreign to the model);
2. the task's ``refine`` hook, if any, wraps ``predict`` (the dense CRF of
   Extract Buildings);
3. :func:`classify_raster` — the exact check that the image holds a valid
   pixel (before any file is created), tiled inference, blending and
   streaming writes (:mod:`.engine`, :mod:`.writers`);
4. :func:`style_class_map` — class names in the file and a ``.qml`` beside
   it.

Whatever fails or is cancelled, no file this call started is left behind.
The task then adds only what is its own (areas and polygons of land
damage; building outlines).
"""
import os
from dataclasses import dataclass, field, replace
from typing import Any, Optional, Sequence

import numpy as np

from ..classmap.style import colormap, label_class_raster, write_qml
from ..common.constants import CLASS_NODATA
from ..common.errors import translatable
from ..common.messages import Message
from ..common.outputs import OutputGuard
from ..common.progress import ScaledFeedback, as_feedback
from ..raster.band_names import bands_by_name
from ..raster.raster_io import check_georeferenced, open_raster
from .engine import TiledInference, resolve_bands
from .resample import (
    class_counts,
    model_grid_view,
    resampling_factor,
    scratch_folder,
    to_input_grid,
)
from .scene_scaling import model_scaling, scene_statistics
from .settings import ALL_BANDS, DEFAULT_TILING, ModelInput, Tiling
from .writers import RasterOutputs, write_blocks


@dataclass
class InferenceResult:
    """What a run did. ``class_counts[k]``: pixels of class k (K =
    ``n_classes``); ``nodata_count``: pixels without a class;
    ``pixel_area``: one pixel in CRS units² (m² for a projected CRS in
    metres); ``bands``: the 1-based image bands fed to the model;
    ``scaling`` "fixed"/"scene" with the ``mean``/``std`` applied;
    ``warnings``: :class:`~..common.messages.Message` s for the user;
    ``written``: every file written (class map, its ``.aux.xml`` and
    ``.qml``, probability rasters)."""

    outputs: RasterOutputs
    tiling: Tiling
    n_tiles: int
    n_batches: int
    n_classes: int
    class_counts: np.ndarray
    nodata_count: int
    pixel_area: float
    crs_wkt: str = ""
    bands: list = field(default_factory=list)
    scaling: str = "fixed"
    mean: list = field(default_factory=list)
    std: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    qml_path: str = ""
    written: list = field(default_factory=list)
    # the image's pixel size over the model's when the run read it resampled
    # to the model's (``resample.py``); None when it ran on the image's grid
    resampled_by: Optional[float] = None

    @property
    def class_path(self):
        return self.outputs.class_path

    @property
    def prob_path(self):
        return self.outputs.prob_path

    @property
    def tile_size(self):
        return self.tiling.tile_size

    @property
    def overlap(self):
        return self.tiling.overlap

    @property
    def batch_size(self):
        return self.tiling.batch_size


def classify_raster(path: str, predict: Any, mean: Sequence[float], std: Sequence[float], outputs: Any, *,
                    model_input: Any = ALL_BANDS, tiling: Any = DEFAULT_TILING,
                    n_classes: Optional[int] = None, feedback: Any = None,
                    engines: Any = None) -> Any:
    """Classify the raster at ``path`` with ``predict`` normalising each
    model input band with ``mean``/``std`` (raw image units) and write
    ``outputs`` (a :class:`.writers.RasterOutputs`) on the input's grid
    and CRS; each file appears only when complete.

    Raises :class:`MineWatchInputError` (bad bands or tiling, an all-nodata
    image — checked before any output is created) or ``Cancelled``.
    ``engines``: a factory of the engine (default in-process; e.g.
    :class:`..scaleout.tiled.ClusterEngines` for a Dask cluster).
    Returns an :class:`InferenceResult`."""
    if engines is None:
        engine = TiledInference(path, predict, mean, std, model_input, tiling, n_classes)
    else:
        want_probs = outputs.prob_class is not None or bool(outputs.probabilities_path)
        engine = engines(path, predict, mean, std, model_input, tiling, n_classes, want_probs)
    engine.check_has_data()
    counts = write_blocks(engine, outputs, feedback)
    k = engine.n_classes
    return InferenceResult(
        outputs, engine.tiling, engine.grid.n_tiles, engine.n_batches, k,
        counts[:k].copy(), int(counts[CLASS_NODATA]), engine.pixel_area,
        engine.crs.to_wkt() if engine.crs else "", list(engine.bands), "fixed",
        [float(x) for x in mean], [float(x) for x in std], list(engine.warnings),
        written=[p for p in (outputs.class_path, outputs.prob_path,
                             outputs.probabilities_path) if p])


@dataclass
class PreparedRun:
    """The inputs of a run, checked: the 1-based image ``bands`` in the
    model's order, the scene's :class:`.scene_scaling.SceneStatistics`,
    the normalisation ``mean``/``std`` and its kind ``scaling``, and the
    ``warnings`` so far."""

    bands: list
    stats: object
    mean: list
    std: list
    scaling: str
    warnings: list


def prepare_run(input_path, metadata, model_input=ALL_BANDS):
    """Refuse an image without georeferencing, resolve the bands and choose
    the normalisation (see
    :func:`.scene_scaling.model_scaling`; a model that normalises by the
    scene refuses a scene whose sample holds no valid pixel)."""
    with open_raster(input_path) as ds:
        check_georeferenced(ds, input_path)
        chosen, named = model_input.bands, []
        if not chosen:
            # bands described by name (red, green, blue, nir …) are fed by
            # name, whatever their order in the file
            by_name = bands_by_name(list(ds.descriptions), list(metadata.band_names))
            if by_name and by_name != list(range(1, len(by_name) + 1)):
                chosen = by_name
                named.append(Message(translatable(
                    "The image's bands are described by name, so they are fed to the model by "
                    "name: {mapping}. Give BANDS to choose them yourself."),
                    mapping=", ".join(f"{name} ← band {b}" for name, b in
                                      zip(metadata.band_names, by_name))))
        bands, warnings = resolve_bands(ds.count, chosen, metadata.in_channels,
                                        model_input.repeat_single_band)
        warnings = named + warnings
    stats = scene_statistics(input_path, bands)
    mean, std, more = model_scaling(stats, metadata)
    return PreparedRun(bands, stats, mean, std, getattr(metadata, "input_scaling", "fixed"),
                       warnings + more)


def style_class_map(class_path, classes):
    """Class names in the class map's file and a ``.qml`` style beside it;
    returns the files written (the ``.aux.xml`` and the ``.qml``)."""
    label_class_raster(class_path, classes)
    return [class_path + ".aux.xml", write_qml(class_path, classes)]


def run_network(input_path, predict, metadata, outputs, *, model_input=ALL_BANDS,
                tiling=DEFAULT_TILING, refine=None, feedback=None, engines=None, resample=True):
    """Run a model described by ``metadata`` over ``input_path`` and write
    ``outputs`` (the class map gets the model's colours, class names and a
    ``.qml``). ``tiling`` must have its sizes set
    (:meth:`.settings.Tiling.resolve`). ``refine(predict, prepared,
    feedback)``: the task's hook returning the ``predict`` to use (e.g. a
    dense CRF per tile), given the :class:`PreparedRun`. ``engines``: see
    :func:`classify_raster`. ``resample``: read the image at the model's
    pixel size when the two differ by 1.5× or more (``resample.py``), the
    outputs still on the image's grid.

    Raises ``MineWatchInputError`` before any output exists, or
    ``Cancelled``; on any failure no file this call started is left.
    Returns an :class:`InferenceResult`."""
    feedback = as_feedback(feedback)
    classes = metadata.class_table()
    prepared = prepare_run(input_path, metadata, model_input)
    if refine is not None:
        predict = refine(predict, prepared, feedback)
    if outputs.class_colormap is None:
        outputs = replace(outputs, class_colormap=colormap(classes, CLASS_NODATA))
    factor = resampling_factor(input_path, metadata.gsd_m) if resample else None
    with OutputGuard() as guard:
        if factor is None:
            result = classify_raster(
                input_path, predict, prepared.mean, prepared.std, outputs,
                model_input=ModelInput(tuple(prepared.bands)), tiling=tiling,
                n_classes=metadata.num_classes, feedback=feedback, engines=engines)
        else:
            result = _run_at_model_pixel_size(input_path, predict, metadata, outputs, prepared,
                                              tiling, feedback, engines, guard)
            result.resampled_by = factor
        guard.wrote(*result.written)
        styles = style_class_map(outputs.class_path, classes)
        guard.wrote(*styles)
    result.written += styles
    result.qml_path = styles[-1]
    result.scaling = prepared.scaling
    result.warnings = prepared.warnings  # the engine saw resolved bands: nothing to add
    return result


def _run_at_model_pixel_size(input_path, predict, metadata, outputs, prepared, tiling, feedback,
                             engines, guard):
    """:func:`classify_raster` on a view of the image at the model's pixel
    size, its outputs warped back onto the image's grid (``resample.py``);
    the counts are those of the class map on the image's grid."""
    import shutil

    scratch = scratch_folder(outputs.class_path)
    try:
        view = model_grid_view(input_path, metadata.gsd_m, os.path.join(scratch, "view.vrt"))
        inner = replace(outputs, class_path=os.path.join(scratch, "classes.tif"),
                        prob_path=os.path.join(scratch, "prob.tif") if outputs.prob_path else "",
                        probabilities_path=(os.path.join(scratch, "probs.tif")
                                            if outputs.probabilities_path else ""))
        result = classify_raster(view, predict, prepared.mean, prepared.std, inner,
                                 model_input=ModelInput(tuple(prepared.bands)), tiling=tiling,
                                 n_classes=metadata.num_classes,
                                 feedback=ScaledFeedback(feedback, 0, 85), engines=engines)
        pairs = [(inner.class_path, outputs.class_path, True),
                 (inner.prob_path, outputs.prob_path, False),
                 (inner.probabilities_path, outputs.probabilities_path, False)]
        pairs = [p for p in pairs if p[0]]
        for index, (source, target, categorical) in enumerate(pairs):
            guard.wrote(target)
            span = 15 / len(pairs)
            to_input_grid(source, target, input_path, categorical,
                          colormap=outputs.class_colormap if categorical else None,
                          feedback=feedback, span=(85 + index * span, span))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    counts = class_counts(outputs.class_path)
    with open_raster(input_path) as ds:
        pixel_area = abs(ds.transform.a * ds.transform.e - ds.transform.b * ds.transform.d)
    result.outputs = outputs
    result.class_counts = counts[:result.n_classes].copy()
    result.nodata_count = int(counts[CLASS_NODATA])
    result.pixel_area = pixel_area
    result.written = [target for _, target, _ in pairs]
    return result


__all__ = ["InferenceResult", "PreparedRun", "classify_raster", "prepare_run", "run_network",
           "style_class_map"]
