"""Tiled inference on a Dask cluster: the scene is cut into strips of tile
rows; each worker loads the model file once and runs the very engine of
the in-process path on its strips (:meth:`..inference.engine.TiledInference.blocks`
with ``tile_rows``: each strip also predicts the row of tiles above it),
and the client writes the strips' blocks in order into the one output, so
the class map equals the in-process one pixel for pixel.

The client holds at most ``2 × workers`` strips in flight, so its memory
stays flat in the scene size; Cancel cancels the futures; a worker's
failure is raised with the worker's traceback.
"""
from dataclasses import dataclass

import numpy as np

from ..common.progress import as_feedback
from ..inference.engine import Block, TiledInference
from ..inference.settings import ModelInput

# strips per worker: enough to balance uneven strips, few enough to keep
# the halo rows (predicted twice) a small share
STRIPS_PER_WORKER = 4
# a strip's results (class, probability and validity per pixel) stay under
# this, so the client's memory grows with the scene's width only, as the
# in-process engine's does; but a strip has at least 3 rows of tiles, so
# its halo row (predicted twice) is at most a third of the work
STRIP_BYTES = 64 * 2**20
MIN_STRIP_ROWS = 3

_MODELS: dict = {}  # on a worker: the last model loaded, {(file, stat, device, arithmetic): predict}


def worker_predictor(model_file, device="cpu", torch_threads=0, precision="fp32"):
    """The ``predict`` of a model file on this worker, loaded once per
    worker process — again when the file changes (retrained into the same
    name); only the last model is kept. ``torch_threads`` > 0 sets torch's
    threads (Dask starts workers with one thread for numerical libraries)."""
    import os

    stat = os.stat(model_file)
    key = (model_file, stat.st_mtime_ns, stat.st_size, device, precision)
    if key not in _MODELS:
        import torch

        from ...models.checkpoint import load_checkpoint
        from ..inference.torch_predict import torch_predictor

        if torch_threads:
            torch.set_num_threads(torch_threads)
        model, _ = load_checkpoint(model_file, device)
        _MODELS.clear()
        _MODELS[key] = torch_predictor(model, device, precision=precision)
    return _MODELS[key]


@dataclass(frozen=True)
class StripJob:
    """What a worker needs to run one strip: plain values, shipped to it."""

    path: str
    model_file: str
    device: str
    mean: tuple
    std: tuple
    bands: tuple
    tiling: object
    n_classes: int
    want_probs: bool
    wrap: object = None  # e.g. the dense CRF around the model (picklable)
    torch_threads: int = 0  # 0: as the worker was started
    precision: str = "fp32"  # the client's resolved arithmetic, the same on every worker


def run_strip(job, first_row, end_row):
    """On a worker: the blocks of tile rows ``first_row`` … ``end_row`` − 1
    as (window, classes, max_prob, valid, probs or None) tuples."""
    predict = worker_predictor(job.model_file, job.device, job.torch_threads, job.precision)
    if job.wrap is not None:
        predict = job.wrap(predict)
    engine = TiledInference(job.path, predict, job.mean, job.std, ModelInput(job.bands),
                            job.tiling, job.n_classes)
    out = []
    for block in engine.blocks(tile_rows=(first_row, end_row)):
        out.append((block.window, block.classes, block.max_prob, block.valid,
                    block.probs.copy() if job.want_probs else None))
    return out


def strips(n_rows, n_strips):
    """(first row, end row) of up to ``n_strips`` strips of tile rows."""
    edges = np.unique(np.linspace(0, n_rows, min(n_rows, n_strips) + 1).round().astype(int))
    return list(zip(edges[:-1].tolist(), edges[1:].tolist()))


class ClusterInference(TiledInference):
    """A :class:`TiledInference` whose :meth:`blocks` come from the workers
    of ``client`` running ``model_file``; everything else (checks, grid,
    writers) is the in-process engine's."""

    def __init__(self, client, model_file, device, path, predict, mean, std,
                 model_input, tiling, n_classes, want_probs=False, precision="fp32"):
        super().__init__(path, predict, mean, std, model_input, tiling, n_classes)
        self.client, self.model_file, self.device = client, model_file, device
        self.precision = precision
        # the values themselves: workers normalise exactly as this process would
        self.mean = tuple(float(v) for v in np.ravel(mean))
        self.std = tuple(float(v) for v in np.ravel(std))
        self.want_probs = want_probs
        self.wrap = getattr(predict, "wrap", None)

    def strip_rows(self, workers):
        """Tile rows per strip: enough strips to balance the workers, each
        small enough for the client to hold (:data:`STRIP_BYTES`), and at
        least :data:`MIN_STRIP_ROWS` so the halo rows stay a small share."""
        per_pixel = 6 + (4 * (self.n_classes or 2) if self.want_probs else 0)
        fit = STRIP_BYTES // (per_pixel * self.width * self.grid.stride)
        balanced = -(-self.grid.n_rows // (STRIPS_PER_WORKER * workers))
        return max(MIN_STRIP_ROWS, min(fit, balanced))

    def job(self):
        return StripJob(self.path, self.model_file, self.device, self.mean, self.std,
                        tuple(self.bands), self.tiling, self.n_classes, self.want_probs,
                        self.wrap, local_torch_threads(self.client), self.precision)

    def blocks(self, feedback=None, tile_rows=None):
        from .ordered import ordered_results, total_threads

        feedback = as_feedback(feedback)
        workers = total_threads(self.client)
        pieces = strips(self.grid.n_rows,
                        -(-self.grid.n_rows // self.strip_rows(workers)))
        results = ordered_results(self.client, _run_piece, pieces, (self.job(),), feedback)
        for index, result in enumerate(results):
            for window, classes, max_prob, valid, probs in result:
                yield Block(window, probs, valid, classes, max_prob)
            feedback.setProgress(100.0 * (index + 1) / len(pieces))


def local_torch_threads(client):
    """Torch threads per worker when all workers run on this machine (a
    LocalCluster): its cores shared among them; 0 (leave as started) for a
    remote cluster, whose workers are started with their own settings."""
    import os

    workers = list(client.scheduler_info()["workers"].values())
    hosts = {str(w.get("host", "")) for w in workers}
    if not workers or not hosts <= {"127.0.0.1", "localhost"}:
        return 0
    return max(1, (os.cpu_count() or 1) // len(workers))


def _run_piece(piece, job):
    """:func:`run_strip` with the strip first (the shape of ``ordered_results``)."""
    return run_strip(job, *piece)


class ClusterEngines:
    """An engine factory for :func:`..inference.network_run.run_network`: the
    cluster's engine for ``model_file`` on ``device`` in ``precision``."""

    def __init__(self, client, model_file, device="cpu", precision="fp32"):
        self.client, self.model_file, self.device = client, model_file, device
        self.precision = precision

    def __call__(self, path, predict, mean, std, model_input, tiling, n_classes,
                 want_probs=False):
        return ClusterInference(self.client, self.model_file, self.device, path, predict, mean,
                                std, model_input, tiling, n_classes, want_probs, self.precision)


__all__ = ["ClusterEngines", "ClusterInference", "StripJob", "run_strip", "strips",
           "worker_predictor"]
