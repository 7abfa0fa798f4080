"""QGIS entry points: register the Processing provider and the Plugins menu.

Under ``qgis_process`` only :meth:`MineWatchPlugin.initProcessing` is
called and ``iface`` is None; the desktop calls :meth:`initGui`.
"""
import os

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QSettings, QTranslator

from .processing_provider.translate import tr

PLUGIN_DIR = os.path.dirname(os.path.abspath(__file__))
MENU = "&MineWatch"


def user_locale():
    """The locale QGIS's interface uses: the one chosen in Settings ›
    Options › General when "Override system locale" is on, else the
    system's (e.g. "zh_CN", "en_US")."""
    settings = QSettings()
    override = str(settings.value("locale/overrideFlag", False)).lower() in ("true", "1")
    chosen = settings.value("locale/userLocale", "") or ""
    return chosen if override and chosen else QLocale.system().name()


def translation_file(locale):
    """The plugin's .qm for ``locale`` ("zh_CN", "zh-Hans", "zh" → zh_CN),
    or None (English needs none)."""
    code = str(locale or "").replace("-", "_")
    candidates = [code, code[:2]]
    if code.lower().startswith("zh"):
        candidates.append("zh_CN")
    for candidate in candidates:
        path = os.path.join(PLUGIN_DIR, "i18n", f"minewatch_{candidate}.qm")
        if candidate and os.path.exists(path):
            return path
    return None


class MineWatchPlugin:
    """Holds the provider (QGIS needs the Python reference kept alive, or
    the provider's id goes blank) and the menu actions."""

    def __init__(self, iface):  # noqa: QGS105 - QGIS hands iface to classFactory; None under qgis_process
        self.iface = iface
        # packages installed from Check dependencies live in the profile
        from qgis.core import QgsApplication as _App

        from .core.common.deps import packages_folder, use_packages_folder

        use_packages_folder(packages_folder(_App.qgisSettingsDirPath()))
        self.provider = None
        self.actions = []
        self.translator = self._install_translator()

    @staticmethod
    def _install_translator():
        """Qt translator for the locale QGIS uses (before the provider exists,
        so the toolbox, dialogs, qgis_process and messages all speak it)."""
        path = translation_file(user_locale())
        if path is None:
            return None
        translator = QTranslator()
        if not translator.load(path):
            return None
        QCoreApplication.installTranslator(translator)
        return translator

    def initProcessing(self):  # noqa: N802 - name fixed by QGIS
        from .processing_provider.provider import MineWatchProvider

        if self.provider is None:
            self.provider = MineWatchProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)
            # once registered, the shipped models' steps (our algorithms)
            # resolve and the models get their outputs: load them again
            self.provider.refreshAlgorithms()

    def initGui(self):  # noqa: N802 - name fixed by QGIS
        self.initProcessing()
        if self.iface is None:
            return
        from qgis.PyQt.QtGui import QIcon

        try:  # Qt 6 moved QAction to QtGui
            from qgis.PyQt.QtGui import QAction
        except ImportError:
            from qgis.PyQt.QtWidgets import QAction

        action = QAction(QIcon(os.path.join(PLUGIN_DIR, "icon.svg")),
                         tr("Check dependencies…"), self.iface.mainWindow())
        action.triggered.connect(self.show_dependencies)
        self.iface.addPluginToMenu(MENU, action)
        self.actions.append(action)

    def show_dependencies(self):
        from .ui.dependency_dialog import DependencyDialog

        parent = self.iface.mainWindow() if self.iface else None
        DependencyDialog(parent).exec()

    def unload(self):
        for action in self.actions:
            if self.iface is not None:
                self.iface.removePluginMenu(MENU, action)
        self.actions = []
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
