"""MineWatch: mine monitoring by remote sensing, as a QGIS Processing provider.

This file must stay importable without QGIS and without the scientific
stack: the engine in ``core`` and ``models`` is imported as
``minewatch.core`` by tests and by tools that never start QGIS.
"""


def classFactory(iface):  # noqa: N802 - name fixed by QGIS
    """Entry point QGIS calls to create the plugin; ``iface`` may be None."""
    from .plugin import MineWatchPlugin

    return MineWatchPlugin(iface)
