"""Run inside the QGIS desktop (``qgis --code``) by test_gui_smoke.py:
checks the MineWatch menu, opens every MineWatch algorithm dialog and the
dependency dialog, grabs screenshots, loads a styled result, and writes
what it saw to ``$MINEWATCH_SMOKE_OUT/smoke.json``; then quits QGIS."""
import json
import os
import time
import traceback

from qgis.core import Qgis, QgsApplication, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import QCoreApplication, QTimer
from qgis.PyQt.QtWidgets import QDialogButtonBox
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


def set_cell(panel, row, name, value):
    """Fill the batch table's cell of parameter ``name`` in ``row``."""
    column = panel.parameter_to_column[name]
    wrapper = panel.wrappers[row][column]
    if hasattr(wrapper, "setParameterValue"):
        from processing.tools import dataobjects

        wrapper.setParameterValue(value, dataobjects.createContext())
    else:
        wrapper.setValue(value)


def run_batch(class_map):
    """Detect Land Damage Change in the batch dialog, one row, the optional
    outputs (polygons, report) left blank as a user leaves them: the run
    must succeed and leave only what was asked for (issue 30)."""
    from processing.gui.BatchAlgorithmDialog import BatchAlgorithmDialog
    from qgis.PyQt.QtWidgets import QTextEdit

    algorithm = QgsApplication.processingRegistry().createAlgorithmById(
        "minewatch:detectlanddamagechange")
    dialog = BatchAlgorithmDialog(algorithm, iface.mainWindow())
    dialog.show()
    settle()
    panel = dialog.mainWidget()
    folder = os.path.join(OUT, "batch")
    os.makedirs(folder, exist_ok=True)
    set_cell(panel, 0, "EARLIER", class_map)
    set_cell(panel, 0, "LATER", class_map)
    output = os.path.join(folder, "change.tif")
    panel.tblParameters.cellWidget(1, panel.parameter_to_column["OUTPUT"]).setValue(output)
    dialog.runAlgorithm()
    # QGIS 3.22 runs a batch in this thread; from 3.28 on the dialog runs it as
    # background tasks: wait until they are done
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        settle()
        if QgsApplication.taskManager().countActiveTasks() == 0 and os.path.exists(output):
            break
        time.sleep(0.1)
    settle()
    log = "\n".join(edit.toPlainText() for edit in dialog.findChildren(QTextEdit))
    shot = grab(dialog, "batch_change.png")
    dialog.close()
    return {"output": output, "files": sorted(os.listdir(folder)), "log": log[-3000:],
            "screenshot": shot}


def run():
    result = {"plugin_loaded": "minewatch" in plugins, "menu": [], "dialogs": [],
              "screenshots": [], "errors": errors, "no_help_button": []}
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
            help_button = dialog.buttonBox().button(QDialogButtonBox.Help)
            if help_button is None or not help_button.isVisible():
                result["no_help_button"].append(algorithm.id())
            result["screenshots"].append(grab(dialog, f"dialog_{algorithm.name()}.png"))
            dialog.close()
            result["dialogs"].append(algorithm.id())
        from minewatch.ui.dependency_dialog import DependencyDialog

        dependencies = DependencyDialog(iface.mainWindow())
        dependencies.show()
        settle()
        result["screenshots"].append(grab(dependencies, "dependency_dialog.png"))
        dependencies.close()

        styled = [p for p in STYLED.split(os.pathsep) if p]
        if len(styled) > 1:
            result["batch"] = run_batch(styled[1])
            result["screenshots"].append(result["batch"]["screenshot"])

        iface.mainWindow().resize(1400, 860)
        toolbox = plugins["processing"].toolbox
        toolbox.show()
        toolbox.searchBox.setText("MineWatch")
        for path in styled:  # image, then class map
            layer = QgsRasterLayer(path, os.path.splitext(os.path.basename(path))[0])
            layer.loadNamedStyle(os.path.splitext(path)[0] + ".qml")
            QgsProject.instance().addMapLayer(layer)
            iface.mapCanvas().setExtent(layer.extent())
            # the class map's legend open, the image's closed: the map reads with its legend
            node = QgsProject.instance().layerTreeRoot().findLayer(layer.id())
            node.setExpanded(path == styled[-1])
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
