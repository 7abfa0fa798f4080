"""QGIS-free engine of MineWatch, one subpackage per pipeline.

Everything under ``core`` works on numpy arrays, file paths and windows
with explicit inputs and outputs, so it can be tested without QGIS and
mapped over tiles by a distributed runner. Nothing here may import
``qgis``; torch is imported only inside the functions that run a network.

Where things live (docs/methods.md section → package):

* ``insar``      — PS-InSAR: PS candidates (§3 amplitude dispersion), PS
  tables and dates, PS on buildings, the step / gradient / cumulative
  cascade (§3), suspected sites and licensed areas;
* ``landdamage`` — Classify Land Damage (§1) and its area statistics;
* ``buildings``  — Extract Buildings (§2): dense CRF, outlines, squaring;
* ``training``   — sample sets, augmentation, class balance, losses, the
  trainer and the model comparison (§1 training and comparison);
* ``evaluation`` — confusion matrix, IoU/recall/precision/kappa, reports
  (§1 evaluation);
* ``inference``  — the one tiled model-inference path every model-running
  algorithm uses (tiles, normalisation, blending, writing);
* ``classmap``   — class tables, colours/styles, areas and polygons of a
  class raster;
* ``raster``     — raster I/O, windows, rasterising;
* ``common``     — constants, messages and errors, progress/cancel,
  partial-output clean-up, dependencies, device, HTML helpers.

Dependencies point downwards: task packages → ``inference``/``classmap``
→ ``raster`` → ``common``.
"""
