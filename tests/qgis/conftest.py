"""Fixtures of the QGIS tests; the harness lives in ``qgis_harness``."""
from qgis_harness import plugin, qgis_process  # noqa: F401 - pytest fixtures
