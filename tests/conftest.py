"""Make the checkout importable: the plugin package ``minewatch/`` and the
development package ``devkit/`` both sit at the repository root, which
goes first on ``sys.path`` (pyproject.toml's pytest ``pythonpath`` does the
same; this file keeps a plain ``python -m pytest tests/...`` working from
any folder). The same root is what the QGIS tests put on QGIS_PLUGINPATH.
"""
import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)
