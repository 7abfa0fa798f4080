"""The engine must import without QGIS."""
import sys


def test_core_imports_without_qgis():
    import minewatch.core  # noqa: F401
    import minewatch.models  # noqa: F401

    assert "qgis" not in sys.modules
