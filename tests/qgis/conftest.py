"""Fixtures of the QGIS tests; the harness lives in ``qgis_harness``.
The QGIS-free test libraries of tests/unit (scene writers, feedback stubs)
are importable here too; appended, so a module here wins over a namesake."""
import os
import sys

sys.path.append(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "unit"))

from qgis_harness import plugin, qgis_process  # noqa: E402,F401 - pytest fixtures
