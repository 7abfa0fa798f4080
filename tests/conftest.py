"""Make the checkout importable as the package ``minewatch``.

The checkout folder may have any name (CI clones into a temporary one), so
``build/plugins/minewatch`` is a symlink to the repository root and
``build/plugins`` goes first on ``sys.path``. The same folder is what the
QGIS tests put on ``QGIS_PLUGINPATH``.
"""
import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGINS_DIR = os.path.join(REPO_ROOT, "build", "plugins")
LINK = os.path.join(PLUGINS_DIR, "minewatch")


def _ensure_plugin_link():
    os.makedirs(PLUGINS_DIR, exist_ok=True)
    if os.path.islink(LINK) and os.path.realpath(LINK) == REPO_ROOT:
        return
    if os.path.lexists(LINK):
        os.remove(LINK)
    os.symlink(REPO_ROOT, LINK)


_ensure_plugin_link()
if PLUGINS_DIR not in sys.path:
    sys.path.insert(0, PLUGINS_DIR)
