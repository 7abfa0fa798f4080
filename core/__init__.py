"""QGIS-free engine of MineWatch.

Everything under ``core`` works on numpy arrays, file paths and windows
with explicit inputs and outputs, so it can be tested without QGIS and
mapped over tiles by a distributed runner. Nothing here may import
``qgis``.
"""
