"""QGIS 4 readiness: every plugin module imports with PyQt6 as
``qgis.PyQt`` (QGIS's own classes stubbed, tests/unit/qt6_standins), the
field types resolve to Qt 6's ``QMetaType.Type``, ``QAction`` is found
where Qt 6 has it, and the dependency dialog builds and lays out under a
PyQt6 QApplication. Runs in a separate interpreter (Qt 5 and Qt 6 never
share a process); skipped where PyQt6 is not installed."""
import json
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STANDINS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "qt6_standins")
sys.path.insert(0, os.path.join(REPO, "scripts"))
from package import plugin_files  # noqa: E402

SCRIPT = """
import importlib, json, sys
sys.path[:0] = [{standins!r}, {repo!r}]
from qgis.PyQt.QtWidgets import QApplication
app = QApplication([])
result = {{"failed": {{}}}}
for name in {modules!r}:
    try:
        importlib.import_module(name)
    except Exception as exc:
        result["failed"][name] = f"{{type(exc).__name__}}: {{exc}}"
from PyQt6.QtCore import QMetaType
from minewatch.processing_provider import qgis_compat
result["field_types"] = {{kind: str(qgis_compat.field_type(kind))
                         for kind in ("int", "int64", "double", "string", "date", "bool")}}
result["metatype"] = all(isinstance(qgis_compat.field_type(k), QMetaType.Type)
                         for k in ("int", "string", "date"))
from minewatch.ui.dependency_dialog import DependencyDialog
dialog = DependencyDialog()
dialog.show()
app.processEvents()
result["dialog"] = [dialog.source.count(), dialog.install_button.text()]
print("RESULT " + json.dumps(result))
"""


def pyqt6_available():
    proc = subprocess.run([sys.executable, "-c", "import PyQt6.QtWidgets"], capture_output=True)
    return proc.returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not pyqt6_available(), reason="PyQt6 is not installed (requirements-dev.txt)")
def test_every_plugin_module_imports_under_pyqt6():
    modules = sorted("minewatch." + rel[:-3].replace("/", ".").removesuffix(".__init__")
                     for rel in plugin_files(REPO) if rel.endswith(".py"))
    modules = ["minewatch" if m == "minewatch.__init__" else m for m in modules]
    assert "minewatch.plugin" in modules and "minewatch.ui.dependency_dialog" in modules
    code = SCRIPT.format(standins=STANDINS, repo=REPO, modules=modules)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, proc.stdout + proc.stderr
    result = json.loads(lines[-1][len("RESULT "):])
    assert result["failed"] == {}
    assert result["metatype"] is True
    assert result["field_types"]["string"].endswith("QString")
    assert result["dialog"] == [3, "Install missing packages"]
