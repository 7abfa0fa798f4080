"""QGIS-free engine of MineWatch, one subpackage per pipeline.

Everything under ``core`` works on numpy arrays, file paths and windows
with explicit inputs and outputs, so it can be tested without QGIS and
mapped over tiles by a distributed runner. Nothing here may import
``qgis``; torch is imported only inside the functions that run a network.

Where things live (docs/methods.md section → package):

* ``insar``      — PS-InSAR: PS candidates (§3 amplitude dispersion), PS
  tables and dates (EGMS, StaMPS, MintPy/LiCSBAS), PS on buildings, the
  subsidence-bowl detector with its per-PS model and tiles, the step /
  gradient / cumulative cascade (§3), suspected sites, licensed areas and
  the inspector's report;
* ``imagery``    — image preparation: clouds and their shadows,
  radiometric harmonisation of a later image to an earlier one;
* ``landdamage`` — Classify Land Damage (§1), its area statistics and the
  yearly change between two class maps (transitions, polygons, report);
* ``buildings``  — Extract Buildings (§2): dense CRF, outlines, squaring;
* ``training``   — sample sets, augmentation, class balance, losses, the
  trainer and its schedule plan, self-supervised pretraining, varied
  looks, the start from another model, and the model comparison (§1
  training and comparison);
* ``evaluation`` — confusion matrix, IoU/recall/precision/kappa, reports
  (§1 evaluation);
* ``inference``  — the one tiled model-inference path every model-running
  algorithm uses (tiles, normalisation, blending, writing);
* ``classmap``   — class tables, colours/styles, areas and polygons of a
  class raster;
* ``raster``     — raster I/O, windows, rasterising;
* ``common``     — constants, messages and errors, progress/cancel,
  partial-output clean-up, dependencies, device, HTML helpers;
* ``scaleout``   — the same engine functions on a Dask cluster (optional).

Dependencies point downwards: task packages → ``inference``/``classmap``
→ ``raster`` → ``common``.
"""
