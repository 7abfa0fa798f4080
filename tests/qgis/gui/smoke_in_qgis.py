"""Run inside the QGIS desktop (``qgis --code``) by test_gui_smoke.py:
checks the MineWatch menu, opens every MineWatch algorithm dialog and the
dependency dialog, grabs screenshots, loads a styled result, and writes
what it saw to ``$MINEWATCH_SMOKE_OUT/smoke.json``; then quits QGIS."""
import json
import os
import traceback

from qgis.core import Qgis, QgsApplication, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import QCoreApplication, QTimer
from qgis.utils import iface, plugins

OUT = os.environ["MINEWATCH_SMOKE_OUT"]
STYLED = os.environ.get("MINEWATCH_SMOKE_STYLED", "")
errors = []


def on_message(message, tag, level):
    # Python errors reach the log as critical messages with a traceback
    if level >= Qgis.Critical or "Traceback" in message:
        errors.append(f"{tag}: {message}")


QgsApplication.messageLog().messageReceived.connect(on_message)


def settle(rounds=20):
    for _ in range(rounds):
        QCoreApplication.processEvents()


def grab(widget, name):
    path = os.path.join(OUT, name)
    widget.grab().save(path)
    return path


def run():
    result = {"plugin_loaded": "minewatch" in plugins, "menu": [], "dialogs": [],
              "screenshots": [], "errors": errors}
    try:
        import processing

        for action in iface.pluginMenu().actions():
            if "MineWatch" in action.text().replace("&", "") and action.menu():
                result["menu"] = [a.text() for a in action.menu().actions()]
        provider = QgsApplication.processingRegistry().providerById("minewatch")
        for algorithm in provider.algorithms():
            dialog = processing.createAlgorithmDialog(algorithm.id(), {})
            dialog.show()
            settle()
            result["screenshots"].append(grab(dialog, f"dialog_{algorithm.name()}.png"))
            dialog.close()
            result["dialogs"].append(algorithm.id())
        from minewatch.ui.dependency_dialog import DependencyDialog

        dependencies = DependencyDialog(iface.mainWindow())
        dependencies.show()
        settle()
        result["screenshots"].append(grab(dependencies, "dependency_dialog.png"))
        dependencies.close()

        iface.mainWindow().resize(1400, 860)
        toolbox = plugins["processing"].toolbox
        toolbox.show()
        toolbox.searchBox.setText("MineWatch")
        for path in [p for p in STYLED.split(os.pathsep) if p]:  # image, then class map
            layer = QgsRasterLayer(path, os.path.splitext(os.path.basename(path))[0])
            layer.loadNamedStyle(os.path.splitext(path)[0] + ".qml")
            QgsProject.instance().addMapLayer(layer)
            iface.mapCanvas().setExtent(layer.extent())
        iface.mapCanvas().refreshAllLayers()
        settle(50)
        iface.mapCanvas().waitWhileRendering()
        settle(20)
        result["screenshots"].append(grab(iface.mainWindow(), "main_window.png"))
    except Exception:  # noqa: BLE001 - reported to the test
        result["exception"] = traceback.format_exc()
    with open(os.path.join(OUT, "smoke.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    QgsApplication.exit(0)


QTimer.singleShot(3000, run)
